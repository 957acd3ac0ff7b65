"""Everything a request or a background task of the service needs, built once in the lifespan:
settings, clock, database, code keeper, renderer, email backend, delivery lanes, monitor, the
feed's live fan-out and the signer of email links (digest unsubscribe)."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from campus_common.clock import Clock
from campus_common.db import create_engine, is_sqlite, make_sessionmaker
from campus_common.tasks import Background
from notification_service import housekeeping
from notification_service.feed.hub import FeedHub
from notification_service.outbox.backends import EmailBackend, make_backend
from notification_service.outbox.rendering import EmailRenderer
from notification_service.outbox.repository import CODE_PRIORITY
from notification_service.outbox.worker import OutboxLanes, OutboxWorker
from notification_service.preferences import digests
from notification_service.preferences.tokens import LinkTokens
from notification_service.settings import Settings
from notification_service.status.monitor import Monitor
from notification_service.verifications.codes import CodeKeeper


@dataclass(slots=True)
class Context:
    settings: Settings
    clock: Clock
    engine: AsyncEngine
    sessionmaker: async_sessionmaker[AsyncSession]
    keeper: CodeKeeper
    renderer: EmailRenderer
    backend: EmailBackend
    lanes: OutboxLanes
    monitor: Monitor
    feed_hub: FeedHub
    link_tokens: LinkTokens
    background: Background = field(default_factory=Background)

    @classmethod
    def build(cls, settings: Settings, *, clock: Clock) -> Context:
        engine = create_engine(
            settings.database_url,
            pool_size=settings.database_pool_size,
            echo=settings.database_echo,
        )
        sessionmaker = make_sessionmaker(engine)
        keeper = CodeKeeper(
            settings.code_hmac_secret.get_secret_value(), length=settings.code_length
        )
        link_tokens = LinkTokens(
            settings.code_hmac_secret.get_secret_value(),
            lifetime=settings.unsubscribe_link_lifetime,
        )
        renderer = EmailRenderer(settings, link_tokens=link_tokens, clock=clock)
        backend = make_backend(settings, sessionmaker)
        lanes = OutboxLanes(
            [
                OutboxWorker(
                    settings=settings,
                    sessionmaker=sessionmaker,
                    backend=backend,
                    renderer=renderer,
                    keeper=keeper,
                    skip_locked=not is_sqlite(settings.database_url),
                    max_priority=max_priority,
                    clock=clock,
                )
                for max_priority in (None, CODE_PRIORITY)  # every email; code emails only
            ]
        )
        monitor = Monitor(
            settings=settings, sessionmaker=sessionmaker, backend=backend, clock=clock
        )
        return cls(
            settings=settings,
            clock=clock,
            engine=engine,
            sessionmaker=sessionmaker,
            keeper=keeper,
            renderer=renderer,
            backend=backend,
            lanes=lanes,
            monitor=monitor,
            feed_hub=FeedHub(redis_url=settings.redis_url),
            link_tokens=link_tokens,
        )

    @property
    def outbox_worker(self) -> OutboxWorker:
        """The worker that takes every email (tests drain the outbox with it)."""
        return self.lanes.general

    def start(self) -> None:
        """Start the monitor, the hourly retention purge and, unless turned off, the delivery
        workers."""
        self.background.start(self.monitor.run_forever(), name="status-monitor")
        self.background.start(housekeeping.run_periodically(self), name="housekeeping")
        self.background.start(digests.run_periodically(self), name="digests")
        self.feed_hub.start()
        if self.settings.outbox_worker_enabled:
            for worker in self.lanes.workers:
                self.background.start(worker.run_forever(), name="outbox-worker")

    async def close(self) -> None:
        await self.feed_hub.stop()
        await self.background.stop()
        await self.engine.dispose()
