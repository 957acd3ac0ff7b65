"""Issue 12's acceptance for links: every address an email, a redirect or a sign-in hands out
opens a page of the web app, through real nginx, in real Chromium, reading the real dev mailbox."""

from __future__ import annotations

import re
import uuid
from urllib.parse import quote

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Route, expect
from support import fixtures_web
from support.browser import screenshot
from support.fixtures_web import (
    confirm_reset,
    invite,
    links_in,
    port_of,
    publish_feedback,
    request_reset,
    sign_in_api,
)
from support.mailbox import Mailbox
from support.pages import CodePage, LoginPage
from support.stack import Stack

from campus_stack.flows import CODE_RE
from campus_testing.demo import DEMO_PASSWORD

TOM = "tom.mentor@campus.local"
ELI = "eli.student@campus.local"
FAY = "fay.student@campus.local"
phone = fixtures_web.phone  # a signed-out visitor at 375 px
admin_token = fixtures_web.admin_token

EVERY_TEMPLATE = {
    "login_code",
    "password_reset_code",
    "invitation",
    "feedback_published",
    "password_changed",
}


def expect_an_existing_page(page: Page) -> None:
    """The app rendered a real page: a main heading that is not "Page not found"."""
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_be_visible()
    expect(heading).not_to_have_text("Page not found")
    expect(page.get_by_test_id("error-page")).to_have_count(0)


class TestFeedbackLink:
    def test_signed_out_student_follows_the_new_feedback_email_signs_in_and_lands_on_it(
        self, phone: Page, stack: Stack, mailbox: Mailbox
    ) -> None:
        title = f"Lab report {uuid.uuid4().hex[:6]}"
        seen = mailbox.ids(ELI)
        feedback_id = publish_feedback(stack, sign_in_api(stack, mailbox, TOM), ELI, title)
        email = mailbox.wait_for(ELI, after=seen, template="feedback_published", timeout=30)
        link = next(url for url in links_in(email) if feedback_id in url)
        assert link == f"{stack.public_url}/feedback/{feedback_id}", link

        phone.goto(link)
        expect(phone.get_by_role("heading", name="Sign in to Campus")).to_be_visible()
        expect(phone).to_have_url(
            re.compile(re.escape(f"next={quote(f'/feedback/{feedback_id}', safe='')}"))
        )
        seen = mailbox.ids(ELI)
        LoginPage(phone).submit(ELI, DEMO_PASSWORD)
        CodePage(phone).wait().enter(mailbox.wait_for_code(ELI, after=seen))

        expect(phone.get_by_role("heading", name=title)).to_be_visible()
        expect(phone).to_have_url(f"{stack.public_url}/feedback/{feedback_id}")
        expect(phone.get_by_role("button", name="Acknowledge")).to_be_visible()
        screenshot(phone, "feedback-from-email-375")


class TestInvitationLink:
    def test_the_invitees_link_opens_the_accept_page_and_accepting_signs_them_in(
        self, page: Page, stack: Stack, mailbox: Mailbox, admin_token: str
    ) -> None:
        address = f"new.{uuid.uuid4().hex[:8]}@campus.local"
        invite(stack, admin_token, address, "Nia New")
        email = mailbox.wait_for(address, template="invitation", timeout=30)
        accept = [url for url in links_in(email) if "/accept-invite" in url]
        assert accept, f"no accept-invite link in the invitation: {links_in(email)}"
        page.goto(accept[0])
        expect(page.get_by_role("heading", name="Accept your invitation")).to_be_visible()
        expect(page.get_by_label("Email", exact=True)).to_have_value(address)
        code = CODE_RE.search(email["text"])
        assert code, "no code in the invitation"
        page.get_by_label("6-digit code from the email").fill(code.group(1))
        page.get_by_label("New password", exact=True).fill("Quartz-Meadow-Lantern-93")
        page.get_by_label("Repeat the new password").fill("Quartz-Meadow-Lantern-93")
        page.get_by_role("button", name="Set password").click()
        # The emailed code proved the address: the invitee lands on their home, signed in.
        expect(page.get_by_text("Your account is ready and you are signed in.")).to_be_visible()
        expect(page).to_have_url(re.compile(r"/student$"))
        expect(page.get_by_test_id("signed-in-as")).to_have_text("Nia New")
        page.reload()  # the refresh cookie keeps the session
        expect(page.get_by_test_id("signed-in-as")).to_have_text("Nia New")


class TestFeedbackServiceRoot:
    def test_the_feedback_services_own_port_lands_on_an_existing_page(
        self, page: Page, stack: Stack
    ) -> None:
        page.goto(f"http://127.0.0.1:{port_of(stack, 'FEEDBACK')}/")
        expect(page).to_have_url(re.compile("^" + re.escape(stack.public_url)))
        expect_an_existing_page(page)


class TestEveryEmailLink:
    def test_every_link_of_every_email_lands_on_a_page_that_exists(
        self, browser: Browser, stack: Stack, mailbox: Mailbox, admin_token: str
    ) -> None:
        invitee = f"link.{uuid.uuid4().hex[:8]}@campus.local"
        before = {address: mailbox.ids(address) for address in (FAY, invitee)}
        # login_code, then feedback_published, invitation, password_reset_code, password_changed.
        publish_feedback(stack, sign_in_api(stack, mailbox, TOM), FAY, "Every link")
        invite(stack, admin_token, invitee, "Lin Link")
        mailbox.wait_for(invitee, template="invitation", timeout=30)
        mailbox.wait_for(FAY, after=before[FAY], template="feedback_published", timeout=30)
        seen = mailbox.ids(FAY)
        request_reset(stack, FAY)
        code = mailbox.wait_for_code(FAY, after=seen)
        confirm_reset(stack, FAY, code, "Quartz-Meadow-Lantern-93")
        mailbox.wait_for(FAY, after=before[FAY], template="password_changed", timeout=30)
        sign_in_api(stack, mailbox, FAY, "Quartz-Meadow-Lantern-93")

        messages = [
            message
            for address in (FAY, invitee, TOM)
            for message in mailbox.messages(address, limit=50)
            if address == TOM or str(message["id"]) not in before[address]
        ]
        assert {m["template"] for m in messages} >= EVERY_TEMPLATE
        links = {(m["template"], url) for m in messages for url in links_in(m)}
        assert links, "the emails hold no links"
        foreign = sorted(
            url
            for _, url in links
            if url.startswith("http") and not url.startswith(stack.public_url)
        )
        assert not foreign, f"links that leave the platform's address: {foreign}"

        broken: list[str] = []
        context = browser.new_context(
            base_url=stack.public_url, viewport={"width": 1280, "height": 800}
        )
        context.set_default_timeout(10_000)
        try:
            page = context.new_page()
            for template, url in sorted(links):
                if not url.startswith("http"):
                    continue
                response = page.goto(url)
                try:
                    assert response is not None, "no response"
                    assert response.ok, f"HTTP {response.status}"
                    expect_an_existing_page(page)
                except AssertionError as error:
                    broken.append(f"{template}: {url} ({str(error).splitlines()[0]})")
        finally:
            context.close()
        assert not broken, "links that do not land on a page:\n" + "\n".join(broken)


@pytest.fixture
def offline(context: BrowserContext) -> list[str]:
    """Blocks every request that is not to this machine; the list holds what was blocked."""
    blocked: list[str] = []

    def only_local(route: Route) -> None:
        host = (
            re.sub(r":\d+$", "", route.request.url.split("/")[2])
            if "//" in route.request.url
            else ""
        )
        if host in ("localhost", "127.0.0.1", "[::1]") or not route.request.url.startswith("http"):
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    context.route("**/*", only_local)
    return blocked


class TestApiDocsOffline:
    @pytest.mark.parametrize("service", ["AUTH", "NOTIFICATION", "FEEDBACK"])
    def test_docs_render_with_no_network_beyond_localhost(
        self, page: Page, offline: list[str], stack: Stack, service: str
    ) -> None:
        page.goto(f"http://127.0.0.1:{port_of(stack, service)}/docs")
        expect(page.locator(".swagger-ui .opblock").first).to_be_visible(timeout=15_000)
        expect(page.locator(".swagger-ui .info .title")).to_be_visible()
        screenshot(page, f"docs-{service.lower()}")
        assert not offline, f"/docs reached beyond localhost: {offline}"
