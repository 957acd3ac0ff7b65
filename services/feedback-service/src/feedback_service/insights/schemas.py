"""Response bodies of the trends API."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel


class ScorePoint(BaseModel):
    feedback_id: str
    title: str
    date: datetime
    score: float
    running_average: float


class CriterionSeries(BaseModel):
    key: str
    name: str
    points: list[ScorePoint]


class StudentTrend(BaseModel):
    student_id: str
    feedback_count: int
    criteria: list[CriterionSeries]
    overall: list[ScorePoint]


class CriterionAverage(BaseModel):
    key: str
    name: str
    average: float | None
    count: int


class CohortTrend(BaseModel):
    cohort: str
    feedback_count: int
    student_count: int
    overall_average: float | None
    criteria: list[CriterionAverage]
