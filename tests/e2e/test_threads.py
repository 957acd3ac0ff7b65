"""Threads (issue 14), in Chromium through nginx, reading mail from the dev mailbox: a mentor
publishes, the student writes in the feedback's thread, the mentor is emailed, follows the link
and answers, and the student is emailed and sees the answer; a script-bearing message stays
text on the page and in the email; the old link of withdrawn feedback says when and why."""

from __future__ import annotations

import re
import uuid
from urllib.parse import urlsplit

from playwright.sync_api import Browser, Page, expect
from support import fixtures_web
from support.fixtures_web import api, links_in, publish_feedback, sign_in_api
from support.mailbox import Mailbox
from support.pages import sign_in, signed_in_page
from support.stack import Stack

from campus_testing.demo import DEMO_PASSWORD

phone = fixtures_web.phone  # a signed-out visitor at 375 px
admin_token = fixtures_web.admin_token
MARIA = "maria.mentor@campus.local"
CHEN = "chen.student@campus.local"
HOSTILE = '<script>window.pwned = 1; alert("x")</script> <img src=x onerror="window.pwned = 2">'


def title() -> str:
    return f"Thread check {uuid.uuid4().hex[:6]}"


def published(stack: Stack, mailbox: Mailbox) -> tuple[str, str]:
    """Maria publishes a new feedback for Chen: its title and its id."""
    name = title()
    return name, publish_feedback(stack, sign_in_api(stack, mailbox, MARIA), CHEN, name)


def page_width(page: Page) -> int:
    width: int = page.evaluate("document.documentElement.scrollWidth")
    return width


class TestConversation:
    def test_student_writes_mentor_is_emailed_and_answers(
        self, phone: Page, browser: Browser, mailbox: Mailbox, stack: Stack
    ) -> None:
        name, feedback_id = published(stack, mailbox)

        # The student, on a phone, writes two lines and sends them with Ctrl+Enter.
        sign_in(phone, mailbox, CHEN, DEMO_PASSWORD, next_path=f"/feedback/{feedback_id}")
        expect(phone.get_by_role("heading", name=name)).to_be_visible()
        thread = phone.get_by_role("region", name="Conversation")
        expect(thread.get_by_text("No messages yet.")).to_be_visible()
        composer = thread.get_by_label("Write a message")
        composer.click()
        composer.press_sequentially("Could you look at **my tests** again?")
        composer.press("Enter")  # a new line, not a send
        composer.press_sequentially("Thanks!")
        expect(composer).to_have_value("Could you look at **my tests** again?\nThanks!")
        seen = mailbox.ids(MARIA)
        composer.press("Control+Enter")
        mine = thread.get_by_test_id("thread-message")
        expect(mine).to_have_count(1)
        expect(mine.locator(".thread-body strong")).to_have_text("my tests")
        expect(composer).to_have_value("")
        assert page_width(phone) <= 375

        # The mentor is emailed, with the message and the link to the feedback.
        email = mailbox.wait_for(MARIA, after=seen, template="feedback_message", timeout=30)
        assert "Could you look at **my tests** again?" in email["text"]
        assert name in email["subject"]
        link = next(u for u in links_in(email) if f"/feedback/{feedback_id}" in u)

        with signed_in_page(
            browser, stack.public_url, mailbox, MARIA, DEMO_PASSWORD, next_path=urlsplit(link).path
        ) as mentor_page:
            expect(mentor_page.get_by_role("heading", name=name)).to_be_visible()
            mentor_thread = mentor_page.get_by_role("region", name="Conversation")
            expect(mentor_thread.get_by_test_id("thread-message")).to_contain_text("my tests")
            seen_student = mailbox.ids(CHEN)
            mentor_thread.get_by_label("Write a message").fill("Yes, _today_ after the stand-up.")
            mentor_thread.get_by_role("button", name="Send").click()
            expect(mentor_thread.get_by_test_id("thread-message")).to_have_count(2)

        answer = mailbox.wait_for(CHEN, after=seen_student, template="feedback_message", timeout=30)
        assert "Yes, _today_ after the stand-up." in answer["text"]
        phone.reload()
        messages = phone.get_by_role("region", name="Conversation").get_by_test_id("thread-message")
        expect(messages).to_have_count(2)
        expect(messages.nth(1)).to_contain_text("Maria Okafor")
        expect(messages.nth(1).locator(".thread-body em")).to_have_text("today")
        assert page_width(phone) <= 375

    def test_a_script_bearing_message_stays_text_on_the_page_and_in_the_email(
        self, page: Page, mailbox: Mailbox, stack: Stack
    ) -> None:
        _, feedback_id = published(stack, mailbox)
        seen = mailbox.ids(MARIA)
        with api(stack, sign_in_api(stack, mailbox, CHEN)) as client:
            posted = client.post(
                f"/api/feedback/v1/feedback/{feedback_id}/messages", json={"body": HOSTILE}
            )
            assert posted.status_code == 201, posted.text

        dialogs: list[str] = []
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        sign_in(page, mailbox, MARIA, DEMO_PASSWORD, next_path=f"/feedback/{feedback_id}")
        message = page.get_by_role("region", name="Conversation").get_by_test_id("thread-message")
        expect(message).to_contain_text('<script>window.pwned = 1; alert("x")</script>')
        expect(message.locator("script")).to_have_count(0)
        expect(message.locator("img")).to_have_count(0)
        assert page.evaluate("window.pwned") is None
        assert dialogs == []

        email = mailbox.wait_for(MARIA, after=seen, template="feedback_message", timeout=30)
        assert "<script" not in email["html"]
        assert "<img" not in email["html"]
        assert "&lt;script&gt;" in email["html"]


class TestWithdrawn:
    def test_the_old_link_says_when_and_why(
        self, page: Page, mailbox: Mailbox, stack: Stack, admin_token: str
    ) -> None:
        name, feedback_id = published(stack, mailbox)
        with api(stack, admin_token) as client:
            withdrawn = client.post(
                f"/api/feedback/v1/feedback/{feedback_id}/withdraw",
                json={"reason": "Written for the wrong week"},
            )
            assert withdrawn.status_code == 200, withdrawn.text

        sign_in(page, mailbox, CHEN, DEMO_PASSWORD, next_path=f"/feedback/{feedback_id}")
        expect(page.get_by_role("heading", name=name)).to_be_visible()
        expect(page.get_by_role("status").filter(has_text="withdrawn")).to_have_text(
            re.compile(r"This feedback was withdrawn on .+: Written for the wrong week")
        )
        expect(page.get_by_role("alert")).to_have_count(0)
        expect(page.get_by_role("region", name="Conversation")).to_have_count(0)
