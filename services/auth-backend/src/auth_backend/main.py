"""App factory of the auth-backend service: `uvicorn --factory auth_backend.main:create_app`."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager

import httpx
from fastapi import FastAPI

from auth_backend.clients.notification import NotificationClient
from auth_backend.clients.supabase import SupabaseClient
from auth_backend.context import AuthContext, Clock
from auth_backend.errors import install_database_handlers
from auth_backend.models import utcnow
from auth_backend.routers import admin, auth, internal, jwks, me
from auth_backend.security.hashing import Hasher
from auth_backend.security.keys import load_keyring
from auth_backend.security.policy import PasswordPolicy
from auth_backend.security.ratelimit import RateLimits
from auth_backend.service import housekeeping
from auth_backend.settings import Settings, get_settings
from campus_common.app import create_service_app
from campus_common.db import create_engine, database_check, make_sessionmaker
from campus_common.deps import require_service
from campus_common.health import ReadyCheck
from campus_common.jwt import JWKSVerifier

TAGS = [
    {"name": "login", "description": "Password, emailed code, tokens."},
    {"name": "me", "description": "The signed-in user, their sessions and password."},
    {"name": "passwords", "description": "Password reset by emailed code, invitations."},
    {"name": "admin", "description": "User management, CSV import, audit log (admins only)."},
    {"name": "keys", "description": "Public keys that verify access tokens."},
    {"name": "internal", "description": "The user directory for other services (service token)."},
]


def build_context(
    settings: Settings,
    *,
    clock: Clock | None = None,
    notification_transport: httpx.AsyncBaseTransport | None = None,
    supabase_transport: httpx.AsyncBaseTransport | None = None,
) -> AuthContext:
    supabase = None
    if settings.identity_provider == "supabase":
        if not settings.supabase_url or settings.supabase_anon_key is None:
            raise ValueError("IDENTITY_PROVIDER=supabase needs SUPABASE_URL and SUPABASE_ANON_KEY")
        supabase = SupabaseClient(
            url=settings.supabase_url,
            anon_key=settings.supabase_anon_key.get_secret_value(),
            timeout=settings.http_timeout,
            transport=supabase_transport,
        )
    return AuthContext(
        settings=settings,
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
        keys=load_keyring(
            pem_text=(
                settings.jwt_private_keys.get_secret_value() if settings.jwt_private_keys else None
            ),
            pem_file=settings.jwt_private_keys_file,
            directory=settings.keys_dir,
            generate=not settings.is_production,
        ),
        notifier=NotificationClient(
            base_url=settings.notification_url,
            secret=settings.service_token_secret.get_secret_value(),
            timeout=settings.http_timeout,
            retries=settings.http_retries,
            transport=notification_transport,
        ),
        limits=RateLimits(redis_url=settings.redis_url),
        supabase=supabase,
        clock=clock or utcnow,
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
        engine = create_engine(
            settings.database_url,
            pool_size=settings.database_pool_size,
            echo=settings.database_echo,
        )
        app.state.ctx = ctx
        app.state.engine = engine
        app.state.sessionmaker = make_sessionmaker(engine)
        # This service verifies its own tokens with the keys it holds, without an HTTP round trip.
        verifier = JWKSVerifier(
            jwks_url=None,
            issuer=settings.jwt_issuer,
            audience=settings.jwt_audience,
            cache_ttl=float("inf"),
        )
        verifier.set_keys(ctx.keys.jwks())
        app.state.verifier = verifier
        purger = None
        if settings.purge_interval.total_seconds() > 0:
            purger = asyncio.create_task(housekeeping.run_periodically(ctx, app.state.sessionmaker))
        checks: dict[str, ReadyCheck] = {"database": database_check(engine)}
        try:
            yield checks
        finally:
            if purger is not None:
                purger.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await purger
            await ctx.notifier.aclose()
            ctx.hasher.close()
            if ctx.supabase is not None:
                await ctx.supabase.aclose()
            await engine.dispose()

    app = create_service_app(
        settings,
        title="Campus Auth",
        description="accounts, password and emailed-code login, tokens, sessions, admin user management.",
        lifespan=lifespan,
        openapi_tags=TAGS,
    )
    install_database_handlers(app)
    app.include_router(jwks.router)
    app.include_router(auth.router)
    app.include_router(me.router)
    app.include_router(admin.router)
    app.include_router(internal.router, dependencies=[require_service(*settings.directory_callers)])
    return app
