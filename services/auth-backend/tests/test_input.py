"""Bad input gets a clear 4xx problem, never a 500, on both databases (PostgreSQL cannot store NUL,
SQLite cannot bind integers beyond 64 bits)."""

from __future__ import annotations

import httpx
import pytest

from campus_testing.problems import assert_problem

from .conftest import ADMIN_EMAIL, Mailbox, bearer, full_login

pytestmark = pytest.mark.usefixtures("seeded")


@pytest.fixture
async def admin(client: httpx.AsyncClient, mailbox: Mailbox) -> dict[str, str]:
    return bearer(await full_login(client, mailbox))


class TestControlCharacters:
    async def test_login_with_nul_is_the_generic_401(self, client: httpx.AsyncClient) -> None:
        r = await client.post("/login", json={"email": "a\x00@campus.local", "password": "x\x00"})
        assert r.status_code == 401

    async def test_reset_with_nul_is_202(self, client: httpx.AsyncClient) -> None:
        r = await client.post("/password/reset", json={"email": "admin\x00@campus.local"})
        assert r.status_code == 202

    @pytest.mark.parametrize(
        ("method", "path", "kwargs"),
        [
            ("GET", "/admin/users", {"params": {"q": "ad\x00min"}}),
            ("GET", "/admin/audit", {"params": {"event": "login\x00"}}),
            ("POST", "/admin/users", {"json": {"email": "n@school.example", "name": "N\x00"}}),
            ("POST", "/admin/users", {"json": {"email": "n\x00@school.example", "name": "N"}}),
            ("PATCH", "/me", {"json": {"name": "Ada\x07"}}),
        ],
    )
    async def test_refused_with_422(
        self,
        client: httpx.AsyncClient,
        admin: dict[str, str],
        method: str,
        path: str,
        kwargs: dict[str, object],
    ) -> None:
        r = await client.request(method, path, headers=admin, **kwargs)  # type: ignore[arg-type]
        assert_problem(r, 422)

    async def test_lookup_skips_bad_emails(self, client: httpx.AsyncClient) -> None:
        from .conftest import service_headers

        r = await client.post(
            "/internal/users/lookup",
            json={"emails": ["x\x00@campus.local", ADMIN_EMAIL]},
            headers=service_headers(),
        )
        assert r.status_code == 200
        assert [u["email"] for u in r.json()["users"]] == [ADMIN_EMAIL]


class TestNumbers:
    @pytest.mark.parametrize("path", ["/admin/users", "/admin/audit"])
    async def test_huge_offset_is_422(
        self, client: httpx.AsyncClient, admin: dict[str, str], path: str
    ) -> None:
        r = await client.get(path, params={"offset": 10**20}, headers=admin)
        assert r.status_code == 422


class TestMalformedBodies:
    @pytest.mark.parametrize(
        "path", ["/login", "/login/mfa", "/refresh", "/logout", "/password/reset"]
    )
    async def test_broken_json_is_400(self, client: httpx.AsyncClient, path: str) -> None:
        r = await client.post(
            path, content=b'{"email": ', headers={"Content-Type": "application/json"}
        )
        assert r.status_code == 400
        assert r.json()["type"].endswith("/malformed-json")


SEPARATORS = ["\u2028", "\u2029", "\u0085", "\x07", "\r\n"]


class TestNamesAreSingleLine:
    """Names reach email headers (greeting, To: display name): a line separator or control
    character there made the email undeliverable, so it is refused where it comes in."""

    @pytest.mark.parametrize("separator", SEPARATORS)
    async def test_admin_create_is_422(
        self, client: httpx.AsyncClient, admin: dict[str, str], separator: str
    ) -> None:
        r = await client.post(
            "/admin/users",
            json={
                "email": "n@school.example",
                "name": f"Ada{separator}Bcc: x",
                "send_invite": False,
            },
            headers=admin,
        )
        assert_problem(r, 422)

    @pytest.mark.parametrize("separator", SEPARATORS)
    async def test_rename_is_422(
        self, client: httpx.AsyncClient, admin: dict[str, str], separator: str
    ) -> None:
        r = await client.patch("/me", json={"name": f"Ada{separator}Lovelace"}, headers=admin)
        assert r.status_code == 422, r.text
        assert (await client.get("/me", headers=admin)).json()["name"] != f"Ada{separator}Lovelace"

    async def test_import_row_error(self, client: httpx.AsyncClient, admin: dict[str, str]) -> None:
        text = "email,name,role\n" + "".join(
            f'n{i}@school.example,"Ada{sep}Lovelace",student\n' for i, sep in enumerate(SEPARATORS)
        )
        r = await client.post(
            "/admin/users/import",
            params={"dry_run": "true"},
            files={"file": ("u.csv", text.encode(), "text/csv")},
            headers=admin,
        )
        assert r.status_code == 200, r.text
        rows = {e["row"]: e["errors"] for e in r.json()["errors"]}
        assert sorted(rows) == list(range(2, 2 + len(SEPARATORS)))
        assert all(any(m.startswith("name ") for m in errors) for errors in rows.values())
