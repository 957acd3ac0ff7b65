"""Requests and responses of the feed: events producers send, and each user's items."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field, StringConstraints

from notification_service.schemas import ShortText, StrictModel, Title

FeedEventType = Literal[
    "feedback_published",
    "feedback_edited",
    "feedback_withdrawn",
    "message_posted",
    "feedback_acknowledged",
    "feedback_requested",
    "assignment_added",
]
Summary = Annotated[str, StringConstraints(max_length=1000)]
# A path inside the SPA ("/feedback/<id>"), never another site.
Link = Annotated[str, StringConstraints(pattern=r"^/[A-Za-z0-9/_\-.?=&%]*$", max_length=500)]
UserId = Annotated[
    str, StringConstraints(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_\-]+$")
]


class FeedEventIn(StrictModel):
    """One event for one recipient. `id` is the producer's id for it: sending the same id again
    (a retry) changes nothing."""

    id: ShortText = Field(examples=["3f1c...:student"])
    user_id: UserId = Field(description="The recipient (an account id)")
    type: FeedEventType
    title: Title
    summary: Summary = ""
    link: Link | None = None
    data: dict[str, Any] = Field(
        default_factory=dict,
        description="What the app words the item from, by type (`title`, and `changes` and "
        "`criteria` for feedback_edited, `reason` for feedback_withdrawn, `role` and `name` for "
        "assignment_added, `name` for feedback_requested); `title` and `summary` are the English "
        "text for any other reader",
    )


class FeedEventAccepted(BaseModel):
    id: uuid.UUID
    created: bool


class FeedItem(BaseModel):
    id: uuid.UUID
    type: FeedEventType
    title: str
    summary: str
    link: str | None
    data: dict[str, Any]
    created_at: datetime
    read_at: datetime | None


class FeedPage(BaseModel):
    items: list[FeedItem]
    next_cursor: str | None = None
    unread: int


class UnreadCount(BaseModel):
    unread: int


class ReadAll(BaseModel):
    marked: int
    unread: Literal[0] = 0
