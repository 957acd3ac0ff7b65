"""The constraint helpers of migrations name each constraint exactly as the models' naming
convention does, so `check-migrations` finds no drift between the two; the table helpers make
the columns, keys and indexes they say, in the order given."""

from __future__ import annotations

from collections.abc import Callable

import pytest
import sqlalchemy as sa
from alembic.operations import Operations
from alembic.runtime.migration import MigrationContext
from sqlalchemy.schema import CreateTable

from campus_common.db import make_metadata
from campus_common.migrations import (
    TIMESTAMP,
    columns,
    command_parser,
    create_indexes,
    create_table,
    foreign_key,
    primary_key,
    reference,
    unique,
)


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


def _migrate(upgrade: Callable[[], None]) -> sa.MetaData:
    """Runs `upgrade` as a migration would, on an in-memory SQLite database; what it made."""
    engine = sa.create_engine("sqlite://")
    with engine.begin() as connection:
        with Operations.context(MigrationContext.configure(connection)):
            upgrade()
        made = sa.MetaData()
        made.reflect(connection)
    return made


def test_create_table_keys_it_on_id_first_with_the_conventional_name() -> None:
    def upgrade() -> None:
        create_table("users", sa.Column("email", sa.String(254), nullable=False))
        create_table(
            "sessions",
            *reference("sessions", "user_id", "users", ondelete="CASCADE"),
            *columns(TIMESTAMP, "created_at", "expires_at"),
            *columns(sa.Text(), "note", "agent", nullable=True),
            key=sa.String(36),
        )
        create_indexes("sessions", {"ix_sessions_user": ["user_id", "created_at"]})

    made = _migrate(upgrade)
    users, sessions = made.tables["users"], made.tables["sessions"]
    assert [c.name for c in users.columns] == ["id", "email"]
    assert users.primary_key.name == "pk_users"
    assert [c.name for c in users.primary_key.columns] == ["id"]
    assert [c.name for c in sessions.columns] == [
        "id", "user_id", "created_at", "expires_at", "note", "agent",
    ]  # fmt: skip
    assert isinstance(sessions.c.id.type, sa.String)
    assert sessions.c.id.type.length == 36
    assert [c.nullable for c in sessions.columns] == [False, False, False, False, True, True]
    (fk,) = sessions.foreign_key_constraints
    assert fk.name == "fk_sessions_user_id_users"
    assert fk.ondelete == "CASCADE"
    assert [c.name for c in fk.columns] == ["user_id"]
    assert fk.referred_table.name == "users"
    (index,) = sessions.indexes
    assert index.name == "ix_sessions_user"
    assert [c.name for c in index.columns] == ["user_id", "created_at"]
    assert not index.unique
