"""CSV the platform writes: every text cell neutralised, so a spreadsheet never runs it as a formula.

A cell starting with `=`, `+`, `-`, `@`, TAB, CR or LF (or their full-width forms U+FF1D,
U+FF0B, U+FF0D, U+FF20, which some spreadsheet applications read as the ASCII ones) gets a
leading `'` (OWASP's advice for CSV injection). Every CSV goes through `csv_text`, which does it for every text cell, header included.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence

FORMULA_PREFIXES = frozenset("=+-@\t\r\n\uff1d\uff0b\uff0d\uff20")


def neutralise_cell(value: object) -> object:
    """Text that could start a formula, prefixed with `'`; anything else unchanged."""
    if isinstance(value, str) and value[:1] in FORMULA_PREFIXES:
        return "'" + value
    return value


def csv_text(header: Sequence[str], rows: Iterable[Sequence[object]]) -> Iterator[str]:
    """The CSV lines (CRLF-terminated, RFC 4180) of `header` then `rows`, text neutralised.

    Lazy: rows are read and lines yielded one at a time, so an export can stream."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")

    def line(cells: Sequence[object]) -> str:
        writer.writerow([neutralise_cell(cell) for cell in cells])
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return text

    yield line(header)
    for row in rows:
        yield line(row)
