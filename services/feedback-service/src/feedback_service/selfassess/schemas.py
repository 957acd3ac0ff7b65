"""Self-assessments as the API shows them."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

from campus_common.text import SingleLine
from feedback_service.feedback.schemas import CriterionComments
from feedback_service.rubric.schemas import RubricOut
from feedback_service.schemas import LONG_TEXT, Strict


class SelfAssessmentIn(Strict):
    cohort: SingleLine = Field(min_length=1, max_length=200)
    scores: dict[str, int] = Field(default_factory=dict, max_length=20)
    criterion_comments: CriterionComments = Field(default_factory=dict)
    comments: str = Field(default="", max_length=LONG_TEXT)


class SelfAssessmentOut(BaseModel):
    id: str
    student_id: str
    cohort: str
    rubric_version: int
    scores: dict[str, int]
    criterion_comments: dict[str, str]
    comments: str
    created_at: datetime
    updated_at: datetime
    locked: bool = Field(description="Locked once the mentor's feedback of its cycle is released.")
    locked_at: datetime | None
    feedback_id: str | None = Field(description="The released feedback that locked it.")


class CohortSelfAssessment(BaseModel):
    cohort: str
    rubric: RubricOut = Field(description="The rubric to score against (the open one's own).")
    current: SelfAssessmentOut | None = Field(description="The open self-assessment, if started.")


class MySelfAssessments(BaseModel):
    cohorts: list[CohortSelfAssessment] = Field(
        description="The caller's cohorts that ask for a self-assessment."
    )
    past: list[SelfAssessmentOut] = Field(description="Locked ones, the newest first.")


class FeedbackSelfAssessment(BaseModel):
    enabled: bool = Field(description="Whether the feedback's cohort asks for self-assessments.")
    assessment: SelfAssessmentOut | None = Field(
        description="The student's self-assessment of this cycle (locked to this feedback once "
        "it is released)."
    )
    rubric: RubricOut | None = Field(description="The rubric version the assessment scores.")
