"""The rubric library of issue 15, in Chromium through nginx. An admin starts a new rubric of the
library, pastes a one-criterion rubric as JSON, then by keyboard only adds a criterion with five
levels, adds a sixth level to the pasted criterion and swaps the two; the saved rubric (read back
from the API) holds exactly those levels in that order. The admin gives it to a new cohort, and
that cohort's mentor, writing feedback for a student of it, scores with that rubric's criteria."""

from __future__ import annotations

import json
import re
import uuid
from typing import Any

from playwright.sync_api import Browser, Page, expect
from support.fixtures_web import admin_token, api, invited_account
from support.mailbox import Mailbox
from support.pages import MentorHome, sign_in_as_admin, signed_in_page
from support.stack import Stack
from test_rubric_editor import RubricEditor, is_focused, tab_to

admin_token = admin_token  # the session's one admin sign-in
PASSWORD = "Rubric-library-pass-2026!"
ARGUMENT = ["Asserted", "Reasoned", "Structured", "Anticipates", "Compelling"]
EVIDENCE = ["None", "Anecdotal", "Cited", "Weighed", "Decisive"]


def people(stack: Stack, mailbox: Mailbox, admin: str, tag: str) -> tuple[str, str, str]:
    """A new mentor (their email) and a new student (their name) of a new cohort."""
    mentor = f"librarian.{tag}@campus.local"
    student = f"Lia Library {tag}"
    student_email = f"lia.{tag}@campus.local"
    cohort = f"Library {tag}"
    invited_account(stack, mailbox, admin, mentor, f"Lou Librarian {tag}", PASSWORD, "mentor")
    invited_account(stack, mailbox, admin, student_email, student, PASSWORD)
    with api(stack, admin) as client:
        made = client.post(
            "/api/feedback/v1/assignments",
            json={"mentor_email": mentor, "student_email": student_email, "cohort": cohort},
        )
        assert made.status_code == 201, made.text
    return mentor, student, cohort


def fits(page: Page) -> None:
    widths = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], f"{page.url}: scrollWidth {widths[0]} > innerWidth {widths[1]}"


def test_build_assign_and_use_a_library_rubric(
    page: Page, browser: Browser, mailbox: Mailbox, stack: Stack, admin_token: str
) -> None:
    tag = uuid.uuid4().hex[:6]
    mentor, student, cohort = people(stack, mailbox, admin_token, tag)
    name = f"Essays {tag}"
    pasted = {
        "name": name,
        "criteria": [
            {
                "key": "argument",
                "name": "Argument",
                "scale_min": 1,
                "scale_max": 5,
                "levels": [{"score": i + 1, "label": lv} for i, lv in enumerate(ARGUMENT)],
            }
        ],
    }

    sign_in_as_admin(page, mailbox, next_path="/admin/rubrics")
    expect(page.get_by_role("heading", name="Rubrics", level=1)).to_be_visible()
    tab_to(page, page.get_by_role("link", name="New rubric"))
    page.keyboard.press("Enter")
    # A blank rubric is named "Rubric" too (its preview's heading): the page's own heading.
    expect(page.get_by_role("heading", name="Rubric", level=1)).to_be_visible()
    editor = RubricEditor(page)
    expect(editor.cards()).to_have_count(1)
    expect(page).to_have_url(re.compile("/admin/rubrics/new$"))

    # The one-criterion rubric, pasted as JSON.
    tab_to(page, page.get_by_text("Paste JSON instead"))
    page.keyboard.press("Enter")
    tab_to(page, page.get_by_label("Rubric as JSON"))
    page.keyboard.insert_text(json.dumps(pasted))
    editor.press("Load the pasted JSON")
    expect(page.get_by_text("Loaded The pasted text.")).to_be_visible()
    expect(page.get_by_label("Rubric name")).to_have_value(name)

    # A new criterion with five levels, typed.
    editor.press("Add a criterion")
    assert (editor.focused_field().get_attribute("id") or "").endswith("-name")
    page.keyboard.press("ControlOrMeta+A")
    page.keyboard.type("Evidence")
    for label in EVIDENCE:
        editor.add_level("Evidence", label)
    # A sixth level on the pasted criterion (its scale widens to 6), then the two swap places.
    editor.add_level("Argument", "Persuasive", "Changes the reader's mind.")
    editor.press("Move Evidence up")
    assert is_focused(editor.button("Move Evidence up")) or is_focused(
        editor.button("Move Evidence down")
    )
    expect(editor.cards().first.get_by_label("Name", exact=True)).to_have_value("Evidence")

    editor.press("Save as a new version")
    confirm = page.get_by_role("alertdialog").get_by_role(
        "button", name=re.compile("^Save version")
    )
    expect(confirm).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_text(re.compile(r"^Saved as version \d+\.$"))).to_be_visible()
    expect(page).to_have_url(re.compile("/admin/rubrics/[0-9a-f-]{36}$"))

    with api(stack, admin_token) as client:
        library = client.get("/api/feedback/v1/rubrics").json()["items"]
    [made] = [r for r in library if r["name"] == name]
    saved: dict[str, Any] = made["current"]
    assert [c["name"] for c in saved["criteria"]] == ["Evidence", "Argument"]
    evidence, argument = saved["criteria"]
    assert evidence["key"] == "evidence"
    assert [(lv["score"], lv["label"]) for lv in evidence["levels"]] == list(
        zip(range(1, 6), EVIDENCE, strict=True)
    )
    assert argument["scale_max"] == 6
    assert [(lv["score"], lv["label"]) for lv in argument["levels"]] == [
        *zip(range(1, 6), ARGUMENT, strict=True),
        (6, "Persuasive"),
    ]
    assert argument["levels"][-1]["descriptor"] == "Changes the reader's mind."

    # The admin gives it to the cohort.
    page.get_by_role("navigation").get_by_role("link", name="Cohorts").click()
    expect(page.get_by_role("heading", name="Cohorts", level=1)).to_be_visible()
    card = page.get_by_test_id("cohort-settings").filter(
        has=page.get_by_role("heading", name=cohort, exact=True)
    )
    card.get_by_label("Rubric").select_option(label=name)
    card.get_by_role("button", name=f"Save {cohort}").click()
    expect(card.get_by_role("status")).to_have_text(f"{cohort} saved.")
    with api(stack, admin_token) as client:
        settings = client.get(f"/api/feedback/v1/cohorts/{cohort}/settings").json()
    assert (settings["rubric_id"], settings["rubric_name"]) == (made["id"], name)
    page.set_viewport_size({"width": 375, "height": 740})
    fits(page)
    page.goto("/admin/rubrics")
    expect(page.get_by_test_id("library-rubric").filter(has_text=name)).to_be_visible()
    fits(page)

    # The cohort's mentor writes feedback for its student with that rubric.
    with signed_in_page(
        browser, stack.public_url, mailbox, mentor, PASSWORD, next_path="/mentor"
    ) as mentor_page:
        MentorHome(mentor_page).wait().write_feedback_for(student)
        expect(mentor_page.get_by_text(f"rubric “{name}” v{saved['version']}")).to_be_visible()
        for criterion in ("Evidence", "Argument"):
            group = mentor_page.get_by_role("group", name=re.compile(f"^{criterion}"))
            expect(group).to_be_visible()
        expect(
            mentor_page.get_by_role("group", name=re.compile("^Argument")).get_by_role(
                "radio", name=re.compile(r"^6\s*Persuasive")
            )
        ).to_be_visible()
