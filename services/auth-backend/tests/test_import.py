"""CSV import of users. Row numbers are spreadsheet rows (the header is row 1); `data_row`
counts users only, so data rows 4 and 5 of a file are rows 5 and 6."""

from __future__ import annotations

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import func, select

from auth_backend.models import User

from .conftest import Mailbox, bearer, full_login

pytestmark = pytest.mark.usefixtures("seeded")

THREE_GOOD_TWO_BAD = (
    "email,name,role\n"
    "ana@school.example,Ana Lima,student\n"
    "ben@school.example,Ben Ode,mentor\n"
    "cy@school.example,Cy Park,student\n"
    "not-an-email,Dee Roy,student\n"
    "eve@school.example,,teacher\n"
)


@pytest.fixture
async def admin(client: httpx.AsyncClient, mailbox: Mailbox) -> dict[str, str]:
    return bearer(await full_login(client, mailbox))


async def _count(app: FastAPI) -> int:
    async with app.state.context.sessionmaker() as session:
        return int(await session.scalar(select(func.count()).select_from(User)) or 0)


async def _upload(
    client: httpx.AsyncClient, admin: dict[str, str], text: str, **params: object
) -> httpx.Response:
    return await client.post(
        "/admin/users/import",
        params=params,
        files={"file": ("users.csv", text.encode(), "text/csv")},
        headers=admin,
    )


class TestDryRun:
    async def test_three_good_two_bad_writes_nothing_and_names_rows(
        self, client: httpx.AsyncClient, admin: dict[str, str], app: FastAPI
    ) -> None:
        before = await _count(app)
        r = await _upload(client, admin, THREE_GOOD_TWO_BAD, dry_run="true")
        assert r.status_code == 200, r.text
        report = r.json()
        assert report["dry_run"] is True
        assert report["rows"] == 5
        assert report["valid"] == 3
        assert report["created"] == 0
        assert [e["data_row"] for e in report["errors"]] == [4, 5]
        assert [e["row"] for e in report["errors"]] == [5, 6]
        assert "not a valid address" in report["errors"][0]["errors"][0]
        assert report["errors"][1]["errors"] == [
            "name is empty",
            "role 'teacher' is not one of student, mentor, admin",
        ]
        assert await _count(app) == before

    async def test_dry_run_is_the_default(
        self, client: httpx.AsyncClient, admin: dict[str, str], app: FastAPI
    ) -> None:
        before = await _count(app)
        r = await _upload(client, admin, "email,name,role\nx@school.example,X Y,student\n")
        assert r.json()["dry_run"] is True
        assert await _count(app) == before

    async def test_existing_and_repeated_emails(
        self, client: httpx.AsyncClient, admin: dict[str, str]
    ) -> None:
        text = (
            "Name,Email,Role\n"
            "Ada Again,ADMIN@campus.local,admin\n"
            "Twin One,twin@school.example,student\n"
            "Twin Two,twin@school.example,student\n"
        )
        report = (await _upload(client, admin, text)).json()
        assert [(e["row"], e["errors"]) for e in report["errors"]] == [
            (2, ["a user with this email already exists"]),
            (4, ["email repeats row 3"]),
        ]


class TestImport:
    async def test_any_error_writes_nothing(
        self, client: httpx.AsyncClient, admin: dict[str, str], app: FastAPI
    ) -> None:
        before = await _count(app)
        r = await _upload(client, admin, THREE_GOOD_TWO_BAD, dry_run="false")
        assert r.status_code == 422
        assert r.json()["type"].endswith("/csv-rows-invalid")
        assert [e["row"] for e in r.json()["errors"]] == [5, 6]
        assert await _count(app) == before

    async def test_good_file_creates_invited_users_and_sends_invites(
        self, client: httpx.AsyncClient, admin: dict[str, str], app: FastAPI, mailbox: Mailbox
    ) -> None:
        good = "\ufeffemail,name,role\nana@school.example,Ana Lima,student\nben@school.example,Ben Ode,Mentor\n"
        r = await _upload(client, admin, good, dry_run="false")
        assert r.status_code == 200, r.text
        assert r.json()["created"] == 2
        assert r.json()["invites_sent"] == 2
        assert await mailbox.next_code("ben@school.example")
        users = await client.get("/admin/users", params={"status": "invited"}, headers=admin)
        assert {(u["email"], u["role"]) for u in users.json()["users"]} == {
            ("ana@school.example", "student"),
            ("ben@school.example", "mentor"),
        }


class TestBadFiles:
    @pytest.mark.parametrize(
        ("content", "slug"),
        [
            ("", "csv-empty"),
            ("mail,name\nx@y.z,X\n", "csv-header"),
        ],
    )
    async def test_unusable_file_is_422(
        self, client: httpx.AsyncClient, admin: dict[str, str], content: str, slug: str
    ) -> None:
        r = await _upload(client, admin, content)
        assert r.status_code == 422
        assert r.json()["type"].endswith("/" + slug)

    async def test_not_utf8(self, client: httpx.AsyncClient, admin: dict[str, str]) -> None:
        r = await client.post(
            "/admin/users/import",
            files={"file": ("u.csv", b"email,name,role\n\xff\xfe,\xff,x\n", "text/csv")},
            headers=admin,
        )
        assert r.status_code == 422

    async def test_missing_file(self, client: httpx.AsyncClient, admin: dict[str, str]) -> None:
        r = await client.post("/admin/users/import", headers=admin)
        assert r.status_code == 422
