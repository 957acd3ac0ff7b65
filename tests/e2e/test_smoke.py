"""The foundation smoke: the real stack behind real nginx, and the SPA in real headless Chromium."""

from __future__ import annotations

import re

import httpx
from playwright.sync_api import Page, expect
from support.stack import Stack


class TestSmoke:
    def test_feedback_health_answers_through_the_edge(self, stack: Stack) -> None:
        response = httpx.get(f"{stack.edge}/api/feedback/health", headers={"X-Request-ID": "abc"})
        assert response.status_code == 200
        assert response.json()["status"] == "ok"
        assert response.headers["x-request-id"] == "abc"

    def test_spa_loads_in_chromium(self, page: Page) -> None:
        page.goto("/")
        expect(page).to_have_title("Sign in · Campus")
        expect(page).to_have_url(re.compile(r"/login$"))
        expect(page.get_by_role("heading", name="Sign in to Campus")).to_be_visible()

    def test_status_page_shows_every_service_working(self, page: Page) -> None:
        page.goto("/status")
        rows = page.get_by_role("row")
        expect(rows).to_have_count(4)
        expect(page.get_by_text("working")).to_have_count(3, timeout=15_000)
