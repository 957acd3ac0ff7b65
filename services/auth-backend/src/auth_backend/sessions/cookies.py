"""The refresh cookie (HttpOnly, SameSite=Strict, scoped to the refresh path) and the token answer."""

from __future__ import annotations

from fastapi import Request, Response

from auth_backend.accounts.schemas import UserOut
from auth_backend.context import Context
from auth_backend.login.schemas import TokenOut
from auth_backend.sessions.schemas import RefreshRequest
from auth_backend.sessions.service import Issued


def set_refresh_cookie(response: Response, ctx: Context, token: str) -> None:
    s = ctx.settings
    response.set_cookie(
        s.refresh_cookie_name,
        token,
        max_age=int(s.refresh_token_ttl.total_seconds()),
        path=s.refresh_cookie_path,
        secure=s.cookie_secure,
        httponly=True,
        samesite="strict",
    )


def clear_refresh_cookie(response: Response, ctx: Context) -> None:
    s = ctx.settings
    response.delete_cookie(
        s.refresh_cookie_name,
        path=s.refresh_cookie_path,
        secure=s.cookie_secure,
        httponly=True,
        samesite="strict",
    )


def token_out(response: Response, ctx: Context, issued: Issued) -> TokenOut:
    """The answer that starts or continues a session: tokens in the body, the refresh cookie."""
    set_refresh_cookie(response, ctx, issued.refresh_token)
    response.headers["Cache-Control"] = "no-store"
    return TokenOut(
        access_token=issued.access_token,
        expires_in=issued.expires_in,
        user=UserOut.model_validate(issued.user),
    )


def refresh_token(request: Request, ctx: Context, body: RefreshRequest | None) -> str | None:
    cookie = request.cookies.get(ctx.settings.refresh_cookie_name)
    return cookie or (body.refresh_token if body else None)
