"""People pickers and forgiving filters (issue 16), in Chromium through nginx, at 375 px and
1280 px: an admin assigns a mentor to a student by typing part of each name without its accents
and choosing with the keyboard; then filters all feedback by part of the cohort's name typed in
lower case, without accents and with a plain hyphen for its em dash. Outcomes are checked in the
API as well as on the screen."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect
from support import fixtures_web
from support.fixtures_web import api, invited_account, publish_feedback
from support.mailbox import Mailbox
from support.pages import sign_in
from support.stack import Stack

from campus_testing.demo import DEMO_PASSWORD

admin_token = fixtures_web.admin_token
ADMIN = "admin@campus.local"
PASSWORD = "Brújula-Tranvía-Naranja-73"


def accepted(
    stack: Stack, mailbox: Mailbox, admin_token: str, name: str, role: str
) -> dict[str, Any]:
    """A new active account of `role` (invited, the invitation accepted): email and token."""
    email = f"{role}.{uuid.uuid4().hex[:8]}@campus.local"
    token = invited_account(stack, mailbox, admin_token, email, name, PASSWORD, role)
    return {"email": email, "token": token}


@pytest.fixture(params=[375, 1280], ids=["phone", "desktop"])
def admin_page(
    request: pytest.FixtureRequest, browser: Browser, stack: Stack, mailbox: Mailbox
) -> Iterator[Page]:
    context = browser.new_context(
        base_url=stack.public_url, locale="en-US", viewport={"width": request.param, "height": 800}
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    sign_in(page, mailbox, ADMIN, DEMO_PASSWORD)
    try:
        yield page
    finally:
        context.close()


def assert_fits(page: Page) -> None:
    width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1], width


def pick(page: Page, label: str, typed: str, name: str) -> None:
    """Type part of a name into the picker, arrow down to the person, Enter."""
    field = page.get_by_role("combobox", name=label)
    field.click()
    field.press_sequentially(typed, delay=30)
    option = page.get_by_role("option", name=name)
    expect(option).to_be_visible()
    expect(field).to_have_attribute("aria-expanded", "true")
    assert_fits(page)
    field.press("ArrowDown")
    expect(option).to_have_attribute("aria-selected", "true")
    expect(field).to_have_attribute("aria-activedescendant", option.get_attribute("id") or "")
    field.press("Enter")
    expect(field).to_have_attribute("aria-expanded", "false")
    expect(field).to_have_value(re.compile(rf"^{re.escape(name)} \(.+@campus\.local\)$"))


def test_assign_by_part_of_a_name_and_filter_by_part_of_a_cohort(
    admin_page: Page, stack: Stack, mailbox: Mailbox, admin_token: str
) -> None:
    page = admin_page
    tag = uuid.uuid4().hex[:6]
    mentor_name = f"Lucía Ibáñez {tag}"
    student_name = f"José Núñez {tag}"
    cohort = f"Semana 8 — Revisión {tag}"
    mentor = accepted(stack, mailbox, admin_token, mentor_name, "mentor")
    student = accepted(stack, mailbox, admin_token, student_name, "student")

    page.goto("/admin/assignments")
    expect(page.get_by_role("heading", name="Assignments and cohorts", level=1)).to_be_visible()
    pick(page, "Mentor", f"lucia ibanez {tag}", mentor_name)
    page.keyboard.press("Tab")
    expect(page.get_by_role("combobox", name="Student")).to_be_focused()
    pick(page, "Student", f"NUNEZ {tag}", student_name)
    page.keyboard.press("Tab")
    expect(page.get_by_label("Cohort (optional)")).to_be_focused()
    page.keyboard.type(cohort)
    page.keyboard.press("Enter")
    expect(page.get_by_text(f"Assigned: {mentor_name} now mentors {student_name}.")).to_be_visible()
    assert_fits(page)

    with api(stack, admin_token) as client:
        listed = client.get("/api/feedback/v1/assignments", params={"cohort": tag})
        assert listed.status_code == 200, listed.text
        pairs = [
            (a["mentor"]["email"], a["student"]["email"], a["cohort"])
            for a in listed.json()["items"]
        ]
    assert pairs == [(mentor["email"], student["email"], cohort)]

    # The assignments list narrowed by part of the cohort, typed the forgiving way.
    page.get_by_label("Cohort", exact=True).fill(f"semana 8 - revision {tag}")
    expect(page.get_by_role("link", name=student_name)).to_have_count(1)

    title = f"Week 8 review {tag}"
    publish_feedback(stack, mentor["token"], student["email"], title)
    page.goto("/admin/feedback")
    expect(page.get_by_role("heading", name="All feedback", level=1)).to_be_visible()
    page.get_by_label("Cohort").fill(f"semana 8 - revision {tag}")
    expect(page.get_by_role("link", name=title)).to_be_visible()
    expect(page.get_by_role("link", name="Week 8 review", exact=False)).to_have_count(1)
    assert_fits(page)
    page.get_by_label("Cohort").fill(f"semana 9 {tag}")
    expect(page.get_by_text("No feedback matches these filters.")).to_be_visible()
