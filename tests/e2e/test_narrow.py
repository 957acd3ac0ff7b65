"""The table pages on a 375 px phone: tables scroll inside their frame, the page never sideways."""

from __future__ import annotations

from playwright.sync_api import Page, expect
from support import fixtures_web
from support.mailbox import Mailbox
from support.pages import sign_in

from campus_testing.demo import DEMO_PASSWORD

phone = fixtures_web.phone  # a signed-out visitor at 375 px
ADMIN_TABLES = (
    "/admin/users",
    "/admin/audit",
    "/admin/feedback",
    "/admin/assignments",
    "/admin/notifications",
)


def page_width(page: Page) -> int:
    width: int = page.evaluate("document.documentElement.scrollWidth")
    return width


class TestTablesAt375Px:
    def test_mentor_home(self, phone: Page, mailbox: Mailbox) -> None:
        sign_in(phone, mailbox, "maria.mentor@campus.local", DEMO_PASSWORD)
        expect(phone.get_by_test_id("student-row").first).to_be_visible()
        assert page_width(phone) <= 375

    def test_admin_tables(self, phone: Page, mailbox: Mailbox) -> None:
        # One sign-in for every page: the per-address code limit is part of what ships.
        sign_in(phone, mailbox, "admin@campus.local", DEMO_PASSWORD)
        wide = {}
        for path in ADMIN_TABLES:
            phone.goto(path)
            expect(phone.get_by_role("table").first).to_be_visible()
            if page_width(phone) > 375:
                wide[path] = page_width(phone)
        assert not wide, f"pages that scroll sideways at 375 px: {wide}"
