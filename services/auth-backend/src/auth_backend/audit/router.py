"""The audit log: read by admins (`router`, included under `/admin` behind the admin dependency),
written by the feedback service too (`internal_router`, included behind its service token; the
edge does not route `/internal`)."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Response, status
from pydantic import AwareDatetime

from auth_backend.audit import service as audit
from auth_backend.audit.schemas import (
    AuditEventOut,
    AuditPage,
    DeliveredEvent,
    DeliveredOut,
    KnownEvent,
)
from auth_backend.deps import SessionDep
from campus_common.errors import problem_responses
from campus_common.paging import Limit, Offset

router = APIRouter()
internal_router = APIRouter(prefix="/internal", tags=["internal"])
FEEDBACK_SOURCE = "feedback"


@router.get(
    "/audit",
    summary="The audit log, newest first, filterable by event, person and time",
    responses=problem_responses(401, 403, 422),
)
async def audit_log(
    session: SessionDep,
    event: Annotated[list[KnownEvent] | None, Query(max_length=30)] = None,
    user_id: uuid.UUID | None = None,
    person: Annotated[
        str | None,
        Query(
            max_length=200,
            description="Part of the name or email of who acted or whom it was about "
            "(any case, accents or not).",
        ),
    ] = None,
    since: AwareDatetime | None = None,
    until: AwareDatetime | None = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> AuditPage:
    events, total = await audit.page(
        session,
        events=event or [],
        user_id=user_id,
        person=person,
        since=since,
        until=until,
        limit=limit,
        offset=offset,
    )
    return AuditPage(
        events=[AuditEventOut.model_validate(e) for e in events],
        total=total,
        limit=limit,
        offset=offset,
    )


@internal_router.post(
    "/audit",
    status_code=status.HTTP_201_CREATED,
    summary="Record an audit event of the feedback service (idempotent on the event id)",
    description="201 when recorded, 200 when this event id was recorded before.",
    responses=problem_responses(401, 403, 422),
)
async def record_feedback_event(
    body: DeliveredEvent, response: Response, session: SessionDep
) -> DeliveredOut:
    row, recorded = await audit.record_delivered(session, source=FEEDBACK_SOURCE, body=body)
    if not recorded:
        response.status_code = status.HTTP_200_OK
    return DeliveredOut(id=row.id, recorded=recorded)
