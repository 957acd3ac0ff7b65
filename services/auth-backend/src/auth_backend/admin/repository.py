"""The admin's user list: search by email or name, filter, paginate."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from auth_backend.accounts.models import User


async def search(
    session: AsyncSession,
    *,
    text: str | None,
    role: str | None,
    status: str | None,
    limit: int,
    offset: int,
) -> tuple[Sequence[User], int]:
    query = select(User)
    if text:
        pattern = f"%{_escape_like(text.lower())}%"
        query = query.where(
            or_(
                User.email.like(pattern, escape="\\"),
                func.lower(User.name).like(pattern, escape="\\"),
            )
        )
    if role:
        query = query.where(User.role == role)
    if status:
        query = query.where(User.status == status)
    total = await session.scalar(select(func.count()).select_from(query.subquery()))
    result = await session.execute(
        query.order_by(User.created_at.desc(), User.id).limit(limit).offset(offset)
    )
    return result.scalars().all(), int(total or 0)


def _escape_like(value: str) -> str:
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
