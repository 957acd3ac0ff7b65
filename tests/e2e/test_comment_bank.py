"""The comment bank (issue 15), in Chromium through nginx: an admin adds a shared comment; a
mentor finds it in the editor's bank by a partial text typed without its accents, inserts it into
Areas to improve with the keyboard only, and the draft saves with it; its usage count went up."""

from __future__ import annotations

import re
import time
import uuid

from playwright.sync_api import Browser, Page, expect
from support.fixtures_web import api, sign_in_api
from support.mailbox import Mailbox
from support.pages import sign_in
from support.stack import Stack

from campus_testing.demo import DEMO_PASSWORD

ADMIN = "admin@campus.local"
MARIA = "maria.mentor@campus.local"
BEA = "bea.student@campus.local"


def test_shared_comment_inserted_by_keyboard(
    page: Page, browser: Browser, mailbox: Mailbox, stack: Stack
) -> None:
    tag = uuid.uuid4().hex[:6]
    text = f"Revisá la organización del código {tag}."

    sign_in(page, mailbox, ADMIN, DEMO_PASSWORD, next_path="/admin/comments")
    expect(page.get_by_role("heading", name="Shared comments")).to_be_visible()
    page.get_by_label("New shared comment").fill(text)
    page.get_by_role("button", name="Add shared comment").click()
    expect(page.get_by_test_id("shared-comment").filter(has_text=tag)).to_have_count(1)

    token = sign_in_api(stack, mailbox, MARIA)
    with api(stack, token) as client:
        assignments = client.get("/api/feedback/v1/assignments").json()["items"]
        bea = next(a["student"]["id"] for a in assignments if a["student"].get("email") == BEA)
        draft = client.post(
            "/api/feedback/v1/feedback", json={"student_id": bea, "title": f"Bank {tag}"}
        )
        assert draft.status_code == 201, draft.text
        draft_id = draft.json()["id"]

    context = browser.new_context(
        base_url=stack.public_url, viewport={"width": 1280, "height": 800}
    )
    context.set_default_timeout(10_000)
    try:
        mentor = context.new_page()
        sign_in(
            mentor, mailbox, MARIA, DEMO_PASSWORD, next_path=f"/mentor/feedback/{draft_id}/edit"
        )
        improvements = mentor.get_by_label("Areas to improve")
        improvements.click()
        improvements.press_sequentially("Next: ")
        mentor.keyboard.press("Alt+KeyC")
        search = mentor.get_by_role("searchbox", name="Search the comment bank")
        expect(search).to_be_focused()
        expect(search).to_have_attribute("aria-keyshortcuts", "Alt+C")
        search.press_sequentially(f"organizacion del codigo {tag}")
        item = mentor.get_by_test_id("bank-comment").filter(has_text=tag)
        expect(mentor.get_by_test_id("bank-comment")).to_have_count(1)
        expect(item).to_contain_text("used 0 times")
        mentor.keyboard.press("ArrowDown")
        expect(item).to_be_focused()
        mentor.keyboard.press("Enter")
        expect(improvements).to_have_value(f"Next: {text}")
        expect(improvements).to_be_focused()
        expect(mentor.get_by_test_id("save-status")).to_have_text(re.compile("Draft saved at"))
        expect(item).to_contain_text("used 1 time")
        # "Draft saved" may still speak of the save before the insertion: wait for the draft.
        with api(stack, token) as client:
            deadline = time.monotonic() + 15
            saved = client.get(f"/api/feedback/v1/feedback/{draft_id}").json()
            while saved["improvements"] != f"Next: {text}" and time.monotonic() < deadline:
                time.sleep(0.25)
                saved = client.get(f"/api/feedback/v1/feedback/{draft_id}").json()
    finally:
        context.close()

    with api(stack, token) as client:
        assert saved["improvements"] == f"Next: {text}"
        bank = client.get("/api/feedback/v1/comments", params={"q": tag}).json()["items"]
        assert [(c["text"], c["shared"], c["usage_count"]) for c in bank] == [(text, True, 1)]
