"""Queries on accounts."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from auth_backend.models import User


async def get(session: AsyncSession, user_id: uuid.UUID) -> User | None:
    return await session.get(User, user_id)


async def get_by_email(session: AsyncSession, email: str) -> User | None:
    result = await session.execute(select(User).where(User.email == email))
    return result.scalar_one_or_none()


async def get_by_external_id(session: AsyncSession, external_id: str) -> User | None:
    result = await session.execute(select(User).where(User.external_id == external_id))
    return result.scalar_one_or_none()


async def existing_emails(session: AsyncSession, emails: Sequence[str]) -> set[str]:
    if not emails:
        return set()
    result = await session.execute(select(User.email).where(User.email.in_(list(emails))))
    return set(result.scalars())


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


async def count_admins(session: AsyncSession) -> int:
    total = await session.scalar(
        select(func.count()).select_from(User).where(User.role == "admin", User.status == "active")
    )
    return int(total or 0)


def _escape_like(value: str) -> str:
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
