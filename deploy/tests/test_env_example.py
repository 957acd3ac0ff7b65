"""The root .env.example says what the code does: every setting it lists with a default is one a
service reads, with that service's default; the older system's names are documented aliases."""

from __future__ import annotations

import importlib
import json
import re
from pathlib import Path
from typing import Annotated, Any

import pytest
from deploy_checks import REPO, SERVICES
from pydantic import TypeAdapter

LINE = re.compile(r"^#?\s?([A-Z][A-Z0-9_]+)=(\S*)")
OLDER_NAMES = [
    "SMTP_SERVER",
    "SMTP_PORT",
    "SMTP_USERNAME",
    "SMTP_PASSWORD",
    "SENDER_EMAIL",
    "SUPABASE_URL",
    "SUPABASE_ANON_KEY",
]


def settings_fields() -> dict[str, list[tuple[str, Any]]]:
    """NAME -> [(service, pydantic field)] for every service that reads NAME."""
    out: dict[str, list[tuple[str, Any]]] = {}
    for service, (package, _) in SERVICES.items():
        cls = importlib.import_module(f"{package}.settings").Settings
        for name, field in cls.model_fields.items():
            out.setdefault(name.upper(), []).append((service, field))
    return out


def documented_defaults(path: Path) -> list[tuple[str, str]]:
    """(NAME, value) of Part 2's commented-out lines `# NAME=value  # comment`."""
    text = path.read_text(encoding="utf-8")
    part2 = text[text.index("# Part 2:") :]
    found = []
    for raw in part2.splitlines():
        m = LINE.match(raw)
        if not m or not raw.startswith("# "):
            continue
        value = m.group(2)
        if not value or "<" in value or "$" in value:
            continue  # a placeholder, not a default
        found.append((m.group(1), value))
    return found


DEFAULTS = documented_defaults(REPO / ".env.example")


def test_part_two_lists_defaults():
    assert len(DEFAULTS) > 30


@pytest.mark.parametrize(("name", "value"), DEFAULTS, ids=[n for n, _ in DEFAULTS])
def test_every_documented_default_is_the_services_default(name: str, value: str):
    fields = settings_fields()
    assert name in fields, f"{name} is read by no service"
    for service, field in fields[name]:
        if field.is_required():
            continue
        kind = Annotated[field.annotation, *field.metadata] if field.metadata else field.annotation
        parsed = TypeAdapter(kind).validate_python(
            json.loads(value) if value.startswith(("[", "{")) else value
        )
        assert parsed == field.get_default(call_default_factory=True), (service, name, value)


@pytest.mark.parametrize("name", OLDER_NAMES)
def test_the_older_systems_names_are_documented(name: str):
    text = (REPO / ".env.example").read_text(encoding="utf-8")
    assert re.search(rf"\b{name}\b", text), name
