"""Database failures as problems: unreachable is a 503 to retry, a lost race on a unique key a 409."""

from __future__ import annotations

from fastapi import FastAPI, Request
from sqlalchemy.exc import IntegrityError, InterfaceError, OperationalError
from starlette.responses import Response

from campus_common.errors import problem_response
from campus_common.logging import get_logger

log = get_logger(__name__)


async def _unavailable(request: Request, exc: Exception) -> Response:
    log.warning("database_unavailable", path=request.url.path, error=type(exc).__name__)
    return problem_response(
        503,
        slug="database-unavailable",
        detail="The service cannot reach its database. Try again in a moment.",
        headers={"Retry-After": "5"},
        instance=request.url.path,
    )


async def _conflict(request: Request, exc: Exception) -> Response:
    log.info("integrity_conflict", path=request.url.path)
    return problem_response(
        409,
        slug="conflict",
        detail="This clashes with a change made at the same moment. Reload and try again.",
        instance=request.url.path,
    )


def install_database_handlers(app: FastAPI) -> None:
    for exc_type in (OperationalError, InterfaceError, ConnectionError):
        app.add_exception_handler(exc_type, _unavailable)
    app.add_exception_handler(IntegrityError, _conflict)
