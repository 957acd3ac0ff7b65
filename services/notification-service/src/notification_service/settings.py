"""Settings of the notification-service service (environment variables, `.env`)."""

from __future__ import annotations

import os
from datetime import timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from dotenv import dotenv_values
from pydantic import AliasChoices, Field, PrivateAttr, SecretStr, field_validator, model_validator
from pydantic_settings import SettingsConfigDict

from campus_common.settings import DEV_SECRET_PREFIX, BaseServiceSettings, Duration

DEV_CODE_HMAC_SECRET = DEV_SECRET_PREFIX + "code-hmac-secret-change-me"

# The older system's `.env` names of our settings, accepted as aliases (ours win when both are
# set). SMTP_PORT, SMTP_USERNAME and SMTP_PASSWORD were already spelled as ours.
LEGACY_NAMES = {"SMTP_SERVER": "SMTP_HOST", "SENDER_EMAIL": "EMAIL_FROM"}
EmailBackend = Literal["smtp", "mailbox", "console"]
SmtpSecurity = Literal["starttls", "tls", "none"]


class Settings(BaseServiceSettings):
    model_config = SettingsConfigDict(**BaseServiceSettings.model_config, populate_by_name=True)

    service_name: str = "notification-service"
    database_url: str = "sqlite+aiosqlite:///var/notification-service.db"

    # Who may call the internal API.
    internal_callers: list[str] = Field(
        default_factory=lambda: ["auth-backend", "feedback-service"]
    )

    # One-time codes. Codes are kept only as HMAC-SHA256 under this key.
    code_hmac_secret: SecretStr = SecretStr(DEV_CODE_HMAC_SECRET)
    code_length: int = Field(default=6, ge=4, le=10)
    # Lifetime of a code, by purpose: sign-in codes are used at once; an invitation is read
    # whenever the invited person gets to their mail; a reset code somewhere in between.
    code_lifetime: Duration = timedelta(minutes=10)  # purpose "login"
    invite_code_lifetime: Duration = timedelta(hours=72)
    reset_code_lifetime: Duration = timedelta(minutes=30)
    code_max_attempts: int = Field(default=5, ge=1, le=100)
    code_resend_cooldown: Duration = timedelta(seconds=30)
    code_send_window: Duration = timedelta(minutes=10)
    code_max_sends_per_window: int = Field(default=5, ge=1, le=1000)

    # Email.
    email_backend: EmailBackend | None = None  # None: mailbox in development, smtp otherwise
    email_from: str = Field(
        default="Campus <no-reply@campus.local>",
        validation_alias=AliasChoices("email_from", "sender_email"),
    )
    smtp_host: str = Field(
        default="localhost", validation_alias=AliasChoices("smtp_host", "smtp_server")
    )
    smtp_port: int = Field(default=587, ge=1, le=65535)
    smtp_username: str | None = None
    smtp_password: SecretStr | None = None
    smtp_security: SmtpSecurity = "starttls"
    smtp_timeout: float = Field(default=15.0, gt=0, le=300)
    smtp_validate_certs: bool = True
    smtp_ca_file: str | None = None  # extra CA bundle (a private relay's certificate)
    smtp_check_interval: Duration = timedelta(seconds=60)

    # Look of the emails and pages.
    platform_name: str = "Campus"
    public_url: str = "http://localhost:8080"
    brand_color: str = Field(default="#1f5fae", pattern=r"^#[0-9a-fA-F]{6}$")
    brand_text_color: str = Field(default="#ffffff", pattern=r"^#[0-9a-fA-F]{6}$")
    support_email: str | None = None

    # Outbox delivery.
    outbox_worker_enabled: bool = True
    outbox_poll_interval: float = Field(default=1.0, gt=0, le=60)
    outbox_batch_size: int = Field(default=10, ge=1, le=500)
    # How long a claim holds before another worker may take the email (a crashed process's emails
    # wait this long). Renewed before each send, so it only has to outlast one SMTP session.
    outbox_lease: Duration = timedelta(seconds=30)
    outbox_max_attempts: int = Field(default=8, ge=1, le=100)
    outbox_backoff_base: float = Field(default=5.0, gt=0)
    outbox_backoff_max: float = Field(default=900.0, gt=0)
    # Retention of settled emails, their delivery log and finished verifications.
    retention: Duration = timedelta(days=30)
    mailbox_retention: Duration = timedelta(days=7)
    # Daily digests: how often the job looks for users whose local digest hour has come, and
    # how long the one-click unsubscribe link of a digest stays valid.
    digest_interval: Duration = timedelta(seconds=60)
    unsubscribe_link_lifetime: Duration = timedelta(days=60)
    # Testing hook: seconds to wait between claiming a batch and sending it (0 in real use).
    outbox_pause_after_claim: float = Field(default=0.0, ge=0)

    # Which of the older system's names this configuration was read from (for the start log).
    _legacy_names: list[str] = PrivateAttr(default_factory=list)

    def model_post_init(self, context: Any, /) -> None:
        self._legacy_names = _legacy_names_in_environment(self.model_config.get("env_file"))

    def legacy_names_used(self) -> list[str]:
        """`SMTP_SERVER (as SMTP_HOST)` for each older name that set a value; `SMTP_SERVER
        (ignored: SMTP_HOST is set)` when the current name was given too."""
        return list(self._legacy_names)

    @field_validator(
        "email_backend",
        "smtp_username",
        "smtp_password",
        "smtp_ca_file",
        "support_email",
        mode="before",
    )
    @classmethod
    def _empty_is_unset(cls, value: Any) -> Any:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("code_lifetime", "invite_code_lifetime", "reset_code_lifetime")
    @classmethod
    def _lifetime_in_range(cls, value: timedelta) -> timedelta:
        if not timedelta(minutes=1) <= value <= timedelta(days=30):
            raise ValueError("a code lifetime must be between 1 minute and 30 days")
        return value

    def code_lifetime_for(self, purpose: str) -> timedelta:
        """How long a code of this purpose stays usable (INVITE_/RESET_/CODE_LIFETIME)."""
        if purpose == "invite":
            return self.invite_code_lifetime
        if purpose == "password_reset":
            return self.reset_code_lifetime
        return self.code_lifetime

    @property
    def resolved_email_backend(self) -> EmailBackend:
        if self.email_backend is not None:
            return self.email_backend
        return "mailbox" if self.environment == "development" else "smtp"

    def development_secrets(self) -> list[str]:
        found = super().development_secrets()
        if self.code_hmac_secret.get_secret_value().startswith(DEV_SECRET_PREFIX):
            found.append("CODE_HMAC_SECRET")
        return found

    @model_validator(mode="after")
    def _refuse_unsafe_production(self) -> Settings:
        if self.is_production:
            if self.resolved_email_backend == "mailbox":
                raise ValueError("EMAIL_BACKEND=mailbox is refused when ENVIRONMENT=production")
            if self.outbox_pause_after_claim:
                raise ValueError("OUTBOX_PAUSE_AFTER_CLAIM is a test hook, refused in production")
        return self


def _legacy_names_in_environment(env_file: object) -> list[str]:
    """The older names present in the environment or the `.env` file (names only: values are
    never read out of here, so no secret reaches a log)."""
    present = {name.upper() for name, value in os.environ.items() if value.strip()}
    if isinstance(env_file, str | os.PathLike) and Path(env_file).is_file():
        present |= {name.upper() for name, value in dotenv_values(env_file).items() if value}
    found = []
    for old, current in LEGACY_NAMES.items():
        if old in present:
            found.append(
                f"{old} (ignored: {current} is set)"
                if current in present
                else f"{old} (as {current})"
            )
    return found


@lru_cache
def get_settings() -> Settings:
    return Settings()
