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

from campus_common.text import MultiLine, SingleLine
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


Reason = Annotated[MultiLine, StringConstraints(min_length=1, max_length=2000)]
# A changed part of a feedback ("overall_rating") or a criterion's name.
Changed = Annotated[SingleLine, StringConstraints(min_length=1, max_length=200)]


class FeedbackEditedData(StrictModel):
    """Published feedback was edited: the parts that changed (`changes`, the field names) and
    the rubric criteria whose score or comment changed (`criteria`, their names)."""

    recipient_name: PersonName = ""
    mentor_name: PersonName = ""
    title: Title
    changes: Annotated[list[Changed], Field(max_length=20)] = Field(default_factory=list)
    criteria: Annotated[list[Changed], Field(max_length=50)] = Field(default_factory=list)
    url: HttpUrl


class FeedbackWithdrawnData(StrictModel):
    recipient_name: PersonName = ""
    mentor_name: PersonName = ""
    title: Title
    reason: Reason
    url: HttpUrl


class FeedbackAcknowledgedData(StrictModel):
    """For the mentor: the student has read the feedback."""

    recipient_name: PersonName = ""
    student_name: PersonName = ""
    title: Title
    url: HttpUrl


class FeedbackRequestedData(StrictModel):
    """For the mentor: a student asks for feedback on something."""

    recipient_name: PersonName = ""
    student_name: PersonName = ""
    title: Title
    description: Annotated[MultiLine, StringConstraints(max_length=5000)] = ""
    url: HttpUrl


class AssignmentAddedData(StrictModel):
    """For the student (`role` student: `other_name` is the mentor) and the mentor (`role`
    mentor: `other_name` is the student)."""

    recipient_name: PersonName = ""
    other_name: PersonName = ""
    role: Literal["student", "mentor"]
    cohort: PersonName = ""
    url: HttpUrl


class PasswordChangedData(StrictModel):
    name: ShortText | None = None


NOTIFICATION_DATA: dict[str, type[StrictModel]] = {
    "invitation": InvitationData,
    "feedback_published": FeedbackPublishedData,
    "feedback_message": FeedbackMessageData,
    "feedback_edited": FeedbackEditedData,
    "feedback_withdrawn": FeedbackWithdrawnData,
    "feedback_acknowledged": FeedbackAcknowledgedData,
    "feedback_requested": FeedbackRequestedData,
    "assignment_added": AssignmentAddedData,
    "password_changed": PasswordChangedData,
}
NotificationTemplate = Literal[
    "invitation",
    "feedback_published",
    "feedback_message",
    "feedback_edited",
    "feedback_withdrawn",
    "feedback_acknowledged",
    "feedback_requested",
    "assignment_added",
    "password_changed",
]
UserId = Annotated[
    str, StringConstraints(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_\-]+$")
]


class NotificationCreate(StrictModel):
    template: NotificationTemplate
    to: EmailAddress
    data: dict[str, Any] = Field(default_factory=dict)
    idempotency_key: ShortText
    user_id: UserId | None = Field(
        default=None,
        description="The recipient's account id: their preferences are found by it (by the "
        "address when absent)",
    )
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
