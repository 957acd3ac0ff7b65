"""A feedback title becomes an email subject: it must be one line without control characters."""

from __future__ import annotations

import uuid

import pytest
from pydantic import ValidationError

from feedback_service.feedback.schemas import FeedbackCreate, FeedbackPatch


@pytest.mark.parametrize("title", ["Week 5\r\nBcc: x@example.org", "Week\t5", "Week 5\n"])
def test_control_characters_in_title_are_refused(title: str) -> None:
    with pytest.raises(ValidationError, match="single line"):
        FeedbackCreate(student_id=uuid.uuid4(), title=title)
    with pytest.raises(ValidationError, match="single line"):
        FeedbackPatch(title=title)


def test_ordinary_title_is_accepted() -> None:
    assert (
        FeedbackCreate(student_id=uuid.uuid4(), title="Week 5 — review").title == "Week 5 — review"
    )
