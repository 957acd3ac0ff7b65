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
        # Why the last call could not be used (None: it worked, or none was made); /ready shows it.
        self.problem: str | None = None

    async def ready(self) -> None:
        """The readiness check: fails while Supabase's last answer was not one we can use."""
        if self.problem is not None:
            raise RuntimeError(self.problem)

    def _unusable(self, problem: str, **fields: object) -> ServiceUnavailable:
        self.problem = problem
        log.warning("supabase_unusable", problem=problem, **fields)
        return _unavailable()

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
            raise self._unusable(
                "unreachable (check SUPABASE_URL)", error=type(exc).__name__
            ) from exc
        if response.status_code == 400 and _refused_credentials(response):
            self.problem = None
            return None
        if response.status_code in (401, 403):
            # The API gateway refuses the key itself ("Invalid API key"): not a wrong password.
            raise self._unusable(
                "refused the API key (check SUPABASE_ANON_KEY)", status=response.status_code
            )
        if response.status_code == 429:
            raise self._unusable("rate limited", status=429)
        if response.status_code != 200:
            raise self._unusable(
                f"answered {response.status_code} (check SUPABASE_URL)", status=response.status_code
            )
        try:
            user = response.json()["user"]
            app_metadata = user.get("app_metadata") or {}
            user_metadata = user.get("user_metadata") or {}
            role = app_metadata.get("role")
            name = user_metadata.get("full_name") or user_metadata.get("name")
            self.problem = None
            return SupabaseUser(
                id=str(user["id"]),
                email=str(user.get("email") or email),
                name=str(name) if name else None,
                role=role if role in ROLES else "student",
            )
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise self._unusable(
                "answered something that is not Supabase Auth (check SUPABASE_URL)",
                error=type(exc).__name__,
            ) from exc


# What Supabase Auth (GoTrue) answers for a wrong email or password: 400 with `error_code`
# invalid_credentials (older versions: `error` invalid_grant).
_REFUSED = frozenset({"invalid_credentials", "invalid_grant", "email_not_confirmed"})


def _refused_credentials(response: httpx.Response) -> bool:
    try:
        body = response.json()
    except ValueError:
        return False
    if not isinstance(body, dict):
        return False
    return bool({str(body.get("error_code")), str(body.get("error"))} & _REFUSED)


def _unavailable() -> ServiceUnavailable:
    return ServiceUnavailable(
        "Sign-in is unavailable right now. Try again in a minute.",
        slug="identity-provider-unavailable",
        headers={"Retry-After": "30"},
    )
