"""The delivery worker: claims due outbox rows, renders and sends them, settles each outcome.

Code emails (priority 0) are claimed first. A failure is retried with exponential backoff and
jitter; after `outbox_max_attempts` tries the message is dead (visible, retryable by an admin).
A code email whose verification is no longer pending is canceled instead of sent.
"""

from __future__ import annotations

import asyncio
import contextlib
import random
import time
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from jinja2 import TemplateError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from campus_common.clock import Clock, utc_now
from campus_common.db import after_commit, transaction
from campus_common.email import mask_email
from campus_common.logging import get_logger
from notification_service.metrics import EMAILS, SEND_LATENCY
from notification_service.models import OutboxMessage, Verification
from notification_service.outbox import repository as repo
from notification_service.outbox.backends import (
    EmailBackend,
    OutgoingEmail,
    PermanentDeliveryError,
)
from notification_service.outbox.rendering import EmailRenderer
from notification_service.settings import Settings
from notification_service.verifications.codes import CodeKeeper, SealError

log = get_logger(__name__)


async def _verification_of(session: AsyncSession, message: OutboxMessage) -> Verification | None:
    if message.verification_id is None:
        return None
    return await session.get(Verification, message.verification_id, populate_existing=True)


def backoff_delay(attempts: int, *, base: float, cap: float) -> float:
    """Seconds before the next try after `attempts` failed ones: exponential, capped, jittered."""
    raw: float = min(cap, base * 2.0 ** max(0, attempts - 1))
    return raw * (0.5 + random.random() / 2)


def _error_text(exc: BaseException) -> str:
    text = f"{type(exc).__name__}: {exc}".strip()
    return text[:480]


def wake_lanes(workers: Sequence[OutboxWorker], priorities: Iterable[int | None]) -> None:
    """Wake, for each priority, the narrowest lane that takes it (the code lane for code emails),
    not every worker: two workers woken for one row race for it, and the loser's claim is a
    wasted transaction. `None` wakes every worker."""
    by_width = sorted(
        workers, key=lambda w: float("inf") if w.max_priority is None else w.max_priority
    )
    for priority in set(priorities):
        if priority is None:
            for worker in workers:
                worker.wake()
            continue
        for worker in by_width:
            if worker.max_priority is None or priority <= worker.max_priority:
                worker.wake()
                break


class OutboxLanes:
    """The delivery workers of one process: one for every email, one for code emails only."""

    def __init__(self, workers: Sequence[OutboxWorker]) -> None:
        self.workers = list(workers)

    @property
    def general(self) -> OutboxWorker:
        """The worker that takes every email (what a test drains by hand)."""
        return next(w for w in self.workers if w.max_priority is None)

    def wake(self, *priorities: int | None) -> None:
        wake_lanes(self.workers, priorities)

    def wake_after_commit(self, session: AsyncSession, priority: int | None) -> None:
        """Once the session has committed, wake the lane of an email queued with `priority`, so
        it leaves at once instead of at the next poll."""
        after_commit(session, lambda: self.wake(priority))


@dataclass(eq=False, repr=False, kw_only=True)
class OutboxWorker:
    """One delivery lane. `max_priority=0` makes a lane for code emails only, so they never wait
    behind a batch of other mail being sent."""

    settings: Settings
    sessionmaker: async_sessionmaker[AsyncSession]
    backend: EmailBackend
    renderer: EmailRenderer
    keeper: CodeKeeper
    skip_locked: bool
    max_priority: int | None = None
    clock: Clock = utc_now
    signal: asyncio.Event = field(default_factory=asyncio.Event, init=False)

    def wake(self) -> None:
        self.signal.set()

    async def run_forever(self) -> None:
        failures = 0
        while True:
            try:
                claimed = await self.run_once()
                failures = 0
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # the database is down: wait longer each time, then retry
                failures += 1
                log.error("outbox_cycle_failed", error=type(exc).__name__, failures=failures)
                await asyncio.sleep(min(30.0, self.settings.outbox_poll_interval * 2**failures))
                continue
            if claimed >= self.settings.outbox_batch_size:
                continue
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.signal.wait(), self.settings.outbox_poll_interval)
            self.signal.clear()

    async def run_once(self) -> int:
        """Claim one batch of due messages and deliver it; return how many were claimed."""
        token = str(uuid.uuid4())
        now = self.clock()
        async with self.sessionmaker() as session, session.begin():
            batch = await repo.claim(
                session,
                now=now,
                lease_until=now + self.settings.outbox_lease,
                token=token,
                limit=self.settings.outbox_batch_size,
                skip_locked=self.skip_locked,
                max_priority=self.max_priority,
            )
            # The first message goes out right away: read its verification in this transaction.
            verification = await _verification_of(session, batch[0]) if batch else None
        if not batch:
            return 0
        untouched = list(batch)
        held = {message.id for message in batch}  # the claim has just set their lease
        # Renewed before each send but the first (unless the test hook paused after the claim).
        renew = bool(self.settings.outbox_pause_after_claim)
        try:
            if self.settings.outbox_pause_after_claim:
                await asyncio.sleep(self.settings.outbox_pause_after_claim)
            while untouched:
                if renew:
                    held, verification = await self._renew(untouched, token)
                renew = True
                message = untouched.pop(0)
                if message.id in held:
                    await self._deliver(message, token, verification)
                else:  # the lease ran out and another worker took it
                    log.warning("outbox_claim_lost", outbox_id=str(message.id))
        except asyncio.CancelledError:
            # Shutting down: hand back what was claimed but not tried, so another process takes it
            # now instead of after the lease. The one being sent, if any, waits for its lease.
            await asyncio.shield(self._release(untouched, token))
            raise
        return len(batch)

    async def _renew(
        self, messages: list[OutboxMessage], token: str
    ) -> tuple[set[uuid.UUID], Verification | None]:
        """Before each send after the first, push the lease of the batch's remaining rows forward
        and read the verification of the message about to go (one transaction for both)."""
        now = self.clock()
        async with self.sessionmaker() as session, session.begin():
            held = await repo.renew_lease(
                session,
                message_ids=[m.id for m in messages],
                token=token,
                now=now,
                lease_until=now + self.settings.outbox_lease,
            )
            return held, await _verification_of(session, messages[0])

    async def _release(self, messages: list[OutboxMessage], token: str) -> None:
        if not messages:
            return
        async with self.sessionmaker() as session, session.begin():
            await repo.release(session, message_ids=[m.id for m in messages], token=token)
        log.info("outbox_claims_released", count=len(messages))

    async def _prepare(
        self, message: OutboxMessage, verification: Verification | None
    ) -> OutgoingEmail | None:
        """The email to send; None when it is a code email whose code can no longer be used
        (`verification` is the message's, read just before)."""
        code = expires_at = None
        if message.verification_id is not None:
            now = self.clock()
            if (
                verification is None
                or verification.status != "pending"
                or verification.expires_at <= now
                or message.sealed is None
            ):
                return None
            try:
                code = self.keeper.open(message.sealed, context=str(message.id))
            except SealError as exc:
                raise PermanentDeliveryError("the sealed code cannot be opened") from exc
            expires_at = verification.expires_at
        try:
            rendered = self.renderer.render(
                message.template,
                dict(message.data or {}),
                to=message.to,
                code=code,
                expires_at=expires_at,
                locale=message.locale,
            )
        except (TemplateError, ValueError) as exc:  # retrying renders the same broken email
            raise PermanentDeliveryError(f"cannot render: {type(exc).__name__}") from exc
        return OutgoingEmail(
            outbox_id=message.id,
            template=message.template,
            to=message.to,
            subject=rendered.subject,
            text=rendered.text,
            html=rendered.html,
            headers=rendered.headers,
        )

    async def _deliver(
        self, message: OutboxMessage, token: str, verification: Verification | None
    ) -> None:
        start = time.perf_counter()
        outcome, error, retry_at = "sent", None, None
        try:
            if message.attempts > self.settings.outbox_max_attempts:
                raise PermanentDeliveryError("claimed too many times without an outcome")
            email = await self._prepare(message, verification)
            if email is None:
                outcome = "canceled"
            else:
                await self.backend.send(email)
                SEND_LATENCY.labels(self.backend.name).observe(time.perf_counter() - start)
        except PermanentDeliveryError as exc:
            outcome, error = "dead", _error_text(exc)
        except Exception as exc:
            error = _error_text(exc)
            if message.attempts >= self.settings.outbox_max_attempts:
                outcome = "dead"
            else:
                outcome = "failed"
                delay = backoff_delay(
                    message.attempts,
                    base=self.settings.outbox_backoff_base,
                    cap=self.settings.outbox_backoff_max,
                )
                retry_at = self.clock() + timedelta(seconds=delay)
        await self._settle(message, token, outcome, error, retry_at, start)

    async def _settle(
        self,
        message: OutboxMessage,
        token: str,
        outcome: str,
        error: str | None,
        retry_at: datetime | None,
        start: float,
    ) -> None:
        now = self.clock()
        status = {"sent": "sent", "failed": "pending", "dead": "dead", "canceled": "canceled"}
        async with transaction(self.sessionmaker) as session:
            if outcome != "canceled":
                after_commit(session, EMAILS.labels(message.template, outcome).inc)
            settled = await repo.settle(
                session,
                message_id=message.id,
                token=token,
                now=now,
                status=status[outcome],
                error=error,
                next_attempt_at=retry_at,
            )
            if outcome != "canceled":
                await repo.log_attempt(
                    session,
                    message_id=message.id,
                    now=now,
                    result=outcome,
                    error=error,
                    duration_ms=int((time.perf_counter() - start) * 1000),
                )
        event = {
            "sent": "email_sent",
            "failed": "email_failed",
            "dead": "email_dead",
            "canceled": "email_canceled",
        }[outcome]
        log_method = log.info if outcome in ("sent", "canceled") else log.warning
        log_method(
            event,
            request_id=message.request_id,
            outbox_id=str(message.id),
            template=message.template,
            to=mask_email(message.to),
            attempts=message.attempts,
            backend=self.backend.name,
            error=error,
            settled=settled,
        )
