"""Opaque cursors and the clock."""

from __future__ import annotations

import base64
import uuid
from datetime import UTC, datetime, timedelta

import pytest

from campus_common.clock import Clock, utc_now
from campus_common.cursor import decode_cursor, encode_cursor
from campus_common.errors import BadRequest


class TestCursor:
    def test_round_trip(self) -> None:
        values = {"created_at": "2026-12-02T17:00:00+00:00", "id": "abc", "n": 3}
        token = encode_cursor(values)
        assert "=" not in token
        assert token.isascii()
        assert decode_cursor(token) == values

    def test_datetimes_and_uuids_come_back_as_strings(self) -> None:
        when = datetime(2026, 12, 2, 17, 0, tzinfo=UTC)
        ident = uuid.UUID(int=1)
        decoded = decode_cursor(encode_cursor({"at": when, "id": ident}))
        assert datetime.fromisoformat(str(decoded["at"])) == when
        assert uuid.UUID(str(decoded["id"])) == ident

    @pytest.mark.parametrize(
        "token",
        [
            "",
            "!!!",
            "a",
            "abc=",
            "x" * 5000,
            base64.urlsafe_b64encode(b"[1, 2]").decode().rstrip("="),
            base64.urlsafe_b64encode(b"not json").decode().rstrip("="),
            base64.urlsafe_b64encode(b"\xff\xfe").decode().rstrip("="),
            "\u00e9t\u00e9",
        ],
    )
    def test_bad_token_is_400_invalid_cursor(self, token: str) -> None:
        with pytest.raises(BadRequest) as info:
            decode_cursor(token)
        assert info.value.status == 400
        assert info.value.slug == "invalid-cursor"


class TestClock:
    def test_utc_now_is_aware_utc(self) -> None:
        now = utc_now()
        assert now.tzinfo is UTC
        assert abs(datetime.now(UTC) - now) < timedelta(seconds=5)

    def test_any_callable_is_a_clock(self) -> None:
        fixed = datetime(2026, 1, 1, tzinfo=UTC)
        clock: Clock = lambda: fixed  # noqa: E731
        assert clock() == fixed
