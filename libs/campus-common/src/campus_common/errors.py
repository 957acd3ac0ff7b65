"""RFC 9457 problem details: one small exception hierarchy, one set of handlers, one body shape."""

from __future__ import annotations

from collections.abc import Mapping
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, ConfigDict, Field
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response

from campus_common.json import dumps
from campus_common.logging import get_logger
from campus_common.request_id import current_request_id

PROBLEM_CONTENT_TYPE = "application/problem+json"
TYPE_BASE = "https://campus.example/problems/"

log = get_logger(__name__)


class Problem(BaseModel):
    """The error body of every Campus API (RFC 9457)."""

    model_config = ConfigDict(extra="allow")

    type: str = Field(examples=[TYPE_BASE + "not-found"])
    title: str = Field(examples=["Not Found"])
    status: int = Field(examples=[404])
    detail: str | None = Field(default=None, examples=["No feedback with this id."])
    instance: str | None = None
    request_id: str | None = None


class ProblemError(Exception):
    """Base of every error a handler may raise on purpose. Subclasses fix the status."""

    status: int = 500
    slug: str = "internal-error"

    def __init__(
        self,
        detail: str | None = None,
        *,
        slug: str | None = None,
        title: str | None = None,
        headers: dict[str, str] | None = None,
        **extra: Any,
    ) -> None:
        super().__init__(detail or "")
        self.detail = detail
        if slug:
            self.slug = slug
        self.title = title or HTTPStatus(self.status).phrase
        self.headers = headers or {}
        self.extra = extra


class BadRequest(ProblemError):
    status, slug = 400, "bad-request"


class Unauthorized(ProblemError):
    status, slug = 401, "unauthorized"

    def __init__(self, detail: str | None = None, **kw: Any) -> None:
        kw.setdefault("headers", {"WWW-Authenticate": "Bearer"})
        super().__init__(detail, **kw)


class Forbidden(ProblemError):
    status, slug = 403, "forbidden"


class NotFound(ProblemError):
    status, slug = 404, "not-found"


class Conflict(ProblemError):
    status, slug = 409, "conflict"


class Gone(ProblemError):
    status, slug = 410, "gone"


class PayloadTooLarge(ProblemError):
    status, slug = 413, "payload-too-large"


class Unprocessable(ProblemError):
    status, slug = 422, "unprocessable"


class TooManyRequests(ProblemError):
    status, slug = 429, "too-many-requests"

    def __init__(self, detail: str | None = None, *, retry_after: int, **kw: Any) -> None:
        retry_after = max(1, int(retry_after))
        kw.setdefault("headers", {})["Retry-After"] = str(retry_after)
        super().__init__(detail, retry_after=retry_after, **kw)


class ServiceUnavailable(ProblemError):
    status, slug = 503, "service-unavailable"


def problem_response(
    status: int,
    *,
    slug: str,
    title: str | None = None,
    detail: str | None = None,
    headers: dict[str, str] | None = None,
    instance: str | None = None,
    **extra: Any,
) -> Response:
    body: dict[str, Any] = {
        "type": TYPE_BASE + slug,
        "title": title or HTTPStatus(status).phrase,
        "status": status,
    }
    if detail:
        body["detail"] = detail
    if instance:
        body["instance"] = instance
    rid = current_request_id()
    if rid:
        body["request_id"] = rid
    body.update(extra)
    return Response(
        dumps(body), status_code=status, headers=headers, media_type=PROBLEM_CONTENT_TYPE
    )


def _status_slug(status: int) -> str:
    try:
        return HTTPStatus(status).phrase.lower().replace(" ", "-").replace("'", "")
    except ValueError:
        return "error"


def _message(err: Mapping[str, Any]) -> str:
    """Pydantic's words for an error; a length limit on text speaks of characters even where it
    runs after a checking validator (`Annotated[MultiLine, StringConstraints(...)]`), which
    Pydantic words as a length of "items"."""
    kind, ctx = err.get("type"), err.get("ctx") or {}
    if isinstance(err.get("input"), str) and kind in ("too_long", "too_short"):
        if kind == "too_long" and "max_length" in ctx:
            limit = ctx["max_length"]
            return f"String should have at most {limit} character{'s' * (limit != 1)}"
        if kind == "too_short" and "min_length" in ctx:
            limit = ctx["min_length"]
            return f"String should have at least {limit} character{'s' * (limit != 1)}"
    return str(err.get("msg", ""))


def _validation_errors(exc: RequestValidationError) -> list[dict[str, Any]]:
    out = []
    for err in exc.errors():
        loc = [str(p) for p in err.get("loc", ())]
        item = {"loc": loc, "msg": _message(err), "type": str(err.get("type", ""))}
        out.append(item)
    return out


def error_response(exc: ProblemError, path: str) -> Response:
    """The problem+json answer for a raised ProblemError."""
    return problem_response(
        exc.status,
        slug=exc.slug,
        title=exc.title,
        detail=exc.detail,
        headers=exc.headers,
        instance=path,
        **exc.extra,
    )


def internal_error_response(exc: BaseException, path: str) -> Response:
    """Log an unexpected error with its trace; answer 500 problem+json without it."""
    log.error("unhandled_exception", path=path, exc_info=exc)
    return problem_response(
        500,
        slug="internal-error",
        detail="Something went wrong on our side. Quote the request id if you report it.",
        instance=path,
    )


async def _on_problem(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ProblemError)
    return error_response(exc, request.url.path)


async def _on_validation(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    errors = _validation_errors(exc)
    body_errors = [e for e in errors if e["type"] == "json_invalid"]
    if body_errors:
        return problem_response(
            400,
            slug="malformed-json",
            title="Malformed JSON",
            detail="The request body is not valid JSON.",
            instance=request.url.path,
        )
    first = errors[0] if errors else {"loc": [], "msg": "invalid request"}
    loc = first["loc"][1:] if first["loc"][:1] == ["body"] else first["loc"]
    where = ".".join(loc) or "request"  # a field named "body" keeps its name
    return problem_response(
        422,
        slug="validation-error",
        title="Validation failed",
        detail=f"{where}: {first['msg']}",
        instance=request.url.path,
        errors=errors,
    )


async def _on_http(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    detail: str | None = exc.detail if isinstance(exc.detail, str) else None
    if detail == HTTPStatus(exc.status_code).phrase:
        detail = None
    return problem_response(
        exc.status_code,
        slug=_status_slug(exc.status_code),
        detail=detail,
        headers=dict(exc.headers or {}),
        instance=request.url.path,
    )


async def _on_unhandled(request: Request, exc: Exception) -> Response:
    return internal_error_response(exc, request.url.path)


def install_problem_handlers(app: FastAPI) -> None:
    app.add_exception_handler(ProblemError, _on_problem)
    app.add_exception_handler(RequestValidationError, _on_validation)
    app.add_exception_handler(StarletteHTTPException, _on_http)
    app.add_exception_handler(Exception, _on_unhandled)


def problem_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """`responses=` for a route: declares the problem+json shape of each status in OpenAPI."""
    return {
        s: {
            "model": Problem,
            "description": HTTPStatus(s).phrase,
            "content": {PROBLEM_CONTENT_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}},
        }
        for s in statuses
    }
