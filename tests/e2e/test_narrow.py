"""The table pages on a 375 px phone: tables scroll inside their frame, the page never sideways."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect
from support.mailbox import Mailbox
from support.pages import sign_in
from support.stack import Stack

from campus_common.demo import DEMO_PASSWORD


@pytest.fixture
def phone(browser: Browser, stack: Stack) -> Iterator[Page]:
    context = browser.new_context(base_url=stack.public_url, viewport={"width": 375, "height": 740})
    context.set_default_timeout(10_000)
    try:
        yield context.new_page()
    finally:
        context.close()


def page_width(page: Page) -> int:
    width: int = page.evaluate("document.documentElement.scrollWidth")
    return width


class TestTablesAt375Px:
    def test_mentor_home(self, phone: Page, mailbox: Mailbox) -> None:
        sign_in(phone, mailbox, "maria.mentor@campus.local", DEMO_PASSWORD)
        expect(phone.get_by_test_id("student-row").first).to_be_visible()
        assert page_width(phone) <= 375

    @pytest.mark.parametrize(
        "path",
        [
            "/admin/users",
            "/admin/audit",
            "/admin/feedback",
            "/admin/assignments",
            "/admin/notifications",
        ],
    )
    def test_admin_tables(self, phone: Page, mailbox: Mailbox, path: str) -> None:
        sign_in(phone, mailbox, "admin@campus.local", DEMO_PASSWORD)
        phone.goto(path)
        expect(phone.get_by_role("table").first).to_be_visible()
        assert page_width(phone) <= 375, f"{path} scrolls sideways"
