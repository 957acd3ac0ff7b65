"""Request and response bodies of feedback requests and of the mentor's "needs attention"."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from urllib.parse import urlsplit
from uuid import UUID

from pydantic import AfterValidator, BaseModel, Field, StringConstraints

from campus_common.text import MultiLine, SingleLine
from feedback_service.requests.repository import RequestState
from feedback_service.schemas import Strict, Title

DESCRIPTION_MAX = 2000
LINK_MAX = 2000


def _web_link(value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        raise ValueError("must be an http or https address")
    return value


Link = Annotated[
    SingleLine, StringConstraints(min_length=1, max_length=LINK_MAX), AfterValidator(_web_link)
]
Description = Annotated[MultiLine, StringConstraints(max_length=DESCRIPTION_MAX)]


class RequestIn(Strict):
    title: Title = Field(examples=["My portfolio site"])
    description: Description = Field(
        default="", description="What to look at, what kind of feedback helps (≤ 2000)."
    )
    link: Link | None = Field(default=None, description="An http or https address (optional).")
    mentor_id: UUID | None = Field(
        default=None,
        description="Which of the student's mentors to ask; the first assigned one if left out.",
    )


class RequestOut(BaseModel):
    id: str
    student_id: str
    student_name: str | None
    mentor_id: str
    mentor_name: str | None
    cohort: str | None
    title: str
    description: str
    link: str | None
    state: RequestState
    created_at: datetime
    updated_at: datetime
    closed_at: datetime | None
    feedback_id: str | None = Field(description="The feedback written from it, once started.")


class RequestList(BaseModel):
    items: list[RequestOut]


class CohortRequests(BaseModel):
    cohort: str | None
    open: int = 0
    closed: int = 0
    cancelled: int = 0
    total: int = 0


class RequestSummary(BaseModel):
    cohorts: list[CohortRequests]


class AttentionFeedback(BaseModel):
    feedback_id: str
    title: str
    student_id: str
    student_name: str | None
    at: datetime = Field(description="The student's last message, or when it was published.")


class AttentionOut(BaseModel):
    unread_threads: list[AttentionFeedback] = Field(
        description="Published feedback whose last message is the student's."
    )
    unacknowledged: list[AttentionFeedback] = Field(
        description="Published feedback not acknowledged after `unacknowledged_days`."
    )
    open_requests: list[RequestOut]
    unacknowledged_days: int
