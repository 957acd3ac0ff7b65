"""App factory of the auth-backend service: `uvicorn --factory auth_backend.main:create_app`."""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager

import httpx
from fastapi import APIRouter, FastAPI

from auth_backend import housekeeping
from auth_backend.accounts.router import router as accounts_router
from auth_backend.admin.router import router as admin_router
from auth_backend.audit.router import internal_router as audit_internal_router
from auth_backend.audit.router import router as audit_router
from auth_backend.clients.notification import NotificationClient
from auth_backend.clients.revocations import RevocationPublisher
from auth_backend.clients.supabase import SupabaseClient
from auth_backend.context import Context
from auth_backend.deps import RequireAdmin
from auth_backend.directory.router import router as directory_router
from auth_backend.login.router import router as login_router
from auth_backend.passwords.router import router as passwords_router
from auth_backend.security.hashing import Hasher
from auth_backend.security.keys import load_keyring
from auth_backend.security.policy import PasswordPolicy
from auth_backend.security.ratelimit import RateLimits
from auth_backend.sessions.router import internal_router as revocations_router
from auth_backend.sessions.router import keys_router
from auth_backend.sessions.router import router as sessions_router
from auth_backend.settings import Settings, get_settings
from campus_common.app import Tag, create_service_app
from campus_common.clock import Clock, utc_now
from campus_common.db import create_engine, database_check, make_sessionmaker
from campus_common.deps import require_service
from campus_common.health import ReadyCheck
from campus_common.jwt import JWKSVerifier
from campus_common.logging import get_logger
from campus_common.tasks import Background

log = get_logger(__name__)


def _supabase(
    settings: Settings, transport: httpx.AsyncBaseTransport | None
) -> SupabaseClient | None:
    if settings.identity_mode != "supabase":
        return None
    if not settings.supabase_url or settings.supabase_anon_key is None:
        raise ValueError("IDENTITY_PROVIDER=supabase needs SUPABASE_URL and SUPABASE_ANON_KEY")
    return SupabaseClient(
        url=settings.supabase_url,
        anon_key=settings.supabase_anon_key.get_secret_value(),
        timeout=settings.http_timeout,
        transport=transport,
    )


def build_context(
    settings: Settings,
    *,
    clock: Clock | None = None,
    notification_transport: httpx.AsyncBaseTransport | None = None,
    supabase_transport: httpx.AsyncBaseTransport | None = None,
) -> Context:
    """Everything the service holds for its lifetime; `Context.aclose()` releases it."""
    engine = create_engine(
        settings.database_url, pool_size=settings.database_pool_size, echo=settings.database_echo
    )
    keys = load_keyring(
        pem_text=settings.jwt_private_keys.get_secret_value()
        if settings.jwt_private_keys
        else None,
        pem_file=settings.jwt_private_keys_file,
        directory=settings.keys_dir,
        generate=not settings.is_production,
    )
    # This service verifies its own tokens with the keys it holds, without an HTTP round trip.
    verifier = JWKSVerifier(
        jwks_url=None,
        issuer=settings.jwt_issuer,
        audience=settings.jwt_audience,
        cache_ttl=float("inf"),
    )
    verifier.set_keys(keys.jwks())
    return Context(
        settings=settings,
        engine=engine,
        sessionmaker=make_sessionmaker(engine),
        hasher=Hasher(
            memory_cost=settings.argon2_memory_cost_kib,
            time_cost=settings.argon2_time_cost,
            parallelism=settings.argon2_parallelism,
            concurrency=settings.hash_concurrency,
        ),
        policy=PasswordPolicy(
            min_length=settings.password_min_length,
            max_length=settings.password_max_length,
            min_score=settings.password_min_score,
        ),
        keys=keys,
        verifier=verifier,
        notifier=NotificationClient(
            base_url=settings.notification_url,
            secret=settings.service_token_secret.get_secret_value(),
            timeout=settings.http_timeout,
            retries=settings.http_retries,
            transport=notification_transport,
        ),
        limits=RateLimits(redis_url=settings.redis_url),
        revocations=RevocationPublisher(settings.redis_url, settings.revocation_channel),
        supabase=_supabase(settings, supabase_transport),
        clock=clock or utc_now,
    )


def create_app(
    settings: Settings | None = None,
    *,
    clock: Clock | None = None,
    notification_transport: httpx.AsyncBaseTransport | None = None,
    supabase_transport: httpx.AsyncBaseTransport | None = None,
) -> FastAPI:
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[Mapping[str, ReadyCheck]]:
        ctx = build_context(
            settings,
            clock=clock,
            notification_transport=notification_transport,
            supabase_transport=supabase_transport,
        )
        app.state.context = ctx
        # campus_common's CurrentUser reads the verifier from here.
        app.state.verifier = ctx.verifier
        background = Background()
        if settings.purge_interval.total_seconds() > 0:
            background.start(housekeeping.run_periodically(ctx), name="housekeeping")
        log.info(
            "identity_mode",
            mode=settings.identity_mode,
            chosen_by=settings.identity_mode_reason(),
        )
        checks: dict[str, ReadyCheck] = {"database": database_check(ctx.engine)}
        if ctx.supabase is not None:
            checks["identity_provider"] = ctx.supabase.ready
        try:
            yield checks
        finally:
            await background.stop()
            await ctx.aclose()

    app = create_service_app(
        settings,
        title="Campus Auth",
        description="accounts, password and emailed-code login, tokens, sessions, admin user management.",
        lifespan=lifespan,
    )
    # The docs list the tags in the order the routers are included.
    app.include_router(login_router)
    app.include_router(sessions_router)
    app.include_router(accounts_router)
    app.include_router(passwords_router)
    # Every admin route is for admins only, including one added later that forgets to say so.
    admin = APIRouter(
        prefix="/admin",
        tags=[Tag("admin", "User management, CSV import, audit log (admins only).")],
    )
    admin.include_router(admin_router)
    admin.include_router(audit_router)
    app.include_router(admin, dependencies=[RequireAdmin])
    app.include_router(keys_router)
    app.include_router(
        directory_router, dependencies=[require_service(*settings.directory_callers)]
    )
    app.include_router(
        revocations_router, dependencies=[require_service(*settings.revocation_callers)]
    )
    # Only the feedback service records its events in the audit log (as source "feedback").
    app.include_router(audit_internal_router, dependencies=[require_service("feedback-service")])
    return app
