"""argon2id password hashing, off the event loop, with a cap on hashes in flight.

Each hash in flight holds `m` KiB of memory, so the number running at once is bounded by a
semaphore instead of by the size of the thread pool.
"""

from __future__ import annotations

import asyncio

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

# Verified for unknown emails so a wrong email costs as much time as a wrong password.
_DUMMY_PASSWORD = "campus-dummy-password-for-timing"  # noqa: S105 (never a real password)


class Hasher:
    def __init__(
        self, *, memory_cost: int, time_cost: int, parallelism: int, concurrency: int
    ) -> None:
        self._ph = PasswordHasher(
            time_cost=time_cost,
            memory_cost=memory_cost,
            parallelism=parallelism,
            type=Type.ID,
        )
        self._concurrency = concurrency
        self._semaphore: asyncio.Semaphore | None = None
        self._dummy_hash = self._ph.hash(_DUMMY_PASSWORD)

    def _sem(self) -> asyncio.Semaphore:
        if self._semaphore is None:
            self._semaphore = asyncio.Semaphore(self._concurrency)
        return self._semaphore

    async def hash(self, password: str) -> str:
        async with self._sem():
            return await asyncio.to_thread(self._ph.hash, password)

    def _verify_sync(self, password_hash: str, password: str) -> bool:
        try:
            return self._ph.verify(password_hash, password)
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return False

    async def verify(self, password_hash: str | None, password: str) -> bool:
        """True when `password` matches; a missing hash is checked against a dummy one."""
        async with self._sem():
            if password_hash is None:
                await asyncio.to_thread(self._verify_sync, self._dummy_hash, password)
                return False
            return await asyncio.to_thread(self._verify_sync, password_hash, password)

    def needs_rehash(self, password_hash: str) -> bool:
        try:
            return self._ph.check_needs_rehash(password_hash)
        except InvalidHashError:
            return True
