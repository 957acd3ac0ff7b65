"""Storage of the feedback service: one interface (`FeedbackStore`), SQL and MongoDB adapters."""

from __future__ import annotations

from feedback_service.repository.base import DuplicateError, FeedbackStore
from feedback_service.settings import Settings

__all__ = ["DuplicateError", "FeedbackStore", "is_mongo", "make_store"]


def is_mongo(url: str) -> bool:
    return url.startswith(("mongodb://", "mongodb+srv://"))


def make_store(settings: Settings) -> FeedbackStore:
    """The adapter DATABASE_URL names: `mongodb://` → MongoDB, anything else → SQL."""
    if is_mongo(settings.database_url):
        from feedback_service.repository.mongo import MongoFeedbackStore

        return MongoFeedbackStore(settings.database_url, database=settings.mongo_database)
    from feedback_service.repository.sql import SqlFeedbackStore

    return SqlFeedbackStore(
        settings.database_url, pool_size=settings.database_pool_size, echo=settings.database_echo
    )
