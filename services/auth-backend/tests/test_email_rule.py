"""The one email rule (campus_common.email) at every entry where an account is created: the admin
API, the CSV import and the CLI. Table-driven over campus_testing.emails.EMAIL_CASES, the list every
service's suite uses: an accepted address is stored in its normalised form, a refused one is a
clear 422 (a row error in the import, exit 1 with the reason at the CLI) and no account."""

from __future__ import annotations

import asyncio
import csv
import io
from pathlib import Path

import httpx
import pytest

from auth_backend.cli import main as cli_main
from auth_backend.settings import get_settings
from campus_testing.demo import DEMO_ACCOUNTS
from campus_testing.emails import EMAIL_CASES

from .conftest import Mailbox, bearer, full_login

pytestmark = pytest.mark.usefixtures("seeded")
DEMO_EMAILS = {account.email for account in DEMO_ACCOUNTS}


@pytest.fixture
async def admin(client: httpx.AsyncClient, mailbox: Mailbox) -> dict[str, str]:
    return bearer(await full_login(client, mailbox))


def test_the_table_has_both_kinds() -> None:
    assert any(expected is None for _, expected in EMAIL_CASES)
    assert any(expected is not None for _, expected in EMAIL_CASES)


class TestAdminCreate:
    async def test_every_case(self, client: httpx.AsyncClient, admin: dict[str, str]) -> None:
        wrong = []
        taken = set(DEMO_EMAILS)
        for given, expected in EMAIL_CASES:
            r = await client.post(
                "/admin/users",
                json={"email": given, "name": "Table Case", "send_invite": False},
                headers=admin,
            )
            if expected is None:
                ok = (
                    r.status_code == 422 and r.headers["content-type"] == "application/problem+json"
                )
            elif expected in taken:  # accepted by the rule, then refused as already there
                ok = r.status_code == 409
            else:
                ok = r.status_code == 201 and r.json()["email"] == expected
                taken.add(expected)
            if not ok:
                wrong.append((given, expected, r.status_code, r.text[:200]))
        assert not wrong, wrong


class TestCsvImport:
    async def test_every_case(self, client: httpx.AsyncClient, admin: dict[str, str]) -> None:
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(["email", "name", "role"])
        cases = [(g, e) for g, e in EMAIL_CASES if "\n" not in g and "\r" not in g]
        for given, _ in cases:
            writer.writerow([given, "Table Case", "student"])
        r = await client.post(
            "/admin/users/import",
            params={"dry_run": "true"},
            files={"file": ("users.csv", out.getvalue().encode(), "text/csv")},
            headers=admin,
        )
        assert r.status_code == 200, r.text
        flagged = {
            e["row"]
            for e in r.json()["errors"]
            if any("is not a valid address" in m for m in e["errors"])
        }
        wrong = []
        for number, (given, expected) in enumerate(cases, start=2):
            refused = number in flagged
            # Blank rows are skipped by the import, not refused; they create nothing either way.
            if given.strip() == "":
                continue
            if refused != (expected is None):
                wrong.append((given, expected, refused))
        assert not wrong, wrong


class TestCli:
    async def test_every_case(
        self, app: object, database_url: str, keys_dir: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setenv("DATABASE_URL", database_url)
        monkeypatch.setenv("JWT_KEYS_DIR", str(keys_dir))
        monkeypatch.setenv("ENVIRONMENT", "test")
        monkeypatch.setenv("ADMIN_PASSWORD", "quiet-Meadow-lantern-1987")
        get_settings.cache_clear()
        wrong = []
        taken = set(DEMO_EMAILS)
        try:
            for given, expected in EMAIL_CASES:
                code = await asyncio.to_thread(
                    cli_main, ["create-admin", "--email", given, "--name", "Table Case"]
                )
                if code != (1 if expected is None or expected in taken else 0):
                    wrong.append((given, expected, code))
                if expected is not None:
                    taken.add(expected)
        finally:
            get_settings.cache_clear()
        assert not wrong, wrong
