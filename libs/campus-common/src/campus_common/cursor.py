"""Opaque keyset-page cursors: a small JSON object, base64url-encoded without padding.

`decode_cursor` answers a 400 problem (`invalid-cursor`) for anything it did not make. Values are
JSON values on the way back: a datetime or UUID put in comes back as its ISO/hex string. A cursor
is a position, not a permission: callers still scope every query to what the caller may see.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Mapping

import orjson

from campus_common.errors import BadRequest

MAX_CURSOR_LENGTH = 2048
_ALPHABET = re.compile(r"^[A-Za-z0-9_-]+$")


def encode_cursor(values: Mapping[str, object]) -> str:
    raw = orjson.dumps(dict(values), option=orjson.OPT_SORT_KEYS)
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def _invalid() -> BadRequest:
    return BadRequest(
        "The cursor is not valid; start again from the first page.",
        slug="invalid-cursor",
        title="Invalid cursor",
    )


def decode_cursor(token: str) -> dict[str, object]:
    """The values `encode_cursor` was given, or BadRequest (400 `invalid-cursor`)."""
    if len(token) > MAX_CURSOR_LENGTH or not _ALPHABET.match(token):
        raise _invalid()
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        values = orjson.loads(raw)
    except (ValueError, binascii.Error) as exc:
        raise _invalid() from exc
    if not isinstance(values, dict):
        raise _invalid()
    return values
