"""CSV cells never start a formula."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

import pytest

from campus_common.spreadsheet import csv_text, neutralise_cell

DANGEROUS = [
    "=1+1",
    "+1",
    "-1",
    "@SUM(A1)",
    "\tx",
    "\rx",
    "\nx",
    "\uff1d1+1",
    "\uff0b1",
    "\uff0d1",
    "\uff20x",
]


class TestNeutraliseCell:
    @pytest.mark.parametrize("value", DANGEROUS)
    def test_formula_start_gets_a_quote(self, value: str) -> None:
        assert neutralise_cell(value) == "'" + value

    @pytest.mark.parametrize("value", ["Ada", "", " =1", "a=b", "'=1", "1-2"])
    def test_other_text_unchanged(self, value: str) -> None:
        assert neutralise_cell(value) == value

    @pytest.mark.parametrize("value", [-1, 2.5, None, True, datetime(2026, 1, 1, tzinfo=UTC)])
    def test_non_text_unchanged(self, value: object) -> None:
        assert neutralise_cell(value) is value


class TestCsvText:
    def test_every_text_cell_and_the_header(self) -> None:
        lines = list(
            csv_text(
                ["=name", "email", "score"],
                [['=HYPERLINK("x")', "@evil@example.org", -3], ["Ada", "ada@example.org", 4]],
            )
        )
        assert len(lines) == 3
        assert all(line.endswith("\r\n") for line in lines)
        rows = list(csv.reader(io.StringIO("".join(lines))))
        assert rows == [
            ["'=name", "email", "score"],
            ['\'=HYPERLINK("x")', "'@evil@example.org", "-3"],
            ["Ada", "ada@example.org", "4"],
        ]

    def test_quotes_and_newlines_survive(self) -> None:
        lines = list(csv_text(["note"], [['line one\nline "two"']]))
        assert list(csv.reader(io.StringIO("".join(lines)))) == [
            ["note"],
            ['line one\nline "two"'],
        ]

    def test_lazy(self) -> None:
        def rows() -> object:
            yield ["a"]
            raise AssertionError("read too far")

        lines = csv_text(["h"], rows())  # type: ignore[arg-type]
        assert next(lines) == "h\r\n"
        assert next(lines) == "a\r\n"
