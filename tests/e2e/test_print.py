"""A feedback prints cleanly: its content in black on white, without navigation, buttons or forms,
also when the screen shows the dark theme."""

from __future__ import annotations

from playwright.sync_api import Page, expect
from support.mailbox import Mailbox
from support.pages import StudentHome, sign_in

from campus_testing.demo import DEMO_PASSWORD

VISIBLE_CHROME = """() => [...document.querySelectorAll(
    'header, nav, footer, button, form, input, select, textarea, .skip-link'
  )].filter(el => el.getClientRects().length > 0).map(el => el.outerHTML.slice(0, 80))"""


class TestPrintFeedback:
    def test_student_prints_a_feedback(self, page: Page, mailbox: Mailbox) -> None:
        # Eli: Fay's password is changed by the reset-link test.
        sign_in(page, mailbox, "eli.student@campus.local", DEMO_PASSWORD)
        StudentHome(page).wait()
        page.get_by_test_id("feedback-item").first.click()
        expect(page.get_by_role("list", name="Rubric scores")).to_be_visible()
        chart = page.get_by_test_id("trend-chart")
        first_colour = {"light": '[stroke="#1d4ed8"]', "dark": '[stroke="#93c5fd"]'}
        expect(chart.locator(first_colour["light"]).first).to_be_attached()
        page.get_by_label("Theme").select_option("dark")
        expect(chart.locator(first_colour["dark"]).first).to_be_attached()
        expect(chart.locator(first_colour["light"])).to_have_count(0)
        title = page.get_by_role("heading", level=1).inner_text()
        assert page.evaluate(VISIBLE_CHROME), "the screen shows navigation and buttons"

        page.emulate_media(media="print")
        assert page.evaluate(VISIBLE_CHROME) == []
        expect(page.get_by_role("heading", name=title, level=1)).to_be_visible()
        expect(page.get_by_role("list", name="Rubric scores")).to_be_visible()
        expect(page.get_by_role("link", name="← Back")).to_be_hidden()
        colours = page.evaluate(
            """() => [getComputedStyle(document.documentElement).backgroundColor,
                      getComputedStyle(document.querySelector('h1')).color]"""
        )
        assert colours == ["rgb(255, 255, 255)", "rgb(0, 0, 0)"]
        # The chart's lines switch to the light palette (dark's pastels vanish on paper).
        expect(chart.locator(first_colour["light"]).first).to_be_attached()
        expect(chart.locator(first_colour["dark"])).to_have_count(0)
        pdf = page.pdf(format="A4")
        assert pdf.startswith(b"%PDF")

        page.emulate_media(media="screen")
        expect(page.get_by_role("navigation", name="Main")).to_be_visible()

    def test_an_admin_prints_a_feedback_without_the_withdraw_form(
        self, page: Page, mailbox: Mailbox
    ) -> None:
        sign_in(page, mailbox, "admin@campus.local", DEMO_PASSWORD)
        page.goto("/admin/feedback")
        page.get_by_label("State").select_option("published")
        page.get_by_role("table").get_by_role("link").first.click()
        expect(page.get_by_role("heading", name="Withdraw this feedback")).to_be_visible()
        page.emulate_media(media="print")
        expect(page.get_by_role("heading", name="Withdraw this feedback")).to_be_hidden()
        assert page.evaluate(VISIBLE_CHROME) == []
        expect(page.get_by_role("list", name="Rubric scores")).to_be_visible()
