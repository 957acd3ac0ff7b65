"""Lists with filters, keyset cursors and counts, scoped to what the caller may see."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import datetime

from campus_common.cursor import decode_cursor, encode_cursor
from campus_common.errors import BadRequest
from campus_common.jwt import Principal
from feedback_service.feedback.access import mentor_scope
from feedback_service.feedback.repository import FeedbackRepository
from feedback_service.store.adapters import FeedbackStore
from feedback_service.store.records import Cursor, Feedback, FeedbackFilter, State, as_utc

VISIBLE_BY_DEFAULT = (State.draft, State.published)


def page_cursor(feedback: Feedback) -> str:
    """Where the page after `feedback` starts."""
    return encode_cursor({"at": feedback.created_at.isoformat(), "id": feedback.id})


def read_cursor(token: str | None) -> Cursor | None:
    """The position a `page_cursor` names; 400 `invalid-cursor` for anything else."""
    if not token:
        return None
    values = decode_cursor(token)
    at, ident = values.get("at"), values.get("id")
    if not isinstance(at, str) or not isinstance(ident, str) or not ident:
        raise BadRequest(
            "The cursor is not valid; start again from the first page.", slug="invalid-cursor"
        )
    try:
        return Cursor(created_at=as_utc(datetime.fromisoformat(at)), id=ident)
    except ValueError as exc:
        raise BadRequest(
            "The cursor is not valid; start again from the first page.", slug="invalid-cursor"
        ) from exc


async def scoped_filter(
    store: FeedbackStore, user: Principal, requested: FeedbackFilter
) -> FeedbackFilter | None:
    """The caller's filter narrowed to what they may see; None when that is nothing."""
    flt = replace(requested)
    if user.role == "admin":
        if flt.states is None:
            flt.states = VISIBLE_BY_DEFAULT
        return flt
    if user.role == "student":
        if flt.student_id not in (None, user.id):
            return None
        if flt.states is not None and State.published not in flt.states:
            return None
        flt.student_id = user.id
        flt.states = (State.published,)
        return flt
    allowed = tuple(s for s in (flt.states or VISIBLE_BY_DEFAULT) if s in VISIBLE_BY_DEFAULT)
    if not allowed:
        return None
    flt.states = allowed
    flt.scope = await mentor_scope(store, user.id)
    return flt


async def iterate(
    store: FeedbackRepository, flt: FeedbackFilter, *, batch_size: int, ascending: bool = True
) -> AsyncIterator[list[Feedback]]:
    """Every matching feedback, one keyset batch at a time (never all rows in memory)."""
    after: Cursor | None = None
    while True:
        batch = await store.list_feedback(flt, limit=batch_size, after=after, ascending=ascending)
        if not batch:
            return
        yield batch
        if len(batch) < batch_size:
            return
        last = batch[-1]
        after = Cursor(created_at=last.created_at, id=last.id)
