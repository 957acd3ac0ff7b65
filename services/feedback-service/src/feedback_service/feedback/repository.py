"""Storage of feedback (with its revisions): the interface and the one mapper of its adapters
(SQL in `sql.py`, PostgreSQL's list path in `postgres.py`, MongoDB in `mongo.py`).

`update_feedback` applies a change, records its revision and queues its outbox event together,
so a publish can never lose its notification.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any, Protocol

from campus_common.db import AfterCommit
from feedback_service.store.records import (
    Cursor,
    Feedback,
    FeedbackCounts,
    FeedbackFilter,
    OutboxEvent,
    Revision,
    State,
)


class FeedbackRepository(Protocol):
    async def add_feedback(self, feedback: Feedback) -> None: ...

    async def get_feedback(self, feedback_id: str) -> Feedback | None: ...

    async def update_feedback(
        self,
        feedback_id: str,
        changes: dict[str, Any],
        *,
        expected_state: State,
        expected_updated_at: datetime | None = None,
        revision: Revision | None = None,
        event: OutboxEvent | None = None,
        after_commit: AfterCommit | None = None,
    ) -> Feedback | None:
        """Apply `changes` only while the feedback is still in `expected_state` (and unchanged
        since `expected_updated_at` if given); return the new feedback, or None if it moved on.
        The `after_commit` hooks run once the write has committed, never when it did not
        happen."""

    async def delete_draft(self, feedback_id: str) -> bool: ...

    async def list_feedback(
        self, flt: FeedbackFilter, *, limit: int, after: Cursor | None, ascending: bool = False
    ) -> list[Feedback]:
        """Keyset page ordered by (created_at, id)."""

    async def count_feedback(self, flt: FeedbackFilter) -> FeedbackCounts: ...

    async def list_revisions(self, feedback_id: str) -> list[Revision]: ...

    async def feedback_cohorts(self) -> list[str]:
        """Every distinct cohort feedback was written under (for `cohorts.matching`)."""


def to_feedback(values: Mapping[Any, Any]) -> Feedback:
    """A feedback from a SQLAlchemy row, an asyncpg record or a MongoDB document (all map field
    names to values; a document's `_id` is the id, its embedded revisions and outbox left out)."""
    fields = dict(values)
    if "_id" in fields:
        fields["id"] = fields.pop("_id")
        fields.pop("revisions", None)
        fields.pop("outbox_events", None)
        fields.pop("outbox", None)
    fields["state"] = State(fields["state"])
    return Feedback(**fields)


def stored_values(changes: Mapping[str, Any]) -> dict[str, Any]:
    """Changes as stored: a `State` as its text."""
    return {k: (v.value if isinstance(v, State) else v) for k, v in changes.items()}
