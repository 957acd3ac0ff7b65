"""`GET /health` (the process answers), `GET /ready` (each dependency checked), `GET /metrics`."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Mapping

from fastapi import APIRouter, Request
from pydantic import BaseModel
from starlette.responses import Response

from campus_common.json import ORJSONResponse
from campus_common.logging import get_logger
from campus_common.metrics import generate_latest

ReadyCheck = Callable[[], Awaitable[object]]
log = get_logger(__name__)


class Health(BaseModel):
    status: str
    service: str


class CheckResult(BaseModel):
    ok: bool
    duration_ms: float
    error: str | None = None


class Readiness(BaseModel):
    status: str
    service: str
    checks: dict[str, CheckResult]
    failing: list[str]


async def run_checks(
    checks: Mapping[str, ReadyCheck], *, timeout: float = 2.0
) -> dict[str, CheckResult]:
    async def one(name: str, check: ReadyCheck) -> tuple[str, CheckResult]:
        start = time.perf_counter()
        try:
            await asyncio.wait_for(check(), timeout)
        except Exception as exc:  # a readiness check reports any failure, it never raises
            ms = round((time.perf_counter() - start) * 1000, 2)
            reason = "timed out" if isinstance(exc, TimeoutError) else type(exc).__name__
            log.warning("ready_check_failed", check=name, reason=reason)
            return name, CheckResult(
                ok=False, duration_ms=ms, error=f"{name} unreachable: {reason}"
            )
        return name, CheckResult(
            ok=True, duration_ms=round((time.perf_counter() - start) * 1000, 2)
        )

    results = await asyncio.gather(*(one(n, c) for n, c in checks.items()))
    return dict(results)


def health_router(service: str) -> APIRouter:
    router = APIRouter(tags=["health"])

    @router.get("/health", summary="Liveness: the process answers")
    async def health() -> Health:
        return Health(status="ok", service=service)

    @router.get(
        "/ready",
        response_model=Readiness,
        summary="Readiness: every dependency reachable",
        responses={503: {"model": Readiness, "description": "A dependency is unreachable"}},
    )
    async def ready(request: Request) -> Response:
        checks: Mapping[str, ReadyCheck] = getattr(request.app.state, "ready_checks", {})
        results = await run_checks(checks)
        failing = [n for n, r in results.items() if not r.ok]
        body = Readiness(
            status="fail" if failing else "ok", service=service, checks=results, failing=failing
        )
        return ORJSONResponse(body.model_dump(), status_code=503 if failing else 200)

    @router.get("/metrics", summary="Prometheus metrics", response_class=Response)
    async def metrics() -> Response:
        data, content_type = generate_latest()
        return Response(data, media_type=content_type)

    return router
