"""SQL adapter of the feedback repository (SQLite and PostgreSQL; PostgreSQL lists take the
faster path of `postgres.py`)."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime
from typing import Any

from sqlalchemy import (
    BindParameter,
    ColumnElement,
    Select,
    and_,
    bindparam,
    case,
    delete,
    func,
    insert,
    or_,
    select,
    update,
)

from campus_common.db import AfterCommit
from feedback_service.feedback.repository import stored_values, to_feedback
from feedback_service.store.records import (
    Cursor,
    Feedback,
    FeedbackCounts,
    FeedbackFilter,
    OutboxEvent,
    Revision,
    State,
)
from feedback_service.store.sql import FEEDBACK as F
from feedback_service.store.sql import OUTBOX, REVISIONS, SqlBase


def filter_params(
    flt: FeedbackFilter, *, after: Cursor | None = None, limit: int | None = None
) -> dict[str, Any]:
    """The filter's values by bind-parameter name. Which names are present (and in what order),
    with `flt.acknowledged`, is the filter's shape: `feedback_conditions` builds the SQL from the
    names alone, so a list statement is compiled once per shape and reused with new values."""
    p: dict[str, Any] = {}
    if flt.student_id is not None:
        p["student_id"] = flt.student_id
    if flt.mentor_id is not None:
        p["mentor_id"] = flt.mentor_id
    if flt.cohort is not None:
        p["cohort"] = flt.cohort
    for i, cohort in enumerate(flt.cohorts or ()):
        p[f"cohort_{i}"] = cohort
    for i, state in enumerate(flt.states or ()):
        p[f"state_{i}"] = state.value
    if flt.created_from is not None:
        p["created_from"] = flt.created_from
    if flt.created_to is not None:
        p["created_to"] = flt.created_to
    if flt.scope is not None:
        p["scope_draft"] = State.draft.value
        p["scope_mentor"] = flt.scope.mentor_id
        if flt.scope.student_ids:
            p["scope_published"] = State.published.value
        for i, student in enumerate(flt.scope.student_ids):
            p[f"scope_student_{i}"] = student
    if after is not None:
        p["after_at"], p["after_id"] = after.created_at, after.id
    if limit is not None:
        p["row_limit"] = limit
    return p


def _numbered(params: dict[str, Any], prefix: str) -> list[BindParameter[Any]]:
    return [bindparam(name) for name in params if name.startswith(prefix)]


def feedback_conditions(
    params: dict[str, Any], acknowledged: bool | None
) -> list[ColumnElement[bool]]:
    """SQL conditions for a filter's `filter_params` (names only; values bound at execution)."""
    c = F.c
    where: list[ColumnElement[bool]] = []
    for name in ("student_id", "mentor_id", "cohort"):
        if name in params:
            where.append(c[name] == bindparam(name))
    cohorts = _numbered(params, "cohort_")
    if cohorts:
        where.append(c.cohort.in_(cohorts))
    states = _numbered(params, "state_")
    if states:
        # One state (a student's list) as `=`.
        where.append(c.state == states[0] if len(states) == 1 else c.state.in_(states))
    if "created_from" in params:
        where.append(c.created_at >= bindparam("created_from"))
    if "created_to" in params:
        where.append(c.created_at < bindparam("created_to"))
    if acknowledged is True:
        where.append(c.acknowledged_at.is_not(None))
    elif acknowledged is False:
        where.append(c.acknowledged_at.is_(None))
    if "scope_mentor" in params:
        # A mentor sees their own drafts and the published feedback of their students.
        own_drafts = and_(
            c.state == bindparam("scope_draft"), c.mentor_id == bindparam("scope_mentor")
        )
        students = _numbered(params, "scope_student_")
        if students:
            published = and_(c.state == bindparam("scope_published"), c.student_id.in_(students))
            where.append(or_(own_drafts, published))
        else:
            where.append(own_drafts)
    return where


def list_statement(
    params: dict[str, Any], acknowledged: bool | None, ascending: bool
) -> Select[Any]:
    where = feedback_conditions(params, acknowledged)
    if "after_at" in params:
        at: BindParameter[Any] = bindparam("after_at")
        ident: BindParameter[Any] = bindparam("after_id")
        if ascending:
            where.append(or_(F.c.created_at > at, and_(F.c.created_at == at, F.c.id > ident)))
        else:
            where.append(or_(F.c.created_at < at, and_(F.c.created_at == at, F.c.id < ident)))
    order = (
        (F.c.created_at.asc(), F.c.id.asc())
        if ascending
        else (F.c.created_at.desc(), F.c.id.desc())
    )
    return select(F).where(*where).order_by(*order).limit(bindparam("row_limit"))


class SqlFeedback(SqlBase):
    async def add_feedback(self, feedback: Feedback) -> None:
        values = asdict(feedback)
        values["state"] = feedback.state.value
        async with self.engine.begin() as conn:
            await conn.execute(insert(F).values(**values))

    async def get_feedback(self, feedback_id: str) -> Feedback | None:
        async with self.reader.connect() as conn:
            row = (await conn.execute(select(F).where(F.c.id == feedback_id))).mappings().first()
        return to_feedback(row) if row else None

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
        query = update(F).where(F.c.id == feedback_id, F.c.state == expected_state.value)
        if expected_updated_at is not None:
            query = query.where(F.c.updated_at == expected_updated_at)
        async with self.engine.begin() as conn:
            result = await conn.execute(query.values(**stored_values(changes)))
            if result.rowcount != 1:
                return None
            if revision is not None:
                await conn.execute(insert(REVISIONS).values(**asdict(revision)))
            if event is not None:
                await conn.execute(insert(OUTBOX).values(**asdict(event)))
            row = (await conn.execute(select(F).where(F.c.id == feedback_id))).mappings().one()
        if after_commit is not None:
            await after_commit.run()
        return to_feedback(row)

    async def delete_draft(self, feedback_id: str) -> bool:
        query = delete(F).where(F.c.id == feedback_id, F.c.state == State.draft.value)
        async with self.engine.begin() as conn:
            result = await conn.execute(query)
        return bool(result.rowcount)

    async def list_feedback(
        self, flt: FeedbackFilter, *, limit: int, after: Cursor | None, ascending: bool = False
    ) -> list[Feedback]:
        if flt.states == () or flt.cohorts == ():
            return []  # no state asked for, or no cohort matched: nothing matches
        params = filter_params(flt, after=after, limit=limit)
        query = list_statement(params, flt.acknowledged, ascending)
        async with self.reader.connect() as conn:
            rows = (await conn.execute(query, params)).mappings().all()
        return [to_feedback(r) for r in rows]

    async def count_feedback(self, flt: FeedbackFilter) -> FeedbackCounts:
        acked = case((F.c.acknowledged_at.is_(None), 0), else_=1)
        if flt.states == () or flt.cohorts == ():
            return FeedbackCounts()
        params = filter_params(flt)
        query = (
            select(F.c.state, acked.label("acked"), func.count().label("n"))
            .where(*feedback_conditions(params, flt.acknowledged))
            .group_by(F.c.state, acked)
        )
        counts = FeedbackCounts()
        async with self.reader.connect() as conn:
            for state, is_acked, n in (await conn.execute(query, params)).all():
                counts.total += n
                counts.by_state[state] = counts.by_state.get(state, 0) + n
                if state == State.published.value:
                    if is_acked:
                        counts.acknowledged += n
                    else:
                        counts.unacknowledged += n
        return counts

    async def feedback_cohorts(self) -> list[str]:
        query = select(F.c.cohort).where(F.c.cohort.is_not(None)).distinct()
        async with self.reader.connect() as conn:
            return [str(c) for c in (await conn.execute(query)).scalars().all()]

    async def list_revisions(self, feedback_id: str) -> list[Revision]:
        query = (
            select(REVISIONS)
            .where(REVISIONS.c.feedback_id == feedback_id)
            .order_by(REVISIONS.c.edited_at, REVISIONS.c.id)
        )
        async with self.reader.connect() as conn:
            rows = (await conn.execute(query)).mappings().all()
        return [Revision(**r) for r in rows]
