"""The app factory every service uses: logging, middleware, problem handlers, health, verifier."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import AsyncIterator, Callable, Mapping, Sequence
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import Any

from fastapi import APIRouter, FastAPI, routing
from fastapi.params import Depends

from campus_common.db import install_database_handlers
from campus_common.docs import install_docs
from campus_common.errors import install_problem_handlers, problem_responses
from campus_common.health import ReadyCheck, health_router
from campus_common.http import ServiceTokenAuth, make_http_client
from campus_common.json import ORJSONResponse
from campus_common.jwt import JWKSVerifier
from campus_common.logging import configure_logging, get_logger
from campus_common.middleware import RequestContextMiddleware
from campus_common.revocation import FEED_AUDIENCE, RevocationState, RevocationWatcher
from campus_common.settings import BaseServiceSettings

Lifespan = Callable[[FastAPI], AbstractAsyncContextManager[Mapping[str, ReadyCheck] | None]]
log = get_logger(__name__)


class Tag(str):
    """An OpenAPI tag and its description, declared once next to the router that uses it:
    `APIRouter(tags=[Tag("feedback", "Drafts, publishing...")])`. The app factory lists every
    tag its routes use, with its description, in the order the routes were included."""

    description: str

    def __new__(cls, name: str, description: str) -> Tag:
        tag = super().__new__(cls, name)
        tag.description = description
        return tag


def domain_router(
    tag: str, description: str, *, prefix: str = "", dependencies: Sequence[Depends] = ()
) -> APIRouter:
    """A domain's router: its routes under `prefix`, listed in the docs under the tag `tag` with
    `description` (see `Tag`), each behind `dependencies`."""
    return APIRouter(prefix=prefix, tags=[Tag(tag, description)], dependencies=list(dependencies))


def _route_tags(app: FastAPI) -> list[dict[str, str]]:
    # FastAPI 0.16x keeps included routers as such (`iter_route_contexts` walks them, with the
    # tags of every level); older versions copy each route into `app.routes`.
    walk = getattr(routing, "iter_route_contexts", None)
    described: dict[str, str] = {}
    for route in walk(app.routes) if walk else app.routes:
        for tag in getattr(route, "tags", None) or ():
            if isinstance(tag, Tag):
                described.setdefault(str(tag), tag.description)
    return [{"name": name, "description": text} for name, text in described.items()]


def _describe_tags(app: FastAPI) -> None:
    """Fill the OpenAPI `tags` list when the schema is first built (the routers are included
    after the factory returns)."""
    build = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_tags = _route_tags(app) or None
        return build()

    app.openapi = openapi  # type: ignore[method-assign]


def _freeze_startup_objects() -> None:
    """Move everything alive after start-up (modules, app, schemas: well over 100,000 objects)
    out of the garbage collector's reach. The collector then walks only what requests allocate;
    its full collections were measurable in the list endpoint's profile (about 5 % of its CPU)."""
    gc.collect()
    gc.freeze()


@asynccontextmanager
async def revocation_watcher(settings: BaseServiceSettings) -> AsyncIterator[RevocationWatcher]:
    """A running watcher of auth-backend's revocation feed (and Redis channel, if configured)."""
    client = make_http_client(
        base_url=settings.auth_url,
        timeout=min(settings.http_timeout, 5.0),
        retries=0,
        auth=ServiceTokenAuth(
            secret=settings.service_token_secret.get_secret_value(),
            caller=settings.service_name,
            audience=FEED_AUDIENCE,
            ttl_seconds=int(settings.service_token_ttl.total_seconds()),
        ),
    )
    watcher = RevocationWatcher(
        RevocationState(),
        client=client,
        poll_seconds=settings.revocation_poll_seconds,
        redis_url=settings.redis_url,
    )
    watcher.start()
    try:
        yield watcher
    finally:
        await watcher.stop()
        await client.aclose()


def create_service_app(
    settings: BaseServiceSettings,
    *,
    title: str,
    description: str,
    version: str = "0.1.0",
    lifespan: Lifespan | None = None,
    docs_url: str | None = "/docs",
    redoc_url: str | None = "/redoc",
    revocations: bool | None = None,
) -> FastAPI:
    """Build a FastAPI app with the platform's conventions.

    `lifespan` owns the service's resources (engine, clients, workers); what it yields is the
    mapping of readiness checks that `/ready` runs. `docs_url`/`redoc_url`: Swagger UI and
    ReDoc, served from bundled assets (None: no docs). The OpenAPI tags are those the routes
    declare as `Tag`, with their descriptions, in the order the routers are included.

    `revocations`: whether the shared verifier honours auth-backend's revocations (a watcher of
    its feed runs for the app's lifetime, `app.state.revocation_watcher`). By default it does
    whenever keys come from a JWKS URL, in every service but auth-backend itself (which knows its
    revocations first hand and does not poll its own feed).
    """
    if revocations is None:
        revocations = settings.jwks_url is not None and settings.service_name != FEED_AUDIENCE
    configure_logging(
        service=settings.service_name, level=settings.log_level, fmt=settings.log_format
    )

    @asynccontextmanager
    async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
        async with contextlib.AsyncExitStack() as stack:
            watcher = (
                await stack.enter_async_context(revocation_watcher(settings))
                if revocations
                else None
            )
            app.state.revocation_watcher = watcher
            app.state.verifier = JWKSVerifier(
                jwks_url=settings.jwks_url,
                issuer=settings.jwt_issuer,
                audience=settings.jwt_audience,
                cache_ttl=settings.jwks_cache_ttl.total_seconds(),
                min_refetch_interval=settings.jwks_min_refetch_interval.total_seconds(),
                revocations=watcher.state if watcher else None,
            )
            async with _service_lifespan(app):
                yield

    @asynccontextmanager
    async def _service_lifespan(app: FastAPI) -> AsyncIterator[None]:
        if lifespan is None:
            app.state.ready_checks = {}
            log.info("service_started", environment=settings.environment)
            yield
            return
        async with lifespan(app) as checks:
            app.state.ready_checks = dict(checks or {})
            _freeze_startup_objects()
            log.info("service_started", environment=settings.environment)
            yield
        log.info("service_stopped")

    app = FastAPI(
        title=title,
        description=description,
        version=version,
        lifespan=_lifespan,
        default_response_class=ORJSONResponse,
        # The framework's pages load their assets from a CDN: ours are bundled (campus_common.docs).
        docs_url=None,
        redoc_url=None,
        # Every route may answer these as problem+json (malformed body, too large, invalid).
        responses=problem_responses(400, 413, 422),
    )
    _describe_tags(app)
    app.state.settings = settings
    app.state.ready_checks = {}
    install_problem_handlers(app)
    install_database_handlers(app)
    app.add_middleware(RequestContextMiddleware, max_body_bytes=settings.max_body_bytes)
    app.include_router(health_router(settings.service_name))
    if docs_url is not None:
        install_docs(app, docs_url=docs_url, redoc_url=redoc_url)
    return app
