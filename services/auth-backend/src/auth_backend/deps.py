"""Dependencies of the auth-backend service as `Annotated` aliases."""

from __future__ import annotations

import ipaddress
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from functools import lru_cache
from typing import Annotated, Any

from fastapi import Depends, Request
from sqlalchemy.ext.asyncio import AsyncSession

from auth_backend.accounts import repository as users_repo
from auth_backend.accounts.models import User
from auth_backend.context import Context, RequestMeta
from auth_backend.security.ratelimit import parse_limits
from auth_backend.sessions import service as sessions_service
from auth_backend.settings import IPNetwork
from campus_common.db import transaction
from campus_common.deps import CurrentUser
from campus_common.errors import Forbidden, TooManyRequests, Unauthorized
from campus_common.request_id import current_request_id


# The small dependencies are `async def` so FastAPI runs them on the event loop: a plain `def`
# dependency is sent to the thread pool on every request.
async def _ctx(request: Request) -> Context:
    ctx: Context = request.app.state.context
    return ctx


ContextDep = Annotated[Context, Depends(_ctx)]


async def _session(ctx: ContextDep) -> AsyncIterator[AsyncSession]:
    """The request's one transaction (see `campus_common.db.transaction`)."""
    async with transaction(ctx.sessionmaker) as session:
        yield session


# scope="function": committed before the response is sent, so a 2xx means the write is durable.
SessionDep = Annotated[AsyncSession, Depends(_session, scope="function")]


@lru_cache(maxsize=4096)  # the same few edge addresses ask over and over
def _is_trusted(host: str, trusted: tuple[IPNetwork, ...]) -> bool:
    try:
        address = ipaddress.ip_address(host)
    except ValueError:  # not an address (a unix socket peer, a hop with a port, garbage)
        return False
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped  # a dual-stack listener reports ::ffff:10.1.2.3
    return any(address in network for network in trusted)


def client_ip(request: Request, trusted: tuple[IPNetwork, ...]) -> str | None:
    """The peer address, or, when the peer is a trusted proxy (an address or in a network of
    TRUSTED_PROXIES), the last untrusted hop of X-Forwarded-For (the hops a client adds in front
    cannot be trusted)."""
    peer = request.client.host if request.client else None
    if peer is None or not _is_trusted(peer, trusted):
        return peer
    forwarded = request.headers.get("x-forwarded-for")
    if not forwarded:
        return peer
    hops = [h.strip() for h in forwarded.split(",") if h.strip()]
    for hop in reversed(hops):
        if not _is_trusted(hop, trusted):
            return hop[:64]
    return hops[0][:64] if hops else peer


async def _meta(request: Request, ctx: ContextDep) -> RequestMeta:
    return RequestMeta(
        ip=client_ip(request, ctx.settings.trusted_proxies),
        user_agent=request.headers.get("user-agent"),
        request_id=current_request_id(),
    )


MetaDep = Annotated[RequestMeta, Depends(_meta)]


async def _active_user(
    principal: CurrentUser, session: SessionDep, ctx: ContextDep, request: Request
) -> User:
    """The account behind the access token, still active, with its session not revoked."""
    user = await users_repo.get(session, uuid.UUID(principal.id))
    if user is None or user.status != "active":
        raise Unauthorized("Your account is not active.", slug="account-inactive")
    sid = principal.session_id
    if sid:
        try:
            session_id = uuid.UUID(sid)
        except ValueError as exc:
            raise Unauthorized("Your session is not valid.", slug="invalid-token") from exc
        if not await sessions_service.is_live(session, ctx, session_id):
            raise Unauthorized("Your session has ended. Sign in again.", slug="session-expired")
        request.state.session_id = session_id
    else:
        request.state.session_id = None
    return user


ActiveUser = Annotated[User, Depends(_active_user)]


async def _admin(user: ActiveUser) -> User:
    if user.role != "admin":
        raise Forbidden("Only admins may do this.", slug="forbidden-role")
    return user


AdminUser = Annotated[User, Depends(_admin)]
# For `include_router(..., dependencies=[RequireAdmin])`: every route below it is for admins.
RequireAdmin = Depends(_admin)


def current_session_id(request: Request) -> uuid.UUID | None:
    value: uuid.UUID | None = getattr(request.state, "session_id", None)
    return value


def rate_limited(scope: str, setting: str) -> Any:
    """A dependency counting each request per client IP against the limits in `setting`."""

    async def check(ctx: ContextDep, meta: MetaDep) -> None:
        limits = parse_limits(getattr(ctx.settings, setting))
        verdict = await ctx.limits.hit(limits, "ip", scope, meta.ip or "unknown")
        if not verdict.allowed:
            raise TooManyRequests(
                "Too many attempts from your network. Wait a moment and try again.",
                slug="rate-limited",
                retry_after=verdict.retry_after,
            )

    dep: Callable[..., Awaitable[None]] = check
    return Depends(dep)


LoginLimit = rate_limited("login", "rate_limit_login")
MfaLimit = rate_limited("mfa", "rate_limit_mfa")
PasswordLimit = rate_limited("password", "rate_limit_password")
