"""What the service's rules need besides the database session, built once per app."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from auth_backend.clients.notification import NotificationClient
from auth_backend.clients.supabase import SupabaseClient
from auth_backend.models import utcnow
from auth_backend.security.hashing import Hasher
from auth_backend.security.keys import KeyRing
from auth_backend.security.policy import PasswordPolicy
from auth_backend.security.ratelimit import RateLimits
from auth_backend.settings import Settings

Clock = Callable[[], datetime]


@dataclass(slots=True)
class AuthContext:
    settings: Settings
    hasher: Hasher
    policy: PasswordPolicy
    keys: KeyRing
    notifier: NotificationClient
    limits: RateLimits
    supabase: SupabaseClient | None = None
    clock: Clock = field(default=utcnow)

    def now(self) -> datetime:
        return self.clock()


@dataclass(frozen=True, slots=True)
class RequestMeta:
    """Where a request came from, for sessions and the audit log."""

    ip: str | None
    user_agent: str | None
    request_id: str | None
