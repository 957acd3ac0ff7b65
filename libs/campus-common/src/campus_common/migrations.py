"""Alembic, driven from code: each service keeps its migrations inside its package, and every
service's CLI has the same `migrate` and `check-migrations` commands (`command_parser`,
`run_command`)."""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from alembic import command, op
from alembic.config import Config
from sqlalchemy import MetaData, pool
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.sql.elements import conv

from campus_common.db import is_sqlite


def alembic_config(migrations_dir: Path, database_url: str) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(migrations_dir))
    cfg.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    cfg.attributes["database_url"] = database_url
    return cfg


def upgrade(migrations_dir: Path, database_url: str, revision: str = "head") -> None:
    if is_sqlite(database_url):
        from sqlalchemy.engine import make_url

        db = make_url(database_url).database
        if db and db != ":memory:":
            Path(db).parent.mkdir(parents=True, exist_ok=True)
    command.upgrade(alembic_config(migrations_dir, database_url), revision)


def check(migrations_dir: Path, database_url: str) -> None:
    """Raise if the models and the migrations have drifted apart (`alembic check`)."""
    command.check(alembic_config(migrations_dir, database_url))


def command_parser(
    prog: str,
    description: str,
    *,
    migrate_help: str = "apply database migrations up to the latest",
) -> tuple[argparse.ArgumentParser, argparse._SubParsersAction[argparse.ArgumentParser]]:
    """A service's CLI parser with the `migrate` and `check-migrations` subcommands; the service
    adds its own subcommands to the second value."""
    parser = argparse.ArgumentParser(prog=prog, description=description)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("migrate", help=migrate_help)
    sub.add_parser("check-migrations", help="fail if models and migrations have drifted")
    return parser, sub


def run_command(command: str, migrations_dir: Path, database_url: str) -> bool:
    """Run `migrate` or `check-migrations` against `database_url`; False for another command."""
    if command == "migrate":
        upgrade(migrations_dir, database_url)
    elif command == "check-migrations":
        check(migrations_dir, database_url)
    else:
        return False
    return True


TIMESTAMP = sa.DateTime(timezone=True)
"""The column type of a time stamp in a migration (what `campus_common.db.UTCDateTime` stores)."""


def create_table(
    table: str, *items: sa.schema.SchemaItem, key: sa.types.TypeEngine[Any] | None = None
) -> None:
    """Creates `table` keyed on an `id` column (a UUID unless `key` is another type): the column
    comes first, then `items` (its other columns and constraints), and its primary key is named as
    `primary_key(table)` names it."""
    id_column = sa.Column("id", key if key is not None else sa.Uuid(), nullable=False)
    op.create_table(table, id_column, *items, primary_key(table))


def columns(
    type_: sa.types.TypeEngine[Any], *names: str, nullable: bool = False
) -> list[sa.Column[Any]]:
    """Columns of one type, in the order named: e.g. `*columns(sa.DateTime(timezone=True),
    "created_at", "updated_at")` for a table's time stamps."""
    return [sa.Column(name, type_, nullable=nullable) for name in names]


def create_indexes(table: str, indexes: Mapping[str, Sequence[str]]) -> None:
    """Creates each index of `table` named in `indexes`, on its columns in that order (the names
    are kept as given, like `op.create_index`)."""
    for name, on in indexes.items():
        op.create_index(name, table, list(on), unique=False)


def primary_key(table: str, *columns: str) -> sa.PrimaryKeyConstraint:
    """The primary key of `table` in a migration (on `id` unless columns are named), named as
    `campus_common.db.NAMING_CONVENTION` names it in the models."""
    return sa.PrimaryKeyConstraint(*(columns or ("id",)), name=conv(f"pk_{table}"))


def foreign_key(table: str, column: str, target: str, *, ondelete: str) -> sa.ForeignKeyConstraint:
    """`table.column` referring to `target.id`, named by the naming convention."""
    return sa.ForeignKeyConstraint(
        [column], [f"{target}.id"], name=conv(f"fk_{table}_{column}_{target}"), ondelete=ondelete
    )


def reference(
    table: str, column: str, target: str, *, ondelete: str, nullable: bool = False
) -> tuple[sa.Column[Any], sa.ForeignKeyConstraint]:
    """A UUID column of `table` referring to `target.id`, with its foreign key (`foreign_key`):
    splat both into `create_table` where the column stands."""
    return (
        sa.Column(column, sa.Uuid(), nullable=nullable),
        foreign_key(table, column, target, ondelete=ondelete),
    )


def unique(table: str, column: str) -> sa.UniqueConstraint:
    """A unique constraint on one column of `table`, named by the naming convention."""
    return sa.UniqueConstraint(column, name=conv(f"uq_{table}_{column}"))


def drop_tables(*tables: str) -> None:
    """A downgrade that drops whole tables in the order given (dependents first): the indexes and
    constraints of each go with it."""
    for table in tables:
        op.drop_table(table)


def nothing() -> None:
    """The upgrade and downgrade of a revision that changes nothing (the initial ones)."""


def run_env(target_metadata: MetaData) -> None:
    """The body of a service's `migrations/env.py`."""
    from alembic import context

    url = context.config.attributes.get("database_url") or context.config.get_main_option(
        "sqlalchemy.url"
    )
    assert url, "no database url for migrations"

    def do_run(connection: Connection) -> None:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=is_sqlite(url),
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()

    async def run_async() -> None:
        engine = create_async_engine(url, poolclass=pool.NullPool)
        async with engine.connect() as connection:
            await connection.run_sync(do_run)
        await engine.dispose()

    if context.is_offline_mode():
        context.configure(url=url, target_metadata=target_metadata, literal_binds=True)
        with context.begin_transaction():
            context.run_migrations()
    else:
        asyncio.run(run_async())
