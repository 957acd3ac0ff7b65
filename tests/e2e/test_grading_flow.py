"""The grading workflow (issue 15), in Chromium through nginx. A new mentor of a new cohort of three
students opens the grading queue, writes the first student's feedback with a comment from the bank
inserted into a criterion's comment, moves to the next student without leaving the editor (button,
then Alt+→), bulk-publishes the three ready drafts from the queue, and the dev mailbox gets three
emails, one for each student. Then a draft started from the last feedback asks before the mentor
leaves with an unsaved edit, and is discarded."""

from __future__ import annotations

import re
import time
import uuid
from typing import Any

from playwright.sync_api import Page, expect
from support.fixtures_web import admin_token, api, invited_account
from support.mailbox import Mailbox
from support.pages import sign_in
from support.stack import Stack

admin_token = admin_token  # the session's one admin sign-in

PASSWORD = "Grading-flow-pass-2026!"


def people(stack: Stack, mailbox: Mailbox, admin: str, tag: str) -> tuple[str, list[str], str]:
    """A new mentor (their email) and three new students of a new cohort (their names, in the
    queue's order), all assigned to them."""
    mentor = f"grader.{tag}@campus.local"
    invited_account(stack, mailbox, admin, mentor, f"Gail Grader {tag}", PASSWORD, "mentor")
    cohort = f"Grading {tag}"
    names = [f"{first} Queue {tag}" for first in ("Ana", "Ben", "Cai")]
    with api(stack, admin) as client:
        for name in names:
            email = f"{name.split()[0].lower()}.{tag}@campus.local"
            invited_account(stack, mailbox, admin, email, name, PASSWORD)
            made = client.post(
                "/api/feedback/v1/assignments",
                json={"mentor_email": mentor, "student_email": email, "cohort": cohort},
            )
            assert made.status_code == 201, made.text
    return mentor, names, cohort


def fill_scores(page: Page, criteria: list[dict[str, Any]]) -> None:
    for criterion in criteria:
        group = page.get_by_role("group", name=re.compile(f"^{re.escape(criterion['name'])}"))
        group.get_by_role("radio", name=re.compile(f"^{criterion['scale_max']}\\b")).check()
    page.get_by_label("Overall rating").select_option("4")


def wait_saved(page: Page) -> None:
    expect(page.get_by_test_id("save-status")).to_have_text(re.compile("Draft saved at"))


def test_grade_a_cohort(page: Page, mailbox: Mailbox, stack: Stack, admin_token: str) -> None:
    tag = uuid.uuid4().hex[:6]
    mentor, names, cohort = people(stack, mailbox, admin_token, tag)
    students = [f"{n.split()[0].lower()}.{tag}@campus.local" for n in names]
    bank_text = f"Name things for what they hold {tag}."
    with api(stack, admin_token) as client:
        shared = client.post("/api/feedback/v1/comments", json={"text": bank_text, "shared": True})
        assert shared.status_code == 201, shared.text
        criteria: list[dict[str, Any]] = client.get("/api/feedback/v1/rubric").json()["criteria"]
    first = criteria[0]

    sign_in(page, mailbox, mentor, PASSWORD, next_path="/mentor")
    page.get_by_role("link", name="Grading queue").click()
    expect(page.get_by_role("heading", name="Grading queue", level=1)).to_be_visible()
    page.get_by_label("Cohort").select_option(cohort)
    rows = page.get_by_test_id("queue-row")
    expect(rows).to_have_count(3)
    expect(rows.get_by_test_id("queue-state")).to_have_text(["No feedback yet"] * 3)

    # The first student: scores, and a comment from the bank inserted into a criterion's comment.
    rows.nth(0).get_by_role("link", name=names[0]).click()
    expect(page.get_by_text(f"For {names[0]}")).to_be_visible()
    fill_scores(page, criteria)
    wait_saved(page)
    comment = page.get_by_label(f"{first['name']} comment")
    comment.click()
    comment.press_sequentially("Next: ")
    page.keyboard.press("Alt+KeyC")
    search = page.get_by_role("searchbox", name="Search the comment bank")
    expect(search).to_be_focused()
    search.press_sequentially(tag)
    expect(page.get_by_test_id("bank-comment")).to_have_count(1)
    search.press("Enter")
    expect(comment).to_have_value(f"Next: {bank_text}")
    wait_saved(page)
    editor_url = page.url

    # The next student, without leaving the editor: the button, then the keyboard shortcut.
    nav = page.get_by_test_id("queue-nav")
    expect(nav).to_contain_text("Student 1 of 3")
    nav.get_by_role("button", name=f"Next: {names[1]} →").click()
    expect(page.get_by_text(f"For {names[1]}")).to_be_visible()
    expect(nav).to_contain_text("Student 2 of 3")
    assert page.url != editor_url
    fill_scores(page, criteria)
    wait_saved(page)
    page.keyboard.press("Alt+ArrowRight")
    expect(page.get_by_text(f"For {names[2]}")).to_be_visible()
    expect(nav).to_contain_text("Student 3 of 3")
    fill_scores(page, criteria)
    wait_saved(page)
    page.keyboard.press("Alt+ArrowLeft")
    expect(page.get_by_text(f"For {names[1]}")).to_be_visible()
    expect(page.get_by_label("Overall rating")).to_have_value("4")  # its saved draft
    page.get_by_test_id("queue-nav").get_by_role("link", name="← Grading queue").click()

    # Bulk publish the three ready drafts: one email each.
    expect(rows.get_by_test_id("queue-state")).to_have_text(["Ready to publish"] * 3)
    seen = {email: mailbox.ids(email) for email in students}
    page.get_by_role("button", name="Select all 3 ready drafts").click()
    page.get_by_test_id("bulk-publish").click()
    dialog = page.get_by_role("dialog", name="Publish 3 drafts?")
    expect(dialog).to_contain_text(names[2])
    dialog.get_by_role("button", name="Publish 3 drafts").click()
    results = page.get_by_test_id("bulk-results")
    expect(results).to_contain_text("Published: 3. Not published: 0.")
    expect(results.get_by_test_id("bulk-published")).to_have_count(3)
    expect(rows.get_by_test_id("queue-state")).to_have_text(["Published"] * 3)
    for email in students:
        mailbox.wait_for(email, after=seen[email], template="feedback_published", timeout=30)
    time.sleep(1)  # one email each: no second one follows
    for email in students:
        new = [m for m in mailbox.messages(email) if str(m["id"]) not in seen[email]]
        assert [m.get("template") for m in new] == ["feedback_published"]
    with api(stack, admin_token) as client:
        items = client.get("/api/feedback/v1/feedback", params={"cohort": cohort}).json()["items"]
    by_student = {i["student_name"]: i for i in items}
    assert by_student[names[0]]["criterion_comments"] == {first["key"]: f"Next: {bank_text}"}
    assert {i["state"] for i in items} == {"published"}

    # Start from the last feedback; leaving with an unsaved edit asks; then the draft is discarded.
    rows.nth(0).get_by_role("button", name=f"Start from my last feedback for {names[0]}").click()
    expect(page.get_by_label(f"{first['name']} comment")).to_have_value(f"Next: {bank_text}")
    strengths = page.get_by_label("Strengths")
    strengths.fill("A new start.")
    page.get_by_test_id("queue-nav").get_by_role("link", name="← Grading queue").click()
    leave = page.get_by_role("alertdialog", name="Leave without saving?")
    expect(leave).to_be_visible()
    leave.get_by_role("button", name="Stay on this page").click()
    expect(leave).to_be_hidden()
    expect(strengths).to_have_value("A new start.")
    wait_saved(page)
    page.get_by_role("button", name="Discard draft").click()
    page.get_by_role("alertdialog", name="Discard this draft?").get_by_role(
        "button", name="Discard draft"
    ).click()
    expect(page.get_by_role("heading", name="Grading queue", level=1)).to_be_visible()
    expect(rows.nth(0).get_by_test_id("queue-state")).to_have_text("Published")
