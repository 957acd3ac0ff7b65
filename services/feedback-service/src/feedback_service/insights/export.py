"""CSV export, streamed in keyset batches: UTF-8 with a BOM, ISO 8601 dates, one column per
rubric criterion (of every rubric version), so it opens correctly in a spreadsheet."""

from __future__ import annotations

import csv
import io
from collections.abc import AsyncIterator, Mapping
from dataclasses import replace
from datetime import datetime

from campus_common.jwt import Principal
from feedback_service.access import mentor_scope
from feedback_service.context import Context
from feedback_service.directory import Directory
from feedback_service.domain import Feedback, FeedbackFilter, State
from feedback_service.feedback.listing import iterate
from feedback_service.insights.service import criterion_names
from feedback_service.store import FeedbackStore

BOM = "\ufeff"
HEAD = [
    "id",
    "state",
    "title",
    "student_id",
    "student_name",
    "student_email",
    "mentor_id",
    "mentor_name",
    "cohort",
    "rubric_version",
    "created_at",
    "published_at",
    "overall_rating",
]
TAIL = ["strengths", "improvements", "comments", "edited", "acknowledged_at", "reply"]


async def export_csv(ctx: Context, *, user: Principal, flt: FeedbackFilter) -> AsyncIterator[bytes]:
    """The caller's export as CSV chunks (the scope is settled before the first byte)."""
    scoped = await export_filter(ctx.store, user, flt)
    return stream_csv(ctx.store, ctx.directory, scoped, batch_size=ctx.settings.export_batch_size)


async def export_filter(
    store: FeedbackStore, user: Principal, flt: FeedbackFilter
) -> FeedbackFilter:
    """Admins export everything (published unless other states are asked for); a mentor the
    published feedback of their students."""
    if user.role == "admin":
        return replace(flt, states=flt.states or (State.published,))
    return replace(flt, states=(State.published,), scope=await mentor_scope(store, user.id))


def _iso(value: datetime | None) -> str:
    return value.isoformat() if value else ""


def _neutralise(value: str) -> str:
    """Keep spreadsheets from running text as a formula (CSV injection)."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


class _Buffer:
    def __init__(self) -> None:
        self.io = io.StringIO()
        self.writer = csv.writer(self.io, lineterminator="\r\n")

    def take(self) -> bytes:
        data = self.io.getvalue().encode("utf-8")
        self.io.seek(0)
        self.io.truncate()
        return data


async def stream_csv(
    store: FeedbackStore, directory: Directory, flt: FeedbackFilter, *, batch_size: int
) -> AsyncIterator[bytes]:
    criteria = list(criterion_names(await store.list_rubrics()))
    buf = _Buffer()
    buf.writer.writerow(HEAD + [f"score_{k}" for k in criteria] + TAIL)
    yield (BOM + buf.io.getvalue()).encode("utf-8")
    buf.take()
    async for batch in iterate(store, flt, batch_size=batch_size):
        names = await directory.names({f.student_id for f in batch} | {f.mentor_id for f in batch})
        for fb in batch:
            buf.writer.writerow(_row(fb, names, criteria))
        yield buf.take()


def _row(fb: Feedback, names: Mapping[str, object], criteria: list[str]) -> list[object]:
    student, mentor = names.get(fb.student_id), names.get(fb.mentor_id)
    return [
        fb.id,
        fb.state.value,
        _neutralise(fb.title),
        fb.student_id,
        _neutralise(getattr(student, "name", "")),
        getattr(student, "email", ""),
        fb.mentor_id,
        _neutralise(getattr(mentor, "name", "")),
        _neutralise(fb.cohort or ""),
        fb.rubric_version,
        _iso(fb.created_at),
        _iso(fb.published_at),
        fb.overall_rating if fb.overall_rating is not None else "",
        *[fb.scores.get(k, "") for k in criteria],
        _neutralise(fb.strengths),
        _neutralise(fb.improvements),
        _neutralise(fb.comments),
        "yes" if fb.edited else "no",
        _iso(fb.acknowledged_at),
        _neutralise(fb.reply or ""),
    ]
