"""Email addresses and header values: validation, masking, and the header-injection guard."""

from __future__ import annotations

import re

# A pragmatic address check (local@domain). Special-use domains such as `.local` are allowed on
# purpose: the demo accounts live there.
_LOCAL = re.compile(r"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$")
_LABEL = re.compile(r"^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def normalize_email(value: str) -> str:
    """The canonical (lower-case, trimmed) form of an address, or ValueError."""
    value = value.strip()
    if _CONTROL.search(value):
        raise ValueError("an email address cannot contain control characters or line breaks")
    if len(value) > 254 or value.count("@") != 1:
        raise ValueError("not a valid email address")
    local, domain = value.rsplit("@", 1)
    if not local or len(local) > 64 or not _LOCAL.match(local):
        raise ValueError("not a valid email address")
    labels = domain.split(".")
    if len(labels) < 2 or not all(_LABEL.match(label) for label in labels):
        raise ValueError("not a valid email address")
    return value.lower()


def safe_header(value: str) -> str:
    """A header value with every CR, LF and other control character removed."""
    return _CONTROL.sub(" ", value).strip()


def mask_email(address: str) -> str:
    """`alex.student@campus.local` -> `a***t@c***.local` (enough to tell messages apart)."""
    if "@" not in address:
        return "***"
    local, domain = address.rsplit("@", 1)
    masked_local = local[0] + "***" + (local[-1] if len(local) > 1 else "")
    head, _, tld = domain.rpartition(".")
    masked_domain = (head[0] + "***." + tld) if head else "***"
    return f"{masked_local}@{masked_domain}"
