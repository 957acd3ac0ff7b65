"""The constraint helpers of migrations name each constraint exactly as the models' naming
convention does, so `check-migrations` finds no drift between the two."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from sqlalchemy.schema import CreateTable

from campus_common.db import make_metadata
from campus_common.migrations import command_parser, foreign_key, primary_key, unique


def _ddl(table: sa.Table) -> str:
    return str(CreateTable(table).compile(dialect=sa.dialects.postgresql.dialect()))


def test_helpers_name_constraints_like_the_models() -> None:
    models = make_metadata()
    sa.Table("users", models, sa.Column("id", sa.Uuid(), primary_key=True))
    by_convention = sa.Table(
        "sessions",
        models,
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("user_id", sa.Uuid(), sa.ForeignKey("users.id", ondelete="CASCADE")),
        sa.Column("token", sa.String(64), unique=True),
    )
    plain = sa.MetaData()  # what a migration's create_table works with: no naming convention
    sa.Table("users", plain, sa.Column("id", sa.Uuid()), primary_key("users"))
    by_helpers = sa.Table(
        "sessions",
        plain,
        sa.Column("id", sa.Uuid()),
        sa.Column("user_id", sa.Uuid()),
        sa.Column("token", sa.String(64)),
        primary_key("sessions"),
        foreign_key("sessions", "user_id", "users", ondelete="CASCADE"),
        unique("sessions", "token"),
    )
    names = {c.name for c in by_helpers.constraints}
    assert names == {c.name for c in by_convention.constraints}
    assert names == {"pk_sessions", "fk_sessions_user_id_users", "uq_sessions_token"}
    assert "ON DELETE CASCADE" in _ddl(by_helpers)


def test_primary_key_on_named_columns() -> None:
    table = sa.Table("versions", sa.MetaData(), sa.Column("version", sa.Integer()))
    table.append_constraint(primary_key("versions", "version"))
    assert table.primary_key.name == "pk_versions"
    assert [c.name for c in table.primary_key.columns] == ["version"]


def test_command_parser_has_the_migration_commands_and_the_service_ones() -> None:
    parser, sub = command_parser("campus-demo", "Demo commands", migrate_help="migrate the demo")
    sub.add_parser("prune")
    assert parser.prog == "campus-demo"
    for name in ("migrate", "check-migrations", "prune"):
        assert parser.parse_args([name]).command == name
    assert "migrate the demo" in parser.format_help()
    with pytest.raises(SystemExit):
        parser.parse_args([])
