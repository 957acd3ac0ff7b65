"""Feedback: drafts, publishing (with its outbox event), revisions, withdrawal, the student's side."""

from __future__ import annotations

from typing import Any

import orjson

from campus_common.errors import Conflict, Forbidden, NotFound
from campus_common.jwt import Principal
from feedback_service.directory import Directory
from feedback_service.domain import (
    EDITABLE_FIELDS,
    Feedback,
    OutboxEvent,
    Revision,
    State,
    new_id,
    utcnow,
)
from feedback_service.repository import FeedbackStore
from feedback_service.schemas import FeedbackCreate, FeedbackOut, FeedbackPatch, HistoryOut
from feedback_service.service import rubric as rubric_service
from feedback_service.service.access import NOT_FOUND, is_assigned, visible_feedback

FEEDBACK_PUBLISHED = "feedback_published"
_CHANGED = "This feedback changed meanwhile; reload it and try again."


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


async def create(store: FeedbackStore, *, user: Principal, data: FeedbackCreate) -> Feedback:
    student_id = str(data.student_id)
    assignments = await store.list_assignments(student_id=student_id)
    mine = [a for a in assignments if a.mentor_id == user.id]
    if user.role == "mentor" and not mine:
        raise NotFound("No student with this id among yours.", slug="student-not-found")
    if user.role == "admin" and not assignments:
        raise NotFound("No student with this id has a mentor.", slug="student-not-found")
    rubric = await rubric_service.current(store)
    rubric_service.check_scores(rubric, data.scores, complete=False)
    now = utcnow()
    feedback = Feedback(
        id=new_id(),
        student_id=student_id,
        mentor_id=user.id,
        cohort=(mine or assignments)[0].cohort,
        title=data.title,
        rubric_version=rubric.version,
        scores=dict(data.scores),
        overall_rating=data.overall_rating,
        strengths=data.strengths,
        improvements=data.improvements,
        comments=data.comments,
        state=State.draft,
        created_at=now,
        updated_at=now,
    )
    await store.add_feedback(feedback)
    return feedback


def _may_edit(user: Principal, feedback: Feedback) -> None:
    if feedback.state is State.draft and feedback.mentor_id != user.id:
        raise Forbidden("Only its author edits a draft.", slug="not-the-author")
    if feedback.state is State.published and user.role != "admin" and feedback.mentor_id != user.id:
        raise Forbidden("Only its author or an admin edits feedback.", slug="not-the-author")
    if feedback.state is State.withdrawn:
        raise Conflict("Withdrawn feedback cannot change.", slug="feedback-withdrawn")


async def update(
    store: FeedbackStore, *, user: Principal, feedback_id: str, data: FeedbackPatch
) -> Feedback:
    feedback = await visible_feedback(store, user, feedback_id)
    _may_edit(user, feedback)
    requested = data.model_dump(exclude_unset=True)
    if "title" in requested and requested["title"] is None:
        del requested["title"]
    if requested.get("scores") is None:
        requested.pop("scores", None)
    rubric = await rubric_service.version(store, number=feedback.rubric_version)
    if "scores" in requested:
        rubric_service.check_scores(
            rubric, requested["scores"], complete=feedback.state is State.published
        )
    for text_field in ("strengths", "improvements", "comments"):
        if text_field in requested and requested[text_field] is None:
            requested[text_field] = ""
    changes = {
        k: {"before": getattr(feedback, k), "after": v}
        for k, v in requested.items()
        if k in EDITABLE_FIELDS and getattr(feedback, k) != v
    }
    if not changes:
        return feedback
    now = utcnow()
    values: dict[str, Any] = {k: c["after"] for k, c in changes.items()}
    values["updated_at"] = now
    revision = None
    if feedback.state is State.published:
        if values.get("overall_rating", feedback.overall_rating) is None:
            raise Conflict("Published feedback keeps its overall rating.", slug="rating-required")
        values["edited"] = True
        revision = Revision(
            id=new_id(), feedback_id=feedback.id, editor_id=user.id, edited_at=now, changes=changes
        )
    updated = await store.update_feedback(
        feedback.id,
        values,
        expected_state=feedback.state,
        expected_updated_at=feedback.updated_at,
        revision=revision,
    )
    if updated is None:
        raise Conflict(_CHANGED, slug="feedback-changed")
    return updated


async def publish(
    store: FeedbackStore, *, user: Principal, feedback_id: str
) -> tuple[Feedback, bool]:
    """Publish a draft and queue its notification in the same write. Returns (feedback, changed)."""
    feedback = await visible_feedback(store, user, feedback_id)
    if feedback.mentor_id != user.id:
        raise Forbidden("Only its author publishes feedback.", slug="not-the-author")
    if feedback.state is State.published:
        return feedback, False
    if feedback.state is not State.draft:
        raise Conflict("Only a draft can be published.", slug="not-a-draft")
    if user.role == "mentor" and not await is_assigned(
        store, mentor_id=user.id, student_id=feedback.student_id
    ):
        raise Conflict("This student is no longer assigned to you.", slug="not-assigned")
    rubric = await rubric_service.version(store, number=feedback.rubric_version)
    rubric_service.check_scores(rubric, feedback.scores, complete=True)
    if feedback.overall_rating is None:
        raise Conflict("Give an overall rating before publishing.", slug="rating-required")
    now = utcnow()
    event = OutboxEvent(
        id=new_id(),
        key=f"feedback-published:{feedback.id}",
        event=FEEDBACK_PUBLISHED,
        payload={
            "feedback_id": feedback.id,
            "student_id": feedback.student_id,
            "mentor_id": feedback.mentor_id,
            "title": feedback.title,
        },
        created_at=now,
        next_attempt_at=now,
    )
    updated = await store.update_feedback(
        feedback.id,
        {"state": State.published, "published_at": now, "updated_at": now},
        expected_state=State.draft,
        event=event,
    )
    if updated is None:
        raise Conflict(_CHANGED, slug="feedback-changed")
    return updated, True


async def withdraw(
    store: FeedbackStore, *, user: Principal, feedback_id: str, reason: str
) -> Feedback:
    feedback = await visible_feedback(store, user, feedback_id)
    if feedback.state is not State.published:
        raise Conflict("Only published feedback can be withdrawn.", slug="not-published")
    now = utcnow()
    updated = await store.update_feedback(
        feedback.id,
        {
            "state": State.withdrawn,
            "withdrawn_at": now,
            "withdrawn_by": user.id,
            "withdrawn_reason": reason,
            "updated_at": now,
        },
        expected_state=State.published,
    )
    if updated is None:
        raise Conflict(_CHANGED, slug="feedback-changed")
    return updated


async def _own_published(store: FeedbackStore, user: Principal, feedback_id: str) -> Feedback:
    feedback = await store.get_feedback(feedback_id)
    if feedback is None or feedback.student_id != user.id or feedback.state is not State.published:
        raise NotFound(NOT_FOUND, slug="feedback-not-found")
    return feedback


async def acknowledge(store: FeedbackStore, *, user: Principal, feedback_id: str) -> Feedback:
    feedback = await _own_published(store, user, feedback_id)
    if feedback.acknowledged_at is not None:
        return feedback
    # An edit by the mentor at the same moment does not matter to an acknowledgement.
    updated = await store.update_feedback(
        feedback.id, {"acknowledged_at": utcnow()}, expected_state=State.published
    )
    return updated or await _own_published(store, user, feedback_id)


async def reply(
    store: FeedbackStore, *, user: Principal, feedback_id: str, comment: str
) -> Feedback:
    feedback = await _own_published(store, user, feedback_id)
    if feedback.reply is not None:
        raise Conflict("You have already replied to this feedback.", slug="already-replied")
    now = utcnow()
    # Moving updated_at makes a concurrent second reply fail its expected_updated_at check.
    values: dict[str, Any] = {"reply": comment, "replied_at": now, "updated_at": now}
    if feedback.acknowledged_at is None:
        values["acknowledged_at"] = now
    updated = await store.update_feedback(
        feedback.id,
        values,
        expected_state=State.published,
        expected_updated_at=feedback.updated_at,
    )
    if updated is None:
        raise Conflict(_CHANGED, slug="feedback-changed")
    return updated


async def delete_draft(store: FeedbackStore, *, user: Principal, feedback_id: str) -> None:
    feedback = await visible_feedback(store, user, feedback_id)
    if feedback.state is not State.draft:
        raise Conflict(
            "Only drafts can be deleted; withdraw published feedback.", slug="not-a-draft"
        )
    if feedback.mentor_id != user.id:
        raise Forbidden("Only its author deletes a draft.", slug="not-the-author")
    if not await store.delete_draft(feedback.id):
        raise Conflict(_CHANGED, slug="feedback-changed")


async def history(
    store: FeedbackStore, directory: Directory, *, user: Principal, feedback_id: str
) -> HistoryOut:
    feedback = await visible_feedback(store, user, feedback_id)
    revisions = await store.list_revisions(feedback.id)
    names = await directory.names({r.editor_id for r in revisions})
    return HistoryOut.model_validate(
        {
            "feedback_id": feedback.id,
            "edited": feedback.edited,
            "revisions": [
                {
                    "id": r.id,
                    "editor_id": r.editor_id,
                    "editor_name": names[r.editor_id].name if r.editor_id in names else None,
                    "edited_at": r.edited_at,
                    "changes": r.changes,
                }
                for r in revisions
            ],
        }
    )
