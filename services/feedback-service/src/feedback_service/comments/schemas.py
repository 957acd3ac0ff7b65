"""Request and response bodies of the comment bank."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import AfterValidator, BaseModel, Field, StringConstraints

from campus_common.text import MultiLine, SingleLine
from feedback_service.schemas import Strict

TEXT_MAX = 1000
QUERY_MAX = 200


def _not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("must contain some text")
    return value


# 1 to 1000 characters, line breaks and tabs allowed, no other control characters (a 422
# naming `text` otherwise).
CommentText = Annotated[
    MultiLine, StringConstraints(min_length=1, max_length=TEXT_MAX), AfterValidator(_not_blank)
]
Criterion = Annotated[SingleLine, StringConstraints(min_length=1, max_length=64)]
SearchText = Annotated[SingleLine, StringConstraints(max_length=QUERY_MAX)]


class CommentIn(Strict):
    text: CommentText = Field(examples=["Split large pull requests into reviewable steps."])
    criterion: Criterion | None = Field(
        default=None, description="The rubric criterion key it is about, if any."
    )
    shared: bool = Field(
        default=False,
        description="Admins only: a shared comment every mentor sees (true) instead of their "
        "own (false).",
    )


class CommentPatch(Strict):
    text: CommentText | None = None
    criterion: Criterion | None = Field(
        default=None, description="A criterion key; send null to clear it."
    )


class CommentOut(BaseModel):
    id: str
    text: str
    criterion: str | None
    shared: bool = Field(description="A shared (admin-curated) comment, not the caller's own.")
    owner_id: str | None = Field(description="The mentor whose comment it is; null if shared.")
    usage_count: int = Field(description="How many times it was inserted into feedback.")
    created_at: datetime
    updated_at: datetime
    can_edit: bool = Field(description="Whether the caller may change or delete it.")


class CommentList(BaseModel):
    items: list[CommentOut]
