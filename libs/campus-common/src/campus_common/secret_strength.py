"""Is a secret strong enough for production? Length, variety and the shape of made-up values.

A secret is refused when it is shorter than 32 bytes, uses few distinct characters, repeats a
pattern or runs in sequence ("abcabc...", "aaaa...", "0123..."), carries too little estimated
entropy, or holds a development or placeholder value. `secrets.token_urlsafe(48)` and
`openssl rand -hex 32` pass with a wide margin.
"""

from __future__ import annotations

import itertools
import math
from collections import Counter

MIN_BYTES = 32
MIN_DISTINCT = 8
MIN_ENTROPY_BITS = 88.0
# A run this long seen twice in a short secret is a copied pattern (PEM keys are long, and
# their header and footer repeat on purpose).
REPEAT_RUN = 8
REPEAT_CHECK_BELOW = 128
HOW_TO_MAKE_ONE = 'python -c "import secrets; print(secrets.token_urlsafe(48))"'
PLACEHOLDERS = (
    "dev-insecure-",
    "insecure",
    "changeme",
    "change-me",
    "change_me",
    "replace-me",
    "replaceme",
    "your-secret",
    "example",
    "password",
)


def _repeats_a_pattern(value: str) -> bool:
    """True when `value` is a shorter unit written again and again (`abcabcabc`)."""
    return (value + value).find(value, 1) < len(value)


def _repeats_a_run(value: str) -> bool:
    """True when a short secret holds the same run of REPEAT_RUN characters twice."""
    if len(value) >= REPEAT_CHECK_BELOW:
        return False
    seen: set[str] = set()
    for i in range(len(value) - REPEAT_RUN + 1):
        run = value[i : i + REPEAT_RUN]
        if run in seen:
            return True
        seen.add(run)
    return False


def _sequential(value: str) -> bool:
    """True when most neighbouring characters are equal or one apart (`aaaa`, `abcd`, `4321`)."""
    steps = sum(1 for a, b in itertools.pairwise(value) if abs(ord(a) - ord(b)) <= 1)
    return steps * 2 > len(value)


def _entropy_bits(value: str) -> float:
    """Shannon entropy of the character frequencies times the length: a generous estimate."""
    counts = Counter(value)
    n = len(value)
    return -n * sum(c / n * math.log2(c / n) for c in counts.values())


def weakness(value: str) -> str | None:
    """Why `value` is not a production secret, or None when it is acceptable."""
    lowered = value.lower()
    for marker in PLACEHOLDERS:
        if marker in lowered:
            return "it holds a development or placeholder value"
    size = len(value.encode())
    if size < MIN_BYTES:
        return f"it is {size} bytes long, at least {MIN_BYTES} are needed"
    if len(set(value)) < MIN_DISTINCT:
        return f"it uses only {len(set(value))} distinct characters"
    if _repeats_a_pattern(value) or _repeats_a_run(value) or _sequential(value):
        return "it repeats a pattern"
    if _entropy_bits(value) < MIN_ENTROPY_BITS:
        return "it is too predictable (too little variety for its length)"
    return None
