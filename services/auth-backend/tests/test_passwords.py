"""Passwords: policy, argon2id with rehash on login, reset by code, change."""

from __future__ import annotations

import statistics
import time
import unicodedata
from datetime import timedelta

import httpx
import pytest
from argon2 import PasswordHasher
from fastapi import FastAPI

from auth_backend.models import User
from auth_backend.security.hashing import Hasher
from auth_backend.security.policy import PasswordPolicy
from campus_testing.demo import DEMO_PASSWORD, demo_user_id

from .conftest import ADMIN_EMAIL, STUDENT_EMAIL, Mailbox, bearer, full_login, start_login

NEW_PASSWORD = "quiet-Meadow-lantern-1987"


class TestPolicy:
    policy = PasswordPolicy()

    def test_too_short(self) -> None:
        assert self.policy.problem("Ab1!xyz", user_inputs=[]) == "Use at least 10 characters."

    def test_too_long(self) -> None:
        assert self.policy.problem("a" * 129, user_inputs=[]) == "Use at most 128 characters."

    def test_common_password_says_why(self) -> None:
        reason = self.policy.problem("password1234", user_inputs=[])
        assert reason is not None
        assert "too easy to guess" in reason
        assert "common" in reason.lower()

    def test_built_from_name_or_email(self) -> None:
        reason = self.policy.problem(
            "nakamura2027", user_inputs=["bea.student@x.org", "Bea Nakamura"]
        )
        assert reason is not None
        assert "your name or email" in reason

    def test_strong_password_passes(self) -> None:
        assert self.policy.problem(NEW_PASSWORD, user_inputs=["Ada Admin"]) is None


class TestHasher:
    async def test_argon2id_with_configured_parameters(self) -> None:
        hasher = Hasher(memory_cost=19_456, time_cost=2, parallelism=1, concurrency=2)
        digest = await hasher.hash("some password here")
        assert digest.startswith("$argon2id$v=19$m=19456,t=2,p=1$")
        assert await hasher.verify(digest, "some password here")
        assert not await hasher.verify(digest, "another password")
        assert not await hasher.verify(None, "some password here")
        assert not await hasher.verify("not-a-hash", "x")

    async def test_hashes_in_flight_are_capped(self) -> None:
        """Real argon2 hashes, counted as they run in their worker threads."""
        import asyncio
        import threading

        hasher = Hasher(memory_cost=19_456, time_cost=2, parallelism=1, concurrency=2)
        lock = threading.Lock()
        running = 0
        peak = 0

        class CountingHasher(PasswordHasher):
            def hash(self, password: str | bytes, *, salt: bytes | None = None) -> str:
                nonlocal running, peak
                with lock:
                    running += 1
                    peak = max(peak, running)
                try:
                    return super().hash(password, salt=salt)
                finally:
                    with lock:
                        running -= 1

        hasher._ph = CountingHasher(memory_cost=19_456, time_cost=2, parallelism=1)
        digests = await asyncio.gather(*(hasher.hash(f"password number {i}") for i in range(8)))
        assert len(set(digests)) == 8
        assert 1 <= peak <= 2

    async def test_hashes_run_on_their_own_pool_of_concurrency_threads(self) -> None:
        """Not on the loop's default pool: every thread that ever hashed keeps an argon2 buffer
        in its malloc arena, so the number of such threads is what bounds the RSS."""
        import asyncio
        import threading

        hasher = Hasher(memory_cost=8192, time_cost=1, parallelism=1, concurrency=2)
        threads: set[str] = set()

        class RecordingHasher(PasswordHasher):
            def verify(self, hash: str | bytes, password: str | bytes) -> bool:
                threads.add(threading.current_thread().name)
                return super().verify(hash, password)

        hasher._ph = RecordingHasher(memory_cost=8192, time_cost=1, parallelism=1)
        digest = hasher._ph.hash("some password here")
        threads.clear()
        try:
            results = await asyncio.gather(
                *(hasher.verify(digest, "some password here") for _ in range(12)),
                *(hasher.verify(None, "some password here") for _ in range(4)),
            )
        finally:
            hasher.close()
        assert results == [True] * 12 + [False] * 4
        assert 1 <= len(threads) <= 2
        assert all(name.startswith("argon2") for name in threads)

    def test_default_concurrency_is_one_per_core(self) -> None:
        import os

        from auth_backend.settings import Settings

        cores = len(os.sched_getaffinity(0))
        assert Settings().hash_concurrency == max(2, min(64, cores))
        assert Settings(hash_concurrency=3).hash_concurrency == 3

    @pytest.mark.usefixtures("seeded")
    async def test_old_parameters_upgraded_at_login(
        self, client: httpx.AsyncClient, app: FastAPI
    ) -> None:
        old = PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1).hash(DEMO_PASSWORD)
        async with app.state.context.sessionmaker() as session:
            user = await session.get(User, demo_user_id(ADMIN_EMAIL))
            user.password_hash = old
            await session.commit()
        await start_login(client)
        async with app.state.context.sessionmaker() as session:
            user = await session.get(User, demo_user_id(ADMIN_EMAIL))
            assert user.password_hash != old
            assert user.password_hash.startswith("$argon2id$v=19$m=19456,t=2,p=1$")


# "Zoë Ångström" typed with one code point per letter (NFC) or as letter + combining mark (NFD).
NFC_PASSWORD = unicodedata.normalize("NFC", "Zoë-Ångström-quiet-lantern")
NFD_PASSWORD = unicodedata.normalize("NFD", NFC_PASSWORD)


class TestUnicodePasswords:
    async def test_both_forms_are_one_password(self) -> None:
        assert NFC_PASSWORD != NFD_PASSWORD
        hasher = Hasher(memory_cost=8192, time_cost=1, parallelism=1, concurrency=1)
        try:
            digest = await hasher.hash(NFD_PASSWORD)
            assert await hasher.verify(digest, NFC_PASSWORD)
            assert await hasher.verify(digest, NFD_PASSWORD)
            assert not await hasher.verify(digest, "Zoe-Angstrom-quiet-lantern")
        finally:
            hasher.close()

    @pytest.mark.usefixtures("seeded")
    async def test_a_hash_of_the_typed_form_works_and_is_replaced(
        self, client: httpx.AsyncClient, app: FastAPI
    ) -> None:
        """A hash made before normalisation (of the NFD form as typed): the typed form still
        signs in, and the hash is replaced by one of the NFC form, so the other keyboard works."""
        old = PasswordHasher(memory_cost=19_456, time_cost=2, parallelism=1).hash(NFD_PASSWORD)
        async with app.state.context.sessionmaker() as session:
            user = await session.get(User, demo_user_id(ADMIN_EMAIL))
            user.password_hash = old
            await session.commit()
        await start_login(client, ADMIN_EMAIL, NFD_PASSWORD)
        async with app.state.context.sessionmaker() as session:
            user = await session.get(User, demo_user_id(ADMIN_EMAIL))
            assert user.password_hash != old
            assert PasswordHasher().verify(user.password_hash, NFC_PASSWORD)
        await start_login(client, ADMIN_EMAIL, NFC_PASSWORD)


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
        assert ok.json()["status"] == "active"
        await start_login(client, email, NEW_PASSWORD)
