"""Settings of the feedback-service service (environment variables, `.env`)."""

from __future__ import annotations

from functools import lru_cache

from campus_common.settings import BaseServiceSettings


class Settings(BaseServiceSettings):
    service_name: str = "feedback-service"
    port: int = 8000
    database_url: str = "sqlite+aiosqlite:///var/feedback-service.db"


@lru_cache
def get_settings() -> Settings:
    return Settings()
