"""Release control as the API shows it: a feedback's release status, a schedule, held drafts."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import AwareDatetime, BaseModel, Field

from campus_common.text import SingleLine
from feedback_service.schemas import Strict


class ScheduleIn(Strict):
    release_at: AwareDatetime = Field(
        description="When the release job publishes the draft (with its time zone; stored UTC)."
    )


class ReleaseOut(BaseModel):
    feedback_id: str
    state: str = Field(description="The feedback's state: draft, published or withdrawn.")
    release: Literal["draft", "scheduled", "held", "published", "withdrawn"] = Field(
        description="Where its release stands: a plain draft, scheduled for `release_at`, held "
        "for a manual release (since `held_at`), published, or withdrawn."
    )
    release_at: datetime | None
    held_at: datetime | None
    published_at: datetime | None
    post_policy: Literal["automatic", "manual"] = Field(
        description="The cohort's post policy: 'manual' holds a publish until it is released."
    )


class HeldItem(BaseModel):
    feedback_id: str
    title: str
    cohort: str | None
    student_id: str
    student_name: str | None
    mentor_id: str
    mentor_name: str | None
    held_at: datetime


class HeldList(BaseModel):
    items: list[HeldItem]


class ReleaseAllIn(Strict):
    cohort: SingleLine = Field(min_length=1, max_length=200)


class ReleaseFailure(BaseModel):
    feedback_id: str
    detail: str


class ReleaseResult(BaseModel):
    released: list[str]
    failed: list[ReleaseFailure]
