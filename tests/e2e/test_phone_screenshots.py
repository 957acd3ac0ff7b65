"""The main page of each role on a 375 x 800 phone: it fits the width, its tables are cards, the
trend chart is one small chart per criterion with every date labelled; each is saved as
docs/screenshots/phone-*.png for docs/web.md ("Phones"), scrolled to what the page is for."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Locator, Page, expect
from support.browser import SCREENSHOTS
from support.mailbox import Mailbox
from support.pages import MentorHome, StudentHome, sign_in
from support.stack import Stack

from campus_testing.demo import DEMO_PASSWORD

WIDTH, HEIGHT = 375, 800


@pytest.fixture
def phone(browser: Browser, stack: Stack) -> Iterator[Page]:
    context = browser.new_context(
        base_url=stack.public_url,
        viewport={"width": WIDTH, "height": HEIGHT},
        device_scale_factor=1,
        is_mobile=True,
        has_touch=True,
    )
    context.set_default_timeout(10_000)
    try:
        yield context.new_page()
    finally:
        context.close()


def save(page: Page, name: str, start: Locator | None = None) -> None:
    """The page as the phone shows it (375 x 800, scale 1), scrolled to `start` (else its top),
    after checking it does not scroll sideways."""
    page.wait_for_load_state("networkidle")
    page.mouse.move(0, 0)  # no tooltip in the picture
    if start is None:
        page.evaluate("window.scrollTo(0, 0)")
    else:
        start.evaluate("element => element.scrollIntoView({ block: 'start' })")
    width: int = page.evaluate("document.documentElement.scrollWidth")
    assert width <= WIDTH, f"{page.url} is {width}px wide at {WIDTH}px"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"phone-{name}.png"), full_page=False)


def assert_cards(page: Page) -> None:
    """A table's rows are stacked cards: its header row is out of sight, each row as wide as the
    table and below the one before."""
    table = page.locator("table.data-table").first
    expect(table).to_be_visible()
    boxes = [row.bounding_box() for row in table.locator("tbody tr").all()[:3]]
    for above, below in itertools.pairwise(boxes):
        assert above is not None
        assert below is not None
        assert below["y"] >= above["y"] + above["height"], "rows side by side, not stacked"
    head = table.locator("thead").bounding_box()
    assert head is not None
    assert head["height"] <= 1, "the header row is still shown"


def assert_trend_as_small_multiples(page: Page) -> None:
    chart = page.get_by_test_id("trend-chart")
    expect(chart).to_be_visible()
    plots = chart.get_by_test_id("trend-plot")
    expect(plots.first).to_be_visible()
    assert plots.count() >= 2, "one chart per criterion on a phone"
    for plot in plots.all():
        markers = plot.locator(".trend-marker").count()
        dates = plot.locator(".recharts-xAxis-tick-labels text").count()
        assert markers >= 1
        assert dates == markers, f"{dates} date labels for {markers} points"


class TestDesktopChart:
    def test_one_chart_with_a_legend_a_date_per_point_and_a_shape_per_criterion(
        self, page: Page, mailbox: Mailbox, tmp_path: Path
    ) -> None:
        sign_in(page, mailbox, "alex.student@campus.local", DEMO_PASSWORD)
        StudentHome(page).wait()
        chart = page.get_by_test_id("trend-chart")
        plot = chart.get_by_test_id("trend-plot")
        expect(plot).to_have_count(1)
        points = plot.locator(".trend-marker")
        expect(points.first).to_be_visible()
        dates = plot.locator(".recharts-xAxis-tick-labels text").count()
        criteria = plot.locator(".recharts-legend-item").count()
        assert criteria >= 2
        assert points.count() == dates * criteria, "a marker per feedback and criterion"
        shapes = set(
            plot.locator(".trend-marker").evaluate_all(
                "markers => markers.map(m => [...m.classList].find(c => c.startsWith('trend-marker-')))"
            )
        )
        assert len(shapes) == criteria, f"one shape per criterion: {shapes}"
        chart.screenshot(path=str(tmp_path / "chart-1280.png"))


class TestPhoneScreenshots:
    def test_student(self, phone: Page, mailbox: Mailbox) -> None:
        sign_in(phone, mailbox, "alex.student@campus.local", DEMO_PASSWORD)
        StudentHome(phone).wait()
        assert_trend_as_small_multiples(phone)
        save(phone, "student-home")
        save(phone, "student-trend", phone.get_by_test_id("trend-chart"))
        phone.get_by_test_id("feedback-item").first.click()
        expect(phone.get_by_role("list", name="Rubric scores")).to_be_visible()
        assert_trend_as_small_multiples(phone)
        save(phone, "feedback")

    def test_mentor(self, phone: Page, mailbox: Mailbox) -> None:
        sign_in(phone, mailbox, "tom.mentor@campus.local", DEMO_PASSWORD)
        MentorHome(phone).wait()
        assert_cards(phone)
        save(phone, "mentor-home", phone.get_by_role("heading", name="My students"))
        link = phone.get_by_role("link", name=re.compile("^Write feedback for")).first
        link.scroll_into_view_if_needed()
        link.click()
        expect(phone.get_by_role("heading", name="Write feedback")).to_be_visible()
        expect(phone.get_by_label("Title")).to_be_visible()
        save(phone, "editor")

    def test_admin(self, phone: Page, mailbox: Mailbox) -> None:
        sign_in(phone, mailbox, "admin@campus.local", DEMO_PASSWORD)
        for path, heading, name in [
            ("/admin/users", "Users", "admin-users"),
            ("/admin/audit", "Audit log", "admin-audit"),
        ]:
            phone.goto(path)
            expect(phone.get_by_role("heading", name=heading, level=1)).to_be_visible()
            assert_cards(phone)
            save(phone, name, phone.locator("table.data-table").first)
