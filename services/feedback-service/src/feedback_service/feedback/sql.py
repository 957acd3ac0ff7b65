"""SQL adapter of the feedback store (SQLAlchemy 2 Core, async): SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, fields
from datetime import datetime
from typing import Any, cast

from asyncpg.exceptions import PostgresConnectionError
from sqlalchemy import (
    BindParameter,
    ColumnElement,
    Table,
    and_,
    bindparam,
    case,
    delete,
    func,
    insert,
    or_,
    select,
    text,
    update,
)
from sqlalchemy.engine import RowMapping
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from campus_common.db import JSON_CODEC, create_engine, is_sqlite
from feedback_service.domain import (
    Assignment,
    Criterion,
    Cursor,
    Feedback,
    FeedbackCounts,
    FeedbackFilter,
    Level,
    OutboxEvent,
    Revision,
    RubricVersion,
    State,
)
from feedback_service.models import (
    AssignmentRow,
    Base,
    FeedbackRow,
    OutboxRow,
    RevisionRow,
    RubricRow,
)
from feedback_service.repository.base import DuplicateError

A = cast(Table, AssignmentRow.__table__)
R = cast(Table, RubricRow.__table__)
F = cast(Table, FeedbackRow.__table__)
V = cast(Table, RevisionRow.__table__)
O = cast(Table, OutboxRow.__table__)  # noqa: E741
_FEEDBACK_FIELDS = tuple(f.name for f in fields(Feedback))


def _assignment(row: RowMapping) -> Assignment:
    return Assignment(**dict(row))


def _rubric(row: RowMapping) -> RubricVersion:
    criteria = [
        Criterion(**{**c, "levels": [Level(**lv) for lv in c.get("levels", [])]})
        for c in row["criteria"]
    ]
    return RubricVersion(
        version=row["version"],
        name=row["name"],
        criteria=criteria,
        created_at=row["created_at"],
        created_by=row["created_by"],
    )


def _feedback(row: RowMapping | Mapping[str, Any]) -> Feedback:
    """A feedback from a SQLAlchemy row or an asyncpg record (both map column names to values;
    asyncpg's timestamptz arrives as aware UTC, JSON decoded by the engine's codec)."""
    values = dict(row)
    values["state"] = State(values["state"])
    return Feedback(**values)


def _compile_positional(query: Any, engine: AsyncEngine) -> tuple[str, list[str]]:
    """The statement's SQL for asyncpg ($1, $2, ...) and the bind names in that order."""
    compiled = query.compile(dialect=engine.dialect)
    names = list(compiled.positiontup or [])
    return str(compiled), names


def _event(row: RowMapping) -> OutboxEvent:
    return OutboxEvent(**dict(row))


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


def _list_statement(params: dict[str, Any], acknowledged: bool | None, ascending: bool) -> Any:
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


class SqlFeedbackStore:
    def __init__(self, url: str, *, pool_size: int = 10, echo: bool = False) -> None:
        if is_sqlite(url):
            self.engine = create_engine(url, pool_size=pool_size, echo=echo)
        else:
            # No pre-ping: it doubles the round trips of every list. A connection the server
            # dropped fails one request (503) and the pool then replaces it.
            # No overflow: overflow connections are opened and closed per burst (a TCP + auth +
            # statement-cache warm-up each time, measured as most of the cost under 50 concurrent
            # requests); requests wait for one of the `pool_size` connections instead.
            self.engine = create_async_engine(
                url,
                echo=echo,
                **JSON_CODEC,
                pool_size=pool_size,
                max_overflow=0,
                pool_timeout=10,
                pool_pre_ping=False,
                pool_recycle=1800,
            )
        # Reads run without BEGIN/ROLLBACK round trips (each is one statement anyway).
        self.reader = self.engine.execution_options(isolation_level="AUTOCOMMIT")
        # Compiled list statements per filter shape (PostgreSQL only; see list_feedback).
        self._pg_lists: dict[tuple[Any, ...], tuple[str, list[str]]] | None = (
            None if is_sqlite(url) else {}
        )

    async def start(self) -> None:
        return None

    async def close(self) -> None:
        await self.engine.dispose()

    async def ping(self) -> None:
        async with self.reader.connect() as conn:
            await conn.execute(text("SELECT 1"))

    async def reset(self) -> None:
        async with self.engine.begin() as conn:
            for table in reversed(Base.metadata.sorted_tables):
                await conn.execute(delete(table))

    # Assignments
    async def add_assignment(self, assignment: Assignment) -> None:
        try:
            async with self.engine.begin() as conn:
                await conn.execute(insert(A).values(**asdict(assignment)))
        except IntegrityError as exc:
            raise DuplicateError("assignment exists") from exc

    async def get_assignment(self, assignment_id: str) -> Assignment | None:
        async with self.reader.connect() as conn:
            row = (await conn.execute(select(A).where(A.c.id == assignment_id))).mappings().first()
        return _assignment(row) if row else None

    async def delete_assignment(self, assignment_id: str) -> bool:
        async with self.engine.begin() as conn:
            result = await conn.execute(delete(A).where(A.c.id == assignment_id))
        return bool(result.rowcount)

    async def list_assignments(
        self,
        *,
        mentor_id: str | None = None,
        student_id: str | None = None,
        cohort: str | None = None,
        limit: int = 1000,
    ) -> list[Assignment]:
        query = select(A).order_by(A.c.created_at, A.c.id).limit(limit)
        if mentor_id is not None:
            query = query.where(A.c.mentor_id == mentor_id)
        if student_id is not None:
            query = query.where(A.c.student_id == student_id)
        if cohort is not None:
            query = query.where(A.c.cohort == cohort)
        async with self.reader.connect() as conn:
            rows = (await conn.execute(query)).mappings().all()
        return [_assignment(r) for r in rows]

    async def find_assignment(self, *, mentor_id: str, student_id: str) -> Assignment | None:
        query = select(A).where(A.c.mentor_id == mentor_id, A.c.student_id == student_id)
        async with self.reader.connect() as conn:
            row = (await conn.execute(query)).mappings().first()
        return _assignment(row) if row else None

    # Rubric
    async def current_rubric(self) -> RubricVersion | None:
        query = select(R).order_by(R.c.version.desc()).limit(1)
        async with self.reader.connect() as conn:
            row = (await conn.execute(query)).mappings().first()
        return _rubric(row) if row else None

    async def get_rubric(self, version: int) -> RubricVersion | None:
        async with self.reader.connect() as conn:
            row = (await conn.execute(select(R).where(R.c.version == version))).mappings().first()
        return _rubric(row) if row else None

    async def list_rubrics(self) -> list[RubricVersion]:
        async with self.reader.connect() as conn:
            rows = (await conn.execute(select(R).order_by(R.c.version))).mappings().all()
        return [_rubric(r) for r in rows]

    async def add_rubric(self, rubric: RubricVersion) -> None:
        try:
            async with self.engine.begin() as conn:
                await conn.execute(insert(R).values(**asdict(rubric)))
        except IntegrityError as exc:
            raise DuplicateError("rubric version exists") from exc

    # Feedback
    async def add_feedback(self, feedback: Feedback) -> None:
        values = asdict(feedback)
        values["state"] = feedback.state.value
        async with self.engine.begin() as conn:
            await conn.execute(insert(F).values(**values))

    async def get_feedback(self, feedback_id: str) -> Feedback | None:
        async with self.reader.connect() as conn:
            row = (await conn.execute(select(F).where(F.c.id == feedback_id))).mappings().first()
        return _feedback(row) if row else None

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
        values = {k: (v.value if isinstance(v, State) else v) for k, v in changes.items()}
        query = update(F).where(F.c.id == feedback_id, F.c.state == expected_state.value)
        if expected_updated_at is not None:
            query = query.where(F.c.updated_at == expected_updated_at)
        async with self.engine.begin() as conn:
            result = await conn.execute(query.values(**values))
            if result.rowcount != 1:
                return None
            if revision is not None:
                await conn.execute(insert(V).values(**asdict(revision)))
            if event is not None:
                await conn.execute(insert(O).values(**asdict(event)))
            row = (await conn.execute(select(F).where(F.c.id == feedback_id))).mappings().one()
        return _feedback(row)

    async def delete_draft(self, feedback_id: str) -> bool:
        query = delete(F).where(F.c.id == feedback_id, F.c.state == State.draft.value)
        async with self.engine.begin() as conn:
            result = await conn.execute(query)
        return bool(result.rowcount)

    async def list_feedback(
        self, flt: FeedbackFilter, *, limit: int, after: Cursor | None, ascending: bool = False
    ) -> list[Feedback]:
        if flt.states == ():
            return []  # no state asked for: nothing matches
        params = filter_params(flt, after=after, limit=limit)
        if self._pg_lists is None:
            query = _list_statement(params, flt.acknowledged, ascending)
            async with self.reader.connect() as conn:
                rows = (await conn.execute(query, params)).mappings().all()
            return [_feedback(r) for r in rows]
        # PostgreSQL: the statement compiled once per filter shape, run on asyncpg directly
        # (its prepared-statement cache, no SQLAlchemy statement or execution context per
        # request): the list is the busiest query, and this is a fraction of the CPU.
        key = (tuple(params), flt.acknowledged, ascending)
        compiled = self._pg_lists.get(key)
        if compiled is None:
            query = _list_statement(params, flt.acknowledged, ascending)
            compiled = _compile_positional(query, self.engine)
            if len(self._pg_lists) >= 256:
                self._pg_lists.clear()
            self._pg_lists[key] = compiled
        sql, names = compiled
        async with self.reader.connect() as conn:
            raw = await conn.get_raw_connection()
            driver: Any = raw.driver_connection
            try:
                records = await driver.fetch(sql, *[params[n] for n in names])
            except Exception as exc:
                # A connection the server dropped (a restart) shows as one of several asyncpg
                # errors; like SQLAlchemy's own path, judge by whether the connection is closed.
                # Drop it from the pool and say 503 (the middleware maps ConnectionError).
                if isinstance(exc, OSError | PostgresConnectionError) or driver.is_closed():
                    await conn.invalidate()
                    raise ConnectionError("the database connection was lost") from exc
                raise
        return [_feedback(r) for r in records]

    async def count_feedback(self, flt: FeedbackFilter) -> FeedbackCounts:
        acked = case((F.c.acknowledged_at.is_(None), 0), else_=1)
        if flt.states == ():
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

    async def list_revisions(self, feedback_id: str) -> list[Revision]:
        query = select(V).where(V.c.feedback_id == feedback_id).order_by(V.c.edited_at, V.c.id)
        async with self.reader.connect() as conn:
            rows = (await conn.execute(query)).mappings().all()
        return [Revision(**dict(r)) for r in rows]

    # Outbox
    async def claim_due_events(
        self, *, now: datetime, lease_until: datetime, limit: int
    ) -> list[OutboxEvent]:
        due = (
            select(O)
            .where(O.c.delivered_at.is_(None), O.c.next_attempt_at <= now)
            .order_by(O.c.next_attempt_at)
            .limit(limit)
        )
        claimed: list[OutboxEvent] = []
        async with self.engine.begin() as conn:
            for row in (await conn.execute(due)).mappings().all():
                result = await conn.execute(
                    update(O)
                    .where(
                        O.c.id == row["id"],
                        O.c.delivered_at.is_(None),
                        O.c.next_attempt_at == row["next_attempt_at"],
                    )
                    .values(next_attempt_at=lease_until)
                )
                if result.rowcount == 1:
                    claimed.append(_event(row))
        return claimed

    async def mark_delivered(self, event_id: str, *, at: datetime) -> None:
        async with self.engine.begin() as conn:
            await conn.execute(
                update(O)
                .where(O.c.id == event_id)
                .values(delivered_at=at, attempts=O.c.attempts + 1, last_error=None)
            )

    async def reschedule(
        self, event_id: str, *, attempts: int, next_attempt_at: datetime, error: str
    ) -> None:
        async with self.engine.begin() as conn:
            await conn.execute(
                update(O)
                .where(O.c.id == event_id)
                .values(attempts=attempts, next_attempt_at=next_attempt_at, last_error=error[:500])
            )

    async def get_event(self, key: str) -> OutboxEvent | None:
        async with self.reader.connect() as conn:
            row = (await conn.execute(select(O).where(O.c.key == key))).mappings().first()
        return _event(row) if row else None
