"""The service's context: everything the rules need besides the request's database session,
built once in the app's lifespan (or by a CLI command) and closed with it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from auth_backend.clients.notification import NotificationClient
from auth_backend.clients.revocations import RevocationPublisher
from auth_backend.clients.supabase import SupabaseClient
from auth_backend.security.hashing import Hasher
from auth_backend.security.keys import KeyRing
from auth_backend.security.policy import PasswordPolicy
from auth_backend.security.ratelimit import RateLimits
from auth_backend.settings import Settings
from campus_common.clock import Clock, utc_now
from campus_common.jwt import JWKSVerifier


@dataclass(slots=True)
class Context:
    settings: Settings
    engine: AsyncEngine
    sessionmaker: async_sessionmaker[AsyncSession]
    hasher: Hasher
    policy: PasswordPolicy
    keys: KeyRing
    verifier: JWKSVerifier
    notifier: NotificationClient
    limits: RateLimits
    revocations: RevocationPublisher
    supabase: SupabaseClient | None = None
    clock: Clock = field(default=utc_now)

    def now(self) -> datetime:
        return self.clock()

    async def aclose(self) -> None:
        await self.notifier.aclose()
        self.hasher.close()
        await self.revocations.aclose()
        if self.supabase is not None:
            await self.supabase.aclose()
        await self.engine.dispose()


@dataclass(frozen=True, slots=True)
class RequestMeta:
    """Where a request came from, for sessions and the audit log."""

    ip: str | None
    user_agent: str | None
    request_id: str | None
