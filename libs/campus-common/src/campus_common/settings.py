"""Settings base shared by every service (pydantic-settings, environment variables and `.env`)."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated, Any, ClassVar, Literal

from pydantic import BeforeValidator, Field, SecretBytes, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from campus_common.secret_strength import HOW_TO_MAKE_ONE, weakness

Environment = Literal["development", "test", "production"]


def _seconds(value: Any) -> Any:
    """Durations may be given as plain seconds ("600") as well as ISO 8601 ("PT10M")."""
    if isinstance(value, str):
        try:
            return timedelta(seconds=float(value))
        except ValueError:
            return value
    return value


Duration = Annotated[timedelta, BeforeValidator(_seconds)]

# Secrets that ship as local defaults. A production deployment refuses to start with any of them.
DEV_SECRET_PREFIX = "dev-insecure-"  # noqa: S105 (a marker, not a secret)
DEV_SERVICE_TOKEN_SECRET = DEV_SECRET_PREFIX + "service-token-secret-change-me"


class BaseServiceSettings(BaseSettings):
    """Settings every service has. Services subclass it and add their own fields.

    In production every secret setting (`SecretStr`/`SecretBytes`) must be strong: at least 32
    bytes, not low-entropy, not a development value. Credentials issued by someone else, whose
    format is not ours to choose (an SMTP provider's app password, Supabase's keys), are listed
    in `external_secrets` and only have to be set."""

    external_secrets: ClassVar[frozenset[str]] = frozenset(
        {"smtp_password", "supabase_anon_key", "supabase_service_role_key"}
    )

    model_config = SettingsConfigDict(
        env_file=".env",
        env_file_encoding="utf-8",
        env_ignore_empty=True,
        extra="ignore",
        case_sensitive=False,
        # A refused setting's error names the variable but never echoes values: the input of a
        # settings model holds every secret, and start-up errors end up in logs.
        hide_input_in_errors=True,
    )

    environment: Environment = "development"
    service_name: str = "campus"
    log_level: str = "INFO"
    log_format: Literal["json", "console"] = "json"

    database_url: str = "sqlite+aiosqlite:///var/campus.db"
    database_pool_size: int = Field(default=10, ge=1, le=100)
    database_echo: bool = False

    # Access tokens issued by auth-backend, verified offline by every service.
    jwt_issuer: str = "campus-auth"
    jwt_audience: str = "campus"
    jwks_url: str | None = "http://127.0.0.1:8001/.well-known/jwks.json"
    jwks_cache_ttl: Duration = timedelta(minutes=10)
    jwks_min_refetch_interval: Duration = timedelta(seconds=30)

    # Where auth-backend answers (its internal revocation feed among others), and Redis, where
    # configured, for revocations pushed at once (and shared counters in the services using it).
    auth_url: str = "http://127.0.0.1:8001"
    redis_url: str | None = None
    revocation_poll_seconds: float = Field(default=2.0, gt=0, le=60)

    # Short-lived tokens services present to each other's internal endpoints.
    service_token_secret: SecretStr = SecretStr(DEV_SERVICE_TOKEN_SECRET)
    service_token_ttl: Duration = timedelta(seconds=60)

    # Outgoing HTTP calls between services.
    http_timeout: float = Field(default=5.0, gt=0)
    http_retries: int = Field(default=2, ge=0, le=10)

    # Largest request body a service accepts (bytes); larger ones get 413.
    max_body_bytes: int = Field(default=1_048_576, ge=1024)

    @property
    def is_production(self) -> bool:
        return self.environment == "production"

    def development_secrets(self) -> list[str]:
        """Names of settings still holding a development default. Subclasses extend it."""
        found = []
        if self.service_token_secret.get_secret_value().startswith(DEV_SECRET_PREFIX):
            found.append("SERVICE_TOKEN_SECRET")
        return found

    def weak_secrets(self) -> list[str]:
        """One sentence per secret setting not fit for production, naming its variable."""
        problems = [
            f"{name} still holds its development default" for name in self.development_secrets()
        ]
        flagged = {p.split(" ", 1)[0] for p in problems}
        for field in type(self).model_fields:
            if field in self.external_secrets or field.upper() in flagged:
                continue
            value = getattr(self, field)
            if isinstance(value, SecretStr):
                reason = weakness(value.get_secret_value())
            elif isinstance(value, SecretBytes):
                reason = weakness(value.get_secret_value().decode("utf-8", "replace"))
            else:
                continue
            if reason:
                problems.append(f"{field.upper()} is not strong enough: {reason}")
        return problems

    @model_validator(mode="after")
    def _refuse_weak_secrets_in_production(self) -> BaseServiceSettings:
        if self.is_production:
            problems = self.weak_secrets()
            if problems:
                raise ValueError(
                    "refusing to start in production with weak secrets: "
                    + "; ".join(problems)
                    + ". Set each to a long random value, made for example with: "
                    + HOW_TO_MAKE_ONE
                )
        return self
