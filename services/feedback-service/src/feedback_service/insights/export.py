"""CSV export, streamed in keyset batches: UTF-8 with a BOM, ISO 8601 dates, two columns per
rubric criterion (of every version of every library rubric, each rubric's apart: its score, its
comment), so it opens correctly in a
spreadsheet."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator, Mapping
from dataclasses import fields, replace
from datetime import datetime
from enum import Enum
from itertools import islice
from typing import Any

from campus_common.jwt import Principal
from campus_common.spreadsheet import csv_text
from feedback_service.clients.directory import Directory, DirectoryUnavailable
from feedback_service.context import Context
from feedback_service.feedback.access import mentor_scope
from feedback_service.insights import repository as repo
from feedback_service.outbox import audit
from feedback_service.store.adapters import FeedbackStore
from feedback_service.store.records import Feedback, FeedbackFilter, State

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
# The column names in Spanish, for a requester whose account is in Spanish (English otherwise).
SPANISH = {
    "id": "id",
    "state": "estado",
    "title": "titulo",
    "student_id": "id_estudiante",
    "student_name": "nombre_estudiante",
    "student_email": "correo_estudiante",
    "mentor_id": "id_mentor",
    "mentor_name": "nombre_mentor",
    "cohort": "grupo",
    "rubric_version": "version_rubrica",
    "created_at": "creada",
    "published_at": "publicada",
    "overall_rating": "valoracion_global",
    "strengths": "puntos_fuertes",
    "improvements": "aspectos_a_mejorar",
    "comments": "comentarios",
    "edited": "editada",
    "acknowledged_at": "leida",
    "reply": "respuesta",
}


async def export_csv(ctx: Context, *, user: Principal, flt: FeedbackFilter) -> AsyncIterator[bytes]:
    """The caller's export as CSV chunks (the scope is settled before the first byte)."""
    scoped = await export_filter(ctx.store, user, flt)
    language = await _language_of(ctx.directory, user.id)
    rows = [0]
    stream = stream_csv(
        ctx.store,
        ctx.directory,
        scoped,
        batch_size=ctx.settings.export_batch_size,
        language=language,
        rows=rows,
    )
    return _audited(ctx, user, flt, stream, rows)


async def _audited(
    ctx: Context,
    user: Principal,
    flt: FeedbackFilter,
    stream: AsyncIterator[bytes],
    rows: list[int],
) -> AsyncIterator[bytes]:
    """The stream, then "exported" in the audit log with the filters asked for and the row
    count, once the last byte is sent (a download broken off midway is not recorded)."""
    async for chunk in stream:
        yield chunk
    event = audit.audit_event(
        audit.FEEDBACK_EXPORTED,
        actor_id=user.id,
        details={"filters": filters_asked(flt), "rows": rows[0]},
        now=ctx.clock(),
    )
    await ctx.store.queue_event(event)
    ctx.relay.wake()


def filters_asked(flt: FeedbackFilter) -> dict[str, Any]:
    """The filters given, as JSON values (states by name, dates in ISO 8601)."""

    def plain(value: Any) -> Any:
        if isinstance(value, Enum):
            return value.value
        if isinstance(value, datetime):
            return value.isoformat()
        if isinstance(value, tuple):
            return [plain(v) for v in value]
        return value

    return {
        f.name: plain(getattr(flt, f.name))
        for f in fields(flt)
        if f.name != "scope" and getattr(flt, f.name) is not None
    }


async def _language_of(directory: Directory, user_id: str) -> str:
    """The requester's account language; English when none or when the directory is down."""
    try:
        found = await directory.by_ids([user_id])
    except DirectoryUnavailable:
        return "en"
    person = found.get(user_id)
    return person.locale if person and person.locale == "es" else "en"


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


def header(criteria: list[str]) -> list[str]:
    return HEAD + [f"score_{k}" for k in criteria] + [f"comment_{k}" for k in criteria] + TAIL


def localized_header(criteria: list[str], language: str) -> list[str]:
    """The header line in `language` ("en" or "es"); the rows are the same in both."""
    if language != "es":
        return header(criteria)
    return (
        [SPANISH[c] for c in HEAD]
        + [f"puntuacion_{k}" for k in criteria]
        + [f"comentario_{k}" for k in criteria]
        + [SPANISH[c] for c in TAIL]
    )


def csv_chunks(
    batch: list[Feedback], names: Mapping[str, object], columns: repo.Columns
) -> Iterator[str]:
    """The CSV lines of one batch, every text cell neutralised by the platform's one CSV writer
    (which starts with the header line; the header was sent once, first)."""
    lines = csv_text(header(columns.keys), (_row(fb, names, columns) for fb in batch))
    return islice(lines, 1, None)


async def stream_csv(
    store: FeedbackStore,
    directory: Directory,
    flt: FeedbackFilter,
    *,
    batch_size: int,
    language: str = "en",
    rows: list[int] | None = None,
) -> AsyncIterator[bytes]:
    """The CSV's chunks; `rows[0]` counts the rows sent."""
    columns = await repo.columns(store)
    yield (BOM + next(csv_text(localized_header(columns.keys, language), []))).encode("utf-8")
    async for batch in repo.batches(store, flt, batch_size=batch_size):
        if rows is not None:
            rows[0] += len(batch)
        names = await directory.names({f.student_id for f in batch} | {f.mentor_id for f in batch})
        yield "".join(csv_chunks(batch, names, columns)).encode("utf-8")


def _row(fb: Feedback, names: Mapping[str, object], columns: repo.Columns) -> list[object]:
    """One feedback's cells (text is neutralised by `csv_text`, email addresses included)."""
    student, mentor = names.get(fb.student_id), names.get(fb.mentor_id)
    criteria = columns.keys
    scores, comments = columns.of(fb, fb.scores), columns.of(fb, fb.criterion_comments)
    return [
        fb.id,
        fb.state.value,
        fb.title,
        fb.student_id,
        getattr(student, "name", ""),
        getattr(student, "email", ""),
        fb.mentor_id,
        getattr(mentor, "name", ""),
        fb.cohort or "",
        fb.rubric_version,
        _iso(fb.created_at),
        _iso(fb.published_at),
        fb.overall_rating if fb.overall_rating is not None else "",
        *[scores.get(k, "") for k in criteria],
        *[comments.get(k, "") for k in criteria],
        fb.strengths,
        fb.improvements,
        fb.comments,
        "yes" if fb.edited else "no",
        _iso(fb.acknowledged_at),
        fb.reply or "",
    ]
