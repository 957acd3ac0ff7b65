"""Email addresses: the one rule of the whole platform, a pydantic type, and masking for logs.

The rule (every service, every import, the SPA's hints): the address is trimmed; it is plain
ASCII (non-ASCII letters, including lookalikes such as the Cyrillic "a" U+0430, are refused
with a message saying so); the local part is a dot-atom (no leading, trailing or consecutive dots); the domain is
at least two labels of letters, digits and hyphens (no `_`, no label starting or ending with a
hyphen, no trailing dot); at most 254 characters in all and 64 before the `@`. The result is
lower-cased: addresses are unique case-insensitively. Special-use domains such as `.local` are
accepted on purpose (the demo accounts live there).
"""

from __future__ import annotations

import re
import unicodedata
from typing import Annotated

from pydantic import AfterValidator

MAX_LENGTH = 254
MAX_LOCAL_LENGTH = 64
MAX_LABEL_LENGTH = 63

_ATOM = re.compile(r"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+$")
_LABEL = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$")


def _describe(char: str) -> str:
    name = unicodedata.name(char, "")
    code = f"U+{ord(char):04X}"
    return f"{code} {name}" if name else code


def normalize_email(value: str) -> str:
    """The canonical form of an address (trimmed, lower-cased), or ValueError with a sentence
    a person can act on."""
    # Only ASCII white space is trimmed: anything else around an address is refused, not hidden.
    address = value.strip(" \t\r\n\f\v")
    if not address:
        raise ValueError("Enter an email address.")
    for char in address:
        if not char.isascii():
            raise ValueError(
                "An email address may contain only plain ASCII letters, digits and punctuation; "
                f"{char!r} ({_describe(char)}) is not one of them, even if it looks like one."
            )
    for char in address:
        if char.isspace() or not char.isprintable():
            raise ValueError(
                "An email address cannot contain spaces, line breaks or control characters."
            )
    if len(address) > MAX_LENGTH:
        raise ValueError(f"An email address can be at most {MAX_LENGTH} characters long.")
    if address.count("@") != 1:
        raise ValueError("An email address needs exactly one @, as in name@school.org.")
    local, domain = address.split("@")
    if not local:
        raise ValueError("An email address needs a name before the @, as in name@school.org.")
    if len(local) > MAX_LOCAL_LENGTH:
        raise ValueError(
            f"The part before the @ can be at most {MAX_LOCAL_LENGTH} characters long."
        )
    atoms = local.split(".")
    if any(not atom for atom in atoms):
        raise ValueError(
            "The part before the @ cannot start or end with a dot or have two dots in a row."
        )
    if not all(_ATOM.match(atom) for atom in atoms):
        raise ValueError(
            "The part before the @ may contain only letters, digits, dots and !#$%&'*+/=?^_`{|}~- ."
        )
    if not domain:
        raise ValueError("An email address needs a domain after the @, as in name@school.org.")
    labels = domain.split(".")
    if any(not label for label in labels):
        raise ValueError("The domain cannot start or end with a dot or have two dots in a row.")
    if len(labels) < 2:
        raise ValueError("The domain needs at least two parts, as in school.org.")
    for label in labels:
        if len(label) > MAX_LABEL_LENGTH:
            raise ValueError(
                f"Each part of the domain can be at most {MAX_LABEL_LENGTH} characters long."
            )
        if not _LABEL.match(label):
            raise ValueError(
                "The domain may contain only letters, digits, hyphens and dots "
                "(no underscores), and no part of it may start or end with a hyphen."
            )
    if labels[-1].isdigit():
        raise ValueError("The domain must end with a name, not a number.")
    return address.lower()


Email = Annotated[str, AfterValidator(normalize_email)]
"""A request field holding an email address: normalised, or a 422 saying what is wrong."""


def mask_email(address: str) -> str:
    """`alex.student@campus.local` -> `a***t@c***.local` (enough to tell messages apart in logs)."""
    if "@" not in address:
        return "***"
    local, domain = address.rsplit("@", 1)
    if not local:
        return "***@***"
    masked_local = local[0] + "***" + (local[-1] if len(local) > 1 else "")
    head, _, tld = domain.rpartition(".")
    masked_domain = (head[0] + "***." + tld) if head else "***"
    return f"{masked_local}@{masked_domain}"
