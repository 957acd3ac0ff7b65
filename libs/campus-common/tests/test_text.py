"""Single-line and multi-line text: which characters each refuses."""

from __future__ import annotations

from typing import Annotated

import pytest
from pydantic import BaseModel, StringConstraints, ValidationError

from campus_common.text import MultiLine, SingleLine, fold, multi_line, single_line

SEPARATORS = ["\n", "\r", "\t", "\x00", "\x1b", "\x7f", "\x85", "\u2028", "\u2029", "\x0b", "\x0c"]


class TestSingleLine:
    @pytest.mark.parametrize(
        "value", ["Ada Lovelace", "Zoë Ω 李", "a - b: c", "", "  spaced  ", "emoji \U0001f600"]
    )
    def test_plain_text_unchanged(self, value: str) -> None:
        assert single_line(value) == value

    @pytest.mark.parametrize("char", SEPARATORS)
    def test_refuses_separators_and_controls(self, char: str) -> None:
        with pytest.raises(ValueError, match=f"U\\+{ord(char):04X}"):
            single_line(f"Subject{char}Bcc: eve@example.org")


class TestMultiLine:
    def test_keeps_newlines_and_tabs(self) -> None:
        assert multi_line("one\n\ttwo\n") == "one\n\ttwo\n"

    def test_crlf_becomes_lf(self) -> None:
        assert multi_line("one\r\ntwo\r\n") == "one\ntwo\n"

    @pytest.mark.parametrize("char", [c for c in SEPARATORS if c not in "\n\t"])
    def test_refuses_other_separators(self, char: str) -> None:
        with pytest.raises(ValueError, match=f"U\\+{ord(char):04X}"):
            multi_line(f"one{char}two")


Title = Annotated[SingleLine, StringConstraints(max_length=10)]


class Model(BaseModel):
    title: Title
    body: MultiLine


class TestTypes:
    def test_valid(self) -> None:
        m = Model(title="Week 1", body="Good\r\nwork")
        assert (m.title, m.body) == ("Week 1", "Good\nwork")

    def test_line_separator_in_title_is_invalid(self) -> None:
        with pytest.raises(ValidationError, match="single line"):
            Model(title="Week\u20281", body="")

    def test_callers_add_length(self) -> None:
        with pytest.raises(ValidationError, match="at most 10"):
            Model(title="x" * 11, body="")


class TestFold:
    @pytest.mark.parametrize(
        ("value", "folded"),
        [
            ("Lucía", "lucia"),
            ("GARCÍA", "garcia"),
            ("Zoë Ñúñez", "zoe nunez"),
            ("Straße", "strasse"),
            ("Week 8 \u2014 review", "week 8 - review"),
            ("Week 8 \u2013 review", "week 8 - review"),
            ("  two   spaces\u00a0here ", "two spaces here"),
            ("ﬁle", "file"),
        ],
    )
    def test_accents_case_dashes_and_spaces(self, value: str, folded: str) -> None:
        assert fold(value) == folded

    def test_a_folded_value_folds_to_itself(self) -> None:
        assert fold(fold("Álvaro — Ölçer")) == fold("Álvaro — Ölçer")
