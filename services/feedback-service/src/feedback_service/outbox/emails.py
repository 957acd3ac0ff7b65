"""The emails the outbox events ask for: bodies of `POST /v1/notifications`.

A published feedback (to the student) and a new thread message (to the other party, with the
message's text, which the notification service escapes in the HTML part) are events of their own
kind; every other event's emails travel in its `feed_item` payload (`emails`, built by
`outbox.feed.email`): edited, withdrawn, acknowledged, requested, assignment added. Each email
names its recipient's account (`user_id`: their preferences follow it), links to a page of the
web app and carries a key made from the event's, so a repeat is harmless."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from feedback_service.clients.directory import DirectoryUser
from feedback_service.store.records import FEEDBACK_PUBLISHED, OutboxEvent

# The outbox event of a new message (and the notification template it asks for).
FEEDBACK_MESSAGE = "feedback_message"

# Per event of its own kind: the payload keys of the recipient and of the other person the
# email names.
_PARTIES = {
    FEEDBACK_PUBLISHED: ("student_id", "mentor_id"),
    FEEDBACK_MESSAGE: ("recipient_id", "author_id"),
}


class NoRecipient(Exception):
    """The email's recipient is not (or no longer) in the user directory."""


def _attached(event: OutboxEvent) -> list[dict[str, Any]]:
    """The emails a feed event carries (none for older events and other kinds)."""
    if event.event in _PARTIES:
        return []
    return list(event.payload.get("emails") or [])


def sends_email(event: OutboxEvent) -> bool:
    return event.event in _PARTIES or bool(_attached(event))


def people(event: OutboxEvent) -> list[str]:
    """Whose names and addresses the emails need: each recipient's and the other person's."""
    if event.event in _PARTIES:
        return [event.payload[key] for key in _PARTIES[event.event]]
    ids: list[str] = []
    for mail in _attached(event):
        ids += [i for i in (mail["recipient_id"], mail.get("other_id")) if i and i not in ids]
    return ids


def _body(
    *,
    template: str,
    recipient: DirectoryUser | None,
    data: dict[str, Any],
    url: str,
    key: str,
) -> dict[str, Any]:
    if recipient is None:
        raise NoRecipient("recipient not in the directory")
    return {
        "template": template,
        "to": recipient.email,
        "user_id": recipient.id,
        "data": {"recipient_name": recipient.name, **data, "url": url},
        "idempotency_key": key,
        **recipient.language(),
    }


def _own_kind(
    event: OutboxEvent, users: Mapping[str, DirectoryUser], public_url: str
) -> dict[str, Any]:
    payload = event.payload
    recipient_id, other_id = people(event)
    recipient, other = users.get(recipient_id), users.get(other_id)
    other_name = other.name if other else ""
    if event.event == FEEDBACK_PUBLISHED:
        name = recipient.name if recipient else ""
        data: dict[str, Any] = {"student_name": name, "mentor_name": other_name}
    else:
        data = {"author_name": other_name, "body": payload["body"]}
    body = _body(
        template=event.event,
        recipient=recipient,
        data={**data, "title": payload["title"]},
        url=f"{public_url}/feedback/{payload['feedback_id']}",
        key=event.key,
    )
    if event.event == FEEDBACK_PUBLISHED:  # its data has no recipient_name
        del body["data"]["recipient_name"]
    return body


def notifications(
    event: OutboxEvent, users: Mapping[str, DirectoryUser], *, public_url: str
) -> list[dict[str, Any]]:
    """The `POST /v1/notifications` bodies of an event that `sends_email`."""
    base = public_url.rstrip("/")
    if event.event in _PARTIES:
        return [_own_kind(event, users, base)]
    out = []
    for mail in _attached(event):
        other = users.get(mail.get("other_id") or "")
        out.append(
            _body(
                template=mail["template"],
                recipient=users.get(mail["recipient_id"]),
                data={**mail["data"], mail["other_as"]: other.name if other else ""},
                url=f"{base}{mail['path']}",
                key=f"{event.key}:{mail['recipient_id']}",
            )
        )
    return out
