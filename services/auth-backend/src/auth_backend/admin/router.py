"""User management for admins: list, create and invite, role, disable, sessions, import.

Included under `/admin` behind the admin dependency (see main.py): every route here is for admins,
the `AdminUser` parameters only name the admin who acts."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Response, UploadFile, status

from auth_backend.accounts.schemas import Role, Status, UserOut
from auth_backend.admin import imports
from auth_backend.admin import service as admin
from auth_backend.admin.schemas import ImportReport, RoleChange, SearchText, UserCreate, UserPage
from auth_backend.deps import AdminUser, ContextDep, MetaDep, SessionDep
from campus_common.errors import PayloadTooLarge, Unprocessable, problem_responses
from campus_common.paging import Limit, Offset

router = APIRouter()
UserId = Annotated[uuid.UUID, "the user's id"]
MAX_CSV_BYTES = 1_000_000


@router.get(
    "/users",
    summary="List users: search by email or name, filter by role and status, paginate",
    responses=problem_responses(401, 403, 422),
)
async def list_users(
    session: SessionDep,
    q: Annotated[SearchText | None, Query(description="part of email or name")] = None,
    role: Role | None = None,
    status_: Annotated[Status | None, Query(alias="status")] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> UserPage:
    users, total = await admin.search(
        session, text=q, role=role, status=status_, limit=limit, offset=offset
    )
    return UserPage(
        users=[UserOut.model_validate(u) for u in users], total=total, limit=limit, offset=offset
    )


@router.post(
    "/users",
    status_code=status.HTTP_201_CREATED,
    summary="Create a user and email an invitation code",
    responses=problem_responses(400, 401, 403, 409, 422, 429, 503),
)
async def create_user(
    body: UserCreate, me: AdminUser, session: SessionDep, ctx: ContextDep, meta: MetaDep
) -> UserOut:
    user = await admin.create(
        session,
        ctx,
        meta,
        me,
        email=body.email,
        name=body.name,
        role=body.role,
        send_invite=body.send_invite,
    )
    return UserOut.model_validate(user)


@router.get(
    "/users/{user_id}",
    summary="One user",
    responses=problem_responses(401, 403, 404, 422),
)
async def get_user(user_id: UserId, session: SessionDep) -> UserOut:
    return UserOut.model_validate(await admin.get_user(session, user_id))


@router.put(
    "/users/{user_id}/role",
    summary="Change a user's role (their sessions end so new tokens carry it)",
    responses=problem_responses(400, 401, 403, 404, 409, 422),
)
async def change_role(
    user_id: UserId,
    body: RoleChange,
    me: AdminUser,
    session: SessionDep,
    ctx: ContextDep,
    meta: MetaDep,
) -> UserOut:
    user = await admin.change_role(session, ctx, meta, me, user_id, role=body.role)
    return UserOut.model_validate(user)


@router.post(
    "/users/{user_id}/disable",
    summary="Disable a user (their sessions end)",
    responses=problem_responses(401, 403, 404, 409, 422),
)
async def disable_user(
    user_id: UserId, me: AdminUser, session: SessionDep, ctx: ContextDep, meta: MetaDep
) -> UserOut:
    user = await admin.set_enabled(session, ctx, meta, me, user_id, enabled=False)
    return UserOut.model_validate(user)


@router.post(
    "/users/{user_id}/enable",
    summary="Enable a disabled user again",
    responses=problem_responses(401, 403, 404, 422),
)
async def enable_user(
    user_id: UserId, me: AdminUser, session: SessionDep, ctx: ContextDep, meta: MetaDep
) -> UserOut:
    user = await admin.set_enabled(session, ctx, meta, me, user_id, enabled=True)
    return UserOut.model_validate(user)


@router.post(
    "/users/{user_id}/sessions/revoke",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="End every session of a user",
    responses=problem_responses(401, 403, 404, 422),
)
async def revoke_sessions(
    user_id: UserId, me: AdminUser, session: SessionDep, ctx: ContextDep, meta: MetaDep
) -> Response:
    await admin.revoke_sessions(session, ctx, meta, me, user_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post(
    "/users/{user_id}/invite",
    summary="Email a new invitation code (the previous one stops working)",
    responses=problem_responses(401, 403, 404, 409, 422, 429, 503),
)
async def resend_invite(
    user_id: UserId, me: AdminUser, session: SessionDep, ctx: ContextDep, meta: MetaDep
) -> UserOut:
    return UserOut.model_validate(await admin.resend_invite(session, ctx, meta, me, user_id))


@router.post(
    "/users/import",
    summary="Import users from CSV (`email,name,role`); `dry_run` only reports",
    description="Row numbers are spreadsheet rows: the header is row 1, the first user row 2; "
    "`data_row` counts users only. Without `dry_run`, any error means nothing is written (422).",
    responses=problem_responses(401, 403, 413, 422),
)
async def import_users(
    file: UploadFile,
    me: AdminUser,
    session: SessionDep,
    ctx: ContextDep,
    meta: MetaDep,
    dry_run: bool = True,
    send_invites: bool = True,
) -> ImportReport:
    raw = await file.read(MAX_CSV_BYTES + 1)
    if len(raw) > MAX_CSV_BYTES:
        raise PayloadTooLarge(f"The file is larger than {MAX_CSV_BYTES} bytes.")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise Unprocessable("The file must be UTF-8 text.", slug="csv-encoding") from exc
    return await imports.run(
        session, ctx, meta, me, text=text, dry_run=dry_run, send_invites=send_invites
    )
