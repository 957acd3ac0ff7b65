"""The internal user directory: service token required, lookup by ids and emails, list by role."""

from __future__ import annotations

import httpx
import pytest

from campus_testing.demo import DEMO_ACCOUNTS, demo_user_id
from campus_testing.problems import assert_problem

from .conftest import service_headers

pytestmark = pytest.mark.usefixtures("seeded")


class TestServiceToken:
    async def test_without_token_is_401(self, client: httpx.AsyncClient) -> None:
        response = await client.get("/internal/users")
        assert_problem(response, 401)

    async def test_unknown_caller_is_403(self, client: httpx.AsyncClient) -> None:
        response = await client.get("/internal/users", headers=service_headers("web"))
        assert response.status_code == 403

    async def test_user_access_token_is_refused(self, client: httpx.AsyncClient) -> None:
        response = await client.get(
            "/internal/users", headers={"Authorization": "Bearer not-a-service-token"}
        )
        assert response.status_code == 403


class TestLookup:
    async def test_by_ids_and_emails(self, client: httpx.AsyncClient) -> None:
        maria = demo_user_id("maria.mentor@campus.local")
        response = await client.post(
            "/internal/users/lookup",
            json={
                "ids": [str(maria), "00000000-0000-0000-0000-000000000000"],
                "emails": ["ALEX.Student@campus.local", "nobody@campus.local"],
            },
            headers=service_headers(),
        )
        assert response.status_code == 200
        users = {u["email"]: u for u in response.json()["users"]}
        assert set(users) == {"maria.mentor@campus.local", "alex.student@campus.local"}
        assert users["maria.mentor@campus.local"] == {
            "id": str(maria),
            "email": "maria.mentor@campus.local",
            "name": "Maria Okafor",
            "role": "mentor",
            "status": "active",
            "locale": None,
        }

    async def test_bad_id_is_422(self, client: httpx.AsyncClient) -> None:
        response = await client.post(
            "/internal/users/lookup", json={"ids": ["nope"]}, headers=service_headers()
        )
        assert response.status_code == 422


class TestList:
    async def test_by_role_in_pages(self, client: httpx.AsyncClient) -> None:
        students = {a.email for a in DEMO_ACCOUNTS if a.role == "student"}
        seen: list[str] = []
        cursor = None
        pages = 0
        while True:
            params = {"role": "student", "status": "active", "limit": 4}
            if cursor:
                params["cursor"] = cursor
            response = await client.get("/internal/users", params=params, headers=service_headers())
            assert response.status_code == 200
            body = response.json()
            seen += [u["email"] for u in body["users"]]
            pages += 1
            cursor = body["next_cursor"]
            if cursor is None:
                break
        assert pages == 2
        assert sorted(seen) == sorted(students)

    async def test_bad_cursor_is_400(self, client: httpx.AsyncClient) -> None:
        response = await client.get(
            "/internal/users", params={"cursor": "!!"}, headers=service_headers()
        )
        assert response.status_code == 400

    async def test_bad_role_is_422(self, client: httpx.AsyncClient) -> None:
        response = await client.get(
            "/internal/users", params={"role": "teacher"}, headers=service_headers()
        )
        assert response.status_code == 422
