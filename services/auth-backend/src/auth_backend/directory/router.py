"""The internal user directory (service token required; the edge does not route `/internal`)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from auth_backend.accounts.schemas import Role, Status
from auth_backend.deps import SessionDep
from auth_backend.directory import service as directory
from auth_backend.directory.schemas import (
    DirectoryLookup,
    DirectoryPage,
    DirectoryUser,
    LookupRequest,
)
from campus_common.app import Tag
from campus_common.errors import problem_responses
from campus_common.paging import Cursor

INTERNAL = Tag(
    "internal", "For other services (service token): the user directory, revocations, audit events."
)
router = APIRouter(prefix="/internal", tags=[INTERNAL])


@router.post(
    "/users/lookup",
    summary="Look users up by ids and/or emails (unknown ones are absent)",
    responses=problem_responses(400, 401, 403, 422),
)
async def lookup_users(body: LookupRequest, session: SessionDep) -> DirectoryLookup:
    users = await directory.lookup(session, ids=body.ids, emails=body.emails)
    return DirectoryLookup(users=[DirectoryUser.model_validate(u) for u in users])


@router.get(
    "/users",
    summary="List users, optionally by role and status, a page at a time",
    responses=problem_responses(400, 401, 403, 422),
)
async def list_users(
    session: SessionDep,
    role: Role | None = None,
    status: Status | None = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    cursor: Cursor = None,
) -> DirectoryPage:
    users, next_cursor = await directory.list_page(
        session, role=role, status=status, limit=limit, cursor=cursor
    )
    return DirectoryPage(
        users=[DirectoryUser.model_validate(u) for u in users], next_cursor=next_cursor
    )
