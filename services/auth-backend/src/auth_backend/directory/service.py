"""The internal user directory other services read (ids, emails, names, roles)."""

from __future__ import annotations

import base64
import binascii
import uuid
from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from auth_backend.accounts.models import User
from auth_backend.accounts.schemas import normalize_email
from auth_backend.directory import repository as repo
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
    after = decode_cursor(cursor) if cursor else None
    rows = await repo.list_after(session, role=role, status=status, after=after, limit=limit + 1)
    more = len(rows) > limit
    page = rows[:limit]
    return page, encode_cursor(page[-1].id) if more and page else None


def encode_cursor(user_id: uuid.UUID) -> str:
    return base64.urlsafe_b64encode(user_id.bytes).rstrip(b"=").decode()


def decode_cursor(cursor: str) -> uuid.UUID:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        return uuid.UUID(bytes=raw)
    except (ValueError, binascii.Error) as exc:
        raise BadRequest("The cursor is not valid.", slug="invalid-cursor") from exc
