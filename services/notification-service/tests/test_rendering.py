"""Email templates: every one renders HTML and text; code emails show the code alone on its line,
its expiry and what to do if it was not you; platform name and colours come from settings."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from notification_service.outbox.rendering import (
    ALL_TEMPLATES,
    CODE_TEMPLATES,
    EmailRenderer,
    lifetime_text,
)
from notification_service.settings import Settings

from .conftest import code_in

TO = "alex@acme.example"
DATA = {
    "feedback_published": {
        "student_name": "Dara",
        "mentor_name": "Tom",
        "title": "Week 3",
        "url": "https://campus.example/feedback/1",
    },
    "feedback_message": {
        "recipient_name": "Tom",
        "author_name": "Dara",
        "title": "Week 3",
        "body": "Thanks!",
        "url": "https://campus.example/feedback/1",
    },
    "digest": {
        "user_id": "u1",
        "day": "2026-11-28",
        "entries": [
            {
                "kind": "feedback_published",
                **{"title": "Week 3", "url": "https://campus.example/feedback/1"},
            }
        ],
    },
}


@pytest.fixture
def renderer() -> EmailRenderer:
    return EmailRenderer(
        Settings(
            environment="test",
            platform_name="Acme School",
            brand_color="#aa3300",
            public_url="https://acme.example",
            support_email="help@acme.example",
        )
    )


@pytest.mark.parametrize("template", sorted(CODE_TEMPLATES))
def test_code_emails(renderer: EmailRenderer, template: str) -> None:
    expires = datetime(2026, 11, 25, 10, 30, tzinfo=UTC)
    email = renderer.render(
        template, {"name": "Alex <x>"}, to=TO, code="042917", expires_at=expires
    )
    assert code_in(email.text) == "042917"
    assert "042917" in email.html
    assert "valid for" in email.text
    assert "10:30 UTC" in email.text
    assert "10:30 UTC" in email.html
    assert ("Not you?" in email.text) or ("Not expecting this?" in email.text)
    assert "Acme School" in email.subject
    assert "#aa3300" in email.html
    assert "Alex &lt;x&gt;" in email.html
    assert "Alex <x>" in email.text


@pytest.mark.parametrize("template", sorted(ALL_TEMPLATES - CODE_TEMPLATES))
def test_other_emails(renderer: EmailRenderer, template: str) -> None:
    email = renderer.render(template, DATA.get(template, {"name": "Alex"}), to=TO)
    assert email.subject
    assert "\n" not in email.subject
    assert "Acme School" in email.html
    assert "#aa3300" in email.html
    assert "help@acme.example" in email.html


def test_invitation_without_a_code_has_no_code_line(renderer: EmailRenderer) -> None:
    email = renderer.render("invitation", {"name": "Alex"}, to=TO)
    assert "https://acme.example" in email.text
    with pytest.raises(AssertionError):
        code_in(email.text)


def test_unknown_template_is_refused(renderer: EmailRenderer) -> None:
    with pytest.raises(ValueError, match="unknown template"):
        renderer.render("../etc/passwd", {}, to=TO)


def test_lifetime_in_the_email_follows_settings() -> None:
    renderer = EmailRenderer(Settings(environment="test", code_lifetime=timedelta(minutes=15)))
    email = renderer.render(
        "login_code", {}, to=TO, code="123456", expires_at=datetime(2026, 1, 1, tzinfo=UTC)
    )
    assert "valid for 15 minutes" in email.text


@pytest.mark.parametrize(
    ("template", "lifetime"),
    [
        ("login_code", "valid for 10 minutes (until 10:30 UTC)"),
        ("password_reset_code", "valid for 30 minutes (until 10:30 UTC)"),
        ("invitation", "valid for 72 hours (until Sat 28 Nov 2026, 10:30 UTC)"),
    ],
)
def test_each_code_email_states_its_own_lifetime(
    renderer: EmailRenderer, template: str, lifetime: str
) -> None:
    expires = datetime(2026, 11, 28, 10, 30, tzinfo=UTC)
    email = renderer.render(template, {}, to=TO, code="042917", expires_at=expires)
    assert lifetime in email.text
    assert lifetime in email.html


@pytest.mark.parametrize(
    ("lifetime", "text"),
    [
        (timedelta(minutes=1), "1 minute"),
        (timedelta(minutes=90), "90 minutes"),
        (timedelta(hours=1), "1 hour"),
        (timedelta(days=3), "72 hours"),
        (timedelta(seconds=90), "90 seconds"),
    ],
)
def test_lifetime_text(lifetime: timedelta, text: str) -> None:
    assert lifetime_text(lifetime) == text
