"""Settings, log redaction, service tokens and the shared HTTP client."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from pydantic import ValidationError

from campus_common.http import ServiceTokenAuth, make_http_client
from campus_common.logging import configure_logging, get_logger
from campus_common.request_id import request_id_var
from campus_common.service_tokens import (
    ServiceTokenError,
    check_service_token,
    mint_service_token,
)
from campus_common.settings import BaseServiceSettings
from campus_testing.http_server import Request, json_server

STRONG = "a-strong-production-secret-of-sufficient-length-0123456789"


class TestSettings:
    def test_development_defaults_are_accepted_in_development(self) -> None:
        assert BaseServiceSettings(environment="development").environment == "development"

    def test_production_refuses_development_secrets(self) -> None:
        with pytest.raises(ValidationError, match="SERVICE_TOKEN_SECRET"):
            BaseServiceSettings(environment="production")

    def test_production_accepts_real_secrets(self) -> None:
        settings = BaseServiceSettings(environment="production", service_token_secret=STRONG)
        assert settings.is_production

    def test_reads_environment_and_ignores_unknown(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setenv("DATABASE_URL", "postgresql+asyncpg://db/campus")
        monkeypatch.setenv("SOMETHING_ELSE", "x")
        assert BaseServiceSettings().database_url == "postgresql+asyncpg://db/campus"


class TestLogRedaction:
    def test_secret_values_never_reach_the_log(self) -> None:
        stream = io.StringIO()
        configure_logging(service="t", stream=stream)
        get_logger("t").info(
            "login",
            email="alex@example.org",
            password="hunter2-and-more",
            code="123456",
            refresh_token="rt-value",
            headers={"Authorization": "Bearer abc.def.ghi", "accept": "json"},
        )
        line = json.loads(stream.getvalue().strip().splitlines()[-1])
        text = stream.getvalue()
        for secret in ("hunter2-and-more", "123456", "rt-value", "abc.def.ghi"):
            assert secret not in text
        assert line["email"] == "alex@example.org"
        assert line["headers"]["accept"] == "json"


class TestServiceTokenFunctions:
    def test_round_trip(self) -> None:
        token = mint_service_token(
            secret=STRONG, caller="auth-backend", audience="notification-service"
        )
        assert (
            check_service_token(token, secret=STRONG, audience="notification-service")
            == "auth-backend"
        )

    def test_expired(self) -> None:
        token = mint_service_token(
            secret=STRONG, caller="auth-backend", audience="x", ttl_seconds=-60
        )
        with pytest.raises(ServiceTokenError):
            check_service_token(token, secret=STRONG, audience="x")


@dataclass
class Recorder:
    """What the upstream saw (each request's headers), failing the first `fail_first` with 503."""

    seen: list[dict[str, str]] = field(default_factory=list)
    fail_first: int = 0

    def answer(self, request: Request) -> tuple[int, Any]:
        self.seen.append(request.headers)
        return (503, None) if len(self.seen) <= self.fail_first else (200, {"ok": True})


@pytest.fixture
def recorder() -> Iterator[tuple[str, Recorder]]:
    handler = Recorder()
    with json_server(handler.answer) as url:
        yield url, handler


class TestHttpClient:
    async def test_forwards_request_id_and_service_token(
        self, recorder: tuple[str, Recorder]
    ) -> None:
        url, handler = recorder
        auth = ServiceTokenAuth(secret=STRONG, caller="feedback-service", audience="auth-backend")
        token = request_id_var.set("rid-42")
        try:
            async with make_http_client(base_url=url, auth=auth) as client:
                r = await client.get("/x")
        finally:
            request_id_var.reset(token)
        assert r.status_code == 200
        headers = handler.seen[0]
        assert headers["x-request-id"] == "rid-42"
        bearer = headers["authorization"].removeprefix("Bearer ")
        assert (
            check_service_token(bearer, secret=STRONG, audience="auth-backend")
            == "feedback-service"
        )

    @pytest.mark.parametrize(
        ("method", "fail_first", "status", "attempts"),
        [("GET", 2, 200, 3), ("POST", 1, 503, 1), ("GET", 10, 503, 3)],
        ids=["idempotent retried on 503", "post not retried", "retry budget bounded"],
    )
    async def test_retries(
        self,
        recorder: tuple[str, Recorder],
        method: str,
        fail_first: int,
        status: int,
        attempts: int,
    ) -> None:
        """With 2 retries allowed, an upstream answering 503 `fail_first` times."""
        url, handler = recorder
        handler.fail_first = fail_first
        async with make_http_client(base_url=url, retries=2) as client:
            r = await client.request(method, "/x")
        assert r.status_code == status
        assert len(handler.seen) == attempts
