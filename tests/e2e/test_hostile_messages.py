"""Hostile text where a message or a request appears in the web app (issue 14), in Chromium
through nginx: a script-bearing message (and a feedback title with an `onerror` image) shows as
text in the mentor's notification list, both when it arrives live and after a reload; a
script-bearing feedback request shows as text in the mentor's requests and in the student's own
list. No script element, image or dialog appears anywhere. The thread page
itself is `test_threads.py`'s."""

from __future__ import annotations

import uuid

import pytest
from playwright.sync_api import Locator, Page, expect
from support.fixtures_web import api, publish_feedback, sign_in_api
from support.mailbox import Mailbox
from support.pages import sign_in
from support.stack import Stack

from campus_testing.demo import DEMO_PASSWORD

MARIA = "maria.mentor@campus.local"
CHEN = "chen.student@campus.local"
SCRIPT = '<script>window.pwned = 1; alert("x")</script>'
IMAGE = '<img src=x onerror="window.pwned = 2; alert(2)">'
LINK = "[open](javascript:window.pwned=3)"


def tag() -> str:
    return uuid.uuid4().hex[:6]


@pytest.fixture
def dialogs(page: Page) -> list[str]:
    """Every dialog the page opens (each dismissed); the test expects none."""
    seen: list[str] = []
    page.on("dialog", lambda dialog: (seen.append(dialog.message), dialog.dismiss()))
    return seen


def assert_inert(page: Page, where: Locator, dialogs: list[str]) -> None:
    expect(where.locator("script")).to_have_count(0)
    expect(where.locator("img")).to_have_count(0)
    expect(where.locator("a[href^='javascript:' i]")).to_have_count(0)
    assert page.evaluate("window.pwned") is None
    assert dialogs == []


def test_a_script_bearing_message_is_text_in_the_notification_list(
    page: Page, mailbox: Mailbox, stack: Stack, dialogs: list[str]
) -> None:
    name = f"Hostile {tag()} {IMAGE}"
    body = f"{SCRIPT} {IMAGE} {LINK}"
    feedback_id = publish_feedback(stack, sign_in_api(stack, mailbox, MARIA), CHEN, name)

    sign_in(page, mailbox, MARIA, DEMO_PASSWORD, next_path="/notifications")
    expect(page.get_by_test_id("bell")).to_have_attribute("data-live", "true", timeout=15_000)
    with api(stack, sign_in_api(stack, mailbox, CHEN)) as client:
        posted = client.post(
            f"/api/feedback/v1/feedback/{feedback_id}/messages", json={"body": body}
        )
        assert posted.status_code == 201, posted.text

    feed = page.get_by_test_id("feed-list")
    # Live: the item comes in through the stream, with the message as its summary.
    item = page.get_by_test_id("feed-item").filter(has_text=name)
    expect(item).to_contain_text(SCRIPT, timeout=15_000)
    expect(item).to_contain_text(IMAGE)
    assert_inert(page, feed, dialogs)

    page.reload()
    item = page.get_by_test_id("feed-item").filter(has_text=name)
    expect(item).to_contain_text(SCRIPT)
    expect(item).to_contain_text(LINK)
    assert_inert(page, page.get_by_test_id("feed-list"), dialogs)


def test_a_script_bearing_request_is_text_for_the_mentor_and_the_student(
    page: Page, mailbox: Mailbox, stack: Stack, dialogs: list[str]
) -> None:
    title = f"Request {tag()} {IMAGE}"
    description = f"{SCRIPT}\n{LINK}"
    student = sign_in_api(stack, mailbox, CHEN)
    with api(stack, student) as client:
        opened = client.post(
            "/api/feedback/v1/requests", json={"title": title, "description": description}
        )
        assert opened.status_code == 201, opened.text
        request_id = opened.json()["id"]
    try:
        sign_in(page, mailbox, MARIA, DEMO_PASSWORD, next_path="/mentor/requests")
        request = page.get_by_test_id("request-item").filter(has_text=title)
        expect(request).to_contain_text(SCRIPT)
        expect(request).to_contain_text(LINK)
        assert_inert(page, page.locator("main"), dialogs)
    finally:
        with api(stack, student) as client:
            client.post(f"/api/feedback/v1/requests/{request_id}/cancel")

    # The student's own list (cancelled now, still listed with its text).
    page.context.clear_cookies()
    sign_in(page, mailbox, CHEN, DEMO_PASSWORD, next_path="/student/requests")
    mine = page.get_by_test_id("request-item").filter(has_text=title)
    expect(mine).to_be_visible()
    assert_inert(page, page.locator("main"), dialogs)
