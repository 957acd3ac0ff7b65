"""App factory of the notification-service service: `uvicorn --factory notification_service.main:create_app`."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager

from fastapi import FastAPI

from campus_common.app import create_service_app
from campus_common.db import create_engine, database_check, is_sqlite, make_sessionmaker
from campus_common.deps import require_role, require_service
from campus_common.health import ReadyCheck
from notification_service.admin.router import router as admin_router
from notification_service.clock import Clock, utcnow
from notification_service.codes import CodeKeeper
from notification_service.mailbox.router import router as mailbox_router
from notification_service.notifications.router import router as notifications_router
from notification_service.outbox.backends import make_backend
from notification_service.outbox.repository import CODE_PRIORITY
from notification_service.outbox.worker import OutboxWorker
from notification_service.rendering import EmailRenderer
from notification_service.settings import Settings, get_settings
from notification_service.status.monitor import Monitor
from notification_service.status.router import router as status_router
from notification_service.verifications.router import router as verifications_router

TAGS = [
    {"name": "verifications", "description": "One-time codes (internal: service token)."},
    {"name": "notifications", "description": "Platform emails (internal: service token)."},
    {"name": "admin", "description": "Delivery status and retries (role admin)."},
    {"name": "status", "description": "Public status page (no personal data)."},
    {"name": "dev mailbox", "description": "Captured emails (development only)."},
]


def create_app(settings: Settings | None = None, *, clock: Clock | None = None) -> FastAPI:
    """`clock` (tests): what the API and the outbox worker take as the current time."""
    settings = settings or get_settings()
    now = clock or utcnow

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[Mapping[str, ReadyCheck]]:
        engine = create_engine(
            settings.database_url,
            pool_size=settings.database_pool_size,
            echo=settings.database_echo,
        )
        sessionmaker = make_sessionmaker(engine)
        keeper = CodeKeeper(
            settings.code_hmac_secret.get_secret_value(), length=settings.code_length
        )
        renderer = EmailRenderer(settings)
        backend = make_backend(settings, sessionmaker)
        workers = [
            OutboxWorker(
                settings=settings,
                sessionmaker=sessionmaker,
                backend=backend,
                renderer=renderer,
                keeper=keeper,
                skip_locked=not is_sqlite(settings.database_url),
                max_priority=max_priority,
                clock=now,
            )
            for max_priority in (None, CODE_PRIORITY)  # every email; code emails only
        ]
        worker = workers[0]
        app.state.engine = engine
        app.state.sessionmaker = sessionmaker
        app.state.code_keeper = keeper
        app.state.renderer = renderer
        app.state.email_backend = backend
        app.state.outbox_worker = worker
        app.state.outbox_workers = workers
        monitor = Monitor(settings=settings, sessionmaker=sessionmaker, backend=backend)
        app.state.monitor = monitor
        tasks = [asyncio.create_task(monitor.run_forever(), name="status-monitor")]
        if settings.outbox_worker_enabled:
            tasks += [asyncio.create_task(w.run_forever(), name="outbox-worker") for w in workers]
        try:
            yield {"database": database_check(engine)}
        finally:
            for task in tasks:
                task.cancel()
            for task in tasks:
                with contextlib.suppress(asyncio.CancelledError):
                    await task
            await engine.dispose()

    app = create_service_app(
        settings,
        title="Campus Notifications",
        description="One-time codes, reliable email delivery, status page and dev mailbox.",
        lifespan=lifespan,
        openapi_tags=TAGS,
    )
    app.state.clock = now
    internal = [require_service(*settings.internal_callers)]
    app.include_router(verifications_router, dependencies=internal)
    app.include_router(notifications_router, dependencies=internal)
    app.include_router(admin_router, dependencies=[require_role("admin")])
    app.include_router(status_router)
    if settings.resolved_email_backend == "mailbox" and not settings.is_production:
        app.include_router(mailbox_router)
    return app
