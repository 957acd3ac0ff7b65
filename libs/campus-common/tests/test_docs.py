"""API docs served from bundled assets: same-origin references only, each asset answers with its
content type, and the CSP of the pages allows exactly what the two viewers need."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator

import httpx
import pytest

from campus_common.app import create_service_app
from campus_common.docs import REDOC_CSP, SWAGGER_CSP
from campus_common.settings import BaseServiceSettings

from .conftest import client_for

REFERENCE = re.compile(r"""(?:src|href|spec-url)="([^"]+)\"""")


@pytest.fixture
async def client() -> AsyncIterator[httpx.AsyncClient]:
    cfg = BaseServiceSettings(service_name="docs-test", environment="test", jwks_url=None)
    async for c in client_for(create_service_app(cfg, title="Docs test", description="d")):
        yield c


def references(page: str) -> list[str]:
    return REFERENCE.findall(page)


class TestDocsPages:
    @pytest.mark.parametrize("path", ["/docs", "/redoc"])
    async def test_only_same_origin_references(self, client: httpx.AsyncClient, path: str) -> None:
        r = await client.get(path)
        assert r.status_code == 200
        assert r.headers["content-type"].startswith("text/html")
        refs = references(r.text)
        assert refs
        assert all(ref.startswith("/") and not ref.startswith("//") for ref in refs), refs
        assert "http" not in r.text.replace('"http://test', "")  # no absolute URL anywhere
        assert "cdn" not in r.text.lower()

    @pytest.mark.parametrize("path", ["/docs", "/redoc"])
    async def test_no_inline_script(self, client: httpx.AsyncClient, path: str) -> None:
        r = await client.get(path)
        scripts = re.findall(r"<script([^>]*)>(.*?)</script>", r.text, re.S)
        assert scripts
        assert all('src="' in attrs and not body.strip() for attrs, body in scripts)

    @pytest.mark.parametrize(("path", "policy"), [("/docs", SWAGGER_CSP), ("/redoc", REDOC_CSP)])
    async def test_csp_allows_exactly_what_is_needed(
        self, client: httpx.AsyncClient, path: str, policy: str
    ) -> None:
        r = await client.get(path)
        csp = r.headers["content-security-policy"]
        assert csp == policy
        directives = dict(d.strip().split(" ", 1) for d in csp.split(";"))
        assert directives["style-src"] == (
            "'self'" if path == "/docs" else "'self' 'unsafe-inline'"
        )
        assert directives.get("worker-src") == (None if path == "/docs" else "blob:")
        assert directives["default-src"] == "'none'"
        assert directives["script-src"] == "'self'"
        assert directives["connect-src"] == "'self'"
        assert directives["frame-ancestors"] == "'none'"
        assert "unsafe-eval" not in csp
        assert "http" not in csp
        assert r.headers["x-content-type-options"] == "nosniff"

    async def test_swagger_points_at_the_openapi_document(self, client: httpx.AsyncClient) -> None:
        page = (await client.get("/docs")).text
        assert "&quot;url&quot;:&quot;/openapi.json&quot;" in page
        assert (await client.get("/openapi.json")).json()["info"]["title"] == "Docs test"

    async def test_behind_a_path_prefix(self) -> None:
        cfg = BaseServiceSettings(service_name="docs-test", environment="test", jwks_url=None)
        app = create_service_app(cfg, title="t", description="d")
        async for c in client_for(app):
            c._transport.root_path = "/api/feedback"  # type: ignore[attr-defined]
            page = (await c.get("/docs")).text
            assert all(ref.startswith("/api/feedback/") for ref in references(page))

    async def test_docs_can_be_switched_off(self) -> None:
        cfg = BaseServiceSettings(service_name="docs-test", environment="test", jwks_url=None)
        app = create_service_app(cfg, title="t", description="d", docs_url=None)
        async for c in client_for(app):
            assert (await c.get("/docs")).status_code == 404
            assert (await c.get("/redoc")).status_code == 404


class TestAssets:
    @pytest.mark.parametrize("path", ["/docs", "/redoc"])
    async def test_every_referenced_asset_answers(
        self, client: httpx.AsyncClient, path: str
    ) -> None:
        page = (await client.get(path)).text
        for ref in references(page):
            r = await client.get(ref)
            assert r.status_code == 200, ref
            kind = r.headers["content-type"]
            if ref.endswith(".js"):
                assert kind.startswith(("text/javascript", "application/javascript")), ref
                assert len(r.content) > 100
            elif ref.endswith(".css"):
                assert kind.startswith("text/css"), ref
            elif ref.endswith(".png"):
                assert kind == "image/png", ref
            else:
                assert kind.startswith("application/json"), ref

    async def test_unknown_asset_is_404(self, client: httpx.AsyncClient) -> None:
        assert (await client.get("/docs/assets/vendor/nope.js")).status_code == 404
        assert (await client.get("/docs/assets/vendor/../../app.py")).status_code == 404


class TestSecurityHeaders:
    async def test_api_responses_carry_them(self, client: httpx.AsyncClient) -> None:
        r = await client.get("/health")
        assert r.headers["x-content-type-options"] == "nosniff"
        assert r.headers["referrer-policy"] == "no-referrer"
        assert r.headers["x-frame-options"] == "DENY"
        assert r.headers["content-security-policy"] == "default-src 'none'; frame-ancestors 'none'"

    async def test_errors_carry_them(self, client: httpx.AsyncClient) -> None:
        r = await client.get("/nowhere")
        assert r.status_code == 404
        assert r.headers["x-content-type-options"] == "nosniff"

    async def test_early_413_carries_them(self, client: httpx.AsyncClient) -> None:
        r = await client.post("/health", content=b"x", headers={"Content-Length": str(10**9)})
        assert r.status_code == 413
        assert r.headers["x-content-type-options"] == "nosniff"
