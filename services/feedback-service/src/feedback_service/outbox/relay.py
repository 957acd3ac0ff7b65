"""The outbox relay: delivers queued events ("feedback published", a new thread message, feed
events) to the notification service, feed items first (`POST /v1/events`), then the emails
(`POST /v1/notifications`), and audit entries to auth-backend (`POST /internal/audit`, before
the rest), retrying with exponential backoff until each answers 2xx. Idempotency keys (the
email's key, the feed item's and the audit entry's event id) make a repeat harmless."""

from __future__ import annotations

import asyncio
from dataclasses import KW_ONLY, dataclass, field
from datetime import timedelta
from typing import Any

import httpx

from campus_common.clock import Clock
from campus_common.logging import get_logger
from campus_common.tasks import Background, every
from feedback_service.clients.directory import Directory, DirectoryUnavailable, DirectoryUser
from feedback_service.metrics import OUTBOX_ATTEMPTS
from feedback_service.outbox import audit, emails, feed
from feedback_service.outbox.repository import OutboxRepository
from feedback_service.settings import Settings
from feedback_service.store.records import OutboxEvent, utcnow

log = get_logger(__name__)


class DeliveryError(Exception):
    pass


def backoff(attempts: int, *, base: timedelta, cap: timedelta) -> timedelta:
    delay: timedelta = base * (2 ** max(0, attempts - 1))
    return min(cap, delay)


@dataclass(eq=False, repr=False)
class OutboxRelay:
    store: OutboxRepository
    directory: Directory
    client: httpx.AsyncClient
    settings: Settings
    _: KW_ONLY
    clock: Clock = utcnow
    # auth-backend's audit log; by default the directory's client (the same service and token).
    auth: httpx.AsyncClient | None = None
    _wake: asyncio.Event = field(default_factory=asyncio.Event, init=False)
    _background: Background = field(default_factory=Background, init=False)

    def wake(self) -> None:
        """Deliver now instead of at the next poll (called after a publish)."""
        self._wake.set()

    def start(self) -> None:
        interval = self.settings.relay_poll_interval.total_seconds()
        loop = every(
            interval, self.run_once, failure="relay_failed", level="error", wake=self._wake
        )
        self._background.start(loop, name="outbox-relay")

    async def stop(self) -> None:
        await self._background.stop()

    async def run_once(self) -> int:
        """Try every due event once; return how many were delivered."""
        now = self.clock()
        events = await self.store.claim_due_events(
            now=now,
            lease_until=now + self.settings.relay_lease,
            limit=self.settings.relay_batch_size,
        )
        delivered = 0
        for event in events:
            try:
                await self._deliver(event)
            except DeliveryError as exc:
                OUTBOX_ATTEMPTS.labels("failed").inc()
                attempts = event.attempts + 1
                delay = backoff(
                    attempts,
                    base=self.settings.relay_backoff_base,
                    cap=self.settings.relay_backoff_max,
                )
                await self.store.reschedule(
                    event.id,
                    attempts=attempts,
                    next_attempt_at=self.clock() + delay,
                    error=str(exc),
                )
                log.warning(
                    "outbox_delivery_failed",
                    event_id=event.id,
                    attempts=attempts,
                    retry_in_s=delay.total_seconds(),
                    error=str(exc),
                )
            else:
                await self.store.mark_delivered(event.id, at=self.clock())
                OUTBOX_ATTEMPTS.labels("delivered").inc()
                delivered += 1
                log.info("outbox_delivered", event_id=event.id, kind=event.event)
        return delivered

    async def _users(self, ids: list[str]) -> dict[str, DirectoryUser]:
        try:
            return await self.directory.by_ids(ids)
        except DirectoryUnavailable as exc:
            raise DeliveryError(f"directory unavailable: {exc}") from exc

    async def _emails(self, event: OutboxEvent) -> list[dict[str, Any]]:
        users = await self._users(emails.people(event))
        try:
            return emails.notifications(event, users, public_url=self.settings.public_url)
        except emails.NoRecipient as exc:
            raise DeliveryError(str(exc)) from exc

    async def _post(
        self, path: str, body: dict[str, Any], *, client: httpx.AsyncClient | None = None
    ) -> None:
        try:
            response = await (client or self.client).post(
                path, json=body, extensions={"retry": True}
            )
        except httpx.HTTPError as exc:
            raise DeliveryError(type(exc).__name__) from exc
        if not response.is_success:
            raise DeliveryError(f"status {response.status_code}")

    async def _deliver(self, event: OutboxEvent) -> None:
        if emails.sends_email(event):
            mails = await self._emails(event)
        elif event.event in (feed.FEED_ITEM, audit.AUDIT):
            mails = []
        else:
            raise DeliveryError(f"unknown event {event.event}")
        entry = audit.body(event)
        if entry is not None:
            await self._post("/internal/audit", entry, client=self.auth or self.directory.client)
        for item in feed.items(event):
            await self._post("/v1/events", item)
        for mail in mails:
            await self._post("/v1/notifications", mail)
