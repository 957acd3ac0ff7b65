"""The service answers its platform endpoints and its migrations match its models."""

from __future__ import annotations

import httpx

from auth_backend.cli import MIGRATIONS
from campus_common import migrations


class TestPlatformEndpoints:
    async def test_health(self, client: httpx.AsyncClient) -> None:
        response = await client.get("/health")
        assert response.status_code == 200
        assert response.json() == {"status": "ok", "service": "auth-backend"}

    async def test_ready_checks_database(self, client: httpx.AsyncClient) -> None:
        response = await client.get("/ready")
        assert response.status_code == 200
        assert response.json()["checks"]["database"]["ok"] is True

    async def test_openapi_docs(self, client: httpx.AsyncClient) -> None:
        response = await client.get("/docs")
        assert response.status_code == 200
        assert "swagger" in response.text.lower()


def test_migrations_match_models(database_url: str) -> None:
    migrations.check(MIGRATIONS, database_url)


class TestOpenAPI:
    async def test_every_route_documents_its_errors(self, client: httpx.AsyncClient) -> None:
        spec = (await client.get("/openapi.json")).json()
        missing = []
        for path, operations in spec["paths"].items():
            if path in {"/health", "/ready", "/metrics", "/.well-known/jwks.json"}:
                continue
            for method, operation in operations.items():
                errors = [s for s in operation["responses"] if s.startswith(("4", "5"))]
                if not errors:
                    missing.append(f"{method.upper()} {path}")
                for status in errors:
                    content = operation["responses"][status].get("content", {})
                    if status != "422" and "application/problem+json" not in content:
                        missing.append(f"{method.upper()} {path} {status}")
        assert not missing, missing
        assert "/login" in spec["paths"]
        assert "/internal/users/lookup" in spec["paths"]


class TestDatabaseDown:
    async def test_requests_get_503_and_ready_says_so(self, settings: object) -> None:
        from asgi_lifespan import LifespanManager

        from auth_backend.main import create_app

        down = settings.model_copy(  # type: ignore[attr-defined]
            update={"database_url": "postgresql+asyncpg://postgres@127.0.0.1:9/nowhere"}
        )
        application = create_app(down)
        async with LifespanManager(application):
            transport = httpx.ASGITransport(app=application)
            async with httpx.AsyncClient(transport=transport, base_url="http://test") as c:
                login = await c.post("/login", json={"email": "a@b.example", "password": "x"})
                ready = await c.get("/ready")
        assert login.status_code == 503
        assert login.headers["content-type"] == "application/problem+json"
        assert login.headers["retry-after"] == "5"
        assert ready.status_code == 503
