"""The edge's routes, served for real: this machine's nginx runs the image's rendered template in
front of one stand-in upstream that answers every path (as a service would, with its /metrics and
its /docs), so what reaches a service and what the edge keeps to itself is observed, not read."""

from __future__ import annotations

import http.server
import shutil
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from test_edge_config import MAIN_CONF, envsubst, image_env

PREFIXES = ["auth", "feedback", "notifications"]


class Upstream(http.server.BaseHTTPRequestHandler):
    """Answers like a service: metrics text at /metrics, a Swagger page at /docs, JSON elsewhere."""

    def do_GET(self) -> None:
        path = self.path.split("?")[0].rstrip("/")
        if path == "/v1/feed/stream":
            self._stream()
            return
        if path == "/metrics":
            body, kind = b"# TYPE http_requests_total counter\n", "text/plain"
        elif path.startswith(("/docs", "/redoc")):
            body, kind = b"<html><div id='swagger-ui'></div></html>", "text/html"
        else:
            body, kind = b'{"status":"ok","path":"' + self.path.encode() + b'"}', "application/json"
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _stream(self) -> None:
        """Like the feed's stream: one event at once, the next only after STREAM_PAUSE s."""
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-cache")
        self.end_headers()
        self.wfile.write(b'event: unread\ndata: {"unread":1}\n\n')
        self.wfile.flush()
        time.sleep(STREAM_PAUSE)
        self.wfile.write(b": heartbeat\n\n")
        self.wfile.flush()

    def log_message(self, *args: object) -> None:
        pass


STREAM_PAUSE = 2.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def edge(repo: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    upstream = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Upstream)
    threading.Thread(target=upstream.serve_forever, daemon=True).start()
    where = f"127.0.0.1:{upstream.server_address[1]}"
    tmp = tmp_path_factory.mktemp("edge")
    (tmp / "html").mkdir()
    (tmp / "html/index.html").write_text('<div id="root"></div>', encoding="utf-8")
    port = free_port()
    env = image_env(repo) | {
        "EDGE_PORT": f"127.0.0.1:{port}",
        "WEB_ROOT": str(tmp / "html"),
        "AUTH_UPSTREAM": where,
        "NOTIFICATION_UPSTREAM": where,
        "FEEDBACK_UPSTREAM": where,
    }
    template = (repo / "deploy/nginx/default.conf.template").read_text(encoding="utf-8")
    (tmp / "conf.d").mkdir()
    (tmp / "conf.d/default.conf").write_text(envsubst(template, env), encoding="utf-8")
    mime = next(
        p for p in ("/etc/nginx/mime.types", "/usr/local/etc/nginx/mime.types") if Path(p).exists()
    )
    conf = MAIN_CONF.format(tmp=tmp, mime=mime).replace("pid ", "daemon off;\npid ", 1)
    (tmp / "nginx.conf").write_text(conf, encoding="utf-8")
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    proc = subprocess.Popen(
        [nginx, "-p", str(tmp), "-c", str(tmp / "nginx.conf"), "-e", "stderr"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                httpx.get(f"{base}/healthz", timeout=1)
                break
            except httpx.TransportError:
                assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
                time.sleep(0.05)
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        upstream.shutdown()


class TestWhatTheEdgeKeepsToItself:
    @pytest.mark.parametrize("prefix", PREFIXES)
    @pytest.mark.parametrize("path", ["metrics", "metrics/", "metrics?name=x"])
    def test_no_service_metrics_through_the_edge(self, edge: str, prefix: str, path: str):
        response = httpx.get(f"{edge}/api/{prefix}/{path}")
        assert response.status_code == 404
        assert "# TYPE" not in response.text
        assert response.headers["content-type"].startswith("application/problem+json")

    @pytest.mark.parametrize("prefix", PREFIXES)
    @pytest.mark.parametrize("page", ["docs", "docs/oauth2-redirect", "redoc", "openapi.json"])
    def test_api_docs_through_the_edge_are_a_404_never_a_blank_page(
        self, edge: str, prefix: str, page: str
    ):
        response = httpx.get(f"{edge}/api/{prefix}/{page}")
        assert response.status_code == 404
        assert "swagger-ui" not in response.text

    @pytest.mark.parametrize(
        ("path", "upstream_path"),
        [
            ("/api/auth/health", "/health"),
            ("/api/auth/.well-known/jwks.json", "/.well-known/jwks.json"),
            ("/api/feedback/v1/feedback", "/v1/feedback"),
            ("/api/feedback/metricsish", "/metricsish"),
            ("/api/notifications/ready", "/ready"),
            ("/api/notifications/v1/feed", "/v1/feed"),
            ("/api/notifications/v1/feed/unread-count", "/v1/feed/unread-count"),
            ("/api/notifications/v1/preferences/me", "/v1/preferences/me"),
            ("/api/notifications/v1/unsubscribe?token=t.x", "/v1/unsubscribe?token=t.x"),
        ],
    )
    def test_the_rest_still_reaches_the_service(self, edge: str, path: str, upstream_path: str):
        response = httpx.get(f"{edge}{path}")
        assert response.status_code == 200, response.text
        assert response.json()["path"] == upstream_path


class TestTheFeedThroughTheEdge:
    def test_the_stream_is_passed_on_as_it_comes(self, edge: str):
        started = time.monotonic()
        with httpx.stream("GET", f"{edge}/api/notifications/v1/feed/stream", timeout=10) as r:
            assert r.status_code == 200
            assert r.headers["content-type"].startswith("text/event-stream")
            assert "gzip" not in r.headers.get("content-encoding", "")
            chunks = r.iter_text()
            first = next(chunks)
            first_after = time.monotonic() - started
            rest = "".join(chunks)
        assert first.startswith("event: unread\n")
        assert first_after < STREAM_PAUSE / 2  # not held back until the upstream finished
        assert ": heartbeat" in rest

    @pytest.mark.parametrize(
        "path", ["/api/notifications/v1/events", "/api/notifications/v1/notifications"]
    )
    def test_the_internal_routes_stay_internal(self, edge: str, path: str):
        response = httpx.get(f"{edge}{path}")
        assert response.status_code == 404
        assert response.headers["content-type"].startswith("application/problem+json")
