"""A person whose new password is refused only because it is built from their own name chooses
another one on the same form: the emailed code is not asked for again (issue 12, item 4). Walked
through the invitation an admin sends, on a phone-sized screen, through real nginx."""

from __future__ import annotations

import uuid

from playwright.sync_api import Page, expect
from support import fixtures_web
from support.fixtures_web import invite, links_in
from support.mailbox import Mailbox
from support.stack import Stack

admin_token = fixtures_web.admin_token
phone = fixtures_web.phone  # a signed-out visitor at 375 px

STRONG = "Quartz-Meadow-Lantern-93"


def test_a_password_built_from_the_name_is_refused_and_another_taken_without_a_new_code(
    phone: Page, stack: Stack, mailbox: Mailbox, admin_token: str
) -> None:
    address = f"nia.okafor.{uuid.uuid4().hex[:6]}@campus.local"
    invite(stack, admin_token, address, "Nia Okafor")
    email = mailbox.wait_for(address, template="invitation", timeout=30)
    code = mailbox.wait_for_code(address)
    accept = [url for url in links_in(email) if "/accept-invite" in url]
    assert accept, links_in(email)

    page = phone
    page.goto(accept[0])
    expect(page.get_by_label("Email", exact=True)).to_have_value(address)
    page.get_by_label("6-digit code from the email").fill(code)
    weak = "Nia-Okafor-campus-1"
    page.get_by_label("New password", exact=True).fill(weak)
    page.get_by_label("Repeat the new password").fill(weak)
    page.get_by_role("button", name="Set password").click()

    expect(page.locator("#password-error")).to_contain_text("name")
    expect(page.get_by_label("6-digit code from the email")).to_have_count(0)
    page.get_by_label("New password", exact=True).fill(STRONG)
    page.get_by_label("Repeat the new password").fill(STRONG)
    page.get_by_role("button", name="Set password").click()
    expect(page.get_by_text("Your account is ready")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")
