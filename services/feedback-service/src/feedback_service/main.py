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
from feedback_service.assignments.router import router as assignments_router
from feedback_service.cohorts.router import router as cohorts_router
from feedback_service.comments.router import router as comments_router
from feedback_service.context import Context
from feedback_service.feedback.router import router as feedback_router
from feedback_service.grading.router import router as grading_router
from feedback_service.insights.router import router as insights_router
from feedback_service.release.router import router as release_router
from feedback_service.requests.router import router as requests_router
from feedback_service.rubric.library_router import router as rubric_library_router
from feedback_service.rubric.router import router as rubric_router
from feedback_service.selfassess.router import router as selfassess_router
from feedback_service.settings import Settings, get_settings
from feedback_service.threads.router import router as threads_router


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
        context = Context(
            settings, auth_transport=auth_transport, notification_transport=notification_transport
        )
        await context.start()
        app.state.context = context
        try:
            yield {"database": context.store.ping}
        finally:
            await context.close()

    app = create_service_app(
        settings,
        title="Campus Feedback",
        description="Rubric-based mentor feedback: assignments, drafts and publishing, history, "
        "acknowledgement, trends and CSV export.",
        lifespan=lifespan,
    )

    @app.get("/", include_in_schema=False)
    async def root() -> RedirectResponse:
        """The web app's home (a page that exists for everyone, signed in or not)."""
        return RedirectResponse(settings.public_url.rstrip("/") + "/", status_code=307)

    signed_in = [Depends(get_current_user)]
    # The docs list the tags in the order the routers are included.
    routers = (
        feedback_router,
        grading_router,
        release_router,
        selfassess_router,
        threads_router,
        requests_router,
        comments_router,
        rubric_router,
        rubric_library_router,
        cohorts_router,
        assignments_router,
        insights_router,
    )
    for router in routers:
        app.include_router(router, dependencies=signed_in)
    return app
