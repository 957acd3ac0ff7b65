"""Server-rendered pages (status page, dev mailbox): Jinja2 with autoescaping and a strict CSP."""

from __future__ import annotations

from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.responses import HTMLResponse

from notification_service.outbox.rendering import TEMPLATES

PAGE_CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data: https:; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)

_env = Environment(
    loader=FileSystemLoader(TEMPLATES / "pages"),
    autoescape=select_autoescape(default=True, default_for_string=True),
)


def render_page(name: str, **context: Any) -> HTMLResponse:
    html = _env.get_template(name).render(**context)
    return HTMLResponse(
        html,
        headers={
            "Content-Security-Policy": PAGE_CSP,
            "X-Content-Type-Options": "nosniff",
            "Referrer-Policy": "no-referrer",
            "Cache-Control": "no-store",
        },
    )
