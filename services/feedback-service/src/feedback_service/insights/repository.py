"""Every read of the insights (trends, the CSV export): published feedback in keyset batches,
the criterion names of every rubric version, whether a mentor has a cohort. Insights never
write; these read through the store's aggregates (`InsightsReader` is all they need of it)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Protocol

from feedback_service.assignments.repository import AssignmentRepository
from feedback_service.feedback.listing import iterate
from feedback_service.feedback.repository import FeedbackRepository
from feedback_service.rubric.repository import RubricRepository
from feedback_service.store.records import Feedback, FeedbackFilter, RubricVersion


class InsightsReader(AssignmentRepository, RubricRepository, FeedbackRepository, Protocol):
    """The part of the store the insights read."""


def criterion_names(rubrics: list[RubricVersion]) -> dict[str, str]:
    """Each criterion key's name in the newest rubric version that has it, newest keys first."""
    names: dict[str, str] = {}
    for rubric in sorted(rubrics, key=lambda r: r.version, reverse=True):
        for criterion in rubric.criteria:
            names.setdefault(criterion.key, criterion.name)
    return names


async def criteria(store: InsightsReader) -> dict[str, str]:
    """Every criterion key of every rubric version, with its newest name."""
    return criterion_names(await store.list_rubrics())


async def has_cohort(store: InsightsReader, *, mentor_id: str, cohort: str) -> bool:
    """True when the mentor has at least one student in `cohort`."""
    return bool(await store.list_assignments(mentor_id=mentor_id, cohort=cohort, limit=1))


def batches(
    store: InsightsReader, flt: FeedbackFilter, *, batch_size: int
) -> AsyncIterator[list[Feedback]]:
    """Every feedback `flt` matches, oldest first, one keyset batch at a time."""
    return iterate(store, flt, batch_size=batch_size)
