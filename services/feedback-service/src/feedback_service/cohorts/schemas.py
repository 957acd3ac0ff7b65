"""Request and response bodies of the cohort settings API."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, Field

from feedback_service.cohorts.repository import PostPolicy
from feedback_service.schemas import Strict, Title

# A cohort as assignments name it (one line, at most 200 characters).
CohortName = Title


class CohortSettingsIn(Strict):
    rubric_id: Annotated[
        str | None,
        Field(
            default=None,
            min_length=1,
            max_length=36,
            description="The library rubric of the cohort's new feedback; null: the default one.",
        ),
    ] = None
    post_policy: PostPolicy = Field(
        default="automatic",
        description="automatic: publishing releases the feedback; manual: a mentor or admin "
        "releases it.",
    )
    self_assessment: bool = Field(
        default=False,
        strict=True,
        description="Whether students score themselves before the mentor's feedback is released.",
    )


class CohortSettingsOut(BaseModel):
    cohort: str
    rubric_id: str = Field(description="The cohort's rubric ('default' when it has none).")
    rubric_name: str | None = Field(
        default=None, description="That rubric's name (null while the library has no such one)."
    )
    post_policy: PostPolicy
    self_assessment: bool
    updated_at: datetime | None = None


class CohortSettingsList(BaseModel):
    items: list[CohortSettingsOut]
