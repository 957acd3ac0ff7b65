"""The journeys of issue 6, through real nginx, against the real services, in real Chromium."""

from __future__ import annotations

import re
import uuid
from pathlib import Path

from playwright.sync_api import Browser, Page, expect
from support.browser import screenshot
from support.mailbox import Mailbox
from support.pages import (
    AcceptInvitePage,
    CodePage,
    FeedbackEditor,
    FeedbackPage,
    LoginPage,
    MentorHome,
    StudentHome,
    UsersAdmin,
    sign_in,
)
from support.stack import Stack

from campus_testing.demo import DEMO_PASSWORD

ALEX = "alex.student@campus.local"
BEA = "bea.student@campus.local"
CHEN = "chen.student@campus.local"
DARA = "dara.student@campus.local"
MARIA = "maria.mentor@campus.local"
ADMIN = "admin@campus.local"


class TestStudent:
    def test_logs_in_with_the_emailed_code_sees_feedback_and_acknowledges_one(
        self, page: Page, mailbox: Mailbox
    ) -> None:
        seen = mailbox.ids(ALEX)
        LoginPage(page).open()
        screenshot(page, "login")
        LoginPage(page).submit(ALEX, DEMO_PASSWORD)
        CodePage(page).wait()
        expect(page.get_by_text(ALEX)).to_be_visible()
        screenshot(page, "code-entry")
        CodePage(page).enter(mailbox.wait_for_code(ALEX, after=seen))

        expect(page).to_have_url(re.compile(r"/student$"))
        home = StudentHome(page).wait()
        expect(page.get_by_test_id("trend-chart")).to_be_visible()
        screenshot(page, "student-dashboard")
        new = page.get_by_test_id("feedback-item").filter(has=page.get_by_text("New", exact=True))
        before = new.count()
        assert before >= 1
        title = new.first.locator("strong").inner_text()
        new.first.click()
        expect(page.get_by_role("heading", name=title)).to_be_visible()
        expect(page.get_by_role("list", name="Rubric scores")).to_be_visible()
        expect(page.get_by_test_id("trend-chart")).to_be_visible()
        screenshot(page, "feedback-page")
        FeedbackPage(page).acknowledge()

        page.get_by_role("link", name="← Back").click()
        home.wait()
        expect(new).to_have_count(before - 1)


class TestMentor:
    def test_draft_survives_a_reload_then_publishing_reaches_the_student_and_the_mailbox(
        self, page: Page, browser: Browser, mailbox: Mailbox, stack: Stack
    ) -> None:
        title = f"Sprint review {uuid.uuid4().hex[:6]}"
        sign_in(page, mailbox, MARIA, DEMO_PASSWORD)
        MentorHome(page).wait()
        screenshot(page, "mentor-dashboard")
        MentorHome(page).write_feedback_for("Bea Nakamura")
        editor = FeedbackEditor(page)
        editor.fill(
            title=title,
            strengths="Clear commit messages and careful tests.",
            scores={
                "Code quality": 4,
                "Problem solving": 3,
                "Communication": 3,
                "Collaboration": 5,
            },
            overall=4,
        )
        editor.wait_saved()
        expect(page).to_have_url(re.compile(r"/mentor/feedback/[^/]+/edit$"))
        screenshot(page, "mentor-editor")

        page.reload()
        expect(page.get_by_label("Title")).to_have_value(title)
        expect(page.get_by_label("Strengths")).to_have_value(
            "Clear commit messages and careful tests."
        )
        group = page.get_by_role("group", name=re.compile("Code quality"))
        expect(group.get_by_role("radio", name=re.compile(r"^4\b"))).to_be_checked()

        seen = mailbox.ids(BEA)
        editor.publish()
        expect(page.get_by_role("heading", name=title)).to_be_visible()

        email = mailbox.wait_for(BEA, after=seen, template="feedback_published", timeout=30)
        assert title in email["text"] or title in email["subject"]

        page.get_by_role("link", name="Edit").click()
        expect(page.get_by_role("heading", name="Edit published feedback")).to_be_visible()
        page.get_by_label("Strengths").fill("Clear commit messages, careful tests, kind reviews.")
        page.get_by_role("button", name="Save changes").click()
        history = page.get_by_role("region", name="Edit history")
        strengths = history.get_by_test_id("history-change").filter(has_text="Strengths")
        # A word diff: the words kept read as they are, only the changed ones are marked.
        expect(strengths).to_contain_text("Clear commit messages")
        expect(strengths.locator("del")).to_have_text(re.compile(r"\band$"))
        expect(strengths.locator("ins").filter(has_text="kind reviews")).to_have_count(1)

        student = browser.new_context(base_url=stack.public_url)
        try:
            student_page = student.new_page()
            sign_in(student_page, mailbox, BEA, DEMO_PASSWORD)
            StudentHome(student_page).wait()
            expect(
                student_page.get_by_test_id("feedback-item").filter(has_text=title)
            ).to_be_visible()
        finally:
            student.close()


class TestAdmin:
    def test_invites_a_user_who_sets_a_password_from_the_emailed_code_and_logs_in(
        self, page: Page, browser: Browser, mailbox: Mailbox, stack: Stack
    ) -> None:
        email = f"new.{uuid.uuid4().hex[:8]}@campus.local"
        password = "Quartz-Meadow-Lantern-93"
        sign_in(page, mailbox, ADMIN, DEMO_PASSWORD)
        users = UsersAdmin(page).open()
        screenshot(page, "admin-users")
        seen = mailbox.ids(email)
        users.invite(email, "Nia Newcomer", "student")
        code = mailbox.wait_for_code(email, after=seen)

        newcomer = browser.new_context(base_url=stack.public_url)
        try:
            new_page = newcomer.new_page()
            AcceptInvitePage(new_page).accept(email, code, password)
            # Accepting signs the newcomer in (the emailed code proved the address).
            expect(new_page).to_have_url(re.compile(r"/student$"))
            expect(new_page.get_by_test_id("signed-in-as")).to_have_text("Nia Newcomer")
        finally:
            newcomer.close()


class TestAdminExport:
    def test_exports_the_filtered_feedback_as_a_spreadsheet_ready_csv(
        self, page: Page, mailbox: Mailbox
    ) -> None:
        sign_in(page, mailbox, ADMIN, DEMO_PASSWORD)
        page.goto("/admin/feedback")
        page.get_by_label("State").select_option("published")
        expect(page.get_by_role("table")).to_be_visible()
        with page.expect_download() as info:
            page.get_by_role("button", name="Export CSV").click()
        download = info.value
        assert re.fullmatch(r"feedback-\d{4}-\d{2}-\d{2}\.csv", download.suggested_filename)
        content = Path(download.path()).read_bytes()
        assert content.startswith(b"\xef\xbb\xbf"), "UTF-8 with BOM, so spreadsheets read it right"
        lines = content.decode("utf-8-sig").splitlines()
        assert len(lines) >= 2
        assert "Week" in "\n".join(lines[1:])


class TestSession:
    def test_five_wrong_codes_end_the_login(self, page: Page, mailbox: Mailbox) -> None:
        seen = mailbox.ids(CHEN)
        LoginPage(page).open().submit(CHEN, DEMO_PASSWORD)
        code_page = CodePage(page).wait()
        right = mailbox.wait_for_code(CHEN, after=seen)
        wrong = "000000" if right != "000000" else "111111"
        for attempt in range(1, 5):
            code_page.enter(wrong)
            expect(page.get_by_test_id("code-wrong")).to_contain_text(f"{5 - attempt} attempt")
        code_page.enter(wrong)
        expect(page.get_by_test_id("code-dead")).to_be_visible()
        expect(page.get_by_role("button", name="Start again")).to_be_visible()

    def test_a_reload_keeps_the_session_and_logging_out_ends_it(
        self, page: Page, mailbox: Mailbox
    ) -> None:
        sign_in(page, mailbox, DARA, DEMO_PASSWORD)
        StudentHome(page).wait()
        page.reload()
        StudentHome(page).wait()
        expect(page.get_by_test_id("signed-in-as")).to_have_text("Dara Haddad")

        page.get_by_role("button", name="Sign out").click()
        expect(page.get_by_text("You are signed out.")).to_be_visible()
        page.goto("/student")
        expect(page).to_have_url(re.compile(r"/login\?next=%2Fstudent$"))
        page.reload()
        expect(page.get_by_role("heading", name="Sign in to Campus")).to_be_visible()

    def test_login_returns_the_user_where_they_were(self, page: Page, mailbox: Mailbox) -> None:
        page.goto("/account")
        expect(page).to_have_url(re.compile(r"/login\?next=%2Faccount$"))
        seen = mailbox.ids(ALEX)
        LoginPage(page).submit(ALEX, DEMO_PASSWORD)
        CodePage(page).wait().enter(mailbox.wait_for_code(ALEX, after=seen))
        expect(page).to_have_url(re.compile(r"/account$"))
        expect(page.get_by_role("heading", name="Account")).to_be_visible()
