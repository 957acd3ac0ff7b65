"""The feedback service's store: one object implementing every aggregate's repository, for the
adapter DATABASE_URL names. Services depend on the narrow interfaces (`AssignmentRepository`,
`RubricRepository`, `FeedbackRepository`, `ThreadRepository`, `RequestRepository`,
`CommentRepository`, `CohortRepository`, `OutboxRepository`); this composes them.

Every method is one unit of work (atomic on its own)."""

from __future__ import annotations

from typing import Protocol

from feedback_service.assignments.repository import (
    AssignmentRepository,
    MongoAssignments,
    SqlAssignments,
)
from feedback_service.cohorts.mongo import MongoCohorts
from feedback_service.cohorts.repository import CohortRepository, SqlCohorts
from feedback_service.comments.mongo import MongoComments
from feedback_service.comments.repository import CommentRepository, SqlComments
from feedback_service.feedback.mongo import MongoFeedback
from feedback_service.feedback.postgres import PostgresFeedback
from feedback_service.feedback.repository import FeedbackRepository
from feedback_service.feedback.sql import SqlFeedback
from feedback_service.outbox.repository import OutboxRepository, SqlOutbox
from feedback_service.release.repository import MongoReleases, ReleaseRepository, SqlReleases
from feedback_service.requests.mongo import MongoRequests
from feedback_service.requests.repository import RequestRepository, SqlRequests
from feedback_service.rubric.mongo import MongoRubrics
from feedback_service.rubric.repository import RubricRepository, SqlRubrics
from feedback_service.selfassess.mongo import MongoSelfAssessments
from feedback_service.selfassess.repository import SelfAssessmentRepository, SqlSelfAssessments
from feedback_service.settings import Settings
from feedback_service.threads.mongo import MongoThreads
from feedback_service.threads.repository import SqlThreads, ThreadRepository


class FeedbackStore(
    AssignmentRepository,
    RubricRepository,
    FeedbackRepository,
    ThreadRepository,
    RequestRepository,
    CommentRepository,
    CohortRepository,
    ReleaseRepository,
    SelfAssessmentRepository,
    OutboxRepository,
    Protocol,
):
    async def start(self) -> None:
        """Open connections; create indexes where the store does that on start."""

    async def close(self) -> None: ...

    async def ping(self) -> None: ...


class SqlFeedbackStore(
    SqlFeedback,
    SqlAssignments,
    SqlRubrics,
    SqlThreads,
    SqlRequests,
    SqlComments,
    SqlCohorts,
    SqlReleases,
    SqlSelfAssessments,
    SqlOutbox,
):
    """SQLite (and PostgreSQL when asked for explicitly)."""


class PostgresFeedbackStore(
    PostgresFeedback,
    SqlAssignments,
    SqlRubrics,
    SqlThreads,
    SqlRequests,
    SqlComments,
    SqlCohorts,
    SqlReleases,
    SqlSelfAssessments,
    SqlOutbox,
):
    """PostgreSQL, with the asyncpg list path."""


class MongoFeedbackStore(
    MongoFeedback,
    MongoAssignments,
    MongoRubrics,
    MongoRequests,
    MongoComments,
    MongoCohorts,
    MongoReleases,
    MongoSelfAssessments,
    MongoThreads,
):
    """MongoDB (standalone; single-document atomic updates only). `MongoThreads` is also the
    outbox (`MongoOutbox` over the feedback and the messages' collections)."""


def is_mongo(url: str) -> bool:
    return url.startswith(("mongodb://", "mongodb+srv://"))


def make_store(settings: Settings) -> FeedbackStore:
    """The adapter DATABASE_URL names: `mongodb://` → MongoDB, `postgresql` → PostgreSQL,
    anything else → SQL (SQLite)."""
    url = settings.database_url
    if is_mongo(url):
        return MongoFeedbackStore(url, database=settings.mongo_database)
    sql = PostgresFeedbackStore if url.startswith("postgresql") else SqlFeedbackStore
    return sql(
        url,
        pool_size=settings.database_pool_size,
        echo=settings.database_echo,
    )
