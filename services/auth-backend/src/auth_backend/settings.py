"""Settings of the auth-backend service (environment variables, `.env`)."""

from __future__ import annotations

from functools import lru_cache

from campus_common.settings import BaseServiceSettings


class Settings(BaseServiceSettings):
    service_name: str = "auth-backend"
    port: int = 8001
    database_url: str = "sqlite+aiosqlite:///var/auth-backend.db"


@lru_cache
def get_settings() -> Settings:
    return Settings()
