"""Everything the feedback service's requests and background work use, built once in the
lifespan: settings, clock, store, user directory, outbox relay, release job."""

from __future__ import annotations

import httpx

from campus_common.clock import Clock
from campus_common.db import AfterCommit
from feedback_service.clients.directory import Directory
from feedback_service.clients.service import service_client
from feedback_service.metrics import PUBLISHED
from feedback_service.outbox.relay import OutboxRelay
from feedback_service.release.job import ReleaseJob
from feedback_service.settings import Settings
from feedback_service.store.adapters import FeedbackStore, make_store
from feedback_service.store.records import utcnow


class Context:
    """`auth_transport` / `notification_transport` replace the network (tests run the real
    services in-process through them)."""

    def __init__(
        self,
        settings: Settings,
        *,
        clock: Clock = utcnow,
        auth_transport: httpx.AsyncBaseTransport | None = None,
        notification_transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.settings = settings
        self.clock = clock
        self.store: FeedbackStore = make_store(settings)
        self.directory = Directory(
            service_client(
                settings,
                base_url=settings.auth_url,
                audience="auth-backend",
                transport=auth_transport,
            ),
            ttl_seconds=settings.directory_cache_ttl.total_seconds(),
        )
        self.relay = OutboxRelay(
            self.store,
            self.directory,
            service_client(
                settings,
                base_url=settings.notification_url,
                audience="notification-service",
                transport=notification_transport,
            ),
            settings,
            clock=clock,
        )
        self.release_job = ReleaseJob(settings.release_poll_interval.total_seconds())

    def announce_published(self) -> AfterCommit:
        """The side effects of a committed publish: count it, wake the relay to deliver it."""
        return AfterCommit(PUBLISHED.inc, self.relay.wake)

    async def start(self) -> None:
        await self.store.start()
        if self.settings.relay_enabled:
            self.relay.start()
        if self.settings.release_enabled:
            # The release rules import this module (for typing), so they are imported here.
            from feedback_service.release.service import run_due

            self.release_job.start(lambda: run_due(self))

    async def close(self) -> None:
        await self.release_job.stop()
        await self.relay.stop()
        await self.relay.client.aclose()
        await self.directory.close()
        await self.store.close()
