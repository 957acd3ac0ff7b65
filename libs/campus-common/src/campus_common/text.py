"""Free text that reaches headers, logs and other people: one rule for one line, one for many.

`single_line` refuses every control character and line or paragraph separator (Unicode
categories Cc, Zl and Zp: LF, CR, TAB, NUL, U+0085, U+2028, U+2029, ...). Use it (through the
`SingleLine` type) for names, titles, subjects and anything that can reach an email header.
`multi_line` allows LF and TAB among them and turns CRLF into LF. Callers add their own
`StringConstraints` for length: `Annotated[SingleLine, StringConstraints(max_length=200)]`.

`fold` is the form text is compared in by forgiving searches and filters: "Lucía" and "LUCIA",
"Week 8 — review" and "week 8 - review" fold alike.
"""

from __future__ import annotations

import unicodedata
from typing import Annotated

from pydantic import AfterValidator

_REFUSED_CATEGORIES = frozenset({"Cc", "Zl", "Zp"})
_MULTI_LINE_ALLOWED = frozenset({"\n", "\t"})


def _describe(char: str) -> str:
    name = unicodedata.name(char, "")
    code = f"U+{ord(char):04X}"
    return f"{code} {name}" if name else code


def _first_refused(value: str, allowed: frozenset[str]) -> str | None:
    for char in value:
        if char not in allowed and unicodedata.category(char) in _REFUSED_CATEGORIES:
            return char
    return None


def single_line(value: str) -> str:
    """`value` unchanged, or ValueError when it holds a line break or control character."""
    char = _first_refused(value, frozenset())
    if char is not None:
        raise ValueError(
            "must be a single line of text without line breaks, tabs or control characters "
            f"(found {_describe(char)})"
        )
    return value


def multi_line(value: str) -> str:
    """`value` with CRLF as LF, or ValueError when it holds any other control character or
    line/paragraph separator than LF and TAB."""
    value = value.replace("\r\n", "\n")
    char = _first_refused(value, _MULTI_LINE_ALLOWED)
    if char is not None:
        raise ValueError(
            "may contain line breaks and tabs but no other control characters or separators "
            f"(found {_describe(char)})"
        )
    return value


# Hyphen, non-breaking hyphen, figure dash, en dash, em dash, horizontal bar, minus sign, small
# and full-width hyphen-minus: all compared as "-".
_DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe63\uff0d"), "-")


def fold(value: str) -> str:
    """`value` as forgiving comparisons see it: compatibility-decomposed (NFKD) without its
    combining marks (accents), case-folded, every dash as "-", runs of white space as one space,
    trimmed. Stored folded forms and folded queries are compared with plain `in` / `LIKE`."""
    decomposed = unicodedata.normalize("NFKD", value)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(stripped.casefold().translate(_DASHES).split())


SingleLine = Annotated[str, AfterValidator(single_line)]
MultiLine = Annotated[str, AfterValidator(multi_line)]
