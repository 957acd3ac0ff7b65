"""Helpers for the services' test suites: one real database per suite, SQLite or PostgreSQL.

`TEST_DATABASE=sqlite` (default) or `TEST_DATABASE=postgresql` picks the backend; PostgreSQL is
reached at `TEST_POSTGRES_URL` (default: the local server, trust auth). Each suite gets a database
of its own, dropped and created fresh, so suites and test workers never share state.
"""

from __future__ import annotations

import asyncio
import os
import threading
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import MetaData, delete
from sqlalchemy.ext.asyncio import AsyncEngine

DEFAULT_POSTGRES = "postgresql://postgres@127.0.0.1:5432/postgres"


def backend() -> str:
    value = os.environ.get("TEST_DATABASE", "sqlite").lower()
    if value not in {"sqlite", "postgresql"}:
        raise ValueError("TEST_DATABASE must be 'sqlite' or 'postgresql'")
    return value


def _run_in_thread(coro_factory: object) -> None:
    error: list[BaseException] = []

    def target() -> None:
        try:
            asyncio.run(coro_factory())  # type: ignore[operator]
        except BaseException as exc:
            error.append(exc)

    t = threading.Thread(target=target)
    t.start()
    t.join()
    if error:
        raise error[0]


def recreate_postgres_database(name: str) -> str:
    """Drop and create database `name` on the test server; return its asyncpg URL."""
    import asyncpg

    admin = os.environ.get("TEST_POSTGRES_URL", DEFAULT_POSTGRES)

    async def go() -> None:
        conn = await asyncpg.connect(admin)
        try:
            await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            await conn.execute(f'CREATE DATABASE "{name}"')
        finally:
            await conn.close()

    _run_in_thread(go)
    base = admin.rsplit("/", 1)[0].replace("postgresql://", "postgresql+asyncpg://", 1)
    return f"{base}/{name}"


def fresh_database_url(name: str, tmp_dir: Path) -> str:
    """A new, empty database for one test suite (per pytest-xdist worker if any)."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    if backend() == "postgresql":
        return recreate_postgres_database(f"campus_test_{name}_{worker}")
    return f"sqlite+aiosqlite:///{tmp_dir / f'{name}_{worker}.db'}"


async def truncate_all(engine: AsyncEngine, metadata: MetaData) -> None:
    """Empty every table (children first), keeping the migrated schema."""
    async with engine.begin() as conn:
        for table in reversed(metadata.sorted_tables):
            await conn.execute(delete(table))


@dataclass
class Clock:
    """Real time plus an offset a test moves forward; pass it where a service takes a clock."""

    offset: timedelta = field(default_factory=timedelta)

    def __call__(self) -> datetime:
        return datetime.now(UTC) + self.offset

    def advance(self, seconds: float) -> None:
        self.offset += timedelta(seconds=seconds)


def sign_access_token(private_key: Any, *, kid: str, **claims: Any) -> str:
    """An ES256 access token shaped like auth-backend's (the contract's claims), signed with a test
    key; `claims` override the defaults, and a claim given as None is left out."""
    import jwt

    now = int(time.time())
    body: dict[str, Any] = {
        "sub": str(uuid.uuid4()),
        "role": "student",
        "email": "alex@example.org",
        "name": "Alex",
        "iss": "campus-auth",
        "aud": "campus",
        "iat": now,
        "exp": now + 900,
        "jti": uuid.uuid4().hex,
        "amr": ["pwd", "otp"],
    }
    body.update(claims)
    body = {k: v for k, v in body.items() if v is not None}
    return jwt.encode(body, private_key, algorithm="ES256", headers={"kid": kid})


# The one table of email addresses every service's table-driven test runs: (input, normalised
# form) for an accepted address, (input, None) for a refused one. See campus_common.email.
EMAIL_CASES: list[tuple[str, str | None]] = [
    # accepted
    ("alex@example.org", "alex@example.org"),
    ("Alex.Rivera@Example.ORG", "alex.rivera@example.org"),
    ("  bea@example.org  ", "bea@example.org"),
    ("\tchen@example.org\n", "chen@example.org"),
    ("admin@campus.local", "admin@campus.local"),
    ("alex.student@campus.local", "alex.student@campus.local"),
    ("first.last+tag@sub.school.example.org", "first.last+tag@sub.school.example.org"),
    ("o'neil@example.org", "o'neil@example.org"),
    ("under_score@example.org", "under_score@example.org"),
    ("x@my-school.example", "x@my-school.example"),
    ("1234@42.example", "1234@42.example"),
    ("a" * 64 + "@example.org", "a" * 64 + "@example.org"),
    ("a@" + "b" * 63 + ".org", "a@" + "b" * 63 + ".org"),
    (
        "a@" + ("d" * 62 + ".") * 3 + "e" * 59 + ".org",
        "a@" + ("d" * 62 + ".") * 3 + "e" * 59 + ".org",
    ),
    # refused
    ("", None),
    ("   ", None),
    ("alex", None),
    ("alex@", None),
    ("@example.org", None),
    ("alex@@example.org", None),
    ("alex@bea@example.org", None),
    ("alex@localhost", None),
    ("alex@example.org.", None),
    ("alex@.example.org", None),
    ("alex@example..org", None),
    ("alex.@example.org", None),
    (".alex@example.org", None),
    ("alex..rivera@example.org", None),
    ("alex@my_school.org", None),
    ("alex@-school.org", None),
    ("alex@school-.org", None),
    ("alex@10.0.0.1", None),
    ("alex rivera@example.org", None),
    ("alex@exa mple.org", None),
    ("alex@example.org\r\nBcc: eve@example.org", None),
    ("alex\x00@example.org", None),
    ("alex@example.org\u2028", None),
    ('"alex rivera"@example.org', None),
    ("alex(comment)@example.org", None),
    ("alex@[127.0.0.1]", None),
    ("jos\u00e9@example.org", None),
    ("\u00fcber@example.org", None),
    ("alex@b\u00fccher.example", None),
    ("\u0430lex@example.org", None),
    ("alex@ex\u0430mple.org", None),
    ("alex@\u0435xample.org", None),
    ("\uff41lex@example.org", None),
    ("alex\uff20example.org", None),
    ("alex@example\u3002org", None),
    ("a" * 65 + "@example.org", None),
    ("a@" + "b" * 64 + ".org", None),
    ("a@" + ("d" * 62 + ".") * 3 + "e" * 60 + ".org", None),
]
