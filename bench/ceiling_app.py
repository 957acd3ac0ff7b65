"""The ceiling: a bare FastAPI endpoint returning a small JSON object, served like the services.

`uvicorn --factory bench.ceiling_app:create_app --no-access-log` (the Procfile's settings).
"""

from __future__ import annotations

from fastapi import FastAPI


def create_app() -> FastAPI:
    app = FastAPI()

    @app.get("/ping")
    async def ping() -> dict[str, object]:
        return {"status": "ok", "service": "ceiling", "items": [1, 2, 3]}

    return app
