"""Password reset by emailed code: the same answer for every address, a refused password retried
without a new code (a short-lived grant), answers that reveal nothing."""

from __future__ import annotations

import statistics
import time
from datetime import timedelta

import httpx
import pytest
from fastapi import FastAPI

from campus_testing.demo import DEMO_PASSWORD

from .conftest import (
    ADMIN_EMAIL,
    NEW_PASSWORD,
    STUDENT_EMAIL,
    Mailbox,
    bearer,
    full_login,
    start_login,
)


@pytest.mark.usefixtures("seeded")
class TestReset:
    async def test_same_answer_for_known_and_unknown(self, client: httpx.AsyncClient) -> None:
        known = await client.post("/password/reset", json={"email": ADMIN_EMAIL})
        unknown = await client.post("/password/reset", json={"email": "nobody@campus.local"})
        garbage = await client.post("/password/reset", json={"email": "garbage"})
        assert known.status_code == unknown.status_code == garbage.status_code == 202
        assert known.json() == unknown.json() == garbage.json()

    async def test_reset_revokes_sessions_and_changes_password(
        self, client: httpx.AsyncClient, mailbox: Mailbox
    ) -> None:
        login = await full_login(client, mailbox)
        await client.post("/password/reset", json={"email": ADMIN_EMAIL})
        code = await mailbox.next_code(ADMIN_EMAIL)
        weak = await client.post(
            "/password/reset/confirm",
            json={"email": ADMIN_EMAIL, "code": code, "new_password": "password1234"},
        )
        assert weak.status_code == 422
        assert weak.json()["type"].endswith("/weak-password")
        wrong_code = "000000" if code != "000000" else "111111"
        wrong = await client.post(
            "/password/reset/confirm",
            json={"email": ADMIN_EMAIL, "code": wrong_code, "new_password": NEW_PASSWORD},
        )
        # The same answer as for an unknown address (the attempt still counts at notification).
        assert wrong.status_code == 400
        assert wrong.json()["type"].endswith("/code-invalid")
        ok = await client.post(
            "/password/reset/confirm",
            json={"email": ADMIN_EMAIL, "code": code, "new_password": NEW_PASSWORD},
        )
        assert ok.status_code == 204
        assert (await client.get("/me", headers=bearer(login))).status_code == 401
        old = await client.post("/login", json={"email": ADMIN_EMAIL, "password": DEMO_PASSWORD})
        assert old.status_code == 401
        await start_login(client, ADMIN_EMAIL, NEW_PASSWORD)
        subjects = [m["subject"] for m in await mailbox.messages(ADMIN_EMAIL)]
        assert any("password" in s.lower() and "changed" in s.lower() for s in subjects)
        reused = await client.post(
            "/password/reset/confirm",
            json={"email": ADMIN_EMAIL, "code": code, "new_password": NEW_PASSWORD + "x"},
        )
        assert reused.status_code == 400

    async def test_confirm_without_request(self, client: httpx.AsyncClient) -> None:
        r = await client.post(
            "/password/reset/confirm",
            json={"email": "nobody@campus.local", "code": "123456", "new_password": NEW_PASSWORD},
        )
        assert r.status_code == 400
        assert r.json()["type"].endswith("/code-invalid")


def _answer(response: httpx.Response) -> tuple[int, dict[str, object]]:
    body = dict(response.json())
    body.pop("request_id", None)
    return response.status_code, body


@pytest.mark.usefixtures("seeded")
class TestAnswersRevealNothing:
    """Reset-confirm and invitation-accept answer an unknown address, an address without a
    pending code and a wrong code alike (status, body, time), and say nothing about the
    account's own name or address before the code is verified."""

    async def _three_cases(
        self, client: httpx.AsyncClient, mailbox: Mailbox, path: str, field: str, pending: str
    ) -> None:
        if path.startswith("/password"):
            await client.post("/password/reset", json={"email": pending})
        code = await mailbox.next_code(pending)
        wrong_code = "000000" if code != "000000" else "111111"
        # Built from the account's name and address: advice that would tell the account exists.
        from_name = "Alex-Student-campus-1"
        cases = {
            "unknown": {"email": "nobody@campus.local", "code": wrong_code},
            "no pending code": {"email": "bea.student@campus.local", "code": wrong_code},
            "wrong code": {"email": pending, "code": wrong_code},
        }
        answers: dict[str, set[tuple[int, str]]] = {}
        times: dict[str, list[float]] = {}
        for name, values in cases.items():
            for password in (NEW_PASSWORD, from_name):
                started = time.perf_counter()
                r = await client.post(path, json={**values, field: password})
                times.setdefault(name, []).append(time.perf_counter() - started)
                status, body = _answer(r)
                answers.setdefault(name, set()).add((status, repr(sorted(body.items()))))
        distinct = {answer for group in answers.values() for answer in group}
        assert len(distinct) == 1, answers
        [(status, _)] = distinct
        assert status == 400
        medians = sorted(statistics.median(t) for t in times.values())
        assert medians[-1] - medians[0] < 0.25, times

    async def test_reset_confirm(self, client: httpx.AsyncClient, mailbox: Mailbox) -> None:
        await self._three_cases(
            client, mailbox, "/password/reset/confirm", "new_password", STUDENT_EMAIL
        )

    async def test_invitation_accept(
        self, client: httpx.AsyncClient, mailbox: Mailbox, app: FastAPI
    ) -> None:
        admin = bearer(await full_login(client, mailbox))
        created = await client.post(
            "/admin/users",
            json={"email": "alex.student2@campus.local", "name": "Alex Student"},
            headers=admin,
        )
        assert created.status_code == 201, created.text
        await self._three_cases(
            client, mailbox, "/invitations/accept", "password", "alex.student2@campus.local"
        )


GENERIC = "/code-invalid"


def _generic(response: httpx.Response) -> tuple[int, dict[str, object]]:
    """The answer without what only names the request (its id and path)."""
    status, body = _answer(response)
    body.pop("instance", None)
    return status, body


@pytest.mark.usefixtures("seeded")
class TestAnotherPasswordWithoutANewCode:
    """Once the code is verified and only the password is refused, the 422 carries a short-lived,
    single-use grant: the next password goes with it instead of a code, no new email needed."""

    async def _reset_refused(self, client: httpx.AsyncClient, mailbox: Mailbox) -> str:
        await client.post("/password/reset", json={"email": STUDENT_EMAIL})
        code = await mailbox.next_code(STUDENT_EMAIL)
        weak = await client.post(
            "/password/reset/confirm",
            json={"email": STUDENT_EMAIL, "code": code, "new_password": "Bea-Student-campus-1"},
        )
        assert weak.status_code == 422, weak.text
        body = weak.json()
        assert "your name or email" in body["detail"]
        assert "new code" not in body["detail"]
        assert isinstance(body["grant"], str)
        assert len(body["grant"]) >= 32
        return str(body["grant"])

    async def test_reset_second_password_accepted(
        self, client: httpx.AsyncClient, mailbox: Mailbox
    ) -> None:
        grant = await self._reset_refused(client, mailbox)
        ok = await client.post(
            "/password/reset/confirm",
            json={"email": STUDENT_EMAIL, "grant": grant, "new_password": NEW_PASSWORD},
        )
        assert ok.status_code == 204, ok.text
        await start_login(client, STUDENT_EMAIL, NEW_PASSWORD)
        reused = await client.post(
            "/password/reset/confirm",
            json={"email": STUDENT_EMAIL, "grant": grant, "new_password": NEW_PASSWORD + "x"},
        )
        assert reused.status_code == 400
        assert reused.json()["type"].endswith(GENERIC)

    async def test_each_refusal_gives_a_new_single_use_grant(
        self, client: httpx.AsyncClient, mailbox: Mailbox
    ) -> None:
        grant = await self._reset_refused(client, mailbox)
        again = await client.post(
            "/password/reset/confirm",
            json={"email": STUDENT_EMAIL, "grant": grant, "new_password": "bea-student-2027"},
        )
        assert again.status_code == 422
        second = again.json()["grant"]
        assert second != grant
        old = await client.post(
            "/password/reset/confirm",
            json={"email": STUDENT_EMAIL, "grant": grant, "new_password": NEW_PASSWORD},
        )
        assert old.status_code == 400
        assert old.json()["type"].endswith(GENERIC)

    async def test_too_many_tries(self, client: httpx.AsyncClient, mailbox: Mailbox) -> None:
        grant = await self._reset_refused(client, mailbox)
        for _ in range(4):
            r = await client.post(
                "/password/reset/confirm",
                json={"email": STUDENT_EMAIL, "grant": grant, "new_password": "Bea-Student-9"},
            )
            assert r.status_code == 422
            grant = r.json()["grant"]
        last = await client.post(
            "/password/reset/confirm",
            json={"email": STUDENT_EMAIL, "grant": grant, "new_password": "Bea-Student-9"},
        )
        assert last.status_code == 422
        assert "grant" not in last.json()
        assert last.json()["new_code_needed"] is True
        assert "new code" in last.json()["detail"]
        over = await client.post(
            "/password/reset/confirm",
            json={"email": STUDENT_EMAIL, "grant": grant, "new_password": NEW_PASSWORD},
        )
        assert over.status_code == 400
        assert over.json()["type"].endswith(GENERIC)

    async def test_expired_wrong_purpose_wrong_address_unknown(
        self, client: httpx.AsyncClient, mailbox: Mailbox, app: FastAPI
    ) -> None:
        grant = await self._reset_refused(client, mailbox)
        unknown = await client.post(
            "/invitations/accept",
            json={"email": "nobody@campus.local", "code": "123456", "password": NEW_PASSWORD},
        )
        cases = [
            ("/invitations/accept", {"email": STUDENT_EMAIL, "grant": grant}, "password"),
            ("/password/reset/confirm", {"email": ADMIN_EMAIL, "grant": grant}, "new_password"),
            (
                "/password/reset/confirm",
                {"email": STUDENT_EMAIL, "grant": "x" * 43},
                "new_password",
            ),
        ]
        for path, values, field in cases:
            r = await client.post(path, json={**values, field: NEW_PASSWORD})
            assert _generic(r) == _generic(unknown), (path, values)
        ctx = app.state.context
        real_clock = ctx.clock
        ctx.clock = lambda: real_clock() + timedelta(minutes=11)
        try:
            late = await client.post(
                "/password/reset/confirm",
                json={"email": STUDENT_EMAIL, "grant": grant, "new_password": NEW_PASSWORD},
            )
        finally:
            ctx.clock = real_clock
        assert _generic(late) == _generic(unknown)

    async def test_code_or_grant_not_both(self, client: httpx.AsyncClient) -> None:
        for extra in ({}, {"code": "123456", "grant": "x" * 43}):
            r = await client.post(
                "/password/reset/confirm",
                json={"email": STUDENT_EMAIL, "new_password": NEW_PASSWORD, **extra},
            )
            assert r.status_code == 422

    async def test_invitation_second_password_accepted(
        self, client: httpx.AsyncClient, mailbox: Mailbox
    ) -> None:
        admin = bearer(await full_login(client, mailbox))
        email = "alex.student2@campus.local"
        created = await client.post(
            "/admin/users", json={"email": email, "name": "Alex Student"}, headers=admin
        )
        assert created.status_code == 201, created.text
        code = await mailbox.next_code(email)
        weak = await client.post(
            "/invitations/accept",
            json={"email": email, "code": code, "password": "Alex-Student-1"},
        )
        assert weak.status_code == 422
        grant = weak.json()["grant"]
        wrong_purpose = await client.post(
            "/password/reset/confirm",
            json={"email": email, "grant": grant, "new_password": NEW_PASSWORD},
        )
        assert wrong_purpose.status_code == 400
        assert wrong_purpose.json()["type"].endswith(GENERIC)
        ok = await client.post(
            "/invitations/accept", json={"email": email, "grant": grant, "password": NEW_PASSWORD}
        )
        assert ok.status_code == 200, ok.text
        assert ok.json()["user"]["status"] == "active"
        await start_login(client, email, NEW_PASSWORD)
