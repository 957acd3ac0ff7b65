"""Settings of the auth-backend service (environment variables, `.env`)."""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Sequence
from datetime import timedelta
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field, SecretStr

from campus_common.settings import BaseServiceSettings, Duration

IdentityProvider = Literal["local", "supabase"]
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


def _networks(value: Any) -> Any:
    """TRUSTED_PROXIES entries: addresses (`10.1.2.3`, `::1`) or networks (`10.0.0.0/8`,
    `fd00::/8`), parsed once here; a bad entry stops the start with its name in the message."""
    if isinstance(value, str) or not isinstance(value, Sequence):
        return value  # pydantic's own "not a list" error
    parsed: list[IPNetwork] = []
    for entry in value:
        if isinstance(entry, ipaddress.IPv4Network | ipaddress.IPv6Network):
            parsed.append(entry)
            continue
        text = str(entry).strip()
        try:
            parsed.append(ipaddress.ip_network(text))
        except ValueError as exc:
            try:
                hint = f"; did you mean {ipaddress.ip_network(text, strict=False)}?"
            except ValueError:
                hint = " (expected an IP address or a network like 10.0.0.0/8)"
            raise ValueError(f"TRUSTED_PROXIES entry {text!r} is not valid: {exc}{hint}") from exc
    return tuple(parsed)


TrustedNetworks = Annotated[tuple[IPNetwork, ...], BeforeValidator(_networks)]


def _usable_cores() -> int:
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return max(2, min(64, cores or 2))


class Settings(BaseServiceSettings):
    service_name: str = "auth-backend"
    database_url: str = "sqlite+aiosqlite:///var/auth-backend.db"

    # Other services and the edge.
    notification_url: str = "http://127.0.0.1:5001"
    public_url: str = "http://localhost:8080"

    # Local state of the embedded default (`make run` and the test stacks export VAR_DIR).
    var_dir: Path = Path("var")

    # Signing keys for access tokens (ES256). Either PEM text in JWT_PRIVATE_KEYS / a file in
    # JWT_PRIVATE_KEYS_FILE (one or more PEM private keys, the LAST one signs, the others are only
    # published for verification), or a directory where keys are generated once (outside
    # production) and rotated by the CLI.
    jwt_keys_dir: Path | None = None  # default: $VAR_DIR/keys
    jwt_private_keys: SecretStr | None = None
    jwt_private_keys_file: Path | None = None

    access_token_ttl: Duration = timedelta(minutes=15)
    refresh_token_ttl: Duration = timedelta(days=14)
    refresh_reuse_grace: Duration = timedelta(seconds=10)
    refresh_cookie_name: str = "campus_refresh"
    refresh_cookie_path: str = "/api/auth"
    mfa_token_ttl: Duration = timedelta(minutes=10)

    # argon2id (OWASP minimum: m = 19 MiB, t = 2, p = 1); hashes made with other parameters are
    # upgraded at the next successful login.
    argon2_memory_cost_kib: int = Field(default=19_456, ge=8)
    argon2_time_cost: int = Field(default=2, ge=1)
    argon2_parallelism: int = Field(default=1, ge=1)
    # Hashes in flight per process; default: one per usable core (more only queue inside argon2's
    # threads and each keeps m KiB resident, see security/hashing.py).
    hash_concurrency: int = Field(default_factory=lambda: _usable_cores(), ge=1, le=64)

    # Password policy.
    password_min_length: int = Field(default=10, ge=8)
    password_max_length: int = Field(default=128, le=1024)
    password_min_score: int = Field(default=3, ge=0, le=4)

    # Brute force: per account lockout, per client IP rate limits (limits library notation).
    lockout_threshold: int = Field(default=5, ge=1)
    lockout_window: Duration = timedelta(minutes=15)
    lockout_duration: Duration = timedelta(minutes=15)
    # Per address, sized for a classroom behind one NAT (30 sign-ins within 2 minutes, typos
    # and retries included); guessing one account's password is stopped by the lockout above.
    # The arithmetic is in docs/auth.md, "Sign-in limits".
    rate_limit_login: str = "60/minute;600/hour"
    rate_limit_mfa: str = "60/minute;600/hour"
    rate_limit_password: str = "10/minute;100/hour"  # noqa: S105 (limits, not a secret)
    # Peers whose X-Forwarded-For is believed: addresses or CIDR networks (edge pods come and go).
    trusted_proxies: TrustedNetworks = Field(
        default_factory=lambda: (ipaddress.ip_network("127.0.0.1"), ipaddress.ip_network("::1"))
    )

    # Identity store: our own accounts, or Supabase Auth's password grant. SUPABASE_URL and
    # SUPABASE_ANON_KEY are the older system's names, read as they are. Without IDENTITY_PROVIDER
    # the mode follows them: both set means Supabase (the older system's setup), else local.
    identity_provider: IdentityProvider | None = None
    supabase_url: str | None = None
    supabase_anon_key: SecretStr | None = None

    @property
    def identity_mode(self) -> IdentityProvider:
        if self.identity_provider is not None:
            return self.identity_provider
        return "supabase" if self.supabase_url and self.supabase_anon_key else "local"

    def identity_mode_reason(self) -> str:
        """Which variables chose the identity mode, for the start log (names, never values)."""
        if self.identity_provider is not None:
            return "IDENTITY_PROVIDER"
        if self.identity_mode == "supabase":
            return "SUPABASE_URL and SUPABASE_ANON_KEY (IDENTITY_PROVIDER not set)"
        return "default (IDENTITY_PROVIDER, SUPABASE_URL and SUPABASE_ANON_KEY not all set)"

    # Housekeeping: sessions expired or revoked longer ago than this are deleted, every
    # PURGE_INTERVAL (0 turns the periodic run off; `campus-auth-backend purge` runs it once).
    purge_after: Duration = timedelta(days=30)
    purge_interval: Duration = timedelta(hours=1)

    # The internal user directory.
    directory_callers: list[str] = Field(
        default_factory=lambda: ["feedback-service", "notification-service"]
    )

    # Revocations (sessions ended, accounts disabled...): the services that may read the feed,
    # and the Redis channel they are published on where REDIS_URL is set.
    revocation_callers: list[str] = Field(
        default_factory=lambda: ["feedback-service", "notification-service"]
    )
    revocation_channel: str = "campus:revocations"

    @property
    def keys_dir(self) -> Path:
        return self.jwt_keys_dir or self.var_dir / "keys"

    @property
    def cookie_secure(self) -> bool:
        return self.public_url.lower().startswith("https://")


@lru_cache
def get_settings() -> Settings:
    return Settings()
