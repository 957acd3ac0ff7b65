"""argon2id password hashing, off the event loop, with a cap on hashes in flight.

Each hash in flight holds `m` KiB of memory, so the number running at once is bounded by a
semaphore, and the hashes run on a thread pool of their own with exactly that many threads.
glibc gives each thread that allocates a malloc arena of its own and keeps a freed 19 MiB argon2
buffer in it for the next hash (the dynamic mmap threshold rises to the buffer's size after the
first free), so every thread that has ever hashed keeps about `m` KiB resident. On the event
loop's default pool (up to cpu + 4 threads, shared with every other `to_thread`) that was ~100
MiB after a login burst; on this pool it is at most `concurrency` buffers.
"""

from __future__ import annotations

import asyncio
import unicodedata
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

# Verified for unknown emails so a wrong email costs as much time as a wrong password.
_DUMMY_PASSWORD = "campus-dummy-password-for-timing"  # noqa: S105 (never a real password)
T = TypeVar("T")


def nfc(password: str) -> str:
    return unicodedata.normalize("NFC", password)


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
        self._executor = ThreadPoolExecutor(max_workers=concurrency, thread_name_prefix="argon2")
        self._dummy_hash = self._ph.hash(_DUMMY_PASSWORD)

    def _sem(self) -> asyncio.Semaphore:
        if self._semaphore is None:
            self._semaphore = asyncio.Semaphore(self._concurrency)
        return self._semaphore

    async def _run(self, fn: Callable[..., T], *args: str) -> T:
        """`fn(*args)` on the hashing pool once one of the `concurrency` slots is free (a request
        cancelled while waiting for a slot leaves no work behind)."""
        async with self._sem():
            return await asyncio.get_running_loop().run_in_executor(self._executor, fn, *args)

    def close(self) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)

    async def hash(self, password: str) -> str:
        """The hash of the NFC form: "é" typed as one code point or as e + accent is one password
        (NIST SP 800-63B)."""
        return await self._run(self._ph.hash, nfc(password))

    def _verify_sync(self, password_hash: str, password: str) -> bool:
        try:
            return self._ph.verify(password_hash, password)
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return False

    async def verify(self, password_hash: str | None, password: str) -> bool:
        """True when `password` matches; a missing hash is checked against a dummy one."""
        ok, _ = await self.check(password_hash, password)
        return ok

    async def check(self, password_hash: str | None, password: str) -> tuple[bool, bool]:
        """(matches, store a new hash): the NFC form is checked first, then, for hashes made
        before passwords were normalised, the form as typed; a match that way, or one with other
        argon2 parameters, should be hashed again (`hash` stores the NFC form)."""
        if password_hash is None:
            await self._run(self._verify_sync, self._dummy_hash, nfc(password))
            return False, False
        normalised = nfc(password)
        if await self._run(self._verify_sync, password_hash, normalised):
            return True, self.needs_rehash(password_hash)
        if normalised != password and await self._run(self._verify_sync, password_hash, password):
            return True, True
        return False, False

    def needs_rehash(self, password_hash: str) -> bool:
        try:
            return self._ph.check_needs_rehash(password_hash)
        except InvalidHashError:
            return True
