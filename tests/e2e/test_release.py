"""Release control and self-assessment (issue 15), in Chromium through nginx, with people of its
own (a mentor and two students in a cohort of their own; the demo accounts stay as they are).

- A mentor in Madrid schedules a publish from the editor: until its time the student gets no
  email, no bell item, and the feedback's link is 404; the release run as of a time after it
  (the service's CLI against this stack: `release run --now`) publishes it with one email.
- A student scores themself on the self-assessment page; the mentor's editor shows it beside
  the form.
- Under a manual post policy the mentor's publish only holds the feedback (nothing reaches the
  student) until an admin releases it on the held-feedback page: then one email."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import quote
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Browser, Page, expect
from support.fixtures_web import admin_token, api, invite
from support.mailbox import Mailbox
from support.pages import sign_in
from support.stack import Stack

from campus_testing.demo import DEMO_PASSWORD

admin_token = admin_token  # the session's one admin sign-in
PASSWORD = "release-check-Pw-2026"
MADRID = ZoneInfo("Europe/Madrid")


class People:
    def __init__(self, suffix: str) -> None:
        self.cohort = f"release-{suffix}"
        self.mentor = f"rel-mentor-{suffix}@campus.local"
        self.early = f"rel-early-{suffix}@campus.local"  # scheduled feedback
        self.self = f"rel-self-{suffix}@campus.local"  # self-assessment and the manual policy
        self.tokens: dict[str, str] = {}
        self.ids: dict[str, str] = {}


def account(stack: Stack, mailbox: Mailbox, admin: str, email: str, name: str, role: str) -> str:
    """An invited account, its invitation accepted with PASSWORD: its first access token."""
    seen = mailbox.ids(email)
    invite(stack, admin, email, name, role)
    code = mailbox.wait_for_code(email, after=seen)
    with api(stack) as client:
        answer = client.post(
            "/api/auth/invitations/accept",
            json={"email": email, "code": code, "password": PASSWORD},
        )
        assert answer.status_code == 200, answer.text
        token: str = answer.json()["access_token"]
        return token


def settings(stack: Stack, admin: str, cohort: str, **values: Any) -> None:
    with api(stack, admin) as client:
        answer = client.put(
            f"/api/feedback/v1/cohorts/{quote(cohort)}/settings",
            json={"rubric_id": None, "post_policy": "automatic", "self_assessment": True, **values},
        )
        assert answer.status_code == 200, answer.text


@pytest.fixture(scope="module")
def people(stack: Stack, mailbox: Mailbox, admin_token: str) -> People:
    p = People(uuid.uuid4().hex[:6])
    for email, name, role in (
        (p.mentor, "Rhea Release", "mentor"),
        (p.early, "Evan Early", "student"),
        (p.self, "Sol Selfcheck", "student"),
    ):
        p.tokens[email] = account(stack, mailbox, admin_token, email, name, role)
    with api(stack, admin_token) as client:
        for student in (p.early, p.self):
            made = client.post(
                "/api/feedback/v1/assignments",
                json={"mentor_email": p.mentor, "student_email": student, "cohort": p.cohort},
            )
            assert made.status_code == 201, made.text
            p.ids[student] = made.json()["student"]["id"]
    settings(stack, admin_token, p.cohort)
    return p


@pytest.fixture(scope="module")
def mentor_page(browser: Browser, stack: Stack, mailbox: Mailbox, people: People) -> Iterator[Page]:
    """The mentor, signed in once, in Madrid's time zone at 1280 px."""
    context = browser.new_context(
        base_url=stack.public_url,
        viewport={"width": 1280, "height": 900},
        timezone_id="Europe/Madrid",
    )
    context.set_default_timeout(15_000)
    try:
        page = context.new_page()
        sign_in(page, mailbox, people.mentor, PASSWORD)
        yield page
    finally:
        context.close()


def ready_draft(stack: Stack, people: People, student: str, title: str) -> str:
    """A complete draft (every criterion at its top, an overall rating) by the mentor: its id."""
    with api(stack, people.tokens[people.mentor]) as client:
        rubric = client.get(f"/api/feedback/v1/rubric/for-student/{people.ids[student]}")
        assert rubric.status_code == 200, rubric.text
        made = client.post(
            "/api/feedback/v1/feedback",
            json={
                "student_id": people.ids[student],
                "title": title,
                "scores": {c["key"]: c["scale_max"] for c in rubric.json()["criteria"]},
                "overall_rating": 4,
                "strengths": "Steady progress.",
            },
        )
        assert made.status_code == 201, made.text
        feedback_id: str = made.json()["id"]
        return feedback_id


def student_sees(stack: Stack, token: str, feedback_id: str, title: str) -> bool:
    """Whether the student sees the feedback anywhere: its link, their list, counts, the bell."""
    with api(stack, token) as client:
        one = client.get(f"/api/feedback/v1/feedback/{feedback_id}")
        listed = client.get("/api/feedback/v1/feedback").json()["items"]
        counts = client.get("/api/feedback/v1/feedback/counts").json()
        feed = client.get("/api/notifications/v1/feed")
        assert feed.status_code == 200, feed.text
    in_list = any(item["id"] == feedback_id for item in listed)
    in_feed = any(title in item["title"] for item in feed.json()["items"])
    assert one.status_code in (200, 404)
    assert (one.status_code == 200) is in_list is (counts["total"] > 0)
    return in_list or in_feed


def feedback_emails(mailbox: Mailbox, to: str, seen: set[str]) -> list[dict[str, Any]]:
    return [
        m
        for m in mailbox.messages(to, limit=50)
        if str(m["id"]) not in seen and m.get("template") == "feedback_published"
    ]


class TestScheduledPublish:
    def test_invisible_and_silent_until_its_time_then_one_email(
        self, mentor_page: Page, stack: Stack, mailbox: Mailbox, people: People
    ) -> None:
        page = mentor_page
        title = f"Scheduled review {uuid.uuid4().hex[:4]}"
        fid = ready_draft(stack, people, people.early, title)
        seen = mailbox.ids(people.early)

        page.goto(f"/mentor/feedback/{fid}/edit")
        controls = page.get_by_role("region", name="Schedule the publish")
        expect(controls.get_by_text("Your time zone: Europe/Madrid")).to_be_visible()
        local = (datetime.now(MADRID) + timedelta(days=2)).replace(
            hour=10, minute=30, second=0, microsecond=0
        )
        controls.get_by_label("Publish at").fill(local.strftime("%Y-%m-%dT%H:%M"))
        controls.get_by_role("button", name="Schedule publish").click()
        expect(controls.get_by_test_id("release-status")).to_contain_text("Scheduled to publish")
        expect(controls.get_by_test_id("release-status")).to_contain_text("Europe/Madrid")

        with api(stack, people.tokens[people.mentor]) as client:
            status = client.get(f"/api/feedback/v1/feedback/{fid}/release").json()
        assert status["release"] == "scheduled"
        # Typed in Madrid's time, stored as that moment in UTC.
        assert datetime.fromisoformat(status["release_at"]) == local.astimezone(UTC)

        student = people.tokens[people.early]
        time.sleep(3)  # the relay polls every 2 s: anything queued would have gone by now
        assert not student_sees(stack, student, fid, title)
        assert feedback_emails(mailbox, people.early, seen) == []

        # The student's browser: the feedback's link is not found.
        with api(stack, student) as client:
            assert client.get(f"/api/feedback/v1/feedback/{fid}").status_code == 404

        before = (local - timedelta(minutes=1)).astimezone(UTC).isoformat()
        stack.cli("feedback", "release", "run", "--now", before)
        time.sleep(2)
        assert not student_sees(stack, student, fid, title)
        assert feedback_emails(mailbox, people.early, seen) == []

        after = (local + timedelta(minutes=1)).astimezone(UTC).isoformat()
        stack.cli("feedback", "release", "run", "--now", after)
        email = mailbox.wait_for(people.early, after=seen, template="feedback_published")
        assert title in email["subject"] or title in email["text"]
        stack.cli("feedback", "release", "run", "--now", after)  # a second run sends nothing
        time.sleep(3)
        assert len(feedback_emails(mailbox, people.early, seen)) == 1
        assert student_sees(stack, student, fid, title)


class TestSelfAssessmentBesideTheEditor:
    def test_the_mentor_sees_the_students_self_assessment_while_writing(
        self, browser: Browser, mentor_page: Page, stack: Stack, mailbox: Mailbox, people: People
    ) -> None:
        context = browser.new_context(
            base_url=stack.public_url, viewport={"width": 375, "height": 800}
        )
        context.set_default_timeout(15_000)
        try:
            student = context.new_page()
            sign_in(student, mailbox, people.self, PASSWORD)
            student.get_by_role("link", name="Assess yourself").click()
            form = student.get_by_role("form", name=f"Self-assessment for {people.cohort}")
            groups = form.get_by_role("group")
            first, second = groups.nth(0), groups.nth(1)
            first.get_by_role("radio").first.check()
            second.get_by_role("radio").last.check()
            first.get_by_role("textbox").fill("I rushed the summary this week.")
            form.get_by_label("Overall comments").fill("Proud of the tests I wrote.")
            form.get_by_role("button", name="Save self-assessment").click()
            expect(form.get_by_text("Self-assessment saved.")).to_be_visible()
        finally:
            context.close()

        fid = ready_draft(stack, people, people.self, "Week with a self-assessment")
        page = mentor_page
        page.goto(f"/mentor/feedback/{fid}/edit")
        panel = page.get_by_role("complementary", name="The student's self-assessment")
        expect(panel).to_contain_text("I rushed the summary this week.")
        expect(panel).to_contain_text("Proud of the tests I wrote.")
        form = page.locator("form.card")
        panel_box, form_box = panel.bounding_box(), form.bounding_box()
        assert panel_box is not None
        assert form_box is not None
        # Side by side at 1280 px: the panel to the right of the form, level with its top part.
        assert panel_box["x"] >= form_box["x"] + form_box["width"] - 1
        assert panel_box["y"] < form_box["y"] + form_box["height"]


class TestManualPostPolicy:
    def test_a_publish_is_held_until_an_admin_releases_it(
        self,
        browser: Browser,
        mentor_page: Page,
        stack: Stack,
        mailbox: Mailbox,
        people: People,
        admin_token: str,
    ) -> None:
        settings(stack, admin_token, people.cohort, post_policy="manual")
        title = f"Held review {uuid.uuid4().hex[:4]}"
        fid = ready_draft(stack, people, people.self, title)
        seen = mailbox.ids(people.self)

        page = mentor_page
        page.goto(f"/mentor/feedback/{fid}/edit")
        controls = page.get_by_role("region", name="Schedule the publish")
        expect(controls.get_by_text("This cohort releases feedback manually")).to_be_visible()
        page.get_by_role("button", name="Publish", exact=True).click()
        page.wait_for_url(f"**/feedback/{fid}")
        with api(stack, people.tokens[people.mentor]) as client:
            assert (
                client.get(f"/api/feedback/v1/feedback/{fid}/release").json()["release"] == "held"
            )

        student = people.tokens[people.self]
        time.sleep(3)
        assert not student_sees(stack, student, fid, title)
        assert feedback_emails(mailbox, people.self, seen) == []

        context = browser.new_context(
            base_url=stack.public_url, viewport={"width": 1280, "height": 800}
        )
        context.set_default_timeout(15_000)
        try:
            admin = context.new_page()
            sign_in(admin, mailbox, "admin@campus.local", DEMO_PASSWORD)
            admin.get_by_role("link", name="Held feedback").click()
            expect(admin.get_by_role("heading", name="Held feedback")).to_be_visible()
            admin.get_by_role("button", name=f"Release “{title}” for Sol Selfcheck").click()
            email = mailbox.wait_for(people.self, after=seen, template="feedback_published")
            assert title in email["subject"] or title in email["text"]
            expect(admin.get_by_role("link", name=title)).to_have_count(0)
        finally:
            context.close()
        time.sleep(3)
        assert len(feedback_emails(mailbox, people.self, seen)) == 1
        assert student_sees(stack, student, fid, title)
