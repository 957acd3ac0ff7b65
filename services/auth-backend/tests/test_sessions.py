"""Refresh rotation with a grace window, reuse detection, logout, sessions list and revoke, /me."""

from __future__ import annotations

import httpx
import pytest

from campus_testing.problems import assert_problem

from .conftest import Clock, Mailbox, bearer, full_login

pytestmark = pytest.mark.usefixtures("seeded")


def refresh_cookie(response: httpx.Response) -> str:
    value = response.cookies.get("campus_refresh")
    assert value, response.headers.get("set-cookie")
    return value


async def metric(client: httpx.AsyncClient, sample: str) -> float:
    text = (await client.get("/metrics")).text
    for line in text.splitlines():
        if line.startswith(sample + " "):
            return float(line.split()[-1])
    return 0.0


async def refresh(client: httpx.AsyncClient, token: str) -> httpx.Response:
    return await client.post("/refresh", headers={"Cookie": f"campus_refresh={token}"})


class TestRefreshRotation:
    async def test_rotates_on_each_use(self, client: httpx.AsyncClient, mailbox: Mailbox) -> None:
        login = await full_login(client, mailbox)
        first = refresh_cookie(login)
        r1 = await refresh(client, first)
        assert r1.status_code == 200
        second = refresh_cookie(r1)
        assert second != first
        assert r1.json()["access_token"] != login.json()["access_token"]
        r2 = await refresh(client, second)
        assert r2.status_code == 200
        me = await client.get("/me", headers=bearer(r2))
        assert me.status_code == 200

    async def test_old_token_within_grace_is_accepted(
        self, client: httpx.AsyncClient, mailbox: Mailbox, clock: Clock
    ) -> None:
        login = await full_login(client, mailbox)
        old = refresh_cookie(login)
        assert (await refresh(client, old)).status_code == 200
        clock.advance(9)
        second_tab = await refresh(client, old)
        assert second_tab.status_code == 200
        clock.advance(0.5)
        assert (await refresh(client, refresh_cookie(second_tab))).status_code == 200

    async def test_old_token_after_grace_kills_the_session(
        self, client: httpx.AsyncClient, mailbox: Mailbox, clock: Clock
    ) -> None:
        login = await full_login(client, mailbox)
        old = refresh_cookie(login)
        rotated = await refresh(client, old)
        newest = refresh_cookie(rotated)
        clock.advance(11)
        reuses = await metric(client, 'auth_refreshes_total{outcome="reuse"}')
        reuse = await refresh(client, old)
        assert reuse.status_code == 401
        assert await metric(client, 'auth_refreshes_total{outcome="reuse"}') == reuses + 1
        assert reuse.json()["type"].endswith("/session-expired")
        # The whole family is dead: the newest token too, and access tokens of the session.
        assert (await refresh(client, newest)).status_code == 401
        clock.advance(-11)
        assert (await client.get("/me", headers=bearer(rotated))).status_code == 401

    async def test_body_token_for_non_browser_clients(
        self, client: httpx.AsyncClient, mailbox: Mailbox
    ) -> None:
        login = await full_login(client, mailbox)
        client.cookies.clear()
        r = await client.post("/refresh", json={"refresh_token": refresh_cookie(login)})
        assert r.status_code == 200

    async def test_missing_or_unknown_token(self, client: httpx.AsyncClient) -> None:
        assert (await client.post("/refresh")).status_code == 401
        assert (await refresh(client, "made-up")).status_code == 401

    async def test_expired_session(
        self, client: httpx.AsyncClient, mailbox: Mailbox, clock: Clock
    ) -> None:
        login = await full_login(client, mailbox)
        clock.advance(15 * 24 * 3600)
        assert (await refresh(client, refresh_cookie(login))).status_code == 401


class TestLogout:
    async def test_logout_ends_this_session_only(
        self, client: httpx.AsyncClient, mailbox: Mailbox
    ) -> None:
        one = await full_login(client, mailbox)
        two = await full_login(client, mailbox)
        out = await client.post(
            "/logout", headers={"Cookie": f"campus_refresh={refresh_cookie(one)}"}
        )
        assert out.status_code == 204
        assert (
            'campus_refresh=""' in out.headers["set-cookie"]
            or "Max-Age=0" in out.headers["set-cookie"]
        )
        assert (await refresh(client, refresh_cookie(one))).status_code == 401
        assert (await client.get("/me", headers=bearer(one))).status_code == 401
        assert (await refresh(client, refresh_cookie(two))).status_code == 200

    async def test_logout_without_cookie_is_fine(self, client: httpx.AsyncClient) -> None:
        assert (await client.post("/logout")).status_code == 204

    async def test_logout_all(self, client: httpx.AsyncClient, mailbox: Mailbox) -> None:
        one = await full_login(client, mailbox)
        two = await full_login(client, mailbox)
        r = await client.post("/logout/all", headers=bearer(two))
        assert r.status_code == 204
        assert (await refresh(client, refresh_cookie(one))).status_code == 401
        assert (await refresh(client, refresh_cookie(two))).status_code == 401

    async def test_logout_all_needs_a_token(self, client: httpx.AsyncClient) -> None:
        r = await client.post("/logout/all")
        assert_problem(r, 401)


class TestSessions:
    async def test_list_marks_current_and_revoke_other(
        self, client: httpx.AsyncClient, mailbox: Mailbox
    ) -> None:
        one = await full_login(client, mailbox)
        two = await full_login(client, mailbox, headers={"User-Agent": "Tablet Browser"})
        listed = await client.get("/sessions", headers=bearer(one))
        assert listed.status_code == 200
        sessions = listed.json()["sessions"]
        assert len(sessions) == 2
        current = [s for s in sessions if s["current"]]
        other = [s for s in sessions if not s["current"]]
        assert len(current) == 1
        assert other[0]["user_agent"] == "Tablet Browser"
        assert other[0]["ip"] == "127.0.0.1"
        r = await client.delete(f"/sessions/{other[0]['id']}", headers=bearer(one))
        assert r.status_code == 204
        assert (await refresh(client, refresh_cookie(two))).status_code == 401
        again = await client.delete(f"/sessions/{other[0]['id']}", headers=bearer(one))
        assert again.status_code == 404
        assert len((await client.get("/sessions", headers=bearer(one))).json()["sessions"]) == 1

    async def test_someone_elses_session_is_404(
        self, client: httpx.AsyncClient, mailbox: Mailbox
    ) -> None:
        admin = await full_login(client, mailbox)
        student = await full_login(client, mailbox, "bea.student@campus.local")
        mine = (await client.get("/sessions", headers=bearer(student))).json()["sessions"][0]
        r = await client.delete(f"/sessions/{mine['id']}", headers=bearer(admin))
        assert r.status_code == 404


class TestMe:
    async def test_patch_name(self, client: httpx.AsyncClient, mailbox: Mailbox) -> None:
        login = await full_login(client, mailbox)
        r = await client.patch("/me", json={"name": "  Ada Lovelace "}, headers=bearer(login))
        assert r.status_code == 200
        assert r.json()["name"] == "Ada Lovelace"
        assert (await client.get("/me", headers=bearer(login))).json()["name"] == "Ada Lovelace"

    async def test_empty_name_is_422(self, client: httpx.AsyncClient, mailbox: Mailbox) -> None:
        login = await full_login(client, mailbox)
        r = await client.patch("/me", json={"name": ""}, headers=bearer(login))
        assert r.status_code == 422

    async def test_garbage_token_is_401(self, client: httpx.AsyncClient) -> None:
        r = await client.get("/me", headers={"Authorization": "Bearer abc.def.ghi"})
        assert r.status_code == 401
