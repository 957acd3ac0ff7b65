"""Password policy: length bounds and zxcvbn strength (which also sees the user's name and email)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from zxcvbn import zxcvbn

# zxcvbn's cost grows with length; the user inputs and the first 100 characters are what matter.
_ZXCVBN_MAX = 100


@dataclass(frozen=True, slots=True)
class PasswordPolicy:
    min_length: int = 10
    max_length: int = 128
    min_score: int = 3

    def problem(self, password: str, *, user_inputs: list[str]) -> str | None:
        """Why `password` is refused, in words a user understands, or None when it is fine."""
        password = unicodedata.normalize("NFC", password)
        if len(password) < self.min_length:
            return f"Use at least {self.min_length} characters."
        if len(password) > self.max_length:
            return f"Use at most {self.max_length} characters."
        inputs = [part for value in user_inputs for part in _parts(value)]
        if _built_from(password, inputs):
            return (
                "This password is too easy to guess: it is built from your name or email. "
                "Add words of your own."
            )
        result = zxcvbn(password[:_ZXCVBN_MAX], user_inputs=inputs)
        if int(result["score"]) >= self.min_score:
            return None
        feedback = result.get("feedback") or {}
        reasons = [feedback.get("warning") or "", *(feedback.get("suggestions") or [])]
        said = " ".join(r.strip() for r in reasons if r and r.strip())
        base = "This password is too easy to guess"
        if any(_lower_in(p, password) for p in inputs if len(p) >= 3):
            base += " (it contains your name or email)"
        return f"{base}. {said}".strip() if said else base + "."


def _parts(value: str) -> list[str]:
    lowered = value.lower()
    pieces = [lowered]
    for sep in ("@", ".", " ", "-", "_", "+"):
        lowered = lowered.replace(sep, " ")
    pieces.extend(p for p in lowered.split() if p)
    return pieces


def _built_from(password: str, inputs: list[str]) -> bool:
    """True when little beyond name or email pieces, digits and punctuation is left."""
    lowered = password.lower()
    rest = lowered
    for part in sorted((p for p in inputs if len(p) >= 3), key=len, reverse=True):
        rest = rest.replace(part, "")
    if rest == lowered:
        return False
    return len(re.sub(r"[^a-z]", "", rest)) < 4


def _lower_in(part: str, password: str) -> bool:
    return part in password.lower()
