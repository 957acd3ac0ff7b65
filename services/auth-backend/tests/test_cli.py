"""The command line: seed-demo (idempotent, refused in production), create-admin, import-users."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from auth_backend.cli import main as cli_main
from auth_backend.models import User
from auth_backend.settings import Settings, get_settings
from campus_common.db import create_engine
from campus_testing.demo import DEMO_ACCOUNTS, DEMO_PASSWORD


@pytest.fixture
def cli_env(
    database_url: str, keys_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Settings]:
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("JWT_KEYS_DIR", str(keys_dir))
    monkeypatch.setenv("ENVIRONMENT", "test")
    get_settings.cache_clear()
    yield get_settings()
    get_settings.cache_clear()


async def _users(engine: AsyncEngine) -> dict[str, User]:
    async with engine.connect() as conn:
        rows = (await conn.execute(select(User))).all()
    return {r.email: r for r in rows}  # type: ignore[misc]


@pytest.fixture
async def engine(app: object, database_url: str) -> object:
    """The app fixture empties the tables after the test; this engine reads them."""
    engine = create_engine(database_url)
    yield engine
    await engine.dispose()


class TestSeedDemo:
    async def test_creates_the_demo_accounts_once(
        self, cli_env: Settings, engine: AsyncEngine, app: object
    ) -> None:
        import asyncio

        assert await asyncio.to_thread(cli_main, ["seed-demo"]) == 0
        assert await asyncio.to_thread(cli_main, ["seed-demo"]) == 0
        users = await _users(engine)
        assert len(users) == len(DEMO_ACCOUNTS)
        for account in DEMO_ACCOUNTS:
            row = users[account.email]
            assert row.id == account.id
            assert row.role == account.role
            assert row.status == "active"
            assert row.password_hash.startswith("$argon2id$")
            assert DEMO_PASSWORD not in row.password_hash

    def test_refused_in_production(
        self, cli_env: Settings, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
    ) -> None:
        monkeypatch.setenv("ENVIRONMENT", "production")
        monkeypatch.setenv("SERVICE_TOKEN_SECRET", "a-strong-production-secret-0123456789")
        get_settings.cache_clear()
        assert cli_main(["seed-demo"]) == 2
        assert "production" in capsys.readouterr().err


class TestCreateAdmin:
    async def test_weak_password_refused_then_strong_accepted(
        self,
        cli_env: Settings,
        engine: AsyncEngine,
        app: object,
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        import asyncio

        monkeypatch.setenv("ADMIN_PASSWORD", "password123")
        args = ["create-admin", "--email", "Root@Example.org", "--name", "Root Person"]
        assert await asyncio.to_thread(cli_main, args) == 1
        monkeypatch.setenv("ADMIN_PASSWORD", "violet-Harbour-trumpet-93")
        assert await asyncio.to_thread(cli_main, args) == 0
        users = await _users(engine)
        assert users["root@example.org"].role == "admin"
        assert users["root@example.org"].status == "active"


class TestImportUsers:
    async def test_dry_run_writes_nothing_and_names_rows(
        self,
        cli_env: Settings,
        engine: AsyncEngine,
        app: object,
        tmp_path: Path,
        capsys: pytest.CaptureFixture[str],
    ) -> None:
        import asyncio

        csv_file = tmp_path / "users.csv"
        csv_file.write_text(
            "email,name,role\n"
            "a@school.example,A One,student\n"
            "b@school.example,B Two,mentor\n"
            "c@school.example,C Three,student\n"
            "not-an-email,D Four,student\n"
            "e@school.example,E Five,teacher\n"
        )
        code = await asyncio.to_thread(cli_main, ["import-users", str(csv_file), "--dry-run"])
        assert code == 1
        captured = capsys.readouterr()
        assert "row 5 (not-an-email)" in captured.err
        assert "row 6 (e@school.example)" in captured.err
        assert "would import 3 of 5 rows" in captured.out
        assert await _users(engine) == {}

    async def test_import_with_progress(
        self,
        cli_env: Settings,
        engine: AsyncEngine,
        app: object,
        tmp_path: Path,
        capsys: pytest.CaptureFixture[str],
    ) -> None:
        import asyncio

        csv_file = tmp_path / "users.csv"
        csv_file.write_text(
            "email,name,role\na@school.example,A One,student\nb@school.example,B Two,mentor\n"
        )
        code = await asyncio.to_thread(cli_main, ["import-users", str(csv_file), "--no-invites"])
        assert code == 0
        captured = capsys.readouterr()
        assert "2/2" in captured.err
        users = await _users(engine)
        assert users["b@school.example"].role == "mentor"
        assert users["b@school.example"].status == "invited"


class TestMisc:
    async def test_purge_runs(
        self, cli_env: Settings, app: object, capsys: pytest.CaptureFixture[str]
    ) -> None:
        import asyncio

        assert await asyncio.to_thread(cli_main, ["purge"]) == 0
        assert "deleted 0 old session(s) and 0 expired challenge(s)" in capsys.readouterr().out

    def test_missing_keys_in_production_is_a_clear_error(
        self,
        cli_env: Settings,
        tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str],
    ) -> None:
        monkeypatch.setenv("ENVIRONMENT", "production")
        monkeypatch.setenv("SERVICE_TOKEN_SECRET", "a-strong-production-secret-0123456789")
        monkeypatch.setenv("JWT_KEYS_DIR", str(tmp_path / "empty"))
        get_settings.cache_clear()
        csv_file = tmp_path / "u.csv"
        csv_file.write_text("email,name,role\n")
        assert cli_main(["import-users", str(csv_file), "--dry-run"]) == 2
        assert "rotate-keys" in capsys.readouterr().err
