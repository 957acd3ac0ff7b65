"""Request and response bodies of the rubric API."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field, model_validator

from feedback_service.schemas import Name, Strict, Title


class LevelSchema(Strict):
    score: int
    label: Name


class CriterionIn(Strict):
    key: str = Field(min_length=1, max_length=40, pattern=r"^[a-z][a-z0-9_]*$")
    name: Name
    description: str = Field(default="", max_length=1000)
    scale_min: int = Field(default=1, ge=0, le=10)
    scale_max: int = Field(default=5, ge=1, le=10)
    levels: list[LevelSchema] = Field(default_factory=list, max_length=11)

    @model_validator(mode="after")
    def _check_scale(self) -> CriterionIn:
        if self.scale_min >= self.scale_max:
            raise ValueError("scale_min must be lower than scale_max")
        scores = [lv.score for lv in self.levels]
        if len(set(scores)) != len(scores):
            raise ValueError("each level score may appear once")
        if any(s < self.scale_min or s > self.scale_max for s in scores):
            raise ValueError("level scores must lie on the scale")
        return self


class RubricIn(Strict):
    name: Title
    criteria: list[CriterionIn] = Field(min_length=1, max_length=20)

    @model_validator(mode="after")
    def _unique_keys(self) -> RubricIn:
        keys = [c.key for c in self.criteria]
        if len(set(keys)) != len(keys):
            raise ValueError("criterion keys must be unique")
        return self


class CriterionOut(BaseModel):
    key: str
    name: str
    description: str
    scale_min: int
    scale_max: int
    levels: list[LevelSchema]


class RubricOut(BaseModel):
    version: int
    name: str
    criteria: list[CriterionOut]
    created_at: datetime


class RubricVersions(BaseModel):
    items: list[RubricOut]
