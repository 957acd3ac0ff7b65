"""Sign-in polish (issue 16), in Chromium through nginx, on a phone and on a desktop: focus after a
wrong code, a reload of the code page, "start again" keeping the address, and page titles."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect
from support.mailbox import Mailbox
from support.pages import CodePage, LoginPage, StudentHome
from support.stack import Stack

from campus_testing.demo import DEMO_PASSWORD

WIDTHS = {"phone": 375, "desktop": 1280}
# One student per width, so the two runs never share a pending sign-in or a code.
# Fay's password is changed by the reset-link test of test_links.py: not her.
STUDENTS = {"phone": "eli.student@campus.local", "desktop": "dara.student@campus.local"}


@pytest.fixture(params=sorted(WIDTHS))
def screen(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def tab(browser: Browser, stack: Stack, screen: str) -> Iterator[Page]:
    context = browser.new_context(
        base_url=stack.public_url, viewport={"width": WIDTHS[screen], "height": 800}
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        yield page
    finally:
        context.close()
    assert not errors, errors


def fits(page: Page) -> None:
    width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1], f"scrolls sideways: {width}"


def wrong_code_for(right: str) -> str:
    return "000000" if right != "000000" else "111111"


def test_wrong_code_focus_reload_keeps_the_login_and_titles_follow(
    tab: Page, mailbox: Mailbox, screen: str
) -> None:
    email = STUDENTS[screen]
    LoginPage(tab).open()
    expect(tab).to_have_title("Sign in · Campus")
    fits(tab)
    seen = mailbox.ids(email)
    LoginPage(tab).submit(email, DEMO_PASSWORD)
    code_page = CodePage(tab).wait()
    expect(tab).to_have_title("Enter your code · Campus")
    right = mailbox.wait_for_code(email, after=seen)

    code_page.enter(wrong_code_for(right))
    expect(tab.get_by_test_id("code-wrong")).to_contain_text("attempt")
    field = tab.get_by_label("6-digit code")
    expect(field).to_be_enabled()
    expect(field).to_be_focused()
    selection = field.evaluate("el => [el.selectionStart, el.selectionEnd, el.value.length]")
    assert selection == [0, 6, 6], selection
    fits(tab)

    # A reload keeps the pending sign-in: same page, same address, the emailed code still works.
    tab.reload()
    CodePage(tab).wait()
    expect(tab.get_by_text(email)).to_be_visible()
    stored = tab.evaluate("JSON.stringify(sessionStorage)")
    assert DEMO_PASSWORD not in stored
    CodePage(tab).enter(right)
    expect(tab).to_have_url(re.compile(r"/student$"))
    StudentHome(tab).wait()
    expect(tab).to_have_title("My feedback · Campus")
    assert tab.evaluate("sessionStorage.getItem('campus.pendingLogin')") is None

    # A feedback is titled by its own title.
    item = tab.get_by_test_id("feedback-item").first
    title = item.locator("strong").inner_text()
    item.click()
    expect(tab.get_by_role("heading", name=title)).to_be_visible()
    expect(tab).to_have_title(f"{title} · Campus")
    fits(tab)
    tab.get_by_role("link", name="Account").click()
    expect(tab).to_have_title("Account · Campus")


def test_start_again_keeps_the_address(tab: Page, mailbox: Mailbox, screen: str) -> None:
    email = STUDENTS[screen]
    seen = mailbox.ids(email)
    LoginPage(tab).open().submit(email, DEMO_PASSWORD)
    code_page = CodePage(tab).wait()
    wrong = wrong_code_for(mailbox.wait_for_code(email, after=seen))
    for attempt in range(1, 5):
        code_page.enter(wrong)
        expect(tab.get_by_test_id("code-wrong")).to_contain_text(f"{5 - attempt} attempt")
    code_page.enter(wrong)
    expect(tab.get_by_test_id("code-dead")).to_be_visible()
    fits(tab)
    tab.get_by_role("button", name="Start again").click()
    expect(tab.get_by_role("heading", name="Sign in to Campus")).to_be_visible()
    expect(tab.get_by_label("Email")).to_have_value(email)
    expect(tab.get_by_label("Password")).to_be_focused()
    expect(tab).to_have_title("Sign in · Campus")
    fits(tab)
