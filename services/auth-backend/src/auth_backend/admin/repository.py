"""The admin's user list: search by email or name, filter, paginate.

The search matches part of a name or email whatever its case and accents ("lucia" finds
"Lucía García"): the query is folded like `User.search_text` (`campus_common.text.fold`) and
looked for in it with `LIKE`, which behaves the same on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from auth_backend.accounts.models import User
from campus_common.text import fold


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
    folded = fold(text or "")
    if folded:
        query = query.where(User.search_text.like(f"%{_escape_like(folded)}%", escape="\\"))
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
