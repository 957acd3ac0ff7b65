"""The platform's one email rule, run over the shared table every service uses."""

from __future__ import annotations

import pytest
from pydantic import BaseModel, ValidationError

from campus_common.email import Email, mask_email, normalize_email
from campus_testing.emails import EMAIL_CASES

ACCEPTED = [(raw, want) for raw, want in EMAIL_CASES if want is not None]
REFUSED = [raw for raw, want in EMAIL_CASES if want is None]


class Body(BaseModel):
    email: Email


class TestNormalizeEmail:
    @pytest.mark.parametrize(("raw", "want"), ACCEPTED)
    def test_accepted(self, raw: str, want: str) -> None:
        assert normalize_email(raw) == want

    @pytest.mark.parametrize("raw", REFUSED)
    def test_refused_with_a_sentence(self, raw: str) -> None:
        with pytest.raises(ValueError, match=r"\.$") as info:
            normalize_email(raw)
        assert str(info.value)[:1].isupper()

    @pytest.mark.parametrize("raw", ["\u0430lex@example.org", "jos\u00e9@example.org"])
    def test_non_ascii_message_says_so(self, raw: str) -> None:
        with pytest.raises(ValueError, match="ASCII") as info:
            normalize_email(raw)
        assert "U+" in str(info.value)

    def test_idempotent(self) -> None:
        for _, want in ACCEPTED:
            assert normalize_email(want) == want

    def test_table_covers_the_brief(self) -> None:
        refused = set(REFUSED)
        assert "\u0430lex@example.org" in refused  # Cyrillic lookalike
        assert "alex..rivera@example.org" in refused
        assert "alex@my_school.org" in refused
        assert "alex@example.org." in refused
        assert "a" * 65 + "@example.org" in refused
        assert ("admin@campus.local", "admin@campus.local") in ACCEPTED


class TestEmailType:
    def test_normalises(self) -> None:
        assert Body(email=" Ada@Campus.Local ").email == "ada@campus.local"

    def test_refusal_is_a_validation_error(self) -> None:
        with pytest.raises(ValidationError, match="two dots in a row"):
            Body(email="a..b@example.org")


class TestMaskEmail:
    @pytest.mark.parametrize(
        ("address", "masked"),
        [
            ("alex.student@campus.local", "a***t@c***.local"),
            ("a@example.org", "a***@e***.org"),
            ("nobody", "***"),
            ("@example.org", "***@***"),
            ("x@localhost", "x***@***"),
        ],
    )
    def test_masks(self, address: str, masked: str) -> None:
        assert mask_email(address) == masked

    def test_hides_the_address(self) -> None:
        assert "student" not in mask_email("alex.student@campus.local")
