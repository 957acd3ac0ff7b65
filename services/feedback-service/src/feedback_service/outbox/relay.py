"""The outbox relay: delivers queued "feedback published" events to the notification service,
retrying with exponential backoff until it answers 2xx. Idempotency keys make a repeat harmless."""

from __future__ import annotations

import asyncio
import contextlib
from datetime import timedelta

import httpx

from campus_common.clock import Clock
from campus_common.logging import get_logger
from feedback_service.clients.directory import Directory, DirectoryUnavailable
from feedback_service.metrics import OUTBOX_ATTEMPTS
from feedback_service.outbox.repository import OutboxRepository
from feedback_service.settings import Settings
from feedback_service.store.records import FEEDBACK_PUBLISHED, OutboxEvent, utcnow

log = get_logger(__name__)


class DeliveryError(Exception):
    pass


def backoff(attempts: int, *, base: timedelta, cap: timedelta) -> timedelta:
    delay: timedelta = base * (2 ** max(0, attempts - 1))
    return min(cap, delay)


class OutboxRelay:
    def __init__(
        self,
        store: OutboxRepository,
        directory: Directory,
        client: httpx.AsyncClient,
        settings: Settings,
        *,
        clock: Clock = utcnow,
    ) -> None:
        self.store = store
        self.clock = clock
        self.directory = directory
        self.client = client
        self.settings = settings
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    def wake(self) -> None:
        """Deliver now instead of at the next poll (called after a publish)."""
        self._wake.set()

    def start(self) -> None:
        self._task = asyncio.create_task(self._loop(), name="outbox-relay")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    async def _loop(self) -> None:
        interval = self.settings.relay_poll_interval.total_seconds()
        while True:
            try:
                await self.run_once()
            except Exception as exc:  # the relay must outlive any single failure
                log.error("relay_failed", error=type(exc).__name__)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), interval)
            self._wake.clear()

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

    async def _deliver(self, event: OutboxEvent) -> None:
        if event.event != FEEDBACK_PUBLISHED:
            raise DeliveryError(f"unknown event {event.event}")
        payload = event.payload
        try:
            users = await self.directory.by_ids([payload["student_id"], payload["mentor_id"]])
        except DirectoryUnavailable as exc:
            raise DeliveryError(f"directory unavailable: {exc}") from exc
        student = users.get(payload["student_id"])
        mentor = users.get(payload["mentor_id"])
        if student is None:
            raise DeliveryError("student not in the directory")
        body = {
            "template": FEEDBACK_PUBLISHED,
            "to": student.email,
            "data": {
                "student_name": student.name,
                "mentor_name": mentor.name if mentor else "",
                "title": payload["title"],
                "url": f"{self.settings.public_url.rstrip('/')}/feedback/{payload['feedback_id']}",
            },
            "idempotency_key": event.key,
        }
        try:
            response = await self.client.post(
                "/v1/notifications", json=body, extensions={"retry": True}
            )
        except httpx.HTTPError as exc:
            raise DeliveryError(type(exc).__name__) from exc
        if not response.is_success:
            raise DeliveryError(f"status {response.status_code}")
