"""Issue 16's audit log, in Chromium through nginx: an admin withdraws a feedback on its page,
and the admin audit log shows it among the sign-in events, with names and the reason; the
person filter finds it from part of the student's name typed without accents or capitals."""

from __future__ import annotations

import re
import uuid

from playwright.sync_api import Page, expect
from support.fixtures_web import publish_feedback, sign_in_api
from support.mailbox import Mailbox
from support.pages import sign_in
from support.stack import Stack

from campus_testing.demo import DEMO_PASSWORD

ADMIN = "admin@campus.local"
MARIA = "maria.mentor@campus.local"
BEA = "bea.student@campus.local"


def test_an_admin_withdraws_a_feedback_and_reads_it_in_the_audit_log(
    page: Page, stack: Stack, mailbox: Mailbox
) -> None:
    title = f"Week 8 review {uuid.uuid4().hex[:4]}"
    reason = f"wrong student {uuid.uuid4().hex[:4]}"
    feedback_id = publish_feedback(stack, sign_in_api(stack, mailbox, MARIA), BEA, title)
    sign_in(page, mailbox, ADMIN, DEMO_PASSWORD)

    page.goto(f"/feedback/{feedback_id}")
    page.get_by_label("Reason").fill(reason)
    page.get_by_role("button", name="Withdraw").click()
    page.get_by_role("alertdialog").get_by_role("button", name="Withdraw").click()
    expect(page.get_by_text("Feedback withdrawn.").first).to_be_visible()

    page.goto("/admin/audit")
    expect(page.get_by_role("heading", name="Audit log")).to_be_visible()
    page.get_by_role("combobox", name="Event").select_option(label="Feedback withdrawn")
    sentence = f"Ada Admin withdrew feedback “{title}” for Bea Nakamura: {reason}."
    row = page.get_by_test_id("audit-row").filter(has_text=title)
    # The relay delivers it within a poll or two; the page shows it once reloaded.
    for _ in range(20):
        if row.count():
            break
        page.wait_for_timeout(500)
        page.reload()
        page.get_by_role("combobox", name="Event").select_option(label="Feedback withdrawn")
    expect(row).to_have_count(1)
    expect(row.get_by_role("rowheader")).to_contain_text("Feedback withdrawn")
    expect(row).to_contain_text(sentence)
    expect(row).to_contain_text("Ada Admin")
    expect(row).to_contain_text("Bea Nakamura")

    page.get_by_role("combobox", name="Event").select_option(label="All events")
    page.get_by_role("searchbox", name="Person").fill("bea naka")
    expect(page.get_by_test_id("audit-row").filter(has_text=sentence)).to_have_count(1)
    expect(page.get_by_test_id("audit-row").first).to_be_visible()
    # Once the filtered list is in (the search waits for typing to pause), every row names her.
    others = page.get_by_test_id("audit-row").filter(
        has_not_text=re.compile("Bea Nakamura|bea.student")
    )
    expect(others).to_have_count(0)
