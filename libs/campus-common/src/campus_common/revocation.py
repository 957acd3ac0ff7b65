"""Revoked sessions and per-user not-before times, learned from auth-backend (contract C2).

`RevocationState` is what the verifier asks on every request: a set lookup for the token's `sid`
and a dict lookup for its user's not-before, no network. `RevocationWatcher` keeps it current:
it polls auth-backend's `GET /internal/revocations?since=<cursor>` every `poll_seconds` and, where
Redis is configured, also listens on the `campus:revocations` channel, so a sign-out or a disabled
account reaches every service within seconds. If the feed cannot be reached the last known state
stays in force and a warning is logged (once when it fails, once when it is back).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import KW_ONLY, dataclass, field
from typing import Any

import httpx
import orjson

from campus_common.logging import get_logger
from campus_common.pubsub import listen_forever
from campus_common.tasks import Background, every

FEED_PATH = "/internal/revocations"
CHANNEL = "campus:revocations"
FEED_AUDIENCE = "auth-backend"
# Entries are kept this long after they are learned: longer than any access token lives.
DEFAULT_RETENTION_SECONDS = 3600.0

log = get_logger(__name__)
Sleep = Callable[[float], Awaitable[None]]


class RevocationState:
    """Revoked session ids and per-user not-before (Unix seconds), in this process's memory."""

    def __init__(
        self,
        *,
        retention_seconds: float = DEFAULT_RETENTION_SECONDS,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.retention_seconds = retention_seconds
        self._clock = clock
        self._sessions: dict[str, float] = {}  # sid -> when it was learned (Unix time)
        self._not_before: dict[str, float] = {}  # user id -> not-before (Unix seconds, fractional)

    def refuses(self, user_id: str, session_id: str | None, issued_at: float) -> bool:
        """True when a token of `user_id`, session `session_id`, issued at `issued_at` is revoked."""
        if session_id is not None and session_id in self._sessions:
            return True
        not_before = self._not_before.get(user_id)
        return not_before is not None and issued_at < not_before

    def apply(self, update: Mapping[str, Any]) -> int:
        """Merge one feed answer or Redis message (`{"sessions": [...], "users": [...]}`); entries
        of the wrong shape are skipped. Returns how many entries were new or moved forward."""
        changed = 0
        now = self._clock()
        sessions = update.get("sessions")
        if isinstance(sessions, list):
            for sid in sessions:
                if isinstance(sid, str) and sid and sid not in self._sessions:
                    self._sessions[sid] = now
                    changed += 1
        users = update.get("users")
        if isinstance(users, list):
            for entry in users:
                if not isinstance(entry, Mapping):
                    continue
                sub, not_before = entry.get("sub"), entry.get("not_before")
                if not isinstance(sub, str) or not sub:
                    continue
                if not isinstance(not_before, int | float) or isinstance(not_before, bool):
                    continue
                if not_before > self._not_before.get(sub, -1):
                    self._not_before[sub] = not_before
                    changed += 1
        self.prune()
        return changed

    def prune(self) -> None:
        """Forget what no still-valid token can be affected by any more."""
        horizon = self._clock() - self.retention_seconds
        for sid in [s for s, learned in self._sessions.items() if learned < horizon]:
            del self._sessions[sid]
        for sub in [u for u, nb in self._not_before.items() if nb < horizon]:
            del self._not_before[sub]

    def __len__(self) -> int:
        return len(self._sessions) + len(self._not_before)


@dataclass(eq=False, repr=False)
class RevocationWatcher:
    """Keeps a RevocationState current from the feed (polled) and Redis (pushed, optional)."""

    state: RevocationState
    _: KW_ONLY
    client: httpx.AsyncClient
    poll_seconds: float = 2.0
    redis_url: str | None = None
    channel: str = CHANNEL
    feed_path: str = FEED_PATH
    sleep: Sleep = asyncio.sleep
    cursor: str | None = field(default=None, init=False)
    feed_ok: bool | None = field(default=None, init=False)
    subscribed: asyncio.Event = field(default_factory=asyncio.Event, init=False)
    _background: Background = field(default_factory=Background, init=False)

    async def refresh(self) -> bool:
        """One poll of the feed; True when it answered. Never raises for a feed problem."""
        params = {"since": self.cursor} if self.cursor else None
        try:
            response = await self.client.get(self.feed_path, params=params)
            response.raise_for_status()
            body = orjson.loads(response.content)
            if not isinstance(body, dict):
                raise ValueError("the feed did not answer a JSON object")
        except (httpx.HTTPError, ValueError) as exc:
            if self.feed_ok is not False:
                log.warning(
                    "revocation_feed_unreachable",
                    error=type(exc).__name__,
                    status=getattr(getattr(exc, "response", None), "status_code", None),
                    keeping_entries=len(self.state),
                )
            self.feed_ok = False
            return False
        changed = self.state.apply(body)
        cursor = body.get("cursor")
        if isinstance(cursor, str) and cursor:
            self.cursor = cursor
        if self.feed_ok is False:
            log.info("revocation_feed_restored")
        self.feed_ok = True
        if changed:
            log.info("revocations_received", source="feed", entries=changed)
        return True

    async def _poll_forever(self) -> None:
        await every(
            self.poll_seconds, self.refresh, failure="revocation_poll_failed", sleep=self.sleep
        )

    async def _listen_forever(self) -> None:
        await listen_forever(
            self.redis_url or "",
            self.channel,
            self._on_message,
            subscribed=self.subscribed,
            name="revocation",
            sleep=self.sleep,
        )

    def _on_message(self, data: object) -> None:
        try:
            update = orjson.loads(data) if isinstance(data, bytes | str) else None
        except ValueError:
            update = None
        if not isinstance(update, dict):
            log.warning("revocation_message_ignored")
            return
        changed = self.state.apply(update)
        if changed:
            log.info("revocations_received", source="redis", entries=changed)

    def start(self) -> None:
        """Start polling (first poll at once) and, with a Redis URL, listening."""
        self._background.start(self._poll_forever(), name="revocation-feed")
        if self.redis_url:
            self._background.start(self._listen_forever(), name="revocation-channel")

    async def stop(self) -> None:
        await self._background.stop()
