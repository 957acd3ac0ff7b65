"""What admins do to accounts: create and invite, change role, disable, enable, revoke sessions."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from auth_backend.accounts import repository as repo
from auth_backend.accounts import service as accounts
from auth_backend.accounts.models import User
from auth_backend.admin import repository as admin_repo
from auth_backend.audit import service as audit
from auth_backend.context import Context, RequestMeta
from auth_backend.passwords.service import INVITE, send_code
from auth_backend.sessions import service as sessions
from campus_common.errors import Conflict, NotFound, ProblemError


async def get_user(session: AsyncSession, user_id: uuid.UUID) -> User:
    user = await repo.get(session, user_id)
    if user is None:
        raise NotFound("No user with this id.", slug="user-not-found")
    return user


async def search(
    session: AsyncSession,
    *,
    text: str | None,
    role: str | None,
    status: str | None,
    limit: int,
    offset: int,
) -> tuple[Sequence[User], int]:
    return await admin_repo.search(
        session, text=text, role=role, status=status, limit=limit, offset=offset
    )


async def create(
    session: AsyncSession,
    ctx: Context,
    meta: RequestMeta,
    admin: User,
    *,
    email: str,
    name: str,
    role: str,
    send_invite: bool,
) -> User:
    user = await accounts.create_user(
        session, ctx, email=email, name=name, role=role, status="invited"
    )
    audit.record(session, ctx, meta, "user_created", subject=user, actor_id=admin.id, role=role)
    if send_invite:
        await send_code(session, ctx, user, purpose=INVITE)
        audit.record(session, ctx, meta, "invitation_sent", subject=user, actor_id=admin.id)
    return user


async def resend_invite(
    session: AsyncSession, ctx: Context, meta: RequestMeta, admin: User, user_id: uuid.UUID
) -> User:
    user = await get_user(session, user_id)
    if user.status != "invited":
        raise Conflict("This user has already accepted the invitation.", slug="not-invited")
    await send_code(session, ctx, user, purpose=INVITE)
    audit.record(session, ctx, meta, "invitation_sent", subject=user, actor_id=admin.id)
    return user


async def _keep_an_admin(session: AsyncSession, user: User) -> None:
    if user.role == "admin" and user.status == "active" and await repo.count_admins(session) <= 1:
        raise Conflict("The last active admin cannot lose admin rights.", slug="last-admin")


async def change_role(
    session: AsyncSession,
    ctx: Context,
    meta: RequestMeta,
    admin: User,
    user_id: uuid.UUID,
    *,
    role: str,
) -> User:
    user = await get_user(session, user_id)
    if user.role == role:
        return user
    await _keep_an_admin(session, user)
    previous, user.role = user.role, role
    user.updated_at = ctx.now()
    # Tokens carry the role: end the sessions so the next token has the new one.
    await sessions.end_all(session, ctx, user, meta, reason="role_changed")
    audit.record(
        session, ctx, meta, "role_changed", subject=user, actor_id=admin.id, old=previous, new=role
    )
    return user


async def set_enabled(
    session: AsyncSession,
    ctx: Context,
    meta: RequestMeta,
    admin: User,
    user_id: uuid.UUID,
    *,
    enabled: bool,
) -> User:
    user = await get_user(session, user_id)
    if enabled:
        if user.status == "disabled":
            user.status = "active" if user.password_hash or user.external_id else "invited"
            user.updated_at = ctx.now()
            audit.record(session, ctx, meta, "user_enabled", subject=user, actor_id=admin.id)
        return user
    if user.status == "disabled":
        return user
    if user.id == admin.id:
        raise Conflict("You cannot disable your own account.", slug="cannot-disable-self")
    await _keep_an_admin(session, user)
    user.status = "disabled"
    user.updated_at = ctx.now()
    await sessions.end_all(session, ctx, user, meta, reason="disabled")
    audit.record(session, ctx, meta, "user_disabled", subject=user, actor_id=admin.id)
    return user


async def revoke_sessions(
    session: AsyncSession, ctx: Context, meta: RequestMeta, admin: User, user_id: uuid.UUID
) -> int:
    user = await get_user(session, user_id)
    count = await sessions.end_all(session, ctx, user, meta, reason="revoked_by_admin")
    audit.record(
        session, ctx, meta, "sessions_revoked", subject=user, actor_id=admin.id, count=count
    )
    return count


async def invite_quietly(
    session: AsyncSession, ctx: Context, meta: RequestMeta, admin: User, user: User
) -> bool:
    """Send an invitation; False (the admin can resend later) when it could not be sent."""
    try:
        await send_code(session, ctx, user, purpose=INVITE)
    except ProblemError:
        return False
    audit.record(session, ctx, meta, "invitation_sent", subject=user, actor_id=admin.id)
    return True
