"""The one storage interface of the feedback service; SQL and MongoDB adapters implement it.

Every method is one unit of work (atomic on its own). `update_feedback` applies a change, records
its revision and queues its outbox event together, so a publish can never lose its notification.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Protocol

from feedback_service.domain import (
    Assignment,
    Cursor,
    Feedback,
    FeedbackCounts,
    FeedbackFilter,
    OutboxEvent,
    Revision,
    RubricVersion,
    State,
)


class DuplicateError(Exception):
    """A unique key already exists."""


class FeedbackStore(Protocol):
    async def start(self) -> None:
        """Open connections; create indexes where the store does that on start."""

    async def close(self) -> None: ...

    async def ping(self) -> None: ...

    async def reset(self) -> None:
        """Delete every document/row (tests only)."""

    # Assignments
    async def add_assignment(self, assignment: Assignment) -> None:
        """Raise DuplicateError if the mentor already has this student."""

    async def get_assignment(self, assignment_id: str) -> Assignment | None: ...

    async def delete_assignment(self, assignment_id: str) -> bool: ...

    async def list_assignments(
        self,
        *,
        mentor_id: str | None = None,
        student_id: str | None = None,
        cohort: str | None = None,
        limit: int = 1000,
    ) -> list[Assignment]: ...

    async def find_assignment(self, *, mentor_id: str, student_id: str) -> Assignment | None: ...

    # Rubric
    async def current_rubric(self) -> RubricVersion | None: ...

    async def get_rubric(self, version: int) -> RubricVersion | None: ...

    async def list_rubrics(self) -> list[RubricVersion]: ...

    async def add_rubric(self, rubric: RubricVersion) -> None:
        """Raise DuplicateError if that version number exists."""

    # Feedback
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
    ) -> Feedback | None:
        """Apply `changes` only while the feedback is still in `expected_state` (and unchanged
        since `expected_updated_at` if given); return the new feedback, or None if it moved on."""

    async def delete_draft(self, feedback_id: str) -> bool: ...

    async def list_feedback(
        self, flt: FeedbackFilter, *, limit: int, after: Cursor | None, ascending: bool = False
    ) -> list[Feedback]:
        """Keyset page ordered by (created_at, id)."""

    async def count_feedback(self, flt: FeedbackFilter) -> FeedbackCounts: ...

    async def list_revisions(self, feedback_id: str) -> list[Revision]: ...

    # Outbox
    async def claim_due_events(
        self, *, now: datetime, lease_until: datetime, limit: int
    ) -> list[OutboxEvent]:
        """Undelivered events due at `now`, each leased until `lease_until` so that only one relay
        replica sends it at a time."""

    async def mark_delivered(self, event_id: str, *, at: datetime) -> None: ...

    async def reschedule(
        self, event_id: str, *, attempts: int, next_attempt_at: datetime, error: str
    ) -> None: ...

    async def get_event(self, key: str) -> OutboxEvent | None: ...
