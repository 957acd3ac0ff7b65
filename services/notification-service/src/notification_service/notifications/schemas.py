"""Requests and responses of the internal notifications API, with each template's data."""

from __future__ import annotations

import uuid
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    Field,
    HttpUrl,
    StringConstraints,
    ValidationError,
    model_validator,
)

from campus_common.text import MultiLine
from notification_service.schemas import (
    EmailAddress,
    Locale,
    PersonName,
    ShortText,
    StrictModel,
    Title,
)


class InvitationData(StrictModel):
    name: ShortText | None = None


class FeedbackPublishedData(StrictModel):
    student_name: PersonName = ""
    mentor_name: PersonName = ""
    title: Title
    url: HttpUrl


class FeedbackMessageData(StrictModel):
    """A new message on a feedback's thread, for the other party. `body` is the message's
    source text: the HTML part escapes it, the text part carries it as it is."""

    recipient_name: PersonName = ""
    author_name: PersonName = ""
    title: Title
    body: Annotated[MultiLine, StringConstraints(min_length=1, max_length=5000)]
    url: HttpUrl


class PasswordChangedData(StrictModel):
    name: ShortText | None = None


NOTIFICATION_DATA: dict[str, type[StrictModel]] = {
    "invitation": InvitationData,
    "feedback_published": FeedbackPublishedData,
    "feedback_message": FeedbackMessageData,
    "password_changed": PasswordChangedData,
}
NotificationTemplate = Literal[
    "invitation", "feedback_published", "feedback_message", "password_changed"
]


class NotificationCreate(StrictModel):
    template: NotificationTemplate
    to: EmailAddress
    data: dict[str, Any] = Field(default_factory=dict)
    idempotency_key: ShortText
    locale: Locale | None = Field(
        default=None, description="The recipient's language; English when absent or unsupported"
    )

    @model_validator(mode="after")
    def _data_matches_template(self) -> NotificationCreate:
        model = NOTIFICATION_DATA[self.template]
        try:
            parsed = model.model_validate(self.data)
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first["loc"]) or "data"
            raise ValueError(f"data.{where}: {first['msg']}") from None
        self.data = parsed.model_dump(mode="json", exclude_none=True)
        return self


class NotificationOut(BaseModel):
    id: uuid.UUID
    status: Literal["queued"]
