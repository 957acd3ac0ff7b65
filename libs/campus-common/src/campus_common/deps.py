"""FastAPI dependencies shared by the services: the current user, role checks, service callers.

Use the `Annotated` aliases: `CurrentUser`, `require_role("admin")`, `ServiceCaller`. Protect whole
routers when including them (`dependencies=[require_role(...)]`) so a new route is private unless it
says otherwise.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from campus_common.errors import Forbidden, Unauthorized
from campus_common.jwt import JWKSVerifier, Principal, Role, TokenError, TokenRevoked
from campus_common.service_tokens import ServiceTokenError, check_service_token

_bearer = HTTPBearer(auto_error=False, description="Access token from the auth service")
_service_bearer = HTTPBearer(
    auto_error=False, scheme_name="ServiceToken", description="Short-lived service token"
)


async def get_current_user(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Principal:
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise Unauthorized("Sign in to continue.", slug="not-authenticated")
    verifier: JWKSVerifier = request.app.state.verifier
    try:
        principal = await verifier.principal(credentials.credentials)
    except TokenRevoked as exc:
        raise Unauthorized(
            "Your session has ended (signed out, or the account was changed). Sign in again.",
            slug="session-revoked",
        ) from exc
    except TokenError as exc:
        raise Unauthorized(
            f"Your session is not valid ({exc}). Sign in again.", slug="invalid-token"
        ) from exc
    request.state.principal = principal
    return principal


CurrentUser = Annotated[Principal, Depends(get_current_user)]


def require_role(*roles: Role) -> Any:
    """A dependency that lets only the given roles through (403 problem+json otherwise)."""
    allowed = frozenset(roles)

    async def check(user: CurrentUser) -> Principal:
        if user.role not in allowed:
            raise Forbidden("Your role does not allow this action.", slug="forbidden-role")
        return user

    return Depends(check)


def require_service(*callers: str) -> Any:
    """A dependency for internal endpoints: a valid service token from one of `callers`."""
    allowed = frozenset(callers) if callers else None

    async def check(
        request: Request,
        credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_service_bearer)],
    ) -> str:
        if credentials is None:
            raise Unauthorized(
                "This endpoint needs a service token.", slug="service-token-required"
            )
        settings = request.app.state.settings
        try:
            return check_service_token(
                credentials.credentials,
                secret=settings.service_token_secret.get_secret_value(),
                audience=settings.service_name,
                allowed_callers=allowed,
            )
        except ServiceTokenError as exc:
            raise Forbidden(str(exc), slug="invalid-service-token") from exc

    return Depends(check)


ServiceCaller = Annotated[str, require_service()]
