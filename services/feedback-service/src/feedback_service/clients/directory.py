"""Names and emails of users, from auth's internal user directory, cached briefly.

The feedback service keeps only user ids; everything else is asked of auth-backend
(`POST /internal/users/lookup`), so names and emails never go stale in our own store.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterable

import httpx
from pydantic import BaseModel, ValidationError

from campus_common.logging import get_logger

log = get_logger(__name__)
LOOKUP_CHUNK = 100
# After a failed lookup, names are not asked for again for this long (lists stay fast while
# auth is down); lookups that must succeed (`by_ids`, `by_emails`) still try every time.
OUTAGE_BACKOFF_SECONDS = 5.0


class DirectoryUser(BaseModel):
    id: str
    email: str
    name: str
    role: str
    status: str = "active"
    # The language the person reads the platform in ("en", "es"); None: not chosen (English).
    locale: str | None = None

    def language(self) -> dict[str, str]:
        """The `locale` of a notification to this person: absent when they chose none."""
        return {"locale": self.locale} if self.locale else {}


class _LookupResponse(BaseModel):
    users: list[DirectoryUser]


class DirectoryUnavailable(Exception):
    """Auth's directory could not be reached or answered nonsense."""


class Directory:
    def __init__(self, client: httpx.AsyncClient, *, ttl_seconds: float) -> None:
        self.client = client
        self.ttl = ttl_seconds
        self._by_id: dict[str, tuple[float, DirectoryUser | None]] = {}
        self._by_email: dict[str, tuple[float, DirectoryUser | None]] = {}
        self._quiet_until = 0.0
        # One lookup at a time: concurrent requests missing the same users wait for its answer.
        self._lock = asyncio.Lock()

    async def close(self) -> None:
        await self.client.aclose()

    def _remember(self, user: DirectoryUser, expires: float) -> None:
        self._by_id[user.id] = (expires, user)
        self._by_email[user.email.lower()] = (expires, user)

    async def _lookup(self, *, ids: list[str], emails: list[str]) -> list[DirectoryUser]:
        try:
            response = await self.client.post(
                "/internal/users/lookup",
                json={"ids": ids, "emails": emails},
                extensions={"retry": True},
            )
        except httpx.HTTPError as exc:
            raise DirectoryUnavailable(type(exc).__name__) from exc
        if response.status_code != 200:
            raise DirectoryUnavailable(f"status {response.status_code}")
        try:
            return _LookupResponse.model_validate_json(response.content).users
        except ValidationError as exc:
            raise DirectoryUnavailable("malformed answer") from exc

    async def by_ids(self, ids: Iterable[str]) -> dict[str, DirectoryUser]:
        """Users for these ids (unknown ids are absent). Raises DirectoryUnavailable."""
        ids = list(ids)
        found = self._fresh(ids)
        if found is not None:
            return found
        async with self._lock:
            return await self._by_ids(ids)

    def _fresh(self, ids: list[str]) -> dict[str, DirectoryUser] | None:
        """All from the cache, or None if any is missing or stale."""
        now = time.monotonic()
        found: dict[str, DirectoryUser] = {}
        for uid in ids:
            hit = self._by_id.get(uid)
            if not hit or hit[0] <= now:
                return None
            if hit[1] is not None:
                found[uid] = hit[1]
        return found

    async def _by_ids(self, ids: list[str]) -> dict[str, DirectoryUser]:
        now = time.monotonic()
        found: dict[str, DirectoryUser] = {}
        missing: list[str] = []
        for uid in dict.fromkeys(ids):
            hit = self._by_id.get(uid)
            if hit and hit[0] > now:
                if hit[1] is not None:
                    found[uid] = hit[1]
            else:
                missing.append(uid)
        expires = now + self.ttl
        for start in range(0, len(missing), LOOKUP_CHUNK):
            chunk = missing[start : start + LOOKUP_CHUNK]
            users = {u.id: u for u in await self._lookup(ids=chunk, emails=[])}
            for uid in chunk:
                user = users.get(uid)
                self._by_id[uid] = (expires, user)
                if user is not None:
                    self._remember(user, expires)
                    found[uid] = user
        return found

    async def by_emails(self, emails: Iterable[str]) -> dict[str, DirectoryUser]:
        """Users for these emails, keyed by lower-cased email. Raises DirectoryUnavailable."""
        async with self._lock:
            return await self._by_emails(emails)

    async def _by_emails(self, emails: Iterable[str]) -> dict[str, DirectoryUser]:
        now = time.monotonic()
        found: dict[str, DirectoryUser] = {}
        missing: list[str] = []
        for email in dict.fromkeys(e.lower() for e in emails):
            hit = self._by_email.get(email)
            if hit and hit[0] > now:
                if hit[1] is not None:
                    found[email] = hit[1]
            else:
                missing.append(email)
        expires = now + self.ttl
        for start in range(0, len(missing), LOOKUP_CHUNK):
            chunk = missing[start : start + LOOKUP_CHUNK]
            users = {u.email.lower(): u for u in await self._lookup(ids=[], emails=chunk)}
            for email in chunk:
                user = users.get(email)
                self._by_email[email] = (expires, user)
                if user is not None:
                    self._remember(user, expires)
                    found[email] = user
        return found

    async def names(self, ids: Iterable[str]) -> dict[str, DirectoryUser]:
        """Like `by_ids`, but an unreachable directory only means no names (logged)."""
        ids = list(ids)
        fresh = self._fresh(ids)
        if fresh is not None:
            return fresh
        if time.monotonic() < self._quiet_until:
            return self._cached(ids)
        async with self._lock:
            if time.monotonic() < self._quiet_until:
                return self._cached(ids)
            try:
                return await self._by_ids(ids)
            except DirectoryUnavailable as exc:
                self._quiet_until = time.monotonic() + min(self.ttl, OUTAGE_BACKOFF_SECONDS)
                log.warning("directory_unavailable", reason=str(exc))
                return self._cached(ids)

    def _cached(self, ids: Iterable[str]) -> dict[str, DirectoryUser]:
        found: dict[str, DirectoryUser] = {}
        for uid in ids:
            hit = self._by_id.get(uid)
            if hit and hit[1] is not None:
                found[uid] = hit[1]
        return found
