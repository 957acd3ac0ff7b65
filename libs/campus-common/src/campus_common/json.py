"""Fast JSON encoding (orjson) shared by responses and logs."""

from __future__ import annotations

from typing import Any

import orjson
from starlette.responses import JSONResponse


def dumps(value: Any) -> bytes:
    return orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS)


class ORJSONResponse(JSONResponse):
    """JSON response rendered with orjson (several times faster than the standard library)."""

    def render(self, content: Any) -> bytes:
        return dumps(content)
