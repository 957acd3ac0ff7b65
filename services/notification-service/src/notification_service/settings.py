"""Settings of the notification-service service (environment variables, `.env`)."""

from __future__ import annotations

from functools import lru_cache

from campus_common.settings import BaseServiceSettings


class Settings(BaseServiceSettings):
    service_name: str = "notification-service"
    port: int = 5001
    database_url: str = "sqlite+aiosqlite:///var/notification-service.db"


@lru_cache
def get_settings() -> Settings:
    return Settings()
