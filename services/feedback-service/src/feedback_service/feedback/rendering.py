"""Feedback as the API shows it: one mapping of a feedback to `FeedbackOut`'s fields, used both
for single responses and for the list's JSON written straight from the rows."""

from __future__ import annotations

from typing import Any

import orjson

from campus_common.jwt import Principal
from feedback_service.clients.directory import Directory
from feedback_service.feedback.schemas import FeedbackOut
from feedback_service.store.records import Feedback


def out_fields(feedback: Feedback, names: dict[str, Any], *, admin: bool = False) -> dict[str, Any]:
    """The fields of `FeedbackOut` for one feedback (the single place that maps one to the other)."""
    student, mentor = names.get(feedback.student_id), names.get(feedback.mentor_id)
    return {
        "id": feedback.id,
        "student_id": feedback.student_id,
        "student_name": student.name if student else None,
        "mentor_id": feedback.mentor_id,
        "mentor_name": mentor.name if mentor else None,
        "cohort": feedback.cohort,
        "title": feedback.title,
        "rubric_version": feedback.rubric_version,
        "scores": feedback.scores,
        "overall_rating": feedback.overall_rating,
        "strengths": feedback.strengths,
        "improvements": feedback.improvements,
        "comments": feedback.comments,
        "criterion_comments": feedback.criterion_comments,
        "state": feedback.state.value,
        "edited": feedback.edited,
        "created_at": feedback.created_at,
        "updated_at": feedback.updated_at,
        "published_at": feedback.published_at,
        "acknowledged_at": feedback.acknowledged_at,
        "reply": feedback.reply,
        "replied_at": feedback.replied_at,
        "withdrawn_at": feedback.withdrawn_at if admin else None,
        "withdrawn_reason": feedback.withdrawn_reason if admin else None,
    }


def to_out(feedback: Feedback, names: dict[str, Any], *, admin: bool = False) -> FeedbackOut:
    return FeedbackOut(**out_fields(feedback, names, admin=admin))


async def render(directory: Directory, user: Principal, items: list[Feedback]) -> list[FeedbackOut]:
    names = await directory.names({f.student_id for f in items} | {f.mentor_id for f in items})
    return [to_out(f, names, admin=user.role == "admin") for f in items]


async def render_one(directory: Directory, user: Principal, feedback: Feedback) -> FeedbackOut:
    return (await render(directory, user, [feedback]))[0]


async def render_page(
    directory: Directory, user: Principal, items: list[Feedback], next_cursor: str | None
) -> bytes:
    """A `FeedbackPage` as JSON, straight from the rows: the same fields as `to_out` (one mapping,
    `out_fields`) and the same JSON as pydantic writes (UTC times with `Z`), without building and
    serialising a model per item — the busiest response of the service."""
    names = await directory.names({f.student_id for f in items} | {f.mentor_id for f in items})
    return page_json(items, names, admin=user.role == "admin", next_cursor=next_cursor)


def page_json(
    items: list[Feedback], names: dict[str, Any], *, admin: bool, next_cursor: str | None
) -> bytes:
    page = {"items": [out_fields(f, names, admin=admin) for f in items], "next_cursor": next_cursor}
    return orjson.dumps(page, option=orjson.OPT_UTC_Z)
