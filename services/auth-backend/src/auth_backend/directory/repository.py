"""Directory queries: lookup by ids or emails, keyset pages by id."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from auth_backend.accounts.models import User


async def lookup(
    session: AsyncSession, *, ids: Sequence[uuid.UUID], emails: Sequence[str]
) -> Sequence[User]:
    conditions = []
    if ids:
        conditions.append(User.id.in_(list(ids)))
    if emails:
        conditions.append(User.email.in_(list(emails)))
    if not conditions:
        return []
    result = await session.execute(select(User).where(or_(*conditions)).order_by(User.email))
    return result.scalars().all()


async def list_after(
    session: AsyncSession,
    *,
    role: str | None,
    status: str | None,
    after: uuid.UUID | None,
    limit: int,
) -> Sequence[User]:
    """Keyset page ordered by id (stable while users are added)."""
    query = select(User).order_by(User.id).limit(limit)
    if role:
        query = query.where(User.role == role)
    if status:
        query = query.where(User.status == status)
    if after is not None:
        query = query.where(User.id > after)
    result = await session.execute(query)
    return result.scalars().all()
