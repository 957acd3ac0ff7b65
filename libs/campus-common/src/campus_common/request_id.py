"""Request ids: accepted from `X-Request-ID` or created, bound to every log line, returned, forwarded."""

from __future__ import annotations

import re
import uuid
from contextvars import ContextVar

REQUEST_ID_HEADER = "X-Request-ID"
_VALID = re.compile(r"^[A-Za-z0-9._:\-]{1,128}$")

request_id_var: ContextVar[str | None] = ContextVar("request_id", default=None)


def new_request_id() -> str:
    return uuid.uuid4().hex


def accept_request_id(candidate: str | None) -> str:
    """Keep a caller's id when it is sane (no header injection, bounded length), else make one."""
    if candidate and _VALID.match(candidate):
        return candidate
    return new_request_id()


def current_request_id() -> str | None:
    return request_id_var.get()
