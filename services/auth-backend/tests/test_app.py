"""What is particular to this service's app; the platform endpoints and the migration check that
every service shares are in tests/platform."""

from __future__ import annotations

import httpx

from campus_testing.problems import assert_problem


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
        assert_problem(login, 503)
        assert login.headers["retry-after"] == "5"
        assert ready.status_code == 503


def test_durations_take_plain_seconds_as_well_as_iso_8601() -> None:
    """The root .env.example promises both forms for every duration; auth's own took only ISO."""
    from datetime import timedelta

    from auth_backend.settings import Settings

    settings = Settings(access_token_ttl="900", refresh_token_ttl="P14D")  # type: ignore[arg-type]
    assert settings.access_token_ttl == timedelta(minutes=15)
    assert settings.refresh_token_ttl == timedelta(days=14)
