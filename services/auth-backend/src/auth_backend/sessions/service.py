"""Sessions and tokens: access JWTs, refresh token rotation with a grace window, revocation."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from auth_backend.accounts import repository as users_repo
from auth_backend.accounts.models import User
from auth_backend.audit import service as audit
from auth_backend.context import Context, RequestMeta
from auth_backend.metrics import REFRESHES
from auth_backend.security.tokens import new_token, token_hash
from auth_backend.sessions import repository as repo
from auth_backend.sessions import revocations
from auth_backend.sessions.models import RefreshToken, Session
from campus_common.db import after_commit, keep_when_refused
from campus_common.errors import NotFound, Unauthorized


@dataclass(frozen=True, slots=True)
class Issued:
    access_token: str
    expires_in: int
    refresh_token: str
    user: User
    session: Session


def access_token(ctx: Context, user: User, *, session_id: uuid.UUID, amr: list[str]) -> str:
    now = ctx.now()
    settings = ctx.settings
    claims = {
        "sub": str(user.id),
        "role": user.role,
        "email": user.email,
        "name": user.name,
        "iss": settings.jwt_issuer,
        "aud": settings.jwt_audience,
        # Milliseconds in `iat` (a NumericDate may be fractional) so a revocation's not-before
        # separates tokens issued within the same second.
        "iat": round(now.timestamp(), 3),
        "exp": int((now + settings.access_token_ttl).timestamp()),
        "jti": uuid.uuid4().hex,
        "amr": amr,
        "sid": str(session_id),
    }
    return ctx.keys.sign(claims)


def _new_refresh(session: AsyncSession, ctx: Context, family: Session) -> str:
    raw = new_token()
    session.add(
        RefreshToken(session_id=family.id, token_hash=token_hash(raw), created_at=ctx.now())
    )
    return raw


def _issue(session: AsyncSession, ctx: Context, user: User, family: Session) -> Issued:
    amr = family.amr.split()
    return Issued(
        access_token=access_token(ctx, user, session_id=family.id, amr=amr),
        expires_in=int(ctx.settings.access_token_ttl.total_seconds()),
        refresh_token=_new_refresh(session, ctx, family),
        user=user,
        session=family,
    )


async def start(
    session: AsyncSession, ctx: Context, user: User, meta: RequestMeta, *, amr: list[str]
) -> Issued:
    now = ctx.now()
    family = Session(
        id=uuid.uuid4(),
        user_id=user.id,
        created_at=now,
        last_used_at=now,
        expires_at=now + ctx.settings.refresh_token_ttl,
        user_agent=(meta.user_agent or "")[:400] or None,
        ip=meta.ip,
        amr=" ".join(amr),
    )
    session.add(family)
    await session.flush()
    return _issue(session, ctx, user, family)


def _expired(outcome: str = "invalid") -> Unauthorized:
    REFRESHES.labels(outcome).inc()
    return Unauthorized("Your session has ended. Sign in again.", slug="session-expired")


async def refresh(
    session: AsyncSession, ctx: Context, raw: str | None, meta: RequestMeta
) -> Issued:
    """Rotate a refresh token. A token already rotated is accepted again within the grace window
    (several tabs refreshing at once); after it, its whole session is revoked."""
    if not raw:
        raise Unauthorized("No session. Sign in.", slug="no-refresh-token")
    now = ctx.now()
    token = await repo.token_by_hash(session, token_hash(raw))
    if token is None:
        raise _expired()
    family = await repo.get(session, token.session_id)
    if family is None or family.revoked_at is not None or family.expires_at <= now:
        raise _expired()
    user = await users_repo.get(session, family.user_id)
    if user is None or user.status != "active":
        raise _expired()
    first_use = token.rotated_at is None and await repo.mark_rotated(session, token.id, at=now)
    if not first_use:
        await session.refresh(token)
    rotated_at = token.rotated_at or now
    if not first_use and now - rotated_at > ctx.settings.refresh_reuse_grace:
        family.revoked_at = now
        family.revoked_reason = "token_reuse"
        revocations.session_revoked(session, ctx, family.id)
        audit.record(
            session, ctx, meta, "token_reuse_detected", subject=user, session_id=str(family.id)
        )
        keep_when_refused(session)  # the revocation stays although the request fails
        raise _expired("reuse")
    after_commit(session, REFRESHES.labels("rotated" if first_use else "grace").inc)
    family.last_used_at = now
    if meta.ip:
        family.ip = meta.ip
    return _issue(session, ctx, user, family)


async def end(session: AsyncSession, ctx: Context, raw: str | None, meta: RequestMeta) -> None:
    """Log out the session a refresh token belongs to (nothing to do without one)."""
    if not raw:
        return
    token = await repo.token_by_hash(session, token_hash(raw))
    if token is None:
        return
    family = await repo.get(session, token.session_id)
    if family is None or family.revoked_at is not None:
        return
    family.revoked_at = ctx.now()
    family.revoked_reason = "logout"
    revocations.session_revoked(session, ctx, family.id)
    user = await users_repo.get(session, family.user_id)
    audit.record(session, ctx, meta, "logout", subject=user, session_id=str(family.id))


async def end_all(
    session: AsyncSession,
    ctx: Context,
    user: User,
    meta: RequestMeta | None,
    *,
    reason: str,
    keep: uuid.UUID | None = None,
) -> int:
    """End every session of `user` (but `keep`); their access tokens are refused everywhere."""
    revocations.user_not_before(session, ctx, user.id)
    return await repo.revoke_all(session, user.id, at=ctx.now(), reason=reason, keep=keep)


async def active(session: AsyncSession, ctx: Context, user: User) -> Sequence[Session]:
    return await repo.active_for_user(session, user.id, now=ctx.now())


async def revoke_one(
    session: AsyncSession, ctx: Context, user: User, session_id: uuid.UUID, meta: RequestMeta
) -> None:
    family = await repo.get(session, session_id)
    if family is None or family.user_id != user.id or family.revoked_at is not None:
        raise NotFound("No such session.", slug="session-not-found")
    family.revoked_at = ctx.now()
    family.revoked_reason = "revoked"
    revocations.session_revoked(session, ctx, session_id)
    audit.record(session, ctx, meta, "session_revoked", subject=user, session_id=str(session_id))


async def is_live(session: AsyncSession, ctx: Context, session_id: uuid.UUID) -> bool:
    family = await repo.get(session, session_id)
    return family is not None and family.revoked_at is None and family.expires_at > ctx.now()


async def sign_out_everywhere(
    session: AsyncSession, ctx: Context, user: User, meta: RequestMeta
) -> int:
    """The user ends every session of theirs (this one included)."""
    count = await end_all(session, ctx, user, meta, reason="logout_all")
    audit.record(session, ctx, meta, "logout_all", subject=user, count=count)
    return count
