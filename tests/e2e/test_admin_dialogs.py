"""Admin actions that change access ask first and name the effect: cancel changes nothing,
confirm acts, Undo (for the reversible ones) really restores. Every check of the outcome goes
to the API, not to the screen."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Locator, Page, expect
from support import fixtures_web
from support.fixtures_web import api, invite, publish_feedback, sign_in_api
from support.mailbox import Mailbox
from support.pages import sign_in
from support.stack import Stack

from campus_testing.demo import DEMO_PASSWORD

admin_token = fixtures_web.admin_token
ADMIN = "admin@campus.local"


def tag() -> str:
    return uuid.uuid4().hex[:6]


def user_named(stack: Stack, token: str, name: str) -> dict[str, Any]:
    with api(stack, token) as client:
        answer = client.get("/api/auth/admin/users", params={"q": name})
        assert answer.status_code == 200, answer.text
        users = [u for u in answer.json()["users"] if u["name"] == name]
    assert len(users) == 1, users
    return users[0]


def user_row(page: Page, name: str) -> Locator:
    page.goto("/admin/users")
    page.get_by_label("Search by name or email").fill(name)
    row = page.get_by_test_id("user-row").filter(has_text=name)
    expect(row).to_have_count(1)
    return row


def dialog(page: Page, title: str) -> Locator:
    found = page.get_by_role("alertdialog", name=title)
    expect(found).to_be_visible()
    expect(found.get_by_role("button", name="Cancel")).to_be_focused()
    return found


def toast(page: Page) -> Locator:
    return page.get_by_role("status").filter(has=page.get_by_test_id("toast"))


@pytest.fixture
def admin_page(page: Page, mailbox: Mailbox) -> Page:
    sign_in(page, mailbox, ADMIN, DEMO_PASSWORD)
    return page


class TestRoleChange:
    def test_cancel_confirm_undo(self, admin_page: Page, stack: Stack, admin_token: str) -> None:
        page = admin_page
        name = f"Gina Park {tag()}"
        invite(stack, admin_token, f"gina.{tag()}@campus.local", name)
        role = user_row(page, name).get_by_label(f"Role of {name}")

        role.focus()  # a person picks the option in the focused select; select_option alone does not focus
        role.select_option("mentor")
        asked = dialog(page, f"Make {name} a mentor?")
        expect(asked).to_contain_text(f"{name} will be signed out on every device")
        page.keyboard.press("Escape")
        expect(asked).to_be_hidden()
        expect(role).to_be_focused()
        expect(role).to_have_value("student")
        assert user_named(stack, admin_token, name)["role"] == "student"

        role.select_option("mentor")
        dialog(page, f"Make {name} a mentor?").get_by_role("button", name="Change role").click()
        expect(toast(page)).to_contain_text(f"Role changed: {name} is now a mentor.")
        expect(role).to_have_value("mentor")
        assert user_named(stack, admin_token, name)["role"] == "mentor"

        toast(page).get_by_role("button", name="Undo").click()
        expect(toast(page)).to_contain_text(f"Undone: {name} is a student again.")
        assert user_named(stack, admin_token, name)["role"] == "student"
        expect(role).to_have_value("student")

        # The audit log says both changes in words, people by name.
        page.goto("/admin/audit")
        page.get_by_label("Event").select_option(label="Role changed")
        rows = page.get_by_test_id("audit-row").filter(has_text=name)
        expect(
            rows.filter(has_text=f"Ada Admin made {name} a mentor (was a student).")
        ).to_have_count(1)
        expect(
            rows.filter(has_text=f"Ada Admin made {name} a student (was a mentor).")
        ).to_have_count(1)

    def test_an_admin_demoting_themself_is_warned(
        self, admin_page: Page, stack: Stack, admin_token: str
    ) -> None:
        page = admin_page
        row = user_row(page, "Ada Admin")
        row.get_by_label("Role of Ada Admin").select_option("mentor")
        asked = dialog(page, "Make yourself a mentor?")
        expect(asked.get_by_test_id("dialog-warning")).to_contain_text("you lose admin access")
        asked.get_by_role("button", name="Cancel").click()
        assert user_named(stack, admin_token, "Ada Admin")["role"] == "admin"

        row.get_by_role("button", name="Disable Ada Admin").click()
        refused = page.get_by_role("alertdialog", name="Disable your own account?")
        expect(refused).to_contain_text("Ask another admin")
        expect(refused.get_by_role("button", name="Disable")).to_have_count(0)
        refused.get_by_role("button", name="Close").click()
        assert user_named(stack, admin_token, "Ada Admin")["status"] == "active"


class TestDisable:
    def test_cancel_confirm_undo_at_375_px(
        self, admin_page: Page, stack: Stack, admin_token: str
    ) -> None:
        page = admin_page
        page.set_viewport_size({"width": 375, "height": 800})
        name = f"Hugo Lane {tag()}"
        invite(stack, admin_token, f"hugo.{tag()}@campus.local", name)
        row = user_row(page, name)

        row.get_by_role("button", name=f"Disable {name}").click()
        asked = dialog(page, f"Disable {name}?")
        expect(asked).to_contain_text("can no longer sign in")
        assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")
        box = asked.bounding_box()
        assert box is not None
        assert box["x"] >= 0
        assert box["x"] + box["width"] <= 375
        asked.get_by_role("button", name="Cancel").click()
        expect(row.get_by_role("button", name=f"Disable {name}")).to_be_focused()
        assert user_named(stack, admin_token, name)["status"] == "invited"

        row.get_by_role("button", name=f"Disable {name}").click()
        dialog(page, f"Disable {name}?").get_by_role("button", name="Disable").click()
        expect(toast(page)).to_contain_text(f"{name} is disabled.")
        assert user_named(stack, admin_token, name)["status"] == "disabled"
        expect(row.get_by_role("button", name=f"Enable {name}")).to_be_visible()

        toast(page).get_by_role("button", name="Undo").click()
        expect(toast(page)).to_contain_text(f"Undone: {name} is enabled again.")
        assert user_named(stack, admin_token, name)["status"] == "invited"


class TestEndSessions:
    def test_cancel_then_confirm_signs_the_person_out(
        self, admin_page: Page, stack: Stack, mailbox: Mailbox, admin_token: str
    ) -> None:
        page = admin_page
        token = sign_in_api(stack, mailbox, "dara.student@campus.local")
        row = user_row(page, "Dara Haddad")

        def signed_in() -> bool:
            with api(stack, token) as client:
                return client.get("/api/auth/sessions").status_code == 200

        row.get_by_role("button", name="End sessions of Dara Haddad").click()
        asked = dialog(page, "Sign Dara Haddad out everywhere?")
        expect(asked).to_contain_text("Dara Haddad will be signed out on every device")
        asked.get_by_role("button", name="Cancel").click()
        assert signed_in()

        row.get_by_role("button", name="End sessions of Dara Haddad").click()
        dialog(page, "Sign Dara Haddad out everywhere?").get_by_role(
            "button", name="End sessions"
        ).click()
        expect(toast(page)).to_contain_text("Dara Haddad is signed out on every device.")
        expect(toast(page).get_by_role("button", name="Undo")).to_have_count(0)
        deadline = time.monotonic() + 6
        while signed_in() and time.monotonic() < deadline:
            time.sleep(0.3)
        assert not signed_in()


@pytest.fixture
def spare_cohort(stack: Stack, admin_token: str) -> Iterator[str]:
    """Only active accounts can be assigned: a pair of the demo accounts that is not one yet, in
    a cohort of this test's own, removed again afterwards whatever happened."""
    cohort = f"Dialogs {tag()}"
    with api(stack, admin_token) as client:
        made = client.post(
            "/api/feedback/v1/assignments",
            json={
                "mentor_email": "tom.mentor@campus.local",
                "student_email": "alex.student@campus.local",
                "cohort": cohort,
            },
        )
        assert made.status_code in (200, 201), made.text
    yield cohort
    with api(stack, admin_token) as client:
        left = client.get("/api/feedback/v1/assignments", params={"cohort": cohort})
        for item in left.json()["items"]:
            client.delete(f"/api/feedback/v1/assignments/{item['id']}")


class TestRemoveAssignment:
    def test_cancel_confirm_undo(
        self, admin_page: Page, stack: Stack, admin_token: str, spare_cohort: str
    ) -> None:
        page = admin_page
        mentor, student, cohort = "Tom Lindqvist", "Alex Rivera", spare_cohort

        def pairs() -> list[tuple[str, str]]:
            with api(stack, admin_token) as client:
                answer = client.get("/api/feedback/v1/assignments", params={"cohort": cohort})
                assert answer.status_code == 200, answer.text
                return [(a["mentor"]["name"], a["student"]["name"]) for a in answer.json()["items"]]

        page.goto("/admin/assignments")
        page.get_by_label("Cohort", exact=True).fill(cohort)
        remove = page.get_by_role("button", name=f"Remove {mentor} → {student}")
        title = f"Remove {mentor} as {student}'s mentor?"

        remove.click()
        asked = dialog(page, title)
        expect(asked).to_contain_text("Feedback already written is kept")
        asked.get_by_role("button", name="Cancel").click()
        expect(remove).to_be_focused()
        assert pairs() == [(mentor, student)]

        remove.click()
        dialog(page, title).get_by_role("button", name="Remove").click()
        expect(toast(page)).to_contain_text(f"{mentor} is no longer {student}'s mentor.")
        assert pairs() == []
        expect(remove).to_have_count(0)

        toast(page).get_by_role("button", name="Undo").click()
        expect(toast(page)).to_contain_text(f"Undone: {mentor} is {student}'s mentor again.")
        assert pairs() == [(mentor, student)]
        expect(remove).to_be_visible()


class TestWithdraw:
    def test_cancel_then_confirm(
        self, admin_page: Page, stack: Stack, mailbox: Mailbox, admin_token: str
    ) -> None:
        page = admin_page
        mentor = sign_in_api(stack, mailbox, "maria.mentor@campus.local")
        title = f"Dialog check {tag()}"
        feedback_id = publish_feedback(stack, mentor, "bea.student@campus.local", title)

        def state() -> str:
            with api(stack, admin_token) as client:
                answer = client.get(f"/api/feedback/v1/feedback/{feedback_id}")
                assert answer.status_code == 200, answer.text
                return str(answer.json()["state"])

        page.goto(f"/feedback/{feedback_id}")
        page.get_by_label("Reason").fill("Sent to the wrong student")
        page.get_by_role("button", name="Withdraw").click()
        asked = dialog(page, f"Withdraw “{title}”?")
        expect(asked).to_contain_text("Bea Nakamura will no longer see it")
        asked.get_by_role("button", name="Cancel").click()
        assert state() == "published"

        page.get_by_role("button", name="Withdraw").click()
        dialog(page, f"Withdraw “{title}”?").get_by_role("button", name="Withdraw").click()
        expect(toast(page)).to_contain_text("Feedback withdrawn.")
        assert state() == "withdrawn"
