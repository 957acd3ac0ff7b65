"""Password change by a signed-in person: the current password first, then other sessions end."""

from __future__ import annotations

import httpx
import pytest

from campus_testing.demo import DEMO_PASSWORD

from .conftest import ADMIN_EMAIL, NEW_PASSWORD, Mailbox, bearer, full_login, start_login


async def change(
    client: httpx.AsyncClient, login: httpx.Response, current: str, new: str
) -> httpx.Response:
    return await client.post(
        "/password/change",
        json={"current_password": current, "new_password": new},
        headers=bearer(login),
    )


@pytest.mark.usefixtures("seeded")
class TestChange:
    async def test_needs_current_password(
        self, client: httpx.AsyncClient, mailbox: Mailbox
    ) -> None:
        login = await full_login(client, mailbox)
        r = await change(client, login, "wrong-one-here", NEW_PASSWORD)
        assert r.status_code == 401

    async def test_weak_new_password(self, client: httpx.AsyncClient, mailbox: Mailbox) -> None:
        login = await full_login(client, mailbox)
        r = await change(client, login, DEMO_PASSWORD, "Ada-Admin-1")
        assert r.status_code == 422
        assert r.json()["detail"]

    async def test_change_keeps_this_session_ends_others(
        self, client: httpx.AsyncClient, mailbox: Mailbox
    ) -> None:
        other = await full_login(client, mailbox)
        this = await full_login(client, mailbox)
        r = await change(client, this, DEMO_PASSWORD, NEW_PASSWORD)
        assert r.status_code == 204
        assert (await client.get("/me", headers=bearer(this))).status_code == 200
        assert (await client.get("/me", headers=bearer(other))).status_code == 401
        await start_login(client, ADMIN_EMAIL, NEW_PASSWORD)
