"""App factory of the notification service: `uvicorn --factory notification_service.main:create_app`."""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager

from fastapi import FastAPI

from campus_common.app import create_service_app
from campus_common.clock import Clock, utc_now
from campus_common.db import database_check
from campus_common.deps import require_role, require_service
from campus_common.health import ReadyCheck
from campus_common.logging import get_logger
from notification_service.admin.router import router as admin_router
from notification_service.context import Context
from notification_service.feed.router import events_router as feed_events_router
from notification_service.feed.router import router as feed_router
from notification_service.mailbox.router import router as mailbox_router
from notification_service.notifications.router import router as notifications_router
from notification_service.preferences.router import router as preferences_router
from notification_service.preferences.router import unsubscribe_router
from notification_service.settings import Settings, get_settings
from notification_service.status.router import router as status_router
from notification_service.verifications.router import router as verifications_router

log = get_logger(__name__)


def create_app(settings: Settings | None = None, *, clock: Clock | None = None) -> FastAPI:
    """`clock` (tests): what the API and the outbox worker take as the current time."""
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[Mapping[str, ReadyCheck]]:
        older = settings.legacy_names_used()
        if older:  # names only, never a value
            log.info("settings_older_names", names=older)
        ctx = Context.build(settings, clock=clock or utc_now)
        app.state.context = ctx
        # Read by the in-process tests of auth-backend and feedback-service; the service's own
        # code reads only `app.state.context`.
        app.state.engine = ctx.engine
        app.state.outbox_worker = ctx.outbox_worker
        ctx.start()
        try:
            yield {"database": database_check(ctx.engine)}
        finally:
            await ctx.close()

    app = create_service_app(
        settings,
        title="Campus Notifications",
        description="One-time codes, reliable email delivery, status page and dev mailbox.",
        lifespan=lifespan,
    )
    internal = [require_service(*settings.internal_callers)]
    # The docs list the tags in the order the routers are included.
    app.include_router(verifications_router, dependencies=internal)
    app.include_router(notifications_router, dependencies=internal)
    app.include_router(feed_events_router, dependencies=internal)
    app.include_router(feed_router)  # every route takes CurrentUser: the signed-in user's own
    app.include_router(preferences_router)  # every route takes CurrentUser: the user's own
    app.include_router(unsubscribe_router)  # public: the signed token in the link is the authority
    app.include_router(admin_router, dependencies=[require_role("admin")])
    app.include_router(status_router)
    if settings.resolved_email_backend == "mailbox" and not settings.is_production:
        app.include_router(mailbox_router)
    return app
