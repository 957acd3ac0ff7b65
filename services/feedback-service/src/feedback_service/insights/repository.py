"""Every read of the insights (trends, the CSV export): published feedback in keyset batches,
the criteria of every rubric of the library (each rubric's apart), whether a mentor has a cohort. Insights never
write; these read through the store's aggregates (`InsightsReader` is all they need of it)."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass, field
from typing import Protocol, TypeVar

from feedback_service.assignments.repository import AssignmentRepository
from feedback_service.feedback.listing import iterate
from feedback_service.feedback.repository import FeedbackRepository
from feedback_service.rubric import library
from feedback_service.rubric.repository import DEFAULT_RUBRIC, RubricRepository
from feedback_service.store.records import Feedback, FeedbackFilter, RubricVersion

V = TypeVar("V")


class InsightsReader(AssignmentRepository, RubricRepository, FeedbackRepository, Protocol):
    """The part of the store the insights read."""


@dataclass(slots=True, frozen=True)
class Column:
    """One criterion of one library rubric, as a trend series or a pair of CSV columns."""

    key: str  # the criterion's key for the default rubric; "<rubric>.<criterion>" otherwise
    criterion: str
    name: str  # the criterion's newest name, followed by its rubric's for a library rubric
    rubric_id: str
    rubric_name: str


@dataclass(slots=True)
class Columns:
    """The criteria of every rubric of the library, kept apart: feedback written with two
    rubrics that share a criterion key (on scales of their own) fill different columns."""

    items: dict[str, Column] = field(default_factory=dict)
    slots: dict[tuple[str, str], str] = field(default_factory=dict)
    rubric_of: dict[int, str] = field(default_factory=dict)

    @property
    def keys(self) -> list[str]:
        return list(self.items)

    def of(self, feedback: Feedback, values: Mapping[str, V]) -> dict[str, V]:
        """`values` (by criterion key, e.g. a feedback's scores) by column key."""
        rubric_id = self.rubric_of.get(feedback.rubric_version, DEFAULT_RUBRIC)
        return {self.slots.get((rubric_id, k), k): v for k, v in values.items()}

    def name(self, key: str) -> str:
        column = self.items.get(key)
        return column.name if column else key


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", text.casefold()).strip("_")[:40] or "rubric"


def columns_of(rubrics: list[RubricVersion], names: Mapping[str, str]) -> Columns:
    """Each rubric's criteria (the default rubric's first, then the library's order given by
    `names`: rubric id → name), each criterion key with its name in the newest version that
    has it, newest keys first."""
    order = {rubric_id: index for index, rubric_id in enumerate(names)}
    newest_first = sorted(rubrics, key=lambda r: r.version, reverse=True)
    found = Columns(rubric_of={r.version: r.rubric_id for r in rubrics})
    taken: set[str] = set()
    by_rubric: dict[str, list[RubricVersion]] = {}
    for rubric in newest_first:
        by_rubric.setdefault(rubric.rubric_id, []).append(rubric)
    ranked = sorted(by_rubric, key=lambda r: (r != DEFAULT_RUBRIC, order.get(r, len(order)), r))
    for rubric_id in ranked:
        versions = by_rubric[rubric_id]
        rubric_name = names.get(rubric_id, versions[0].name)
        prefix = "" if rubric_id == DEFAULT_RUBRIC else _slug(rubric_name)
        if prefix in taken:
            prefix = f"{prefix}_{rubric_id[:8]}"
        taken.add(prefix)
        for version in versions:
            for criterion in version.criteria:
                if (rubric_id, criterion.key) in found.slots:
                    continue
                key = f"{prefix}.{criterion.key}" if prefix else criterion.key
                name = f"{criterion.name} ({rubric_name})" if prefix else criterion.name
                found.slots[(rubric_id, criterion.key)] = key
                found.items[key] = Column(key, criterion.key, name, rubric_id, rubric_name)
    return found


async def columns(store: InsightsReader) -> Columns:
    """Every criterion of every version of every library rubric, each rubric's apart."""
    return columns_of(await store.list_rubrics(), await library.names(store))


async def has_cohort(store: InsightsReader, *, mentor_id: str, cohort: str) -> bool:
    """True when the mentor has at least one student in `cohort`."""
    return bool(await store.list_assignments(mentor_id=mentor_id, cohort=cohort, limit=1))


def batches(
    store: InsightsReader, flt: FeedbackFilter, *, batch_size: int
) -> AsyncIterator[list[Feedback]]:
    """Every feedback `flt` matches, oldest first, one keyset batch at a time."""
    return iterate(store, flt, batch_size=batch_size)
