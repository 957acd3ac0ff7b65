"""The emails the outbox events ask for: the body of `POST /v1/notifications` for a published
feedback (to the student) and for a new thread message (to the other party, with the message's
text, which the notification service escapes in the HTML part). Both link to the feedback's page
and carry the event's key, so a repeat is harmless."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from feedback_service.clients.directory import DirectoryUser
from feedback_service.store.records import FEEDBACK_PUBLISHED, OutboxEvent

# The outbox event of a new message (and the notification template it asks for).
FEEDBACK_MESSAGE = "feedback_message"

# Per event: the payload keys of the recipient and of the other person the email names.
_PARTIES = {
    FEEDBACK_PUBLISHED: ("student_id", "mentor_id"),
    FEEDBACK_MESSAGE: ("recipient_id", "author_id"),
}


class NoRecipient(Exception):
    """The email's recipient is not (or no longer) in the user directory."""


def sends_email(event: OutboxEvent) -> bool:
    return event.event in _PARTIES


def people(event: OutboxEvent) -> list[str]:
    """Whose names and addresses the email needs: the recipient's, then the other person's."""
    return [event.payload[key] for key in _PARTIES[event.event]]


def notification(
    event: OutboxEvent, users: Mapping[str, DirectoryUser], *, public_url: str
) -> dict[str, Any]:
    """The body of `POST /v1/notifications` for an event that `sends_email`."""
    payload = event.payload
    recipient_id, other_id = people(event)
    recipient, other = users.get(recipient_id), users.get(other_id)
    if recipient is None:
        raise NoRecipient("recipient not in the directory")
    other_name = other.name if other else ""
    if event.event == FEEDBACK_PUBLISHED:
        data = {"student_name": recipient.name, "mentor_name": other_name}
    else:
        data = {
            "recipient_name": recipient.name,
            "author_name": other_name,
            "body": payload["body"],
        }
    return {
        "template": event.event,
        "to": recipient.email,
        "data": {
            **data,
            "title": payload["title"],
            "url": f"{public_url.rstrip('/')}/feedback/{payload['feedback_id']}",
        },
        "idempotency_key": event.key,
        **recipient.language(),
    }
