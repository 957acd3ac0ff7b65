"""Feed items (`POST /v1/events`) and the emails that go with them, as outbox events.

An event with an email of its own kind (published, a thread message) also gives its recipient a
feed item; every other event is a `feed_item` outbox event carrying its feed items (one per
recipient) and, under `emails`, the emails they ask for (see `outbox.emails`). Every item's id
is the outbox row's id with its recipient, so a retried delivery never shows twice.

Each item carries, besides its English `title` and `summary`, the `data` the web app words it
from in the reader's language: `title` (of the feedback, request), and by type `changes` and
`criteria` (edited), `reason` (withdrawn), `name` and `role` (assignment, request)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from feedback_service.outbox import audit
from feedback_service.outbox.emails import FEEDBACK_MESSAGE
from feedback_service.store.records import (
    FEEDBACK_PUBLISHED,
    Assignment,
    OutboxEvent,
    RubricVersion,
    new_id,
)

# The outbox event that adds feed items (and, when it says so, sends their emails).
FEED_ITEM = "feed_item"
# Where the web app shows a mentor their open requests.
REQUESTS_PAGE = "/mentor/requests"


def link(feedback_id: str) -> str:
    return f"/feedback/{feedback_id}"


def item(
    user_id: str,
    *,
    type: str,
    title: str,
    summary: str = "",
    link: str | None = None,
    data: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """One recipient's feed item (its `POST /v1/events` body, less the id)."""
    return {
        "user_id": user_id,
        "type": type,
        "title": title[:500],
        "summary": summary[:1000],
        "link": link,
        "data": dict(data or {}),
    }


def email(
    template: str,
    *,
    recipient_id: str,
    other_id: str | None,
    other_as: str,
    path: str,
    data: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """An email of a feed event: to `recipient_id`, naming `other_id` as `other_as` (a template
    field such as `mentor_name`), linking to `path` of the web app."""
    return {
        "template": template,
        "recipient_id": recipient_id,
        "other_id": other_id,
        "other_as": other_as,
        "path": path,
        "data": dict(data or {}),
    }


def feed_event(
    *,
    key: str,
    items: list[dict[str, Any]],
    emails: list[dict[str, Any]] | None = None,
    now: datetime,
) -> OutboxEvent:
    """An outbox event that becomes these feed items and sends these emails."""
    return OutboxEvent(
        id=new_id(),
        key=key,
        event=FEED_ITEM,
        payload={"items": items, "emails": emails or []},
        created_at=now,
        next_attempt_at=now,
    )


def changed_criteria(rubric: RubricVersion, changes: Mapping[str, Any]) -> list[str]:
    """The names of the criteria whose score or comment an edit changed, in rubric order."""
    keys: set[str] = set()
    for name in ("scores", "criterion_comments"):
        change = changes.get(name)
        if change:
            before, after = change["before"] or {}, change["after"] or {}
            keys |= {k for k in {*before, *after} if before.get(k) != after.get(k)}
    return [c.name for c in rubric.criteria if c.key in keys]


def edited(
    *,
    feedback_id: str,
    student_id: str,
    title: str,
    revision_id: str,
    fields: list[str],
    now: datetime,
    mentor_id: str | None = None,
    criteria: Iterable[str] = (),
) -> OutboxEvent:
    """The student's item and email: which parts changed (`fields`) and which criteria."""
    names = [f.replace("_", " ") for f in fields]  # "overall_rating" → "overall rating"
    named = list(criteria)
    summary = "Changed: " + ", ".join(names) + (f" ({', '.join(named)})" if named else "")
    what = {"changes": fields, "criteria": named}
    return feed_event(
        key=f"feedback-edited:{revision_id}",
        items=[
            item(
                student_id,
                type="feedback_edited",
                title=f"Feedback updated: {title}",
                summary=summary,
                link=link(feedback_id),
                data={"title": title, **what},
            )
        ],
        emails=[
            email(
                "feedback_edited",
                recipient_id=student_id,
                other_id=mentor_id,
                other_as="mentor_name",
                path=link(feedback_id),
                data={"title": title, **what},
            )
        ],
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
    """The student's item and email with the reason and, in the same event, the audit log's
    entry (who withdrew it). The link stays the feedback's: it opens the withdrawn page."""
    event = feed_event(
        key=f"feedback-withdrawn:{feedback_id}",
        items=[
            item(
                student_id,
                type="feedback_withdrawn",
                title=f"Feedback withdrawn: {title}",
                summary=reason,
                link=link(feedback_id),
                data={"title": title, "reason": reason},
            )
        ],
        emails=[
            email(
                "feedback_withdrawn",
                recipient_id=student_id,
                other_id=mentor_id,
                other_as="mentor_name",
                path=link(feedback_id),
                data={"title": title, "reason": reason},
            )
        ],
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


def acknowledged(
    *,
    feedback_id: str,
    mentor_id: str,
    title: str,
    now: datetime,
    student_id: str | None = None,
) -> OutboxEvent:
    """The mentor's item and email: the student has read the feedback."""
    return feed_event(
        key=f"feedback-acknowledged:{feedback_id}",
        items=[
            item(
                mentor_id,
                type="feedback_acknowledged",
                title=f"Feedback acknowledged: {title}",
                summary="The student has read your feedback.",
                link=link(feedback_id),
                data={"title": title},
            )
        ],
        emails=[
            email(
                "feedback_acknowledged",
                recipient_id=mentor_id,
                other_id=student_id,
                other_as="student_name",
                path=link(feedback_id),
                data={"title": title},
            )
        ],
        now=now,
    )


def requested(
    *,
    request_id: str,
    student_id: str,
    student_name: str,
    mentor_id: str,
    title: str,
    description: str,
    now: datetime,
) -> OutboxEvent:
    """The mentor's item and email: a student asks them for feedback."""
    return feed_event(
        key=f"feedback-requested:{request_id}",
        items=[
            item(
                mentor_id,
                type="feedback_requested",
                title=f"Feedback requested: {title}",
                summary=" ".join(description.split())[:200],
                link=REQUESTS_PAGE,
                data={"title": title, "name": student_name, "request_id": request_id},
            )
        ],
        emails=[
            email(
                "feedback_requested",
                recipient_id=mentor_id,
                other_id=student_id,
                other_as="student_name",
                path=REQUESTS_PAGE,
                data={"title": title, "description": description},
            )
        ],
        now=now,
    )


def assignment_added(
    assignment: Assignment,
    *,
    mentor_name: str,
    student_name: str,
    actor_id: str,
    now: datetime,
) -> OutboxEvent:
    """The student's item and email (their new mentor), the mentor's (their new student), and
    the audit log's entry, all in one event."""
    cohort = {"cohort": assignment.cohort} if assignment.cohort else {}
    student_home, mentor_page = "/student", f"/mentor/students/{assignment.student_id}"
    event = feed_event(
        key=f"assignment-added:{assignment.id}",
        items=[
            item(
                assignment.student_id,
                type="assignment_added",
                title=f"Your new mentor: {mentor_name}",
                link=student_home,
                data={"role": "student", "name": mentor_name, **cohort},
            ),
            item(
                assignment.mentor_id,
                type="assignment_added",
                title=f"A new student for you: {student_name}",
                link=mentor_page,
                data={"role": "mentor", "name": student_name, **cohort},
            ),
        ],
        emails=[
            email(
                "assignment_added",
                recipient_id=assignment.student_id,
                other_id=assignment.mentor_id,
                other_as="other_name",
                path=student_home,
                data={"role": "student", **cohort},
            ),
            email(
                "assignment_added",
                recipient_id=assignment.mentor_id,
                other_id=assignment.student_id,
                other_as="other_name",
                path=mentor_page,
                data={"role": "mentor", **cohort},
            ),
        ],
        now=now,
    )
    event.payload["audit"] = audit.entry(
        audit.ASSIGNMENT_ADDED,
        actor_id=actor_id,
        subject_id=assignment.student_id,
        details={
            "assignment_id": assignment.id,
            "mentor_id": assignment.mentor_id,
            "cohort": assignment.cohort,
        },
    )
    return event


def _legacy(p: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Feed events queued before `items` (one body for every recipient)."""
    body = {k: p[k] for k in ("type", "title", "summary", "link", "data")}
    return [{"user_id": r, **body} for r in p["recipients"]]


def items(event: OutboxEvent) -> list[dict[str, Any]]:
    """The `POST /v1/events` bodies an outbox event gives (none for an event without a feed)."""
    p = event.payload
    if event.event == FEED_ITEM:
        bodies = list(p["items"]) if "items" in p else _legacy(p)
    elif event.event == FEEDBACK_PUBLISHED:
        bodies = [
            item(
                p["student_id"],
                type="feedback_published",
                title=f"New feedback: {p['title']}",
                link=link(p["feedback_id"]),
                data={"title": p["title"]},
            )
        ]
    elif event.event == FEEDBACK_MESSAGE:
        bodies = [
            item(
                p["recipient_id"],
                type="message_posted",
                title=f"New message: {p['title']}",
                summary=" ".join(str(p["body"]).split())[:200],
                link=link(p["feedback_id"]),
                data={"title": p["title"], "message_id": p["message_id"]},
            )
        ]
    else:
        return []
    return [{"id": f"{event.id}:{b['user_id']}", **b} for b in bodies]
