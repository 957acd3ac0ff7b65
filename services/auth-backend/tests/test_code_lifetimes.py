"""Code lifetimes by purpose, end to end (auth and the real notification service on one clock
the tests move): an invitation code outlives a sign-in code's 10 minutes and dies after its own
72 hours; a reset code lives 30 minutes; each email states its own lifetime."""

from __future__ import annotations

import httpx
import pytest

from campus_testing.demo import DEMO_PASSWORD
from campus_testing.problems import assert_problem

from .conftest import (
    ADMIN_EMAIL,
    NEW_PASSWORD,
    STUDENT_EMAIL,
    Clock,
    Mailbox,
    bearer,
    full_login,
    start_login,
)

pytestmark = pytest.mark.usefixtures("seeded")
INVITED = "new.mentor@school.example"
MINUTE = 60
HOUR = 60 * MINUTE


async def invite(client: httpx.AsyncClient, mailbox: Mailbox) -> str:
    """Invite a mentor as the admin; the code emailed to them."""
    admin = bearer(await full_login(client, mailbox))
    created = await client.post(
        "/admin/users",
        json={"email": INVITED, "name": "Nia Mentor", "role": "mentor"},
        headers=admin,
    )
    assert created.status_code == 201, created.text
    return await mailbox.next_code(INVITED)


async def accept(client: httpx.AsyncClient, code: str) -> httpx.Response:
    return await client.post(
        "/invitations/accept", json={"email": INVITED, "code": code, "password": NEW_PASSWORD}
    )


class TestInvitation:
    async def test_code_still_works_after_eleven_minutes(
        self, client: httpx.AsyncClient, mailbox: Mailbox, clock: Clock
    ) -> None:
        code = await invite(client, mailbox)
        clock.advance(11 * MINUTE)
        accepted = await accept(client, code)
        assert accepted.status_code == 200, accepted.text
        assert accepted.json()["user"]["status"] == "active"

    async def test_code_still_works_just_before_72_hours(
        self, client: httpx.AsyncClient, mailbox: Mailbox, clock: Clock
    ) -> None:
        code = await invite(client, mailbox)
        clock.advance(71 * HOUR + 50 * MINUTE)
        assert (await accept(client, code)).status_code == 200

    async def test_code_is_dead_after_72_hours_and_a_new_one_works(
        self, client: httpx.AsyncClient, mailbox: Mailbox, clock: Clock
    ) -> None:
        code = await invite(client, mailbox)
        clock.advance(72 * HOUR + MINUTE)
        dead = await accept(client, code)
        assert_problem(dead, 400, "code-invalid")
        asked = await client.post("/invitations/resend", json={"email": INVITED})
        assert asked.status_code == 202
        assert (await accept(client, await mailbox.next_code(INVITED))).status_code == 200

    async def test_email_states_72_hours(self, client: httpx.AsyncClient, mailbox: Mailbox) -> None:
        await invite(client, mailbox)
        [message] = await mailbox.messages(INVITED)
        assert "valid for 72 hours" in message["text"]
        assert "minutes" not in message["text"]

    async def test_attempt_limit_still_holds(
        self, client: httpx.AsyncClient, mailbox: Mailbox
    ) -> None:
        code = await invite(client, mailbox)
        wrong = f"{(int(code) + 1) % 1_000_000:06d}"
        answers = [(await accept(client, wrong)).status_code for _ in range(5)]
        # A wrong code answers like an unknown address; the fifth wrong try still ends the code.
        assert answers == [400, 400, 400, 400, 400]
        assert (await accept(client, code)).status_code == 400


class TestLogin:
    async def test_code_is_dead_after_eleven_minutes(
        self, client: httpx.AsyncClient, mailbox: Mailbox, clock: Clock
    ) -> None:
        challenge = await start_login(client, STUDENT_EMAIL, DEMO_PASSWORD)
        code = await mailbox.next_code(STUDENT_EMAIL)
        [message] = await mailbox.messages(STUDENT_EMAIL)
        assert "valid for 10 minutes" in message["text"]
        clock.advance(11 * MINUTE)
        r = await client.post(
            "/login/mfa", json={"mfa_token": challenge["mfa_token"], "code": code}
        )
        assert r.status_code == 410


class TestPasswordReset:
    async def reset(self, client: httpx.AsyncClient, code: str) -> httpx.Response:
        return await client.post(
            "/password/reset/confirm",
            json={"email": ADMIN_EMAIL, "code": code, "new_password": NEW_PASSWORD},
        )

    async def test_code_works_after_eleven_minutes(
        self, client: httpx.AsyncClient, mailbox: Mailbox, clock: Clock
    ) -> None:
        await client.post("/password/reset", json={"email": ADMIN_EMAIL})
        code = await mailbox.next_code(ADMIN_EMAIL)
        [message] = await mailbox.messages(ADMIN_EMAIL)
        assert "valid for 30 minutes" in message["text"]
        clock.advance(11 * MINUTE)
        assert (await self.reset(client, code)).status_code == 204

    async def test_code_is_dead_after_30_minutes(
        self, client: httpx.AsyncClient, mailbox: Mailbox, clock: Clock
    ) -> None:
        await client.post("/password/reset", json={"email": ADMIN_EMAIL})
        code = await mailbox.next_code(ADMIN_EMAIL)
        clock.advance(31 * MINUTE)
        dead = await self.reset(client, code)
        assert dead.status_code == 400
        assert dead.json()["type"].endswith("/code-invalid")


@pytest.mark.parametrize("notification_overrides", [{"invite_code_lifetime": "PT2H"}])
async def test_invitation_lifetime_is_a_setting(
    client: httpx.AsyncClient, mailbox: Mailbox, clock: Clock
) -> None:
    code = await invite(client, mailbox)
    [message] = await mailbox.messages(INVITED)
    assert "valid for 2 hours" in message["text"]
    clock.advance(2 * HOUR + MINUTE)
    assert (await accept(client, code)).status_code == 400
