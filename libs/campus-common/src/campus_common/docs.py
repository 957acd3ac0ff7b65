"""API docs that load with no internet: Swagger UI and ReDoc from bundled assets, under a CSP.

The assets (Swagger UI's bundle and CSS, ReDoc's standalone bundle) ship in the `fastapi-offline`
package and are served by the service itself under `<docs_url>/assets/`; the pages reference only
same-origin URLs and contain no inline script, so their Content-Security-Policy allows scripts
from 'self' only. The framework's own CDN-based pages are switched off.
"""

from __future__ import annotations

import html
import importlib.resources
from pathlib import Path
from typing import Any

import orjson
from fastapi import FastAPI, Request
from starlette.responses import HTMLResponse
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles

# Exactly what each viewer needs (checked in Chromium): scripts from 'self' only, icons as data:
# URIs, the OpenAPI document fetched from here. ReDoc also sets inline styles (<style> elements)
# and starts its search worker from a blob: URL. ReDoc's bundle links its footer logo from a CDN:
# the policy blocks that image, and the page hides it.
_COMMON_CSP = (
    "default-src 'none'; script-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)
SWAGGER_CSP = _COMMON_CSP + "; style-src 'self'"
REDOC_CSP = _COMMON_CSP + "; style-src 'self' 'unsafe-inline'; worker-src blob:"


def _headers(csp: str) -> dict[str, str]:
    return {
        "Content-Security-Policy": csp,
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
        "Cache-Control": "no-cache",
    }


def _vendor_assets() -> Path:
    return Path(str(importlib.resources.files("fastapi_offline") / "static"))


def _own_assets() -> Path:
    return Path(str(importlib.resources.files("campus_common") / "static"))


def _page(title: str, head: str, body: str, *, csp: str) -> HTMLResponse:
    return HTMLResponse(
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{html.escape(title)}</title>{head}</head><body>{body}</body></html>\n",
        headers=_headers(csp),
    )


def install_docs(
    app: FastAPI, *, docs_url: str = "/docs", redoc_url: str | None = "/redoc"
) -> None:
    """Serve Swagger UI at `docs_url`, ReDoc at `redoc_url`, their assets under `docs_url/assets`."""
    assets = docs_url.rstrip("/") + "/assets"
    app.router.routes.append(
        Mount(
            assets + "/vendor",
            app=StaticFiles(directory=_vendor_assets()),
            name="docs-vendor-assets",
        )
    )
    app.router.routes.append(
        Mount(assets + "/own", app=StaticFiles(directory=_own_assets()), name="docs-own-assets")
    )

    def urls(request: Request) -> tuple[str, str]:
        root = str(request.scope.get("root_path") or "").rstrip("/")
        return root + assets, root + (app.openapi_url or "/openapi.json")

    @app.get(docs_url, include_in_schema=False)
    async def swagger_ui(request: Request) -> HTMLResponse:
        base, openapi = urls(request)
        config: dict[str, Any] = {
            "url": openapi,
            "layout": "BaseLayout",
            "deepLinking": True,
            "showExtensions": True,
            "showCommonExtensions": True,
            **(app.swagger_ui_parameters or {}),
        }
        data = html.escape(orjson.dumps(config).decode(), quote=True)
        return _page(
            f"{app.title} - API docs",
            f'<link rel="icon" type="image/png" href="{base}/vendor/favicon.png">'
            f'<link rel="stylesheet" href="{base}/vendor/swagger-ui.css">',
            f'<div id="swagger-ui" data-config="{data}"></div>'
            f'<script src="{base}/vendor/swagger-ui-bundle.js"></script>'
            f'<script src="{base}/own/swagger-init.js"></script>',
            csp=SWAGGER_CSP,
        )

    if redoc_url is not None:

        @app.get(redoc_url, include_in_schema=False)
        async def redoc(request: Request) -> HTMLResponse:
            base, openapi = urls(request)
            return _page(
                f"{app.title} - API reference",
                f'<link rel="icon" type="image/png" href="{base}/vendor/favicon.png">',
                f'<redoc spec-url="{html.escape(openapi, quote=True)}"></redoc>'
                f'<script src="{base}/vendor/redoc.standalone.js"></script>',
                csp=REDOC_CSP,
            )
