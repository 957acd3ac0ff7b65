"""Feed items the outbox delivers to the notification service (`POST /v1/events`).

An event with email (published, a thread message) also gives its recipient a feed item; an
event with no email (edited, withdrawn, acknowledged) is a `feed_item` outbox
event carrying its recipients and text. Every item's id is the outbox row's id with its
recipient, so a retried delivery never shows twice."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from feedback_service.outbox import audit
from feedback_service.outbox.emails import FEEDBACK_MESSAGE
from feedback_service.store.records import FEEDBACK_PUBLISHED, OutboxEvent, new_id

# The outbox event that only adds feed items.
FEED_ITEM = "feed_item"


def link(feedback_id: str) -> str:
    return f"/feedback/{feedback_id}"


def feed_event(
    *,
    key: str,
    recipients: list[str],
    type: str,
    title: str,
    summary: str = "",
    feedback_id: str | None = None,
    data: dict[str, Any] | None = None,
    now: datetime,
) -> OutboxEvent:
    """An outbox event that becomes one feed item per recipient."""
    return OutboxEvent(
        id=new_id(),
        key=key,
        event=FEED_ITEM,
        payload={
            "recipients": recipients,
            "type": type,
            "title": title[:500],
            "summary": summary[:1000],
            "link": link(feedback_id) if feedback_id else None,
            "data": data or {},
        },
        created_at=now,
        next_attempt_at=now,
    )


def edited(
    *,
    feedback_id: str,
    student_id: str,
    title: str,
    revision_id: str,
    fields: list[str],
    now: datetime,
) -> OutboxEvent:
    names = [f.replace("_", " ") for f in fields]  # "overall_rating" → "overall rating"
    return feed_event(
        key=f"feedback-edited:{revision_id}",
        recipients=[student_id],
        type="feedback_edited",
        title=f"Feedback updated: {title}",
        summary="Changed: " + ", ".join(names),
        feedback_id=feedback_id,
        data={"changes": fields},
        now=now,
    )


def withdrawn(
    *,
    feedback_id: str,
    student_id: str,
    mentor_id: str | None = None,
    title: str,
    reason: str,
    now: datetime,
    actor_id: str | None = None,
) -> OutboxEvent:
    """The student's feed item and, in the same event, the audit log's entry (who withdrew it)."""
    event = feed_event(
        key=f"feedback-withdrawn:{feedback_id}",
        recipients=[student_id],
        type="feedback_withdrawn",
        title=f"Feedback withdrawn: {title}",
        summary=reason,
        feedback_id=feedback_id,
        data={"reason": reason},
        now=now,
    )
    if actor_id is not None:
        event.payload["audit"] = audit.entry(
            audit.FEEDBACK_WITHDRAWN,
            actor_id=actor_id,
            subject_id=student_id,
            details={
                "feedback_id": feedback_id,
                "title": title[:200],
                "reason": reason[:500],
                "mentor_id": mentor_id,
            },
        )
    return event


def acknowledged(*, feedback_id: str, mentor_id: str, title: str, now: datetime) -> OutboxEvent:
    return feed_event(
        key=f"feedback-acknowledged:{feedback_id}",
        recipients=[mentor_id],
        type="feedback_acknowledged",
        title=f"Feedback acknowledged: {title}",
        summary="The student has read your feedback.",
        feedback_id=feedback_id,
        now=now,
    )


def items(event: OutboxEvent) -> list[dict[str, Any]]:
    """The `POST /v1/events` bodies an outbox event gives (none for an event without a feed)."""
    p = event.payload
    if event.event == FEED_ITEM:
        recipients: list[str] = list(p["recipients"])
        body = {k: p[k] for k in ("type", "title", "summary", "link", "data")}
    elif event.event == FEEDBACK_PUBLISHED:
        recipients = [p["student_id"]]
        body = {
            "type": "feedback_published",
            "title": f"New feedback: {p['title']}"[:500],
            "summary": "",
            "link": link(p["feedback_id"]),
            "data": {},
        }
    elif event.event == FEEDBACK_MESSAGE:
        recipients = [p["recipient_id"]]
        body = {
            "type": "message_posted",
            "title": f"New message: {p['title']}"[:500],
            "summary": " ".join(str(p["body"]).split())[:200],
            "link": link(p["feedback_id"]),
            "data": {"message_id": p["message_id"]},
        }
    else:
        return []
    return [{"id": f"{event.id}:{r}", "user_id": r, **body} for r in recipients]
