"""Password change by a signed-in person: the current password first, then other sessions end."""

from __future__ import annotations

import httpx
import pytest

from campus_testing.demo import DEMO_PASSWORD

from .conftest import ADMIN_EMAIL, NEW_PASSWORD, Mailbox, bearer, full_login, start_login


@pytest.mark.usefixtures("seeded")
class TestChange:
    async def test_needs_current_password(
        self, client: httpx.AsyncClient, mailbox: Mailbox
    ) -> None:
        login = await full_login(client, mailbox)
        r = await client.post(
            "/password/change",
            json={"current_password": "wrong-one-here", "new_password": NEW_PASSWORD},
            headers=bearer(login),
        )
        assert r.status_code == 401

    async def test_weak_new_password(self, client: httpx.AsyncClient, mailbox: Mailbox) -> None:
        login = await full_login(client, mailbox)
        r = await client.post(
            "/password/change",
            json={"current_password": DEMO_PASSWORD, "new_password": "Ada-Admin-1"},
            headers=bearer(login),
        )
        assert r.status_code == 422
        assert r.json()["detail"]

    async def test_change_keeps_this_session_ends_others(
        self, client: httpx.AsyncClient, mailbox: Mailbox
    ) -> None:
        other = await full_login(client, mailbox)
        this = await full_login(client, mailbox)
        r = await client.post(
            "/password/change",
            json={"current_password": DEMO_PASSWORD, "new_password": NEW_PASSWORD},
            headers=bearer(this),
        )
        assert r.status_code == 204
        assert (await client.get("/me", headers=bearer(this))).status_code == 200
        assert (await client.get("/me", headers=bearer(other))).status_code == 401
        await start_login(client, ADMIN_EMAIL, NEW_PASSWORD)
