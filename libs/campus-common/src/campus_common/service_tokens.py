"""Short-lived tokens one service presents to another's internal endpoints (callee as audience)."""

from __future__ import annotations

import time
import uuid
from typing import Any

import jwt

SERVICE_ALGORITHM = "HS256"
SERVICE_ISSUER_PREFIX = "campus-service:"


class ServiceTokenError(Exception):
    pass


def mint_service_token(*, secret: str, caller: str, audience: str, ttl_seconds: int = 60) -> str:
    now = int(time.time())
    claims = {
        "iss": SERVICE_ISSUER_PREFIX + caller,
        "sub": caller,
        "aud": SERVICE_ISSUER_PREFIX + audience,
        "iat": now,
        "exp": now + ttl_seconds,
        "jti": uuid.uuid4().hex,
    }
    return jwt.encode(claims, secret, algorithm=SERVICE_ALGORITHM)


def check_service_token(
    token: str, *, secret: str, audience: str, allowed_callers: frozenset[str] | None = None
) -> str:
    """Return the calling service's name, or raise ServiceTokenError."""
    try:
        claims: dict[str, Any] = jwt.decode(
            token,
            secret,
            algorithms=[SERVICE_ALGORITHM],
            audience=SERVICE_ISSUER_PREFIX + audience,
            leeway=5,
            options={"require": ["exp", "iat", "sub", "iss", "aud"]},
        )
    except jwt.PyJWTError as exc:
        raise ServiceTokenError("invalid service token") from exc
    caller = str(claims["sub"])
    if claims["iss"] != SERVICE_ISSUER_PREFIX + caller:
        raise ServiceTokenError("invalid service token issuer")
    if allowed_callers is not None and caller not in allowed_callers:
        raise ServiceTokenError(f"service {caller!r} may not call this endpoint")
    return caller
