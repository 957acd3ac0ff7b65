"""The email a new message asks for: to the other party, with the message's text (the
notification service escapes it in the HTML part) and the link to the feedback's page."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from feedback_service.clients.directory import DirectoryUser
from feedback_service.store.records import OutboxEvent

# The outbox event of a new message (and the notification template it asks for).
FEEDBACK_MESSAGE = "feedback_message"


class NoRecipient(Exception):
    """The message's recipient is not (or no longer) in the user directory."""


def people(event: OutboxEvent) -> list[str]:
    """Whose names and addresses the notification needs: the recipient's, the author's."""
    return [event.payload["recipient_id"], event.payload["author_id"]]


def message_notification(
    event: OutboxEvent, users: Mapping[str, DirectoryUser], *, public_url: str
) -> dict[str, Any]:
    """The body of `POST /v1/notifications` for a `feedback_message` event."""
    payload = event.payload
    recipient = users.get(payload["recipient_id"])
    author = users.get(payload["author_id"])
    if recipient is None:
        raise NoRecipient("recipient not in the directory")
    return {
        "template": FEEDBACK_MESSAGE,
        "to": recipient.email,
        "data": {
            "recipient_name": recipient.name,
            "author_name": author.name if author else "",
            "title": payload["title"],
            "body": payload["body"],
            "url": f"{public_url.rstrip('/')}/feedback/{payload['feedback_id']}",
        },
        "idempotency_key": event.key,
        **recipient.language(),
    }
