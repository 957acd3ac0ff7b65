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
    "feedback_edited": {
        "recipient_name": "Dara",
        "mentor_name": "Tom",
        "title": "Week 3",
        "changes": ["overall_rating", "scores"],
        "criteria": ["Testing", "Design"],
        "url": "https://campus.example/feedback/1",
    },
    "feedback_withdrawn": {
        "title": "Week 3",
        "reason": "Written for <b>another</b> student",
        "url": "https://campus.example/feedback/1",
    },
    "feedback_acknowledged": {
        "student_name": "Dara",
        "title": "Week 3",
        "url": "https://campus.example/feedback/1",
    },
    "feedback_requested": {
        "student_name": "Dara",
        "title": "My essay",
        "description": "<script>x</script>",
        "url": "https://campus.example/mentor/requests",
    },
    "assignment_added": {"role": "mentor", "url": "https://campus.example/mentor"},
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


class TestEventEmails:
    def test_an_edit_names_what_changed_and_the_criteria(self, renderer: EmailRenderer) -> None:
        email = renderer.render("feedback_edited", DATA["feedback_edited"], to=TO)
        what = "the overall rating, the scores, criteria: Testing, Design"
        assert f"What changed: {what}." in email.text
        assert what in email.html
        spanish = renderer.render("feedback_edited", DATA["feedback_edited"], to=TO, locale="es")
        assert "la valoración global, las puntuaciones, criterios: Testing, Design" in spanish.text

    def test_a_withdrawal_carries_its_reason_inert(self, renderer: EmailRenderer) -> None:
        email = renderer.render("feedback_withdrawn", DATA["feedback_withdrawn"], to=TO)
        assert "Written for <b>another</b> student" in email.text
        assert "Written for &lt;b&gt;another&lt;/b&gt; student" in email.html
        assert email.subject == "Feedback withdrawn: Week 3"

    def test_a_request_shows_its_description_inert(self, renderer: EmailRenderer) -> None:
        email = renderer.render("feedback_requested", DATA["feedback_requested"], to=TO)
        assert "<script>" not in email.html
        assert "&lt;script&gt;" in email.html
        assert "Dara asks you for feedback on" in email.text

    def test_an_assignment_speaks_to_each_side(self, renderer: EmailRenderer) -> None:
        student = renderer.render(
            "assignment_added",
            {"role": "student", "other_name": "Tom", "url": "https://campus.example/student"},
            to=TO,
        )
        mentor = renderer.render(
            "assignment_added",
            {"role": "mentor", "other_name": "Dara", "url": "https://campus.example/mentor"},
            to=TO,
        )
        assert student.subject == "Your new mentor: Tom"
        assert mentor.subject == "A new student for you: Dara"

    def test_a_digest_lists_every_kind(self, renderer: EmailRenderer) -> None:
        url = "https://campus.example/feedback/1"
        entries = [
            {"kind": "feedback_edited", "title": "W3", "changes": ["strengths"], "url": url},
            {"kind": "feedback_withdrawn", "title": "W4", "reason": "Duplicate", "url": url},
            {"kind": "feedback_acknowledged", "student_name": "Dara", "title": "W5", "url": url},
            {"kind": "feedback_requested", "student_name": "Dara", "title": "Essay", "url": url},
            {"kind": "assignment_added", "other_name": "Tom", "role": "student", "url": url},
        ]
        email = renderer.render(
            "digest", {"user_id": "u1", "day": "2026-11-28", "entries": entries}, to=TO
        )
        for line in (
            'Your mentor changed the feedback "W3": the strengths',
            'The feedback "W4" was withdrawn: Duplicate',
            'Dara acknowledged your feedback "W5"',
            'Dara asks for feedback: "Essay"',
            "Your new mentor: Tom",
        ):
            assert line in email.text
        assert email.subject == "Your daily summary: 5 updates"
