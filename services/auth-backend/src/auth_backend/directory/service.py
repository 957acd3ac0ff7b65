"""The internal user directory other services read (ids, emails, names, roles)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from auth_backend.accounts.models import User
from auth_backend.directory import repository as repo
from campus_common.cursor import decode_cursor, encode_cursor
from campus_common.email import normalize_email
from campus_common.errors import BadRequest


async def lookup(
    session: AsyncSession, *, ids: Sequence[uuid.UUID], emails: Sequence[str]
) -> Sequence[User]:
    normalized = []
    for email in emails:
        try:
            normalized.append(normalize_email(email))
        except ValueError:
            continue
    return await repo.lookup(session, ids=ids, emails=normalized)


async def list_page(
    session: AsyncSession,
    *,
    role: str | None,
    status: str | None,
    limit: int,
    cursor: str | None,
) -> tuple[Sequence[User], str | None]:
    after = _after(cursor) if cursor else None
    rows = await repo.list_after(session, role=role, status=status, after=after, limit=limit + 1)
    more = len(rows) > limit
    page = rows[:limit]
    return page, encode_cursor({"after": page[-1].id.hex}) if more and page else None


def _after(cursor: str) -> uuid.UUID:
    values = decode_cursor(cursor)
    try:
        return uuid.UUID(str(values["after"]))
    except (KeyError, ValueError) as exc:
        raise BadRequest(
            "The cursor is not valid; start again from the first page.", slug="invalid-cursor"
        ) from exc
