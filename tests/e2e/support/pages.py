"""Page objects: what a person does on each screen, in the words of the screen."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from playwright.sync_api import Browser, Page, expect

from campus_testing.demo import DEMO_PASSWORD

from .mailbox import Mailbox


class PageObject:
    """One screen of the app, driven through the Playwright page it was made with."""

    def __init__(self, page: Page) -> None:
        self.page = page


class LoginPage(PageObject):
    def open(self, next_path: str | None = None) -> LoginPage:
        self.page.goto(f"/login?next={next_path}" if next_path else "/login")
        expect(self.page.get_by_role("heading", name="Sign in to Campus")).to_be_visible()
        return self

    def submit(self, email: str, password: str) -> None:
        self.page.get_by_label("Email").fill(email)
        self.page.get_by_label("Password").fill(password)
        self.page.get_by_role("button", name="Sign in").click()


class CodePage(PageObject):
    def wait(self) -> CodePage:
        expect(self.page.get_by_role("heading", name="Enter your code")).to_be_visible()
        return self

    def enter(self, code: str) -> None:
        field = self.page.get_by_label("6-digit code")
        field.fill(code)

    def wrong_code_message(self) -> str:
        return self.page.get_by_test_id("code-wrong").inner_text()


def sign_in(
    page: Page, mailbox: Mailbox, email: str, password: str, next_path: str | None = None
) -> None:
    """Password, then the emailed code from the dev mailbox, until the app shows the user's name."""
    seen = mailbox.ids(email)
    LoginPage(page).open(next_path).submit(email, password)
    code_page = CodePage(page).wait()
    code_page.enter(mailbox.wait_for_code(email, after=seen))
    expect(page.get_by_test_id("signed-in-as")).to_be_visible()


ADMIN = "admin@campus.local"
"""The demo admin (password `DEMO_PASSWORD`)."""


def sign_in_as_admin(page: Page, mailbox: Mailbox, next_path: str | None = None) -> None:
    """`sign_in` as the demo admin, landing on `next_path`."""
    sign_in(page, mailbox, ADMIN, DEMO_PASSWORD, next_path)


@contextmanager
def signed_in_page(
    browser: Browser,
    base_url: str,
    mailbox: Mailbox,
    email: str,
    password: str,
    next_path: str | None = None,
    *,
    timeout: float = 10_000,
    **options: Any,
) -> Iterator[Page]:
    """A second person in a browser context of their own (`options` go to `new_context`),
    signed in with `sign_in`; the context is closed on the way out."""
    context = browser.new_context(base_url=base_url, **options)
    context.set_default_timeout(timeout)
    try:
        page = context.new_page()
        sign_in(page, mailbox, email, password, next_path)
        yield page
    finally:
        context.close()


class StudentHome(PageObject):
    def wait(self) -> StudentHome:
        expect(self.page.get_by_role("heading", name="My feedback")).to_be_visible()
        expect(self.page.get_by_test_id("feedback-item").first).to_be_visible()
        return self

    def open_feedback(self, title: str | re.Pattern[str]) -> None:
        self.page.get_by_test_id("feedback-item").filter(has_text=title).first.click()


class FeedbackPage(PageObject):
    def acknowledge(self) -> None:
        self.page.get_by_role("button", name="Acknowledge").click()
        expect(self.page.get_by_text("You acknowledged this on")).to_be_visible()


class MentorHome(PageObject):
    def wait(self) -> MentorHome:
        expect(self.page.get_by_role("heading", name="My students")).to_be_visible()
        expect(self.page.get_by_test_id("student-row").first).to_be_visible()
        return self

    def write_feedback_for(self, name: str) -> None:
        self.page.get_by_role("link", name=f"Write feedback for {name}").click()
        expect(self.page.get_by_role("heading", name="Write feedback")).to_be_visible()


class FeedbackEditor(PageObject):
    def fill(
        self, *, title: str, strengths: str, scores: dict[str, int], overall: int | None = None
    ) -> None:
        self.page.get_by_label("Title").fill(title)
        for criterion, score in scores.items():
            group = self.page.get_by_role("group", name=re.compile(criterion))
            group.get_by_role("radio", name=re.compile(rf"^{score}\b")).check()
        if overall is not None:
            self.page.get_by_label("Overall rating").select_option(str(overall))
        self.page.get_by_label("Strengths").fill(strengths)

    def wait_saved(self) -> None:
        expect(self.page.get_by_test_id("save-status")).to_contain_text(
            "Draft saved", timeout=10_000
        )

    def publish(self) -> None:
        self.page.get_by_role("button", name="Publish", exact=True).click()


class UsersAdmin(PageObject):
    def open(self) -> UsersAdmin:
        self.page.goto("/admin/users")
        expect(self.page.get_by_role("heading", name="Users", exact=True)).to_be_visible()
        return self

    def invite(self, email: str, name: str, role: str) -> None:
        form = self.page.get_by_role("form", name="Invite a user")
        form.get_by_label("Email", exact=True).fill(email)
        form.get_by_label("Full name").fill(name)
        form.get_by_label("Role", exact=True).select_option(role)
        form.get_by_role("button", name="Send invitation").click()
        expect(self.page.get_by_text(f"{email} is invited")).to_be_visible()


class AcceptInvitePage(PageObject):
    def accept(self, email: str, code: str, password: str) -> None:
        self.page.goto(f"/accept-invite?email={email}")
        self.page.get_by_label("6-digit code from the email").fill(code)
        self.page.get_by_label("New password", exact=True).fill(password)
        self.page.get_by_label("Repeat the new password").fill(password)
        self.page.get_by_role("button", name="Set password").click()
        expect(self.page.get_by_text("Your account is ready")).to_be_visible()
