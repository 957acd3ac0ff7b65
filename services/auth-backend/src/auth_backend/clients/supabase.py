"""Supabase Auth as the password store: the documented password grant,
`POST {SUPABASE_URL}/auth/v1/token?grant_type=password` with the project's anon key."""

from __future__ import annotations

from dataclasses import dataclass

import httpx

from campus_common.errors import ServiceUnavailable
from campus_common.http import make_http_client
from campus_common.logging import get_logger

log = get_logger(__name__)
ROLES = frozenset({"student", "mentor", "admin"})


@dataclass(frozen=True, slots=True)
class SupabaseUser:
    id: str
    email: str
    name: str | None
    role: str


class SupabaseClient:
    def __init__(
        self,
        *,
        url: str,
        anon_key: str,
        timeout: float = 5.0,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self._client = make_http_client(
            base_url=url.rstrip("/"), timeout=timeout, retries=0, transport=transport
        )
        self._anon_key = anon_key

    async def aclose(self) -> None:
        await self._client.aclose()

    async def password_grant(self, email: str, password: str) -> SupabaseUser | None:
        """The Supabase user when the password is right, None when Supabase refuses it."""
        try:
            response = await self._client.post(
                "/auth/v1/token",
                params={"grant_type": "password"},
                json={"email": email, "password": password},
                headers={"apikey": self._anon_key},
            )
        except httpx.HTTPError as exc:
            log.warning("supabase_unreachable", error=type(exc).__name__)
            raise _unavailable() from exc
        if response.status_code in (400, 401, 403, 422):
            return None
        if response.status_code != 200:
            log.warning("supabase_error", status=response.status_code)
            raise _unavailable()
        try:
            user = response.json()["user"]
            app_metadata = user.get("app_metadata") or {}
            user_metadata = user.get("user_metadata") or {}
            role = app_metadata.get("role")
            name = user_metadata.get("full_name") or user_metadata.get("name")
            return SupabaseUser(
                id=str(user["id"]),
                email=str(user.get("email") or email),
                name=str(name) if name else None,
                role=role if role in ROLES else "student",
            )
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            log.warning("supabase_bad_response", error=type(exc).__name__)
            raise _unavailable() from exc


def _unavailable() -> ServiceUnavailable:
    return ServiceUnavailable(
        "Sign-in is unavailable right now. Try again in a minute.",
        slug="identity-provider-unavailable",
        headers={"Retry-After": "30"},
    )
