"""The web app's email hints are tested against the services' own table of addresses: this keeps
`web/src/lib/emailCases.json` equal to `campus_testing.emails.EMAIL_CASES`."""

from __future__ import annotations

import json
import os
from pathlib import Path

from campus_common.email import normalize_email
from campus_testing.emails import EMAIL_CASES

CASES_JSON = Path(__file__).resolve().parents[2] / "web" / "src" / "lib" / "emailCases.json"


def render() -> str:
    return json.dumps([list(case) for case in EMAIL_CASES], indent=1, ensure_ascii=True) + "\n"


def test_the_web_table_is_the_services_table() -> None:
    if os.environ.get("WRITE_EMAIL_CASES") == "1":
        CASES_JSON.write_text(render(), encoding="utf-8")
    assert CASES_JSON.read_text(encoding="utf-8") == render(), (
        "web/src/lib/emailCases.json is stale: run "
        "WRITE_EMAIL_CASES=1 .venv/bin/pytest tests/platform/test_email_cases_json.py"
    )


def test_the_table_is_what_the_rule_does() -> None:
    for raw, expected in EMAIL_CASES:
        try:
            got: str | None = normalize_email(raw)
        except ValueError:
            got = None
        assert got == expected, raw
