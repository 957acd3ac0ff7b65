"""What every service answers alike (the platform's conventions), run against each service's
real app: health, readiness, Prometheus metrics, problem+json for unknown routes, request ids,
security headers, API docs that load offline, and migrations that match the models."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path

import httpx
import sqlalchemy as sa
from alembic import command
from prometheus_client.parser import text_string_to_metric_families

from campus_common import migrations
from campus_common.db import create_engine
from campus_testing.databases import fresh_database_url

from .conftest import Service

PROBLEM = "application/problem+json"
REFERENCE = re.compile(r"""(?:src|href|spec-url)="([^"]+)\"""")


class TestHealth:
    async def test_health(self, client: httpx.AsyncClient, service: Service) -> None:
        r = await client.get("/health")
        assert r.status_code == 200
        assert r.json() == {"status": "ok", "service": service.name}

    async def test_ready_checks_the_database(self, client: httpx.AsyncClient) -> None:
        r = await client.get("/ready")
        assert r.status_code == 200
        body = r.json()
        assert body["status"] == "ok"
        assert body["failing"] == []
        assert body["checks"]["database"]["ok"] is True


class TestMetrics:
    async def test_prometheus_text_format(self, client: httpx.AsyncClient) -> None:
        await client.get("/health")
        r = await client.get("/metrics")
        assert r.status_code == 200
        assert r.headers["content-type"].startswith("text/plain; version=")
        families = {f.name: f for f in text_string_to_metric_families(r.text)}
        requests = families["http_requests"]
        assert requests.type == "counter"
        assert any(
            s.labels.get("route") == "/health" and s.labels.get("status") == "200"
            for s in requests.samples
        )
        assert families["http_request_duration_seconds"].type == "histogram"


class TestProblems:
    async def test_unknown_route_is_a_404_problem(self, client: httpx.AsyncClient) -> None:
        r = await client.get("/no/such/route", headers={"X-Request-ID": "platform-404"})
        assert r.status_code == 404
        assert r.headers["content-type"] == PROBLEM
        body = r.json()
        assert body["status"] == 404
        assert body["type"].startswith("https://")
        assert body["title"]
        assert body["request_id"] == "platform-404"

    async def test_wrong_method_is_a_405_problem(self, client: httpx.AsyncClient) -> None:
        r = await client.delete("/health")
        assert r.status_code == 405
        assert r.headers["content-type"] == PROBLEM


class TestRequestId:
    async def test_given_id_is_echoed(self, client: httpx.AsyncClient) -> None:
        r = await client.get("/health", headers={"X-Request-ID": "req-abc.123"})
        assert r.headers["x-request-id"] == "req-abc.123"

    async def test_missing_or_hostile_id_is_replaced(self, client: httpx.AsyncClient) -> None:
        assert len((await client.get("/health")).headers["x-request-id"]) == 32
        r = await client.get("/health", headers={"X-Request-ID": "bad id\twith spaces"})
        assert r.headers["x-request-id"] != "bad id\twith spaces"
        assert len(r.headers["x-request-id"]) == 32


class TestSecurityHeaders:
    async def test_on_answers_and_on_errors(self, client: httpx.AsyncClient) -> None:
        for path in ("/health", "/no/such/route"):
            r = await client.get(path)
            assert r.headers["x-content-type-options"] == "nosniff", path
            assert r.headers["referrer-policy"] == "no-referrer", path
            assert r.headers["x-frame-options"] == "DENY", path
            assert "frame-ancestors 'none'" in r.headers["content-security-policy"], path


class TestDocs:
    async def test_openapi_document(self, client: httpx.AsyncClient) -> None:
        r = await client.get("/openapi.json")
        assert r.status_code == 200
        spec = r.json()
        assert spec["openapi"].startswith("3.")
        assert "/health" in spec["paths"]

    async def test_docs_load_offline(self, client: httpx.AsyncClient) -> None:
        for page in ("/docs", "/redoc"):
            r = await client.get(page)
            assert r.status_code == 200, page
            csp = r.headers["content-security-policy"]
            assert "script-src 'self'" in csp
            assert "http" not in csp
            refs = REFERENCE.findall(r.text)
            assert refs, page
            for ref in refs:
                assert ref.startswith("/"), ref
                assert not ref.startswith("//"), ref
                asset = await client.get(ref)
                assert asset.status_code == 200, ref
        swagger = (await client.get("/docs")).text
        assert "swagger-ui-bundle.js" in swagger


def test_migrations_match_models(service: Service, database_url: str) -> None:
    migrations.check(service.module("cli").MIGRATIONS, database_url)


async def test_migrations_downgrade_to_nothing_and_back(service: Service, tmp_path: Path) -> None:
    url = fresh_database_url(f"platform_down_{service.package}", tmp_path)
    config = migrations.alembic_config(service.module("cli").MIGRATIONS, url)
    await asyncio.to_thread(migrations.upgrade, service.module("cli").MIGRATIONS, url)
    await asyncio.to_thread(command.downgrade, config, "base")
    engine = create_engine(url)
    try:
        async with engine.connect() as conn:
            tables = await conn.run_sync(lambda c: sa.inspect(c).get_table_names())
    finally:
        await engine.dispose()
    assert set(tables) <= {"alembic_version"}
    await asyncio.to_thread(migrations.upgrade, service.module("cli").MIGRATIONS, url)
    await asyncio.to_thread(migrations.check, service.module("cli").MIGRATIONS, url)
