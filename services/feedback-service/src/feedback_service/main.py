"""App factory of the feedback-service service: `uvicorn --factory feedback_service.main:create_app`."""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager

import httpx
from fastapi import Depends, FastAPI
from fastapi.responses import RedirectResponse

from campus_common.app import create_service_app
from campus_common.deps import get_current_user
from campus_common.health import ReadyCheck
from campus_common.http import ServiceTokenAuth, make_http_client
from feedback_service.directory import Directory
from feedback_service.relay import OutboxRelay
from feedback_service.repository import make_store
from feedback_service.routers import assignments, feedback, insights, rubric
from feedback_service.settings import Settings, get_settings

TAGS = [
    {"name": "feedback", "description": "Drafts, publishing, edits with history, acknowledgement"},
    {"name": "rubric", "description": "Versioned rubric criteria"},
    {"name": "assignments", "description": "Which mentor looks after which student"},
    {"name": "insights", "description": "Trends and CSV export"},
]


def _client(
    settings: Settings, *, base_url: str, audience: str, transport: httpx.AsyncBaseTransport | None
) -> httpx.AsyncClient:
    return make_http_client(
        base_url=base_url,
        timeout=settings.http_timeout,
        retries=settings.http_retries,
        auth=ServiceTokenAuth(
            secret=settings.service_token_secret.get_secret_value(),
            caller=settings.service_name,
            audience=audience,
            ttl_seconds=int(settings.service_token_ttl.total_seconds()),
        ),
        transport=transport,
    )


def create_app(
    settings: Settings | None = None,
    *,
    auth_transport: httpx.AsyncBaseTransport | None = None,
    notification_transport: httpx.AsyncBaseTransport | None = None,
) -> FastAPI:
    """`auth_transport` / `notification_transport` replace the network (tests run the real
    services in-process through them)."""
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[Mapping[str, ReadyCheck]]:
        store = make_store(settings)
        await store.start()
        directory = Directory(
            _client(
                settings,
                base_url=settings.auth_url,
                audience="auth-backend",
                transport=auth_transport,
            ),
            ttl_seconds=settings.directory_cache_ttl.total_seconds(),
        )
        relay = OutboxRelay(
            store,
            directory,
            _client(
                settings,
                base_url=settings.notification_url,
                audience="notification-service",
                transport=notification_transport,
            ),
            settings,
        )
        app.state.store, app.state.directory, app.state.relay = store, directory, relay
        if settings.relay_enabled:
            relay.start()
        try:
            yield {"database": store.ping}
        finally:
            await relay.stop()
            await relay.client.aclose()
            await directory.close()
            await store.close()

    app = create_service_app(
        settings,
        title="Campus Feedback",
        description="Rubric-based mentor feedback: assignments, drafts and publishing, history, "
        "acknowledgement, trends and CSV export.",
        lifespan=lifespan,
        openapi_tags=TAGS,
    )

    @app.get("/", include_in_schema=False)
    async def root() -> RedirectResponse:
        return RedirectResponse(settings.public_url.rstrip("/") + "/feedback", status_code=307)

    signed_in = [Depends(get_current_user)]
    for module in (feedback, rubric, assignments, insights):
        app.include_router(module.router, dependencies=signed_in)
    return app
