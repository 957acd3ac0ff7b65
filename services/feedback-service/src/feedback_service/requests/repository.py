"""Storage of feedback requests: the interface, the request as plain data, and the SQL adapter
(MongoDB's is in `mongo.py`).

A request is `open` until the feedback written from it is published (`closed`) or its student
cancels it (`cancelled`). Changes of state are conditional on the state the caller read, so two
at once never both win."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any, Protocol, cast

from sqlalchemy import Table, func, insert, select, update

from feedback_service.models import MessageRow, RequestRow
from feedback_service.store.sql import SqlBase

REQUESTS = cast(Table, RequestRow.__table__)
_MESSAGES = cast(Table, MessageRow.__table__)
# The most requests one list shows.
REQUEST_LIMIT = 500


class RequestState(StrEnum):
    open = "open"
    closed = "closed"
    cancelled = "cancelled"


@dataclass(slots=True)
class FeedbackRequest:
    id: str
    student_id: str
    mentor_id: str
    cohort: str | None
    title: str
    description: str
    link: str | None
    state: RequestState
    created_at: datetime
    updated_at: datetime
    feedback_id: str | None = None  # the feedback written from it, once the mentor starts one
    closed_at: datetime | None = None


@dataclass(slots=True, frozen=True)
class LastMessage:
    """The newest message of a thread: who wrote it and when."""

    feedback_id: str
    author_id: str
    created_at: datetime


def to_request(values: Mapping[Any, Any]) -> FeedbackRequest:
    fields = dict(values)
    if "_id" in fields:
        fields["id"] = fields.pop("_id")
    fields["state"] = RequestState(fields["state"])
    return FeedbackRequest(**fields)


class RequestRepository(Protocol):
    async def add_request(self, request: FeedbackRequest) -> None: ...

    async def get_request(self, request_id: str) -> FeedbackRequest | None: ...

    async def list_requests(
        self,
        *,
        student_id: str | None = None,
        mentor_id: str | None = None,
        states: Sequence[RequestState] | None = None,
        limit: int = REQUEST_LIMIT,
    ) -> list[FeedbackRequest]:
        """Newest first, ordered by (created_at, id) descending."""

    async def update_request(
        self, request_id: str, values: dict[str, Any], *, expected_state: RequestState
    ) -> FeedbackRequest | None:
        """Apply `values` only while the request is in `expected_state`; the new request, or
        None when it is not (or does not exist)."""

    async def close_requests_for(self, feedback_id: str, *, at: datetime) -> int:
        """Close the open requests the feedback was written from; how many closed."""

    async def count_requests(self) -> dict[tuple[str | None, str], int]:
        """How many requests there are per (cohort, state)."""

    async def last_messages(self, feedback_ids: Sequence[str]) -> list[LastMessage]:
        """The newest message that is not deleted of each of these threads (those with one)."""


class SqlRequests(SqlBase):
    async def add_request(self, request: FeedbackRequest) -> None:
        async with self.engine.begin() as conn:
            await conn.execute(insert(REQUESTS).values(**asdict(request)))

    async def get_request(self, request_id: str) -> FeedbackRequest | None:
        query = select(REQUESTS).where(REQUESTS.c.id == request_id)
        async with self.reader.connect() as conn:
            row = (await conn.execute(query)).mappings().first()
        return to_request(row) if row else None

    async def list_requests(
        self,
        *,
        student_id: str | None = None,
        mentor_id: str | None = None,
        states: Sequence[RequestState] | None = None,
        limit: int = REQUEST_LIMIT,
    ) -> list[FeedbackRequest]:
        r = REQUESTS.c
        query = select(REQUESTS).order_by(r.created_at.desc(), r.id.desc()).limit(limit)
        if student_id is not None:
            query = query.where(r.student_id == student_id)
        if mentor_id is not None:
            query = query.where(r.mentor_id == mentor_id)
        if states is not None:
            query = query.where(r.state.in_([s.value for s in states]))
        async with self.reader.connect() as conn:
            rows = (await conn.execute(query)).mappings().all()
        return [to_request(row) for row in rows]

    async def update_request(
        self, request_id: str, values: dict[str, Any], *, expected_state: RequestState
    ) -> FeedbackRequest | None:
        r = REQUESTS.c
        query = (
            update(REQUESTS)
            .where(r.id == request_id, r.state == expected_state.value)
            .values(**values)
        )
        async with self.engine.begin() as conn:
            if (await conn.execute(query)).rowcount != 1:
                return None
            row = (await conn.execute(select(REQUESTS).where(r.id == request_id))).mappings().one()
        return to_request(row)

    async def close_requests_for(self, feedback_id: str, *, at: datetime) -> int:
        r = REQUESTS.c
        query = (
            update(REQUESTS)
            .where(r.feedback_id == feedback_id, r.state == RequestState.open.value)
            .values(state=RequestState.closed.value, closed_at=at, updated_at=at)
        )
        async with self.engine.begin() as conn:
            return int((await conn.execute(query)).rowcount)

    async def count_requests(self) -> dict[tuple[str | None, str], int]:
        r = REQUESTS.c
        query = select(r.cohort, r.state, func.count()).group_by(r.cohort, r.state)
        async with self.reader.connect() as conn:
            rows = (await conn.execute(query)).all()
        return {(cohort, state): int(n) for cohort, state, n in rows}

    async def last_messages(self, feedback_ids: Sequence[str]) -> list[LastMessage]:
        if not feedback_ids:
            return []
        m = _MESSAGES.c
        live = m.deleted_at.is_(None)
        newest = (
            select(m.feedback_id, func.max(m.created_at).label("at"))
            .where(m.feedback_id.in_(list(feedback_ids)), live)
            .group_by(m.feedback_id)
            .subquery()
        )
        query = (
            select(m.feedback_id, m.author_id, m.created_at)
            .join(newest, (m.feedback_id == newest.c.feedback_id) & (m.created_at == newest.c.at))
            .where(live)
            .order_by(m.feedback_id, m.id.desc())
        )
        async with self.reader.connect() as conn:
            rows = (await conn.execute(query)).all()
        found: dict[str, LastMessage] = {}
        for feedback_id, author_id, created_at in rows:
            found.setdefault(feedback_id, LastMessage(feedback_id, author_id, created_at))
        return list(found.values())
