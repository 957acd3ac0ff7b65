"""Emails in the recipient's language: every template renders in English and Spanish, the Spanish
catalog has every string the templates use, and a request's `locale` reaches the sent email."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from notification_service.outbox.rendering import (
    ALL_TEMPLATES,
    CODE_TEMPLATES,
    LOCALES,
    EmailRenderer,
    language_of,
)
from notification_service.settings import Settings

Drain = Callable[[], Awaitable[int]]
PACKAGE = LOCALES.parent
TO = "alex.student@campus.local"
URL = "http://localhost:8080/feedback/42"
DATA: dict[str, dict[str, Any]] = {
    "login_code": {"name": "Alex"},
    "password_reset_code": {"name": "Alex"},
    "invitation": {"name": "Alex"},
    "password_changed": {"name": "Alex"},
    "feedback_published": {
        "student_name": "Alex",
        "mentor_name": "Maria",
        "title": "Week 3",
        "url": URL,
    },
    "feedback_message": {
        "recipient_name": "Alex",
        "author_name": "Maria",
        "title": "Week 3",
        "body": "Well done",
        "url": URL,
    },
    "feedback_edited": {
        "recipient_name": "Alex",
        "mentor_name": "Maria",
        "title": "Week 3",
        "changes": ["overall_rating", "scores"],
        "criteria": ["Testing"],
        "url": URL,
    },
    "feedback_withdrawn": {
        "recipient_name": "Alex",
        "mentor_name": "Maria",
        "title": "Week 3",
        "reason": "Wrong student",
        "url": URL,
    },
    "feedback_acknowledged": {
        "recipient_name": "Alex",
        "student_name": "Sam",
        "title": "Week 3",
        "url": URL,
    },
    "feedback_requested": {
        "recipient_name": "Alex",
        "student_name": "Sam",
        "title": "My essay",
        "description": "The second part",
        "url": URL,
    },
    "assignment_added": {
        "recipient_name": "Alex",
        "other_name": "Maria",
        "role": "student",
        "cohort": "2026",
        "url": URL,
    },
    "digest": {
        "user_id": "u1",
        "day": "2026-11-28",
        "name": "Alex",
        "entries": [
            {"kind": "feedback_published", "mentor_name": "Maria", "title": "Week 3", "url": URL},
            {
                "kind": "feedback_message",
                "author_name": "Maria",
                "title": "Week 3",
                "body": "Well done",
                "url": URL,
            },
            {
                "kind": "feedback_edited",
                "mentor_name": "Maria",
                "title": "Week 3",
                "changes": ["strengths"],
                "url": URL,
            },
            {"kind": "feedback_withdrawn", "title": "Week 3", "reason": "Oops", "url": URL},
            {"kind": "feedback_acknowledged", "student_name": "Sam", "title": "W", "url": URL},
            {"kind": "feedback_requested", "student_name": "Sam", "title": "Essay", "url": URL},
            {"kind": "assignment_added", "other_name": "Maria", "role": "student", "url": URL},
            {"kind": "assignment_added", "other_name": "Sam", "role": "mentor", "url": URL},
        ],
    },
}


def template_msgids() -> set[str]:
    with (LOCALES / "babel.cfg").open() as handle:
        method_map, options_map = parse_mapping_cfg(handle)
    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(PACKAGE), method_map, options_map
    ):
        found.add(message[0] if isinstance(message, tuple) else message)
    return found


def catalog(language: str) -> dict[str, Any]:
    with (LOCALES / language / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        parsed = read_po(handle, locale=language)
    return {m.id if isinstance(m.id, str) else m.id[0]: m for m in parsed if m.id}


def render_all(locale: str | None) -> dict[str, Any]:
    renderer = EmailRenderer(Settings(environment="test", support_email="help@campus.local"))
    expires = datetime(2026, 11, 28, 10, 30, tzinfo=UTC)
    return {
        template: renderer.render(
            template,
            DATA[template],
            to=TO,
            code="123456" if template in CODE_TEMPLATES else None,
            expires_at=expires if template in CODE_TEMPLATES else None,
            locale=locale,
        )
        for template in sorted(ALL_TEMPLATES)
    }


class TestCatalogs:
    def test_every_template_string_is_translated_into_spanish(self) -> None:
        spanish = catalog("es")
        missing = sorted(
            msgid
            for msgid in template_msgids()
            if msgid not in spanish or not spanish[msgid].string or spanish[msgid].fuzzy
        )
        assert missing == []

    def test_the_catalogs_hold_no_stale_strings(self) -> None:
        used = template_msgids()
        assert set(catalog("es")) == used
        assert set(catalog("en")) == used

    def test_spanish_keeps_every_placeholder(self) -> None:
        for msgid, message in catalog("es").items():
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            for string in strings:
                assert set(re.findall(r"%\(\w+\)s|%\(\w+\)d", string)) == set(
                    re.findall(r"%\(\w+\)s|%\(\w+\)d", msgid)
                ), msgid


class TestRendering:
    def test_every_template_renders_in_english_by_default(self) -> None:
        for template, email in render_all(None).items():
            assert email.text.startswith("Hello Alex,"), template
            assert '<html lang="en">' in email.html
            assert "Hola" not in email.text + email.html

    def test_every_template_renders_in_spanish(self) -> None:
        english = render_all("en")
        for template, email in render_all("es").items():
            assert email.text.startswith("Hola, Alex:"), template
            assert '<html lang="es">' in email.html
            assert email.subject != english[template].subject, template
            assert "Este correo lo ha enviado Campus" in email.html
            assert "Questions?" not in email.html
            assert "¿Tienes preguntas? Escribe a help@campus.local." in email.html

    def test_no_english_sentence_is_left_in_a_spanish_email(self) -> None:
        sentences = [
            re.sub(r"%\(\w+\)[sd]", "", msgid).split("<")[0].strip()
            for msgid in catalog("es")
            if len(msgid) > 12
        ]
        for template, email in render_all("es").items():
            for sentence in (s for s in sentences if len(s) > 12):
                assert sentence not in email.text + email.html, (template, sentence)

    def test_code_emails_state_the_lifetime_and_expiry_in_spanish(self) -> None:
        emails = render_all("es")
        assert "válido durante 72 horas (caduca: sáb 28 nov 2026, 10:30 UTC)" in (
            emails["invitation"].text
        )
        assert "válido durante 10 minutos (caduca: 10:30 UTC)" in emails["login_code"].text
        assert emails["login_code"].subject == "Tu código para iniciar sesión en Campus"

    def test_spanish_html_escapes_names_and_titles(self) -> None:
        renderer = EmailRenderer(Settings(environment="test"))
        email = renderer.render(
            "feedback_published",
            {**DATA["feedback_published"], "title": "<b>x</b>", "mentor_name": "A & B"},
            to=TO,
            locale="es",
        )
        assert "<b>x</b>" not in email.html
        assert "A &amp; B ha publicado" in email.html
        assert "A & B ha publicado una nueva retroalimentación para ti: <b>x</b>" in email.text

    @pytest.mark.parametrize(
        ("locale", "language"),
        [
            ("es", "es"),
            ("es-MX", "es"),
            ("ES_es", "es"),
            ("en-GB", "en"),
            ("fr", "en"),
            (None, "en"),
        ],
    )
    def test_language_of(self, locale: str | None, language: str) -> None:
        assert language_of(locale) == language


def test_the_package_carries_the_catalogs() -> None:
    """Read from .po at start-up, so the wheel must hold them (hatch takes every file under the
    package)."""
    assert Path(LOCALES / "es" / "LC_MESSAGES" / "messages.po").is_file()


class TestApi:
    async def test_a_notification_in_spanish_is_sent_in_spanish(
        self, internal: httpx.AsyncClient, client: httpx.AsyncClient, drain: Drain
    ) -> None:
        queued = await internal.post(
            "/v1/notifications",
            json={
                "template": "feedback_published",
                "to": TO,
                "data": DATA["feedback_published"],
                "idempotency_key": "es-1",
                "locale": "es",
            },
        )
        assert queued.status_code == 202, queued.text
        await drain()
        found = await client.get("/mailbox/api/messages", params={"to": TO, "limit": 5})
        [message] = found.json()["messages"]
        assert message["subject"] == "Nueva retroalimentación de Maria: Week 3"
        assert "Maria ha publicado una nueva retroalimentación para ti" in message["text"]

    async def test_a_verification_in_spanish_sends_its_code_in_spanish(
        self, internal: httpx.AsyncClient, client: httpx.AsyncClient, drain: Drain
    ) -> None:
        created = await internal.post(
            "/v1/verifications",
            json={"to": TO, "purpose": "login", "locale": "es", "data": {"name": "Alex"}},
        )
        assert created.status_code == 201, created.text
        await drain()
        found = await client.get("/mailbox/api/messages", params={"to": TO, "limit": 5})
        [message] = found.json()["messages"]
        assert message["subject"] == "Tu código para iniciar sesión en Campus"
        assert message["text"].startswith("Hola, Alex:")

    async def test_a_malformed_locale_is_refused_naming_the_field(
        self, internal: httpx.AsyncClient
    ) -> None:
        refused = await internal.post(
            "/v1/notifications",
            json={
                "template": "password_changed",
                "to": TO,
                "idempotency_key": "es-2",
                "locale": "es\r\nBcc: x",
            },
        )
        assert refused.status_code == 422
        assert refused.headers["content-type"].startswith("application/problem+json")
        assert "locale" in refused.text
