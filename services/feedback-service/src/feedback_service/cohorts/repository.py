"""Storage of cohort settings: the settings as plain data, the interface, and the SQL adapter
(MongoDB's is in `mongo.py`). A cohort without stored settings has the defaults
(`CohortSettings.defaults`)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any, Literal, Protocol, cast

from sqlalchemy import Table, insert, select, update
from sqlalchemy.exc import IntegrityError

from feedback_service.models import CohortSettingsRow
from feedback_service.store.sql import SqlBase

COHORT_SETTINGS = cast(Table, CohortSettingsRow.__table__)

PostPolicy = Literal["automatic", "manual"]


@dataclass(slots=True)
class CohortSettings:
    cohort: str
    # The library rubric new feedback of this cohort is written with; None: the default rubric.
    rubric_id: str | None = None
    # "automatic": publishing releases to the student; "manual": a mentor or admin releases.
    post_policy: PostPolicy = "automatic"
    # Whether students score themselves against the rubric before the mentor's feedback.
    self_assessment: bool = False
    # None while the cohort has never been set (the defaults).
    updated_at: datetime | None = None
    updated_by: str | None = None

    @classmethod
    def defaults(cls, cohort: str) -> CohortSettings:
        return cls(cohort=cohort)


def to_settings(values: Mapping[Any, Any]) -> CohortSettings:
    """Settings from a SQL row or a MongoDB document (`_id` is the cohort)."""
    fields = dict(values)
    if "_id" in fields:
        fields["cohort"] = fields.pop("_id")
    return CohortSettings(**fields)


class CohortRepository(Protocol):
    async def get_cohort_settings(self, cohort: str) -> CohortSettings | None:
        """The stored settings of this exact cohort, or None."""

    async def list_cohort_settings(self) -> list[CohortSettings]:
        """Every stored cohort's settings, by cohort name."""

    async def put_cohort_settings(self, settings: CohortSettings) -> None:
        """Store the cohort's settings, replacing what it had."""


class SqlCohorts(SqlBase):
    async def get_cohort_settings(self, cohort: str) -> CohortSettings | None:
        query = select(COHORT_SETTINGS).where(COHORT_SETTINGS.c.cohort == cohort)
        async with self.reader.connect() as conn:
            row = (await conn.execute(query)).mappings().first()
        return to_settings(row) if row else None

    async def list_cohort_settings(self) -> list[CohortSettings]:
        query = select(COHORT_SETTINGS).order_by(COHORT_SETTINGS.c.cohort)
        async with self.reader.connect() as conn:
            rows = (await conn.execute(query)).mappings().all()
        return [to_settings(r) for r in rows]

    async def put_cohort_settings(self, settings: CohortSettings) -> None:
        values = asdict(settings)
        cohort = values.pop("cohort")
        change = update(COHORT_SETTINGS).where(COHORT_SETTINGS.c.cohort == cohort).values(values)
        for _ in range(2):
            try:
                async with self.engine.begin() as conn:
                    if (await conn.execute(change)).rowcount:
                        return
                    await conn.execute(insert(COHORT_SETTINGS).values(cohort=cohort, **values))
                return
            except IntegrityError:
                continue  # inserted meanwhile by another request: update it
        raise RuntimeError("cohort settings changed twice while being stored")
