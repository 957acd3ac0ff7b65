"""Response bodies of the trends API."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field


class ScorePoint(BaseModel):
    feedback_id: str
    title: str
    date: datetime
    score: float
    running_average: float


class CriterionSeries(BaseModel):
    key: str
    name: str
    rubric_id: str | None = Field(default=None, description="The library rubric of the criterion.")
    rubric_name: str | None = None
    points: list[ScorePoint]


class StudentTrend(BaseModel):
    student_id: str
    feedback_count: int
    criteria: list[CriterionSeries]
    overall: list[ScorePoint]


class CriterionAverage(BaseModel):
    key: str
    name: str
    rubric_id: str | None = Field(default=None, description="The library rubric of the criterion.")
    rubric_name: str | None = None
    average: float | None
    count: int


class CohortTrend(BaseModel):
    cohort: str
    feedback_count: int
    student_count: int
    overall_average: float | None
    criteria: list[CriterionAverage]
