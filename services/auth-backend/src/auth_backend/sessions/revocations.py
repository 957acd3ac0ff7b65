"""Revocations, publisher side of contract C2.

Revoking a session (logout, one session ended, a reused refresh token killing its family) records
its id; disabling an account, changing its role, resetting or changing its password and ending all
its sessions record a per-user not-before. Other services learn them from the internal feed
(`GET /internal/revocations?since=<cursor>`) and, where REDIS_URL is set, from a message on the
`campus:revocations` channel published after the commit.

The feed's cursor is the id of the last entry known to be committed: an entry younger than
`SETTLE` may belong to a transaction that committed after a younger id, so the cursor stays before
it and it is sent again at the next poll (applying an entry twice changes nothing).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from pydantic import BaseModel
from sqlalchemy.ext.asyncio import AsyncSession

from auth_backend.context import Context
from auth_backend.sessions import repository as repo
from auth_backend.sessions.models import Revocation
from campus_common.cursor import decode_cursor, encode_cursor
from campus_common.db import after_commit
from campus_common.errors import BadRequest
from campus_common.logging import get_logger

log = get_logger(__name__)
SETTLE = timedelta(seconds=5)
# An entry matters while a token it refuses may still be presented: the access token's lifetime
# plus a minute for clock skew between the services.
MARGIN = timedelta(seconds=60)


class UserNotBefore(BaseModel):
    sub: str
    not_before: float  # Unix seconds, to the millisecond (tokens' `iat` carries milliseconds too)


class RevocationFeed(BaseModel):
    cursor: str
    sessions: list[str]
    users: list[UserNotBefore]


def _message(rows: Sequence[Revocation]) -> dict[str, Any]:
    sessions = [r.session_id for r in rows if r.session_id]
    users = [
        {"sub": r.user_id, "not_before": r.not_before / 1000}
        for r in rows
        if r.user_id and r.not_before is not None
    ]
    return {"sessions": sessions, "users": users}


def _publish_after_commit(session: AsyncSession, ctx: Context, row: Revocation) -> None:
    async def publish() -> None:
        await ctx.revocations.publish(_message([row]))

    after_commit(session, publish)


def session_revoked(session: AsyncSession, ctx: Context, session_id: object) -> None:
    row = repo.add_revocation(session, at=ctx.now(), session_id=str(session_id))
    _publish_after_commit(session, ctx, row)


def user_not_before(session: AsyncSession, ctx: Context, user_id: object) -> None:
    """Tokens of this user issued before now are refused everywhere.

    Kept in milliseconds: whole seconds would let a token issued earlier in the same second
    survive, or refuse one issued just after."""
    now = ctx.now()
    row = repo.add_revocation(
        session, at=now, user_id=str(user_id), not_before=int(now.timestamp() * 1000)
    )
    _publish_after_commit(session, ctx, row)


def _after_id(cursor: str) -> int:
    value = decode_cursor(cursor).get("after")
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise BadRequest("The cursor is not valid; start again without one.", slug="invalid-cursor")
    return value


async def feed(session: AsyncSession, ctx: Context, *, since: str | None) -> RevocationFeed:
    now = ctx.now()
    if since is None:
        after_id = None
        horizon: datetime | None = now - ctx.settings.access_token_ttl - MARGIN
    else:
        after_id, horizon = _after_id(since), None
    rows = await repo.revocations(session, after_id=after_id, since=horizon)
    cursor_id = await _cursor_id(session, rows, after_id=after_id, settled_before=now - SETTLE)
    message = _message(rows)
    return RevocationFeed(
        cursor=encode_cursor({"after": cursor_id}),
        sessions=message["sessions"],
        users=[UserNotBefore.model_validate(u) for u in message["users"]],
    )


async def _cursor_id(
    session: AsyncSession,
    rows: Sequence[Revocation],
    *,
    after_id: int | None,
    settled_before: datetime,
) -> int:
    """The last id of the answer's settled prefix: every entry up to it is surely committed."""
    cursor_id = after_id
    for row in rows:
        if row.created_at > settled_before:
            break
        cursor_id = row.id
    if cursor_id is not None:
        return cursor_id
    if rows:
        return rows[0].id - 1
    # No entry is relevant: start after the last settled one (older ones no longer matter).
    return await repo.last_revocation_id(session, before=settled_before)
