"""Request and response bodies of the rubric API.

Limits a school's rubric lives within (docs/feedback.md, "Rubric limits"): 1 to 20 criteria,
at most 11 levels a criterion (one per score of the widest scale, 0 to 10), names and labels
of one line and not blank (rubric name 200 characters, criterion names and level labels 100),
a criterion description of 1000, a level descriptor of 500, a criterion weight a whole number
from 1 to 10 (1 when not given). Every refusal is a 422 whose `errors` name the field, e.g.
`["body", "criteria", "2", "levels", "1", "score"]` for a level score used twice.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    Field,
    ValidationError,
    model_validator,
)
from pydantic_core import InitErrorDetails, PydanticCustomError

from feedback_service.schemas import Name, Strict, Title

MAX_CRITERIA = 20
MAX_LEVELS = 11
MAX_DESCRIPTION = 1000
MAX_DESCRIPTOR = 500
MAX_WEIGHT = 10


Problem = tuple[tuple[str | int, ...], str, str, Any]
BLANK = "must not be empty or only spaces"


def _not_blank(value: str) -> str:
    if not value.strip():
        raise PydanticCustomError("blank", BLANK)
    return value


def _not_empty(value: Any) -> Any:
    """An empty text says so in words (the length rule alone would speak of "items")."""
    if value == "":
        raise PydanticCustomError("blank", BLANK)
    return value


# Input only (the responses keep plain strings, so versions saved before this rule read back).
FilledTitle = Annotated[Title, AfterValidator(_not_blank), BeforeValidator(_not_empty)]
FilledName = Annotated[Name, AfterValidator(_not_blank), BeforeValidator(_not_empty)]
# A level label: the same words for an empty one, which no version could ever hold; one of
# spaces only is refused by CriterionIn, with the criterion's other level problems.
Label = Annotated[Name, BeforeValidator(_not_empty)]


def _fold(text: str) -> str:
    """Names compared as a reader sees them: case and surrounding or repeated spaces ignored."""
    return " ".join(text.split()).casefold()


def _field_errors(model: str, problems: list[Problem]) -> ValidationError:
    """Errors located at the offending field (Pydantic prefixes the model's own location)."""
    return ValidationError.from_exception_data(
        model,
        [
            InitErrorDetails(type=PydanticCustomError(kind, message), loc=loc, input=value)
            for loc, kind, message, value in problems
        ],
    )


def _repeats(values: list[Any]) -> list[int]:
    """Indexes of the values already seen earlier in the list."""
    seen: set[Any] = set()
    out: list[int] = []
    for index, value in enumerate(values):
        if value in seen:
            out.append(index)
        seen.add(value)
    return out


class LevelSchema(Strict):
    # Also the response shape: what is refused on input (a blank label) is checked by
    # CriterionIn, so a version saved before that rule still reads back.
    score: int
    label: Label
    descriptor: str = Field(
        default="",
        max_length=MAX_DESCRIPTOR,
        description="What work at this level looks like, shown beside the label.",
    )


class CriterionIn(Strict):
    key: str = Field(min_length=1, max_length=40, pattern=r"^[a-z][a-z0-9_]*$")
    name: FilledName
    description: str = Field(default="", max_length=MAX_DESCRIPTION)
    scale_min: int = Field(default=1, ge=0, le=10)
    scale_max: int = Field(default=5, ge=1, le=10)
    levels: list[LevelSchema] = Field(default_factory=list, max_length=MAX_LEVELS)
    weight: int = Field(
        default=1,
        ge=1,
        le=MAX_WEIGHT,
        strict=True,
        description="How much this criterion counts against the others (1 when all count alike).",
    )

    @model_validator(mode="after")
    def _check_scale(self) -> CriterionIn:
        if self.scale_min >= self.scale_max:
            raise _field_errors(
                "CriterionIn",
                [
                    (
                        ("scale_max",),
                        "scale_order",
                        "the highest score must be above the lowest score",
                        self.scale_max,
                    )
                ],
            )
        problems: list[Problem] = []
        for index, level in enumerate(self.levels):
            if not level.label.strip():
                problems.append((("levels", index, "label"), "blank", BLANK, level.label))
        scores = [lv.score for lv in self.levels]
        for index in _repeats(scores):
            problems.append(
                (
                    ("levels", index, "score"),
                    "duplicate_score",
                    f"score {scores[index]} is already used by another level",
                    scores[index],
                )
            )
        for index, score in enumerate(scores):
            if not self.scale_min <= score <= self.scale_max:
                problems.append(
                    (
                        ("levels", index, "score"),
                        "score_off_scale",
                        f"must lie on the scale {self.scale_min} to {self.scale_max}",
                        score,
                    )
                )
        labels = [_fold(lv.label) for lv in self.levels]
        for index in _repeats(labels):
            if not labels[index]:
                continue
            problems.append(
                (
                    ("levels", index, "label"),
                    "duplicate_label",
                    "another level already has this label",
                    self.levels[index].label,
                )
            )
        if problems:
            raise _field_errors("CriterionIn", problems)
        return self


class RubricIn(Strict):
    name: FilledTitle
    criteria: list[CriterionIn] = Field(min_length=1, max_length=MAX_CRITERIA)

    @model_validator(mode="after")
    def _unique_criteria(self) -> RubricIn:
        problems: list[Problem] = []
        keys = [c.key for c in self.criteria]
        for index in _repeats(keys):
            problems.append(
                (
                    ("criteria", index, "key"),
                    "duplicate_key",
                    f"key '{keys[index]}' is already used by another criterion",
                    keys[index],
                )
            )
        names = [_fold(c.name) for c in self.criteria]
        for index in _repeats(names):
            if not names[index]:
                continue
            problems.append(
                (
                    ("criteria", index, "name"),
                    "duplicate_name",
                    "another criterion already has this name",
                    self.criteria[index].name,
                )
            )
        if problems:
            raise _field_errors("RubricIn", problems)
        return self


class CriterionOut(BaseModel):
    key: str
    name: str
    description: str
    scale_min: int
    scale_max: int
    levels: list[LevelSchema]
    weight: int


class RubricOut(BaseModel):
    version: int
    rubric_id: str = Field(description="The library rubric this is a version of.")
    name: str
    criteria: list[CriterionOut]
    created_at: datetime


class RubricVersions(BaseModel):
    items: list[RubricOut]


# The library (`/v1/rubrics`): rubric ids are generated ids, or "default".
RubricId = Annotated[str, Field(min_length=1, max_length=36, pattern=r"^[A-Za-z0-9-]+$")]


class RubricRename(Strict):
    name: FilledTitle


class LibraryRubricOut(BaseModel):
    id: str
    name: str
    archived: bool
    archived_at: datetime | None
    created_at: datetime
    is_default: bool = Field(description="The rubric of cohorts without one (never archived).")
    current: RubricOut | None = Field(description="Its latest version (null: none yet).")


class LibraryRubricList(BaseModel):
    items: list[LibraryRubricOut]
