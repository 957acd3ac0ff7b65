"""Queries on accounts by id, email or external id."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from auth_backend.accounts.models import User


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


async def count_admins(session: AsyncSession) -> int:
    total = await session.scalar(
        select(func.count()).select_from(User).where(User.role == "admin", User.status == "active")
    )
    return int(total or 0)
