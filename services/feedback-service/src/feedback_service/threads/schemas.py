"""Request and response bodies of a feedback's thread."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, Field, StringConstraints

from campus_common.text import MultiLine
from feedback_service.schemas import Strict

BODY_MAX = 5000


def _not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("must contain some text")
    return value


# Markdown source: 1 to 5000 characters, line breaks and tabs allowed, no other control
# characters (a 422 naming `body` otherwise).
MessageBody = Annotated[
    MultiLine,
    StringConstraints(min_length=1, max_length=BODY_MAX),
    AfterValidator(_not_blank),
]


class MessageIn(Strict):
    body: MessageBody = Field(
        description="Markdown: paragraphs, **bold**, _italic_, [links](https://…), lists, "
        "`code` and code blocks. Anything else shows as text.",
        examples=["Thanks! I'll split my **pull requests** from now on."],
    )


class MessageOut(BaseModel):
    id: str
    feedback_id: str
    author_id: str
    author_name: str | None
    author_role: Literal["student", "mentor", "admin"]
    body: str | None = Field(description="The Markdown source; null once deleted.")
    html: str | None = Field(description="`body` rendered and sanitised; null once deleted.")
    created_at: datetime
    edited: bool
    edited_at: datetime | None
    deleted: bool
    deleted_at: datetime | None
    editable_until: datetime | None = Field(
        description="Until when the caller may edit it (their own message, not deleted); "
        "null when they may not."
    )
    can_delete: bool = Field(description="Whether the caller may delete it.")


class ThreadOut(BaseModel):
    feedback_id: str
    messages: list[MessageOut]
    can_post: bool = Field(description="Whether the caller may post a message here.")
