"""Passwords: the policy, argon2id hashing (rehash on sign-in), Unicode normalisation."""

from __future__ import annotations

import unicodedata

import httpx
import pytest
from argon2 import PasswordHasher
from fastapi import FastAPI

from auth_backend.models import User
from auth_backend.security.hashing import Hasher
from auth_backend.security.policy import PasswordPolicy
from campus_testing.demo import DEMO_PASSWORD, demo_user_id

from .conftest import ADMIN_EMAIL, NEW_PASSWORD, start_login


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
