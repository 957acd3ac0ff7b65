"""Readable history (issue 15), in Chromium through nginx: a mentor edits published feedback in
the editor, and its edit history reads as words: criterion names with old and new scores, and the
words of a text that were removed and added."""

from __future__ import annotations

import re
import uuid
from typing import Any

from playwright.sync_api import Page, expect
from support.fixtures_web import api, publish_feedback, sign_in_api
from support.mailbox import Mailbox
from support.pages import sign_in
from support.stack import Stack

from campus_testing.demo import DEMO_PASSWORD

MARIA = "maria.mentor@campus.local"
BEA = "bea.student@campus.local"


def first_criterion(stack: Stack, token: str, feedback_id: str) -> dict[str, Any]:
    """The first criterion of the rubric version the feedback was written with."""
    with api(stack, token) as client:
        feedback = client.get(f"/api/feedback/v1/feedback/{feedback_id}").json()
        rubric = client.get(f"/api/feedback/v1/rubric/versions/{feedback['rubric_version']}")
        assert rubric.status_code == 200, rubric.text
    criterion: dict[str, Any] = rubric.json()["criteria"][0]
    return criterion


class TestHistoryReadsAsWords:
    def test_edited_scores_and_text_read_as_words(
        self, page: Page, mailbox: Mailbox, stack: Stack
    ) -> None:
        token = sign_in_api(stack, mailbox, MARIA)
        title = f"History check {uuid.uuid4().hex[:6]}"
        feedback_id = publish_feedback(stack, token, BEA, title)  # every score at the top
        criterion = first_criterion(stack, token, feedback_id)
        top, lower = criterion["scale_max"], criterion["scale_max"] - 2

        sign_in(
            page, mailbox, MARIA, DEMO_PASSWORD, next_path=f"/mentor/feedback/{feedback_id}/edit"
        )
        expect(page.get_by_label("Title")).to_have_value(title)
        group = page.get_by_role("group", name=re.compile(f"^{re.escape(criterion['name'])}"))
        group.get_by_role("radio", name=re.compile(f"^{lower}\\b")).check()
        page.get_by_label("Strengths").fill("Clear and patient.")
        page.get_by_role("button", name="Save changes").click()

        expect(page).to_have_url(re.compile(f"/feedback/{feedback_id}$"))
        history = page.get_by_role("region", name="Edit history")
        changes = history.get_by_test_id("history-change")
        expect(changes.filter(has_text=f"{criterion['name']}: {top} → {lower}")).to_have_count(1)
        strengths = changes.filter(has_text="Strengths")
        expect(strengths.locator("del")).to_have_text(re.compile(r"calm"))
        expect(strengths.locator("ins")).to_have_text(re.compile(r"patient"))
        expect(strengths).to_contain_text("Clear and")
        expect(history).not_to_contain_text("{")
        expect(history).not_to_contain_text(criterion["key"] + ":")

    def test_criterion_comment_reads_as_words(
        self, page: Page, mailbox: Mailbox, stack: Stack
    ) -> None:
        token = sign_in_api(stack, mailbox, MARIA)
        title = f"Comment history {uuid.uuid4().hex[:6]}"
        feedback_id = publish_feedback(stack, token, BEA, title)
        criterion = first_criterion(stack, token, feedback_id)
        with api(stack, token) as client:
            first = client.patch(
                f"/api/feedback/v1/feedback/{feedback_id}",
                json={"criterion_comments": {criterion["key"]: "Tidy names."}},
            )
            assert first.status_code == 200, first.text

        sign_in(
            page, mailbox, MARIA, DEMO_PASSWORD, next_path=f"/mentor/feedback/{feedback_id}/edit"
        )
        comment = page.get_by_label(f"{criterion['name']} comment")
        expect(comment).to_have_value("Tidy names.")
        comment.fill("Tidy and short names.")
        page.get_by_role("button", name="Save changes").click()

        expect(page).to_have_url(re.compile(f"/feedback/{feedback_id}$"))
        expect(page.get_by_test_id("criterion-comment")).to_have_text("Tidy and short names.")
        history = page.get_by_role("region", name="Edit history")
        latest = history.get_by_test_id("history-revision").last
        line = latest.get_by_test_id("history-change").filter(
            has_text=f"{criterion['name']} comment:"
        )
        expect(line).to_have_count(1)
        expect(line.locator("ins")).to_have_text(re.compile(r"and short"))
        expect(line).to_contain_text("Tidy")
        expect(history).not_to_contain_text("{")
        expect(history).not_to_contain_text("criterion_comments")
