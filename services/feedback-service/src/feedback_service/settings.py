"""Settings of the feedback-service service (environment variables, `.env`)."""

from __future__ import annotations

from datetime import timedelta
from functools import lru_cache

from pydantic import Field

from campus_common.settings import BaseServiceSettings, Duration


class Settings(BaseServiceSettings):
    service_name: str = "feedback-service"
    # sqlite+aiosqlite:///..., postgresql+asyncpg://..., or mongodb://... (MongoDB adapter).
    database_url: str = "sqlite+aiosqlite:///var/feedback-service.db"
    # Database name used when DATABASE_URL is a mongodb:// URL without one.
    mongo_database: str = "feedback"

    auth_url: str = "http://127.0.0.1:8001"
    notification_url: str = "http://127.0.0.1:5001"
    public_url: str = "http://localhost:8080"

    # User names and emails from auth's internal directory, cached briefly.
    directory_cache_ttl: Duration = timedelta(seconds=60)
    # A mentor's "needs attention" lists published feedback unacknowledged after this many days.
    attention_unacknowledged_days: int = 7

    # Outbox relay: delivers "feedback published" events to the notification service.
    relay_enabled: bool = True
    relay_poll_interval: Duration = timedelta(seconds=2)
    relay_batch_size: int = Field(default=20, ge=1, le=500)
    relay_backoff_base: Duration = timedelta(seconds=2)
    relay_backoff_max: Duration = timedelta(minutes=10)
    relay_lease: Duration = timedelta(seconds=30)

    # Release job: publishes the drafts scheduled for a time once it has come.
    release_enabled: bool = True
    release_poll_interval: Duration = timedelta(seconds=15)

    # Lists and export.
    page_size_max: int = Field(default=100, ge=1, le=1000)
    export_batch_size: int = Field(default=500, ge=10, le=5000)


@lru_cache
def get_settings() -> Settings:
    return Settings()
