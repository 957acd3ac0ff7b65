"""The audit log for admins (included under `/admin` behind the admin dependency)."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import AwareDatetime

from auth_backend.audit import service as audit
from auth_backend.audit.schemas import AuditEventOut, AuditPage, EventName
from auth_backend.deps import SessionDep
from campus_common.errors import problem_responses

router = APIRouter()


@router.get(
    "/audit",
    response_model=AuditPage,
    summary="The audit log, newest first, filterable by event, user and time",
    responses=problem_responses(401, 403, 422),
)
async def audit_log(
    session: SessionDep,
    event: Annotated[list[EventName] | None, Query(max_length=30)] = None,
    user_id: uuid.UUID | None = None,
    since: AwareDatetime | None = None,
    until: AwareDatetime | None = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> AuditPage:
    events, total = await audit.page(
        session,
        events=event or [],
        user_id=user_id,
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
