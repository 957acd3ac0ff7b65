"""Lists with filters, keyset cursors and counts, scoped to what the caller may see."""

from __future__ import annotations

import base64
import binascii
from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import datetime

from campus_common.errors import BadRequest
from campus_common.jwt import Principal
from feedback_service.access import mentor_scope
from feedback_service.domain import Cursor, Feedback, FeedbackFilter, State, as_utc
from feedback_service.store import FeedbackStore

VISIBLE_BY_DEFAULT = (State.draft, State.published)


def encode_cursor(feedback: Feedback) -> str:
    raw = f"{feedback.created_at.isoformat()}|{feedback.id}".encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(value: str | None) -> Cursor | None:
    if not value:
        return None
    try:
        raw = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4)).decode()
        stamp, _, ident = raw.partition("|")
        if not ident:
            raise ValueError("no id")
        return Cursor(created_at=as_utc(datetime.fromisoformat(stamp)), id=ident)
    except (ValueError, binascii.Error, UnicodeDecodeError) as exc:
        raise BadRequest(
            "The cursor is not valid; start from the first page.", slug="bad-cursor"
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
    store: FeedbackStore, flt: FeedbackFilter, *, batch_size: int, ascending: bool = True
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
