"""Who sees what. A student: their own published feedback. A mentor: their own drafts and the
published feedback of students assigned to them. An admin: everything. Anything else is 404."""

from __future__ import annotations

from campus_common.errors import NotFound
from campus_common.jwt import Principal
from feedback_service.store.adapters import FeedbackStore
from feedback_service.store.records import Feedback, MentorScope, State

NOT_FOUND = "No feedback with this id."


async def mentor_scope(store: FeedbackStore, mentor_id: str) -> MentorScope:
    assignments = await store.list_assignments(mentor_id=mentor_id)
    return MentorScope(
        mentor_id=mentor_id, student_ids=tuple(sorted({a.student_id for a in assignments}))
    )


async def is_assigned(store: FeedbackStore, *, mentor_id: str, student_id: str) -> bool:
    return await store.find_assignment(mentor_id=mentor_id, student_id=student_id) is not None


async def can_view(store: FeedbackStore, user: Principal, feedback: Feedback) -> bool:
    if user.role == "admin":
        return True
    if user.role == "student":
        return feedback.student_id == user.id and feedback.state is State.published
    if feedback.state is State.draft:
        return feedback.mentor_id == user.id
    if feedback.state is State.published:
        return await is_assigned(store, mentor_id=user.id, student_id=feedback.student_id)
    return False


async def visible_feedback(store: FeedbackStore, user: Principal, feedback_id: str) -> Feedback:
    feedback = await store.get_feedback(feedback_id)
    if feedback is None or not await can_view(store, user, feedback):
        raise NotFound(NOT_FOUND, slug="feedback-not-found")
    return feedback


async def can_see_student(store: FeedbackStore, user: Principal, student_id: str) -> bool:
    if user.role == "admin":
        return True
    if user.role == "student":
        return user.id == student_id
    return await is_assigned(store, mentor_id=user.id, student_id=student_id)
