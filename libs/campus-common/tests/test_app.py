"""The shared app factory: problem+json everywhere, request ids in responses and logs, health,
readiness naming the failing dependency, metrics by route template, body limits, roles."""

from __future__ import annotations

import io
import json
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from typing import Annotated, Any

import httpx
import pytest
from fastapi import APIRouter, FastAPI
from pydantic import BaseModel, Field, StringConstraints

from campus_common.app import Tag, create_service_app
from campus_common.db import create_engine, database_check
from campus_common.deps import CurrentUser, require_role, require_service
from campus_common.errors import NotFound, TooManyRequests
from campus_common.health import ReadyCheck
from campus_common.logging import configure_logging
from campus_common.service_tokens import mint_service_token
from campus_common.text import MultiLine
from campus_testing.problems import assert_problem

from .conftest import KeyPair, client_for, service_settings


class Item(BaseModel):
    name: str
    count: int


class Note(BaseModel):
    body: str = Field(max_length=5)
    # A checked text type with its length constraint after the check, as the services write it.
    signature: Annotated[MultiLine, StringConstraints(max_length=3)] = ""


def build_app(database_url: str = "sqlite+aiosqlite:///:memory:", **settings: Any) -> FastAPI:
    cfg = service_settings(
        service_name="demo-service", database_url=database_url, max_body_bytes=2048, **settings
    )

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[Mapping[str, ReadyCheck]]:
        engine = create_engine(cfg.database_url)
        yield {"database": database_check(engine)}
        await engine.dispose()

    app = create_service_app(cfg, title="Demo", description="test app", lifespan=lifespan)
    router = APIRouter()

    @router.post("/items/{item_id}")
    async def create_item(item_id: int, item: Item) -> dict[str, Any]:
        return {"id": item_id, **item.model_dump()}

    @router.post("/notes")
    async def create_note(note: Note) -> dict[str, Any]:
        return note.model_dump()

    @router.get("/missing")
    async def missing() -> None:
        raise NotFound("No such thing.")

    @router.get("/slow-down")
    async def slow_down() -> None:
        raise TooManyRequests("Too many tries.", retry_after=30)

    @router.get("/boom")
    async def boom() -> None:
        raise RuntimeError("secret internal detail")

    @router.get("/db-down")
    async def db_down() -> None:
        from sqlalchemy.exc import OperationalError

        raise OperationalError("SELECT 1", {}, ConnectionRefusedError("connection refused"))

    @router.get("/me")
    async def me(user: CurrentUser) -> dict[str, str]:
        return {"id": user.id, "role": user.role}

    admin = APIRouter(dependencies=[require_role("admin")])

    @admin.get("/admin-only")
    async def admin_only() -> dict[str, bool]:
        return {"ok": True}

    internal = APIRouter(dependencies=[require_service("auth-backend")])

    @internal.get("/internal/ping")
    async def ping() -> dict[str, bool]:
        return {"ok": True}

    app.include_router(router)
    app.include_router(admin)
    app.include_router(internal)
    return app


@pytest.fixture
async def client(jwks: dict[str, Any]) -> AsyncIterator[httpx.AsyncClient]:
    app = build_app()
    async for c in client_for(app):
        app.state.verifier.set_keys(jwks)
        yield c


class TestProblemErrors:
    async def test_malformed_json_is_400_problem(self, client: httpx.AsyncClient) -> None:
        r = await client.post(
            "/items/1", content=b'{"name": "x", ', headers={"content-type": "application/json"}
        )
        body = assert_problem(r, 400)
        assert "not valid JSON" in body["detail"]

    async def test_validation_error_is_422_problem_naming_field(
        self, client: httpx.AsyncClient
    ) -> None:
        r = await client.post("/items/1", json={"name": "x", "count": "many"})
        body = assert_problem(r, 422)
        assert body["detail"].startswith("count")
        assert body["errors"][0]["loc"] == ["body", "count"]

    async def test_a_field_named_body_is_named(self, client: httpx.AsyncClient) -> None:
        r = await client.post("/notes", json={"body": "too long"})
        assert assert_problem(r, 422)["detail"].startswith("body: ")
        r = await client.post("/notes", content=b"[]", headers={"content-type": "application/json"})
        assert assert_problem(r, 422)["detail"].startswith("request: ")

    async def test_a_checked_text_too_long_speaks_of_characters(
        self, client: httpx.AsyncClient
    ) -> None:
        r = await client.post("/notes", json={"body": "ok", "signature": "abcdef"})
        detail = assert_problem(r, 422)["detail"]
        assert detail == "signature: String should have at most 3 characters"

    async def test_bad_path_parameter_is_422(self, client: httpx.AsyncClient) -> None:
        assert_problem(await client.post("/items/abc", json={"name": "x", "count": 1}), 422)

    async def test_unknown_route_is_404_problem(self, client: httpx.AsyncClient) -> None:
        assert_problem(await client.get("/nowhere"), 404)

    async def test_wrong_method_is_405_problem(self, client: httpx.AsyncClient) -> None:
        assert_problem(await client.delete("/missing"), 405)

    async def test_raised_problem(self, client: httpx.AsyncClient) -> None:
        body = assert_problem(await client.get("/missing"), 404)
        assert body["detail"] == "No such thing."

    async def test_too_many_requests_has_retry_after(self, client: httpx.AsyncClient) -> None:
        r = await client.get("/slow-down")
        body = assert_problem(r, 429)
        assert r.headers["retry-after"] == "30"
        assert body["retry_after"] == 30

    async def test_unhandled_exception_is_500_without_trace(
        self, client: httpx.AsyncClient
    ) -> None:
        r = await client.get("/boom", headers={"X-Request-ID": "req-500"})
        body = assert_problem(r, 500)
        assert body["request_id"] == "req-500"
        assert "secret internal detail" not in r.text
        assert "Traceback" not in r.text
        assert "RuntimeError" not in r.text

    async def test_database_down_is_503_with_retry_after(self, client: httpx.AsyncClient) -> None:
        r = await client.get("/db-down")
        assert_problem(r, 503)
        assert r.headers["retry-after"] == "5"

    async def test_body_over_limit_is_413(self, client: httpx.AsyncClient) -> None:
        r = await client.post("/items/1", json={"name": "x" * 5000, "count": 1})
        assert_problem(r, 413)

    async def test_chunked_body_over_limit_is_413(self, client: httpx.AsyncClient) -> None:
        async def chunks() -> AsyncIterator[bytes]:
            for _ in range(10):
                yield b" " * 1000

        r = await client.post(
            "/items/1", content=chunks(), headers={"content-type": "application/json"}
        )
        assert_problem(r, 413)


class TestRequestId:
    async def test_given_id_is_returned_and_logged(self) -> None:
        stream = io.StringIO()
        app = build_app()
        async for c in client_for(app):
            configure_logging(service="demo-service", stream=stream)
            r = await c.get("/boom", headers={"X-Request-ID": "abc"})
            assert r.headers["x-request-id"] == "abc"
        lines = [json.loads(line) for line in stream.getvalue().splitlines() if line.strip()]
        caused = [line for line in lines if line.get("event") in {"request", "unhandled_exception"}]
        assert {line["event"] for line in caused} == {"request", "unhandled_exception"}
        assert all(line["request_id"] == "abc" for line in caused)
        # The trace goes to the log, not to the client.
        assert any("secret internal detail" in line.get("exception", "") for line in caused)

    async def test_missing_or_hostile_id_is_replaced(self, client: httpx.AsyncClient) -> None:
        r = await client.get("/health")
        assert len(r.headers["x-request-id"]) == 32
        r = await client.get("/health", headers={"X-Request-ID": "bad id\twith spaces"})
        assert r.headers["x-request-id"] != "bad id\twith spaces"


class TestHealth:
    async def test_health_and_ready(self, client: httpx.AsyncClient) -> None:
        assert (await client.get("/health")).json() == {"status": "ok", "service": "demo-service"}
        ready = await client.get("/ready")
        assert ready.status_code == 200
        assert ready.json()["checks"]["database"]["ok"] is True

    async def test_ready_is_503_naming_unreachable_database(self) -> None:
        app = build_app("postgresql+asyncpg://postgres@127.0.0.1:1/nowhere")
        async for c in client_for(app):
            r = await c.get("/ready")
            assert r.status_code == 503
            body = r.json()
            assert body["failing"] == ["database"]
            assert "database unreachable" in body["checks"]["database"]["error"]

    async def test_metrics_count_requests_by_route_template(
        self, client: httpx.AsyncClient
    ) -> None:
        await client.post("/items/41", json={"name": "a", "count": 1})
        await client.post("/items/42", json={"name": "b", "count": 2})
        text = (await client.get("/metrics")).text
        line = next(
            x
            for x in text.splitlines()
            if x.startswith("http_requests_total{")
            and 'route="/items/{item_id}"' in x
            and 'status="200"' in x
        )
        assert float(line.rsplit(" ", 1)[1]) >= 2
        assert "http_request_duration_seconds_bucket" in text
        assert 'route="/items/41"' not in text


class TestAuthDependencies:
    async def test_no_token_is_401(self, client: httpx.AsyncClient) -> None:
        r = await client.get("/me")
        assert_problem(r, 401)
        assert r.headers["www-authenticate"] == "Bearer"

    async def test_valid_token(self, client: httpx.AsyncClient, keypair: KeyPair) -> None:
        token = keypair.sign(role="mentor")
        r = await client.get("/me", headers={"Authorization": f"Bearer {token}"})
        assert r.status_code == 200
        assert r.json()["role"] == "mentor"

    async def test_expired_token_is_401(self, client: httpx.AsyncClient, keypair: KeyPair) -> None:
        token = keypair.sign(iat=1, exp=2)
        body = assert_problem(
            await client.get("/me", headers={"Authorization": f"Bearer {token}"}), 401
        )
        assert "expired" in body["detail"]

    async def test_role_required(self, client: httpx.AsyncClient, keypair: KeyPair) -> None:
        student = {"Authorization": f"Bearer {keypair.sign(role='student')}"}
        admin = {"Authorization": f"Bearer {keypair.sign(role='admin')}"}
        assert_problem(await client.get("/admin-only", headers=student), 403)
        assert (await client.get("/admin-only", headers=admin)).status_code == 200


class TestServiceTokens:
    SECRET = "dev-insecure-service-token-secret-change-me"

    async def test_valid_service_token(self, client: httpx.AsyncClient) -> None:
        token = mint_service_token(
            secret=self.SECRET, caller="auth-backend", audience="demo-service"
        )
        r = await client.get("/internal/ping", headers={"Authorization": f"Bearer {token}"})
        assert r.status_code == 200

    @pytest.mark.parametrize(
        ("secret", "caller", "audience"),
        [
            ("another-secret-entirely-and-long-enough-for-hs256", "auth-backend", "demo-service"),
            (SECRET, "feedback-service", "demo-service"),
            (SECRET, "auth-backend", "other-service"),
        ],
        ids=["wrong-secret", "caller-not-allowed", "wrong-audience"],
    )
    async def test_invalid_service_token_is_403(
        self, client: httpx.AsyncClient, secret: str, caller: str, audience: str
    ) -> None:
        token = mint_service_token(secret=secret, caller=caller, audience=audience)
        r = await client.get("/internal/ping", headers={"Authorization": f"Bearer {token}"})
        assert_problem(r, 403)

    async def test_user_token_is_not_a_service_token(
        self, client: httpx.AsyncClient, keypair: KeyPair
    ) -> None:
        r = await client.get(
            "/internal/ping", headers={"Authorization": f"Bearer {keypair.sign(role='admin')}"}
        )
        assert_problem(r, 403)

    async def test_missing_service_token_is_401(self, client: httpx.AsyncClient) -> None:
        assert_problem(await client.get("/internal/ping"), 401)


class TestQuietPaths:
    async def test_polled_paths_are_not_logged_but_other_requests_are(self) -> None:
        """The revocation feed is polled every few seconds by every verifier: its successful
        answers would be most of a log, so like the probes they are not written."""
        stream = io.StringIO()
        app = build_app()
        async for c in client_for(app):
            configure_logging(service="demo-service", stream=stream)
            await c.get("/health")
            await c.get("/internal/revocations")
            await c.get("/items/1")
        lines = [json.loads(line) for line in stream.getvalue().splitlines() if line.strip()]
        paths = [line.get("path") for line in lines if line.get("event") == "request"]
        assert "/health" not in paths
        assert "/internal/revocations" not in paths
        assert "/items/1" in paths


def test_tags_declared_with_their_router_are_listed_once_in_the_order_routes_were_included() -> (
    None
):
    cfg = service_settings(service_name="demo-service")
    app = create_service_app(cfg, title="t", description="t")
    login = APIRouter(tags=[Tag("login", "Sign in.")])
    admin = APIRouter(prefix="/admin", tags=[Tag("admin", "Admins only.")])

    @login.post("/login")
    async def sign_in() -> None: ...

    @login.post("/logout")
    async def sign_out() -> None: ...

    @admin.get("/users", tags=["untold"])
    async def users() -> None: ...

    app.include_router(login)
    app.include_router(admin)
    schema = app.openapi()
    assert schema["tags"] == [
        {"name": "login", "description": "Sign in."},
        {"name": "admin", "description": "Admins only."},
    ]
    assert schema["paths"]["/admin/users"]["get"]["tags"] == ["admin", "untold"]
    assert json.loads(json.dumps(schema))["tags"][0]["name"] == "login"


def test_no_tags_are_listed_when_no_route_declares_one() -> None:
    cfg = service_settings(service_name="demo-service")
    assert "tags" not in create_service_app(cfg, title="t", description="t").openapi()
