"""Account rules: creating users, setting passwords under the policy, the demo accounts."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from auth_backend.accounts import repository as repo
from auth_backend.accounts.models import User
from auth_backend.context import Context
from auth_backend.demo import DEMO_ACCOUNTS, DEMO_PASSWORD
from campus_common.errors import Conflict, Unprocessable


def check_password(
    ctx: Context, password: str, *, email: str | None, name: str | None, then: str = ""
) -> None:
    """Raise 422 with the reason when the policy refuses `password`. Without `email` and `name`
    only the rules that say nothing about an account apply (before a code is verified)."""
    inputs = [value for value in (email, name) if value]
    reason = ctx.policy.problem(password, user_inputs=inputs)
    if reason:
        detail = f"{reason} {then}".strip()
        raise Unprocessable(detail, slug="weak-password", title="Password refused")


async def set_password(ctx: Context, user: User, password: str, *, then: str = "") -> None:
    check_password(ctx, password, email=user.email, name=user.name, then=then)
    user.password_hash = await ctx.hasher.hash(password)
    user.updated_at = ctx.now()


def update_profile(ctx: Context, user: User, changes: dict[str, object]) -> User:
    """Apply the fields of a `PATCH /me` that were sent (name, locale)."""
    if "name" in changes and changes["name"] is not None:
        user.name = str(changes["name"])
    if "locale" in changes:
        locale = changes["locale"]
        user.locale = str(locale) if locale is not None else None
    user.updated_at = ctx.now()
    return user


async def create_user(
    session: AsyncSession,
    ctx: Context,
    *,
    email: str,
    name: str,
    role: str,
    status: str,
    user_id: uuid.UUID | None = None,
    password_hash: str | None = None,
    external_id: str | None = None,
) -> User:
    if await repo.get_by_email(session, email) is not None:
        raise Conflict("A user with this email already exists.", slug="email-taken")
    now = ctx.now()
    user = User(
        id=user_id or uuid.uuid4(),
        email=email,
        name=name,
        role=role,
        status=status,
        password_hash=password_hash,
        external_id=external_id,
        created_at=now,
        updated_at=now,
    )
    session.add(user)
    await session.flush()
    return user


async def seed_demo(session: AsyncSession, ctx: Context) -> list[str]:
    """Create the demo accounts that are missing (fixed ids, the demo password, active)."""
    created: list[str] = []
    for account in DEMO_ACCOUNTS:
        if await repo.get(session, account.id) is not None:
            continue
        if await repo.get_by_email(session, account.email) is not None:
            continue
        await create_user(
            session,
            ctx,
            email=account.email,
            name=account.name,
            role=account.role,
            status="active",
            user_id=account.id,
            password_hash=await ctx.hasher.hash(DEMO_PASSWORD),
        )
        created.append(account.email)
    return created
