"""The nginx edge in front of the real services: routing, headers, limits, caching."""

from __future__ import annotations

import httpx
import pytest
from support.stack import Stack


@pytest.fixture(scope="module")
def edge(stack: Stack) -> httpx.Client:
    with httpx.Client(base_url=stack.edge, timeout=10) as client:
        yield client


class TestRouting:
    @pytest.mark.parametrize(
        "path", ["/api/auth/health", "/api/feedback/health", "/api/notifications/health"]
    )
    def test_each_service_is_routed_with_its_prefix_stripped(
        self, edge: httpx.Client, path: str
    ) -> None:
        response = edge.get(path)
        assert response.status_code == 200
        assert response.json()["status"] == "ok"

    @pytest.mark.parametrize(
        "path",
        [
            "/api/auth/internal/users",
            "/api/auth/internal%2Fusers",
            "/api/auth/x/../internal/users",
            "/api/notifications/v1/verifications",
            "/api/notifications/v1/notifications",
            "/api/notifications/v1/admin/../verifications",
            "/api/notifications/mailbox",
            "/api/nothing-here",
            "/api",
        ],
    )
    def test_internal_and_unknown_api_paths_are_problem_404s(
        self, edge: httpx.Client, path: str
    ) -> None:
        response = edge.get(path)
        assert response.status_code == 404
        assert response.headers["content-type"].startswith("application/problem+json")
        assert response.json()["status"] == 404

    def test_service_404s_stay_404_and_never_become_the_app_shell(self, edge: httpx.Client) -> None:
        response = edge.get("/api/feedback/no-such-route")
        assert response.status_code == 404
        assert response.headers["content-type"].startswith("application/problem+json")

    def test_app_routes_get_the_app_shell(self, edge: httpx.Client) -> None:
        response = edge.get("/student/feedback/123")
        assert response.status_code == 200
        assert '<div id="root">' in response.text
        assert response.headers["cache-control"] == "no-cache"

    def test_missing_asset_is_a_404_not_the_app_shell(self, edge: httpx.Client) -> None:
        assert edge.get("/assets/missing-0000.js").status_code == 404

    def test_jwks_is_public(self, edge: httpx.Client) -> None:
        response = edge.get("/api/auth/.well-known/jwks.json")
        assert response.status_code == 200
        assert response.json()["keys"]


class TestHeaders:
    def test_security_headers_on_the_app_and_the_api(self, edge: httpx.Client) -> None:
        for path in ("/", "/api/feedback/health", "/api/nothing"):
            headers = edge.get(path).headers
            csp = headers["content-security-policy"]
            assert "script-src 'self'" in csp
            assert "unsafe-inline" not in csp.split("script-src", 1)[1].split(";", 1)[0]
            assert "frame-ancestors 'none'" in csp
            assert headers["x-content-type-options"] == "nosniff"
            assert headers["x-frame-options"] == "DENY"
            assert headers["referrer-policy"] == "strict-origin-when-cross-origin"

    def test_request_id_is_kept_when_given_and_made_when_absent(self, edge: httpx.Client) -> None:
        given = edge.get("/api/auth/health", headers={"X-Request-ID": "e2e-abc-123"})
        assert given.headers["x-request-id"] == "e2e-abc-123"
        made = edge.get("/api/auth/health")
        assert len(made.headers["x-request-id"]) >= 16
        assert made.headers["x-request-id"] != "e2e-abc-123"
        hostile = edge.get("/api/auth/health", headers={"X-Request-ID": "bad id\twith spaces"})
        assert hostile.headers["x-request-id"] != "bad id\twith spaces"

    def test_hashed_assets_are_cached_long_and_gzipped(self, edge: httpx.Client) -> None:
        html = edge.get("/").text
        asset = html.split('src="', 1)[1].split('"', 1)[0]
        assert asset.startswith("/assets/")
        response = edge.get(asset, headers={"Accept-Encoding": "gzip"})
        assert response.status_code == 200
        assert response.headers["cache-control"] == "public, max-age=31536000, immutable"
        assert response.headers["content-encoding"] == "gzip"
        assert response.headers["vary"] == "Accept-Encoding"


class TestLimits:
    def test_a_body_over_2_mb_is_a_413_problem(self, edge: httpx.Client) -> None:
        response = edge.post(
            "/api/auth/login",
            content=b"x" * (2 * 1024 * 1024 + 1),
            headers={"Content-Type": "application/json"},
        )
        assert response.status_code == 413
        assert response.headers["content-type"].startswith("application/problem+json")
        assert response.json()["status"] == 413
