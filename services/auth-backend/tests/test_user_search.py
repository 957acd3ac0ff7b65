"""The admin user search the people pickers ask: part of a name or email, whatever its case and
accents, optionally one role, a few at a time; and the migration that backfills existing users."""

from __future__ import annotations

import asyncio
import uuid
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from auth_backend.cli import MIGRATIONS
from auth_backend.models import User
from campus_common import migrations
from campus_testing.databases import fresh_database_url

from .conftest import bearer, full_login


@pytest.fixture
async def admin(client: httpx.AsyncClient, mailbox: object) -> dict[str, str]:
    return bearer(await full_login(client, mailbox))  # type: ignore[arg-type]


@pytest.fixture
async def people(client: httpx.AsyncClient, admin: dict[str, str]) -> None:
    for email, name, role in [
        ("lucia.garcia@school.example", "Lucía García", "mentor"),
        ("jose.nunez@school.example", "José Núñez", "student"),
        ("gabriel.ortega@school.example", "Gabriel Ortega", "student"),
    ]:
        r = await client.post(
            "/admin/users",
            json={"email": email, "name": name, "role": role, "send_invite": False},
            headers=admin,
        )
        assert r.status_code == 201, r.text


async def names(client: httpx.AsyncClient, admin: dict[str, str], **params: object) -> list[str]:
    r = await client.get("/admin/users", params=params, headers=admin)
    assert r.status_code == 200, r.text
    return sorted(u["name"] for u in r.json()["users"])


@pytest.mark.usefixtures("seeded", "people")
class TestForgivingSearch:
    async def test_without_accents_finds_accented_names(
        self, client: httpx.AsyncClient, admin: dict[str, str]
    ) -> None:
        assert await names(client, admin, q="lucia") == ["Lucía García"]
        assert await names(client, admin, q="GARCIA") == ["Lucía García"]
        assert await names(client, admin, q="nunez") == ["José Núñez"]

    async def test_accented_query_finds_them_too(
        self, client: httpx.AsyncClient, admin: dict[str, str]
    ) -> None:
        assert await names(client, admin, q="JOSÉ") == ["José Núñez"]
        assert await names(client, admin, q="ía gar") == ["Lucía García"]

    async def test_part_of_an_email(self, client: httpx.AsyncClient, admin: dict[str, str]) -> None:
        assert await names(client, admin, q="ortega@SCHOOL") == ["Gabriel Ortega"]

    async def test_role_and_limit_for_a_picker(
        self, client: httpx.AsyncClient, admin: dict[str, str]
    ) -> None:
        assert await names(client, admin, q="ga", role="mentor") == ["Lucía García"]
        assert await names(client, admin, q="ga", role="student") == ["Gabriel Ortega"]
        r = await client.get("/admin/users", params={"q": "school", "limit": 2}, headers=admin)
        assert len(r.json()["users"]) == 2
        assert r.json()["total"] == 3

    async def test_like_wildcards_are_literal(
        self, client: httpx.AsyncClient, admin: dict[str, str]
    ) -> None:
        assert await names(client, admin, q="_") == []
        assert await names(client, admin, q="%") == []

    async def test_blank_query_is_everyone(
        self, client: httpx.AsyncClient, admin: dict[str, str]
    ) -> None:
        everyone = await client.get("/admin/users", headers=admin)
        blank = await client.get("/admin/users", params={"q": "   "}, headers=admin)
        assert blank.json()["total"] == everyone.json()["total"] == 12

    async def test_a_rename_is_found_by_its_new_name(
        self, app: FastAPI, client: httpx.AsyncClient, admin: dict[str, str]
    ) -> None:
        r = await client.get("/admin/users", params={"q": "gabriel"}, headers=admin)
        user_id = uuid.UUID(r.json()["users"][0]["id"])
        async with app.state.context.sessionmaker() as session:
            user = await session.get(User, user_id)
            assert user is not None
            user.name = "Gabriela Íñiguez"
            await session.commit()
        assert await names(client, admin, q="iniguez") == ["Gabriela Íñiguez"]
        assert await names(client, admin, q="ortega@") == ["Gabriela Íñiguez"]

    async def test_over_long_query_is_422(
        self, client: httpx.AsyncClient, admin: dict[str, str]
    ) -> None:
        r = await client.get("/admin/users", params={"q": "a" * 201}, headers=admin)
        assert r.status_code == 422


def test_migration_backfills_existing_users(tmp_path: Path) -> None:
    url = fresh_database_url("auth_search_backfill", tmp_path)
    migrations.upgrade(MIGRATIONS, url, "0004")

    async def insert() -> None:
        engine = create_async_engine(url)
        async with engine.begin() as conn:
            await conn.execute(
                text(
                    "INSERT INTO users (id, email, name, role, status, created_at, updated_at)"
                    " VALUES (:id, 'ines@school.example', 'Inés Álvarez', 'student', 'active',"
                    " CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
                ),
                {"id": uuid.uuid4().hex if url.startswith("sqlite") else uuid.uuid4()},
            )
        await engine.dispose()

    async def folded() -> str:
        engine = create_async_engine(url)
        async with engine.connect() as conn:
            value = (await conn.execute(text("SELECT search_text FROM users"))).scalar_one()
        await engine.dispose()
        return str(value)

    asyncio.run(insert())
    migrations.upgrade(MIGRATIONS, url)
    assert asyncio.run(folded()) == "ines alvarez ines@school.example"
