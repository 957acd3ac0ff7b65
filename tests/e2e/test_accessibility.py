"""An axe-core scan of every page in the light and the dark theme (no serious or critical
violation), the theme choice, and the 375 px layout."""

from __future__ import annotations

import re

from playwright.sync_api import Browser, Page, expect
from support.browser import axe_in_both_themes, screenshot
from support.mailbox import Mailbox
from support.pages import CodePage, LoginPage, sign_in
from support.stack import Stack

from campus_testing.demo import DEMO_PASSWORD


def shown_theme(page: Page) -> str:
    theme: str = page.evaluate("document.documentElement.dataset.theme")
    return theme


def scan(page: Page, path: str | None, heading: str | re.Pattern[str]) -> list[str]:
    """axe in both themes: the theme is "System" (nothing chosen), so the emulated
    prefers-color-scheme decides, as a person's system setting would."""
    if path is not None:
        page.goto(path)
    expect(page.get_by_role("heading", name=heading, level=1)).to_be_visible()
    page.wait_for_load_state("networkidle")
    return axe_in_both_themes(page, page.url)


class TestAxe:
    def test_public_pages(self, page: Page, mailbox: Mailbox) -> None:
        found: list[str] = []
        found += scan(page, "/login", "Sign in to Campus")
        found += scan(page, "/forgot-password", "Reset your password")
        found += scan(page, "/reset-password?email=a@b.c", "Choose a new password")
        found += scan(page, "/accept-invite", "Accept your invitation")
        found += scan(page, "/status", "Service status")
        found += scan(page, "/no/such/page", "Page not found")
        LoginPage(page).open().submit("eli.student@campus.local", DEMO_PASSWORD)
        CodePage(page).wait()
        found += scan(page, None, "Enter your code")
        assert not found, "\n".join(found)

    def test_student_pages(self, page: Page, mailbox: Mailbox) -> None:
        sign_in(page, mailbox, "fay.student@campus.local", DEMO_PASSWORD)
        found = scan(page, "/student", "My feedback")
        page.get_by_test_id("feedback-item").first.click()
        expect(page.get_by_role("list", name="Rubric scores")).to_be_visible()
        found += scan(page, None, re.compile("."))
        found += scan(page, "/account", "Account")
        assert not found, "\n".join(found)

    def test_mentor_pages(self, page: Page, mailbox: Mailbox) -> None:
        sign_in(page, mailbox, "tom.mentor@campus.local", DEMO_PASSWORD)
        found = scan(page, "/mentor", "My students")
        page.get_by_test_id("student-row").first.get_by_role("link").first.click()
        found += scan(page, None, re.compile("timeline"))
        page.locator(".timeline a").first.click()
        found += scan(page, None, re.compile("."))
        page.goto("/mentor")
        page.get_by_role("link", name=re.compile("^Write feedback for")).first.click()
        found += scan(page, None, "Write feedback")
        assert not found, "\n".join(found)

    def test_admin_pages(self, page: Page, mailbox: Mailbox) -> None:
        sign_in(page, mailbox, "admin@campus.local", DEMO_PASSWORD)
        found: list[str] = []
        for path, heading in [
            ("/admin/users", "Users"),
            ("/admin/users/import", "Import users"),
            ("/admin/assignments", "Assignments and cohorts"),
            ("/admin/rubric", "Rubric"),
            ("/admin/feedback", "All feedback"),
            ("/admin/audit", "Audit log"),
            ("/admin/notifications", "Email status"),
        ]:
            found += scan(page, path, heading)
            screenshot(page, "admin-" + path.rsplit("/", 1)[-1])
        page.goto("/admin/feedback")
        page.get_by_label("State").select_option("published")
        expect(page.get_by_role("table").get_by_text("draft")).to_have_count(0)
        page.get_by_role("table").get_by_role("link").first.click()
        expect(page.get_by_role("heading", name="Withdraw this feedback")).to_be_visible()
        found += scan(page, None, re.compile("."))
        assert not found, "\n".join(found)


class TestThemeChoice:
    def test_system_light_dark_remembered(self, page: Page) -> None:
        page.emulate_media(color_scheme="dark")
        page.goto("/login")
        choice = page.get_by_label("Theme")
        expect(choice).to_have_value("system")
        assert shown_theme(page) == "dark"
        page.emulate_media(color_scheme="light")
        expect(page.locator("html")).to_have_attribute("data-theme", "light")

        choice.select_option("dark")
        expect(page.locator("html")).to_have_attribute("data-theme", "dark")
        background = page.evaluate("getComputedStyle(document.documentElement).backgroundColor")
        assert background == "rgb(15, 23, 42)", background
        page.reload()
        expect(page.get_by_label("Theme")).to_have_value("dark")
        assert shown_theme(page) == "dark"

        page.get_by_label("Theme").select_option("system")
        expect(page.locator("html")).to_have_attribute("data-theme", "light")
        page.reload()
        expect(page.get_by_label("Theme")).to_have_value("system")


class TestSmallScreen:
    def test_student_dashboard_fits_375_px(
        self, browser: Browser, mailbox: Mailbox, stack: Stack
    ) -> None:
        context = browser.new_context(
            base_url=stack.public_url, viewport={"width": 375, "height": 812}, is_mobile=True
        )
        try:
            page = context.new_page()
            sign_in(page, mailbox, "bea.student@campus.local", DEMO_PASSWORD)
            expect(page.get_by_role("heading", name="My feedback")).to_be_visible()
            page.wait_for_load_state("networkidle")
            overflow = page.evaluate(
                "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            assert overflow <= 0, f"the page scrolls sideways by {overflow}px at 375 px"
            screenshot(page, "student-dashboard-375")
        finally:
            context.close()


class TestKeyboard:
    def test_sign_in_with_the_keyboard_only(self, page: Page, mailbox: Mailbox) -> None:
        email = "eli.student@campus.local"
        seen = mailbox.ids(email)
        page.goto("/login")
        expect(page.get_by_label("Email")).to_be_focused()
        page.keyboard.type(email)
        page.keyboard.press("Tab")
        expect(page.get_by_label("Password")).to_be_focused()
        page.keyboard.type(DEMO_PASSWORD)
        page.keyboard.press("Enter")
        expect(page.get_by_label("6-digit code")).to_be_focused()
        page.keyboard.type(mailbox.wait_for_code(email, after=seen))
        expect(page.get_by_role("heading", name="My feedback")).to_be_visible()
        expect(page.locator("main")).to_be_focused()
        first = page.get_by_test_id("feedback-item").first
        title = first.locator("strong").inner_text()
        page.keyboard.press("Tab")
        expect(page.get_by_test_id("ask-for-feedback")).to_be_focused()
        page.keyboard.press("Tab")
        expect(first).to_be_focused()
        page.keyboard.press("Enter")
        expect(page.get_by_role("heading", name=title, level=1)).to_be_visible()
        expect(page.locator("main")).to_be_focused()
