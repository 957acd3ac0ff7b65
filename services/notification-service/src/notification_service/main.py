"""App factory of the notification-service service: `uvicorn --factory notification_service.main:create_app`."""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager

from fastapi import FastAPI

from campus_common.app import create_service_app
from campus_common.db import create_engine, database_check, make_sessionmaker
from campus_common.health import ReadyCheck
from notification_service.settings import Settings, get_settings


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[Mapping[str, ReadyCheck]]:
        engine = create_engine(
            settings.database_url,
            pool_size=settings.database_pool_size,
            echo=settings.database_echo,
        )
        app.state.engine = engine
        app.state.sessionmaker = make_sessionmaker(engine)
        try:
            yield {"database": database_check(engine)}
        finally:
            await engine.dispose()

    app = create_service_app(
        settings,
        title="Campus Notifications",
        description="one-time codes, reliable email delivery, status page and dev mailbox.",
        lifespan=lifespan,
    )
    return app
