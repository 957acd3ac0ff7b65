"""Background checks for the status page: SMTP reachability on a timer, outbox depth gauge."""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from campus_common.clock import Clock, utc_now
from campus_common.logging import get_logger
from notification_service.metrics import OUTBOX_DEPTH
from notification_service.outbox.backends import EmailBackend, SmtpBackend
from notification_service.settings import Settings
from notification_service.status import repository

log = get_logger(__name__)
DEPTH_INTERVAL = 15.0


@dataclass(slots=True)
class SmtpReachability:
    used: bool
    ok: bool | None = None
    checked_at: datetime | None = None
    latency_ms: float | None = None
    error: str | None = None


@dataclass(eq=False, repr=False, kw_only=True)
class Monitor:
    settings: Settings
    sessionmaker: async_sessionmaker[AsyncSession]
    backend: EmailBackend
    clock: Clock = utc_now
    smtp: SmtpReachability = field(init=False)

    def __post_init__(self) -> None:
        self.smtp = SmtpReachability(used=isinstance(self.backend, SmtpBackend))

    async def check_smtp(self) -> SmtpReachability:
        if not isinstance(self.backend, SmtpBackend):
            return self.smtp
        start = time.perf_counter()
        try:
            await asyncio.wait_for(self.backend.probe(), self.settings.smtp_timeout + 1)
        except Exception as exc:
            reason = "timed out" if isinstance(exc, TimeoutError) else type(exc).__name__
            self.smtp = SmtpReachability(used=True, ok=False, checked_at=self.clock(), error=reason)
            log.warning("smtp_unreachable", error=reason)
        else:
            self.smtp = SmtpReachability(
                used=True,
                ok=True,
                checked_at=self.clock(),
                latency_ms=round((time.perf_counter() - start) * 1000, 1),
            )
        return self.smtp

    async def update_depth(self) -> int:
        async with self.sessionmaker() as session:
            depth, _ = await repository.depth(session)
        OUTBOX_DEPTH.set(depth)
        return depth

    async def run_forever(self) -> None:
        next_smtp = 0.0
        while True:
            now = time.monotonic()
            if self.smtp.used and now >= next_smtp:
                await self.check_smtp()
                next_smtp = now + self.settings.smtp_check_interval.total_seconds()
            try:
                await self.update_depth()
            except Exception as exc:
                log.warning("outbox_depth_failed", error=type(exc).__name__)
            await asyncio.sleep(DEPTH_INTERVAL)
