"""The rubric editor of issue 15, in Chromium through nginx: an admin builds a rubric with the
keyboard only, saves it, and the API's new version holds exactly what was typed, in that order."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Locator, Page, expect
from support import fixtures_web
from support.fixtures_web import api
from support.mailbox import Mailbox
from support.pages import sign_in_as_admin
from support.stack import Stack

admin_token = fixtures_web.admin_token  # one admin sign-in through the API, for the checks
NEW_LEVELS = ["Untested", "Some tests", "Tested paths", "Edge cases", "Test first"]


def is_focused(locator: Locator) -> bool:
    focused: bool = locator.evaluate("el => el === document.activeElement")
    return focused


def tab_to(page: Page, target: Locator, limit: int = 400) -> None:
    """Press Tab (or Shift+Tab when the target comes earlier) until `target` has focus."""
    expect(target).to_be_enabled()
    before: bool = target.evaluate(
        "el => !!document.activeElement && document.activeElement !== document.body &&"
        " !!(el.compareDocumentPosition(document.activeElement) & Node.DOCUMENT_POSITION_FOLLOWING)"
    )
    key = "Shift+Tab" if before else "Tab"
    for _ in range(limit):
        if is_focused(target):
            return
        page.keyboard.press(key)
    raise AssertionError(f"{key} never reached {target}")


class RubricEditor:
    def __init__(self, page: Page) -> None:
        self.page = page

    def wait(self) -> RubricEditor:
        expect(self.page.get_by_role("heading", name="Rubric", exact=True)).to_be_visible()
        expect(self.cards().first).to_be_visible()
        return self

    def cards(self) -> Locator:
        return self.page.get_by_test_id("rubric-criterion")

    def button(self, name: str) -> Locator:
        return self.page.get_by_role("button", name=name, exact=True)

    def press(self, name: str) -> None:
        tab_to(self.page, self.button(name))
        self.page.keyboard.press("Enter")

    def focused_field(self) -> Locator:
        return self.page.locator(":focus")

    def add_level(self, criterion: str, label: str, descriptor: str = "") -> None:
        self.press(f"Add a level to {criterion}")
        assert (self.focused_field().get_attribute("id") or "").endswith("-label")
        self.page.keyboard.type(label)
        if descriptor:
            self.page.keyboard.press("Tab")
            self.page.keyboard.type(descriptor)


def body_of(rubric: dict[str, Any]) -> dict[str, Any]:
    return {"name": rubric["name"], "criteria": rubric["criteria"]}


@pytest.fixture
def original_rubric(stack: Stack, admin_token: str) -> Iterator[dict[str, Any]]:
    """The rubric as it was; saved again afterwards, so later tests score the demo criteria."""
    with api(stack, admin_token) as client:
        before = client.get("/api/feedback/v1/rubric")
        assert before.status_code == 200, before.text
    yield before.json()
    with api(stack, admin_token) as client:
        restored = client.put("/api/feedback/v1/rubric", json=body_of(before.json()))
        assert restored.status_code == 200, restored.text


@pytest.fixture
def editor(page: Page, mailbox: Mailbox, original_rubric: dict[str, Any]) -> RubricEditor:
    """The admin on the rubric editor (the rubric put back afterwards by `original_rubric`)."""
    sign_in_as_admin(page, mailbox, next_path="/admin/rubric")
    return RubricEditor(page).wait()


class TestRubricEditorByKeyboard:
    def test_builds_saves_and_the_new_version_holds_exactly_that(
        self,
        page: Page,
        editor: RubricEditor,
        stack: Stack,
        admin_token: str,
        original_rubric: dict[str, Any],
    ) -> None:
        criteria = original_rubric["criteria"]
        names = [c["name"] for c in criteria]
        assert len(criteria) >= 3, names
        third, fourth = criteria[-2], criteria[-1]

        # A new criterion with five levels, typed.
        editor.press("Add a criterion")
        name = editor.focused_field()
        assert (name.get_attribute("id") or "").endswith("-name")
        page.keyboard.press("ControlOrMeta+A")
        page.keyboard.type("Testing")
        for index, label in enumerate(NEW_LEVELS):
            editor.add_level("Testing", label, "Covers the risky paths." if index == 4 else "")

        # A sixth level on an existing criterion: its scale widens to 6.
        editor.add_level(third["name"], "Inspiring", "Others copy the approach.")

        # The last two demo criteria swap places; focus stays on the moved card's button.
        editor.press(f"Move {fourth['name']} up")
        assert is_focused(editor.button(f"Move {fourth['name']} up"))
        expect(
            editor.cards().nth(len(criteria) - 2).get_by_label("Name", exact=True)
        ).to_have_value(fourth["name"])

        # The preview follows the draft.
        expect(page.get_by_test_id("preview-mentor")).to_contain_text("Test first")

        editor.press("Save as a new version")
        confirm = editor.button(f"Save version {original_rubric['version'] + 1}")
        expect(confirm).to_be_focused()
        expect(page.get_by_role("alertdialog")).to_contain_text(
            "feedback already written keeps its version"
        )
        page.keyboard.press("Enter")
        expect(
            page.get_by_text(f"Saved as version {original_rubric['version'] + 1}.")
        ).to_be_visible()

        with api(stack, admin_token) as client:
            saved = client.get("/api/feedback/v1/rubric").json()
        assert saved["version"] == original_rubric["version"] + 1
        assert [c["name"] for c in saved["criteria"]] == [
            *names[:-2],
            fourth["name"],
            third["name"],
            "Testing",
        ]
        testing = saved["criteria"][-1]
        assert testing["key"] == "testing"
        assert [(lv["score"], lv["label"]) for lv in testing["levels"]] == list(
            zip(range(1, 6), NEW_LEVELS, strict=True)
        )
        assert testing["levels"][4]["descriptor"] == "Covers the risky paths."
        widened = saved["criteria"][-2]
        assert widened["key"] == third["key"]
        assert widened["scale_max"] == 6
        assert [(lv["score"], lv["label"]) for lv in widened["levels"]] == [
            *[(lv["score"], lv["label"]) for lv in third["levels"]],
            (6, "Inspiring"),
        ]
        assert widened["levels"][-1]["descriptor"] == "Others copy the approach."
        assert saved["criteria"][-3]["levels"] == fourth["levels"]

    def test_fits_a_375_px_screen(
        self, page: Page, editor: RubricEditor, original_rubric: dict[str, Any]
    ) -> None:
        page.set_viewport_size({"width": 375, "height": 740})
        editor.press("Add a criterion")
        editor.add_level(
            f"Criterion {len(original_rubric['criteria']) + 1}", "A long level label " * 4
        )

        widths = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        assert widths[0] <= widths[1], f"scrollWidth {widths[0]} > innerWidth {widths[1]}"


class TestRubricFile:
    def test_export_then_import_a_bad_and_a_good_file(
        self, page: Page, editor: RubricEditor, original_rubric: dict[str, Any], tmp_path: Path
    ) -> None:
        with page.expect_download() as download:
            editor.button("Export as JSON").click()
        exported = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
        assert exported == body_of(original_rubric) | {
            "criteria": [
                {**c, "levels": [{**lv} for lv in c["levels"]]} for c in original_rubric["criteria"]
            ]
        }
        assert download.value.suggested_filename.endswith(f"-v{original_rubric['version']}.json")

        bad = tmp_path / "bad.json"
        bad.write_text(json.dumps({"name": "X", "criteria": [{"name": "A", "weight": "heavy"}]}))
        picker = page.get_by_label("Import from a JSON file")
        picker.set_input_files(bad)
        expect(page.get_by_role("alert")).to_contain_text(
            "criteria 1, weight: must be a whole number."
        )
        expect(page.get_by_label("Rubric name")).to_have_value(original_rubric["name"])

        good = tmp_path / "good.json"
        good.write_text(json.dumps({**exported, "name": "Imported rubric"}))
        picker.set_input_files(good)
        expect(page.get_by_text("Loaded good.json.")).to_be_visible()
        expect(page.get_by_label("Rubric name")).to_have_value("Imported rubric")
        expect(editor.cards()).to_have_count(len(original_rubric["criteria"]))


class TestUnsavedChanges:
    @pytest.mark.usefixtures("editor")
    def test_leaving_asks_inside_the_app_and_when_the_tab_closes(
        self, page: Page, original_rubric: dict[str, Any]
    ) -> None:
        name = page.get_by_label("Rubric name")
        name.press("End")
        page.keyboard.type(" (draft)")

        page.get_by_role("navigation").get_by_role("link", name="Users").click()
        ask = page.get_by_role("alertdialog")
        expect(ask).to_contain_text("This rubric has changes that are not saved.")
        stay = ask.get_by_role("button", name="Stay and keep editing")
        expect(stay).to_be_focused()
        page.keyboard.press("Enter")
        expect(page).to_have_url(re.compile("/admin/rubric$"))
        expect(name).to_have_value(original_rubric["name"] + " (draft)")

        dialogs: list[str] = []
        page.on("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.accept()))
        page.close(run_before_unload=True)
        page.wait_for_event("close")
        assert dialogs == ["beforeunload"]


class TestRefusedSave:
    def test_the_message_is_beside_the_refused_field_and_nothing_is_saved(
        self,
        page: Page,
        editor: RubricEditor,
        stack: Stack,
        admin_token: str,
        original_rubric: dict[str, Any],
    ) -> None:
        first = original_rubric["criteria"][0]["name"]
        editor.press(f"Add a level to {first}")  # its label left empty
        label = editor.focused_field()

        editor.press("Save as a new version")
        page.keyboard.press("Enter")  # the confirmation's "Save version N" has focus

        expect(label).to_be_focused()
        expect(label).to_have_attribute("aria-invalid", "true")
        expect(label).to_have_accessible_description("must not be empty or only spaces")
        with api(stack, admin_token) as client:
            current = client.get("/api/feedback/v1/rubric").json()
        assert current["version"] == original_rubric["version"]
