"""Feedback requests (issue 14), in Chromium through nginx: a student asks for feedback from
their phone; the request shows under "Needs attention" on the mentor's home while open; the
mentor writes feedback from it (a draft titled like the request opens in the editor) and
publishes it; the request then shows closed for the student, with a link to the feedback."""

from __future__ import annotations

import re
import uuid

from playwright.sync_api import Browser, Page, expect
from support import fixtures_web
from support.fixtures_web import api, sign_in_api
from support.mailbox import Mailbox
from support.pages import sign_in, signed_in_page
from support.stack import Stack

from campus_testing.demo import DEMO_PASSWORD

phone = fixtures_web.phone  # a signed-out visitor at 375 px
MARIA = "maria.mentor@campus.local"
CHEN = "chen.student@campus.local"


def test_student_requests_mentor_writes_from_it_and_it_closes(
    phone: Page, browser: Browser, mailbox: Mailbox, stack: Stack
) -> None:
    name = f"Portfolio check {uuid.uuid4().hex[:6]}"

    # The student asks, on a phone.
    sign_in(phone, mailbox, CHEN, DEMO_PASSWORD, next_path="/student")
    phone.get_by_test_id("ask-for-feedback").click()
    phone.get_by_label("What should your mentor look at?").fill(name)
    phone.get_by_label(re.compile("Details")).fill("Is the intro clear?")
    phone.get_by_label("Link (optional)").fill("https://example.com/portfolio")
    phone.get_by_role("button", name="Send request").click()
    expect(phone.get_by_test_id("request-sent")).to_contain_text("Request sent")
    mine = phone.get_by_test_id("request-item").filter(has_text=name)
    expect(mine.get_by_test_id("request-state")).to_have_text("Open")
    width: int = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 375

    # The mentor's home lists it under "needs attention"; "Write feedback" opens a linked draft.
    with signed_in_page(
        browser, stack.public_url, mailbox, MARIA, DEMO_PASSWORD, next_path="/mentor"
    ) as page:
        attention = page.get_by_test_id("needs-attention")
        expect(attention.get_by_test_id("attention-item").filter(has_text=name)).to_be_visible()
        attention.get_by_role("link", name="All feedback requests").click()
        request = page.get_by_test_id("request-item").filter(has_text=name)
        expect(request).to_contain_text("Is the intro clear?")
        request.get_by_role("button", name="Write feedback").click()
        expect(page).to_have_url(re.compile(r"/mentor/feedback/[0-9a-f-]{36}/edit"))
        match = re.search(r"/mentor/feedback/([0-9a-f-]{36})/edit", page.url)
        assert match is not None
        draft_id = match.group(1)

    # The mentor completes and publishes that draft.
    with api(stack, sign_in_api(stack, mailbox, MARIA)) as client:
        draft = client.get(f"/api/feedback/v1/feedback/{draft_id}")
        assert draft.status_code == 200, draft.text
        assert draft.json()["title"] == name
        rubric = client.get("/api/feedback/v1/rubric").json()
        scores = {c["key"]: c["scale_max"] for c in rubric["criteria"]}
        patched = client.patch(
            f"/api/feedback/v1/feedback/{draft_id}",
            json={"scores": scores, "overall_rating": 4, "strengths": "A clear intro."},
        )
        assert patched.status_code == 200, patched.text
        published = client.post(f"/api/feedback/v1/feedback/{draft_id}/publish")
        assert published.status_code == 200, published.text
        still_open = client.get("/api/feedback/v1/requests", params={"state": "open"}).json()
        assert name not in [r["title"] for r in still_open["items"]]

    # The student sees it closed, with the feedback's link.
    phone.reload()
    mine = phone.get_by_test_id("request-item").filter(has_text=name)
    expect(mine.get_by_test_id("request-state")).to_have_text("Closed")
    mine.get_by_role("link", name="Open the feedback").click()
    expect(phone.get_by_role("heading", name=name)).to_be_visible()
