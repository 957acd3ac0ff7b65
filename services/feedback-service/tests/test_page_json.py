"""The list's JSON is written straight from the rows (`page_json`); it must be exactly what the
declared response model (`FeedbackPage` of `FeedbackOut`) would have written for the same data."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from feedback_service.clients.directory import DirectoryUser
from feedback_service.feedback.rendering import page_json, to_out
from feedback_service.feedback.schemas import FeedbackPage
from feedback_service.store.records import Feedback, State

STUDENT = DirectoryUser(id="s1", email="s@example.org", name="Bea Ström", role="student")


def feedback(i: int, **kw: object) -> Feedback:
    values: dict[str, object] = {
        "id": f"f{i}",
        "student_id": "s1",
        "mentor_id": "m-gone",  # a mentor the directory no longer knows: name null
        "cohort": None,
        "title": f'Week {i} — \u00e9t\u00e9 "quoted"',
        "rubric_version": 3,
        "scores": {"clarity": 4, "depth": i},
        "overall_rating": None,
        "strengths": "line one\nline two",
        "improvements": "",
        "comments": "",
        "state": State.published,
        "created_at": datetime(2026, 11, 25, 6, 46, 13, 0, tzinfo=UTC),
        "updated_at": datetime(2026, 11, 25, 6, 46, 13, 410000, tzinfo=UTC),
        "published_at": datetime(2026, 11, 25, 6, 46, 14, 1000, tzinfo=UTC),
        "withdrawn_at": datetime(2026, 11, 26, tzinfo=UTC),
        "withdrawn_reason": "duplicate",
    }
    values.update(kw)
    return Feedback(**values)  # type: ignore[arg-type]


@pytest.mark.parametrize("admin", [False, True])
@pytest.mark.parametrize("cursor", [None, "abc"])
def test_same_bytes_as_the_response_model(admin: bool, cursor: str | None) -> None:
    items = [
        feedback(1),
        feedback(2, reply="thanks", replied_at=datetime(2026, 11, 27, 1, 2, 3, 999, tzinfo=UTC)),
        feedback(3, state=State.draft, overall_rating=5, cohort="2026-A"),
    ]
    names = {"s1": STUDENT}
    expected = FeedbackPage(
        items=[to_out(f, names, admin=admin) for f in items], next_cursor=cursor
    ).model_dump_json()
    assert page_json(items, names, admin=admin, next_cursor=cursor).decode() == expected


def test_withdrawal_is_shown_to_admins_only() -> None:
    mine = page_json([feedback(1)], {}, admin=False, next_cursor=None)
    theirs = page_json([feedback(1)], {}, admin=True, next_cursor=None)
    assert b"duplicate" not in mine
    assert b"duplicate" in theirs
