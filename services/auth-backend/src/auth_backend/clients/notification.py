"""The notification service's verification and notification API, over HTTP with service tokens."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any, Literal

import httpx
from pydantic import BaseModel, ConfigDict

from campus_common.errors import ServiceUnavailable, TooManyRequests
from campus_common.http import ServiceTokenAuth, make_http_client
from campus_common.logging import get_logger

log = get_logger(__name__)
Purpose = Literal["login", "password_reset", "invite"]
CheckStatus = Literal["approved", "pending", "max_attempts_reached", "finished", "unknown"]


class Verification(BaseModel):
    model_config = ConfigDict(extra="ignore")

    id: str
    status: str
    expires_at: datetime | None = None
    resend_after: datetime | float | None = None
    attempts_left: int | None = None

    def resend_after_seconds(self, now: datetime) -> int:
        value = self.resend_after
        if value is None:
            return 0
        if isinstance(value, datetime):
            moment = value if value.tzinfo else value.replace(tzinfo=UTC)
            return max(0, int((moment - now).total_seconds() + 0.999))
        return max(0, int(value))

    def expires_in(self, now: datetime, default: timedelta) -> int:
        if self.expires_at is None:
            return int(default.total_seconds())
        moment = self.expires_at if self.expires_at.tzinfo else self.expires_at.replace(tzinfo=UTC)
        return max(0, int((moment - now).total_seconds()))


class CheckResult(BaseModel):
    status: CheckStatus
    attempts_left: int | None = None


class VerificationFinished(Exception):
    """The verification cannot be used any more (approved, expired, canceled, out of attempts)."""

    def __init__(self, status: str) -> None:
        super().__init__(status)
        self.status = status


class NotificationClient:
    def __init__(
        self,
        *,
        base_url: str,
        secret: str,
        timeout: float = 5.0,
        retries: int = 2,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self._client = make_http_client(
            base_url=base_url,
            timeout=timeout,
            retries=retries,
            auth=ServiceTokenAuth(
                secret=secret, caller="auth-backend", audience="notification-service"
            ),
            transport=transport,
        )

    async def aclose(self) -> None:
        await self._client.aclose()

    async def _post(self, path: str, body: dict[str, Any]) -> httpx.Response:
        try:
            return await self._client.post(path, json=body)
        except httpx.HTTPError as exc:
            log.warning("notification_unreachable", path=path, error=type(exc).__name__)
            raise _unavailable() from exc

    async def create_verification(
        self, *, to: str, purpose: Purpose, name: str | None = None, locale: str | None = None
    ) -> Verification:
        body: dict[str, Any] = {"to": to, "channel": "email", "purpose": purpose}
        if locale:
            body["locale"] = locale
        if name:
            body["data"] = {"name": name}
        response = await self._post("/v1/verifications", body)
        _raise_for_rate_limit(response)
        if response.status_code != 201 and response.status_code != 200:
            log.warning("verification_create_failed", status=response.status_code)
            raise _unavailable()
        return Verification.model_validate(response.json())

    async def resend(self, verification_id: str) -> Verification:
        response = await self._post(f"/v1/verifications/{verification_id}/resend", {})
        _raise_for_rate_limit(response)
        if response.status_code in (404, 409):
            raise VerificationFinished(_finished_status(response))
        if response.status_code != 200:
            log.warning("verification_resend_failed", status=response.status_code)
            raise _unavailable()
        return Verification.model_validate(response.json())

    async def check(self, verification_id: str, code: str) -> CheckResult:
        response = await self._post(f"/v1/verifications/{verification_id}/check", {"code": code})
        if response.status_code == 404:
            raise VerificationFinished("unknown")
        if response.status_code == 409:
            raise VerificationFinished(_finished_status(response))
        if response.status_code == 422:
            return CheckResult(status="pending", attempts_left=None)
        _raise_for_rate_limit(response)
        if response.status_code != 200:
            log.warning("verification_check_failed", status=response.status_code)
            raise _unavailable()
        data = response.json()
        status = data.get("status")
        if status not in ("approved", "pending", "max_attempts_reached"):
            raise VerificationFinished(str(status))
        return CheckResult(status=status, attempts_left=data.get("attempts_left"))

    async def notify(
        self,
        *,
        template: str,
        to: str,
        data: dict[str, Any],
        idempotency_key: str,
        locale: str | None = None,
    ) -> bool:
        """Queue an email (in `locale`, English without one); False (logged) when the
        notification service did not take it."""
        body: dict[str, Any] = {
            "template": template,
            "to": to,
            "data": data,
            "idempotency_key": idempotency_key,
        }
        if locale:
            body["locale"] = locale
        try:
            response = await self._client.post(
                "/v1/notifications",
                json=body,
                extensions={"retry": True},
            )
        except httpx.HTTPError as exc:
            log.warning("notification_unreachable", template=template, error=type(exc).__name__)
            return False
        if response.status_code not in (200, 202):
            log.warning("notification_refused", template=template, status=response.status_code)
            return False
        return True


def _unavailable() -> ServiceUnavailable:
    return ServiceUnavailable(
        "We cannot send or check codes right now. Try again in a minute.",
        slug="notification-unavailable",
        headers={"Retry-After": "30"},
    )


def _raise_for_rate_limit(response: httpx.Response) -> None:
    if response.status_code == 429:
        retry_after = response.headers.get("Retry-After", "60")
        seconds = int(retry_after) if retry_after.isdigit() else 60
        raise TooManyRequests(
            "Too many codes were sent. Wait before asking for another one.",
            slug="code-rate-limited",
            retry_after=seconds,
        )


def _finished_status(response: httpx.Response) -> str:
    try:
        data = response.json()
    except ValueError:
        return "finished"
    return str(data.get("verification_status") or "finished")
