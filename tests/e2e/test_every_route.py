"""Every route of the SPA, for every role that may open it, on a 375x800 phone and a 1280x800
desktop: the page never scrolls sideways (`scrollWidth <= innerWidth`) and axe-core finds no
serious or critical violation in the light and in the dark theme.

The routes are read from the route modules of the web app, so a new route that this walk does not
open fails `test_every_declared_route_is_walked` until it is added below."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from playwright.sync_api import Browser, Page, expect
from support.browser import axe_in_both_themes
from support.fixtures_web import admin_token, api
from support.mailbox import Mailbox
from support.pages import CodePage, LoginPage, signed_in_page
from support.stack import ROOT, Stack

from campus_testing.demo import DEMO_PASSWORD

admin_token = admin_token  # the session's one admin sign-in, for looking ids up

WIDTHS = ((375, 800), (1280, 800))
ROUTE_FILES = [ROOT / "web/src/routes.tsx", *sorted((ROOT / "web/src/pages").glob("*/routes.tsx"))]
PATH = re.compile(r"""\bpath:\s*"([^"]+)\"""")

STUDENT = "bea.student@campus.local"  # a student no other test changes
MENTOR = "maria.mentor@campus.local"  # Bea's mentor in the demo data


@dataclass(frozen=True)
class Ids:
    """Ids the parametrised routes need, looked up as an admin (demo data)."""

    student_id: str
    published_id: str  # one of Bea's published feedback entries, written by Maria
    draft_id: str  # Maria's demo draft


def lookup_ids(stack: Stack, token: str) -> Ids:
    with api(stack, token) as client:
        found = client.get("/api/feedback/v1/feedback", params={"limit": 100})
        assert found.status_code == 200, found.text
        items = found.json()["items"]
    bea = next(
        i for i in items if i["state"] == "published" and i["student_name"].startswith("Bea")
    )
    draft = next(i for i in items if i["state"] == "draft" and i["mentor_name"].startswith("Maria"))
    return Ids(student_id=bea["student_id"], published_id=bea["id"], draft_id=draft["id"])


# Declared route -> the URL the walk opens for it, per role that may open it. Redirect routes
# are opened too: the page they land on is checked like any other. A route several roles open
# goes in the shared table of those roles, so each table lists only what is its own.
def signed_in_routes(ids: Ids) -> dict[str, str]:
    """Routes every signed-in role opens."""
    return {
        "feedback": "/feedback",
        "feedback/:id": f"/feedback/{ids.published_id}",
        "account": "/account",
        "notifications": "/notifications",
    }


def staff_routes(ids: Ids) -> dict[str, str]:
    """Routes mentors and admins both open."""
    return {
        "mentor/requests": "/mentor/requests",
        "mentor/students/:studentId": f"/mentor/students/{ids.student_id}",
        **signed_in_routes(ids),
    }


def student_routes(ids: Ids) -> dict[str, str]:
    return {
        "student": "/student",
        "student/requests": "/student/requests",
        "student/self-assessment": "/student/self-assessment",
        "student/feedback/:id": f"/student/feedback/{ids.published_id}",
        **signed_in_routes(ids),
    }


def mentor_routes(ids: Ids) -> dict[str, str]:
    return {
        "mentor": "/mentor",
        "mentor/grading": "/mentor/grading",
        "mentor/feedback/:id/edit": f"/mentor/feedback/{ids.draft_id}/edit",
        "mentor/feedback/:id": f"/mentor/feedback/{ids.published_id}",
        **staff_routes(ids),
    }


def admin_routes(ids: Ids) -> dict[str, str]:
    return {
        "admin/users": "/admin/users",
        "admin/users/import": "/admin/users/import",
        "admin/assignments": "/admin/assignments",
        "admin/rubric": "/admin/rubric",
        "admin/rubrics": "/admin/rubrics",
        "admin/rubrics/:rubricId": "/admin/rubrics/default",
        "admin/cohorts": "/admin/cohorts",
        "admin/comments": "/admin/comments",
        "admin/feedback": "/admin/feedback",
        "admin/release": "/admin/release",
        "admin/audit": "/admin/audit",
        "admin/notifications": "/admin/notifications",
        **staff_routes(ids),
    }


PUBLIC_ROUTES = {
    "login": "/login",
    "forgot-password": "/forgot-password",
    "reset-password": "/reset-password?email=a@b.c",
    "accept-invite": "/accept-invite",
    "status": "/status",
    "*": "/no/such/page",
}
# Reached by a step of its own (a pending sign-in), not by a URL.
STEP_ROUTES = {"login/code"}


def declared_routes() -> set[str]:
    found: set[str] = set()
    for path in ROUTE_FILES:
        found |= set(PATH.findall(path.read_text(encoding="utf-8")))
    return found


def check(page: Page, url: str) -> list[str]:
    """Opens `url` at each width and theme; the problems found, each naming where."""
    problems: list[str] = []
    for width, height in WIDTHS:
        page.set_viewport_size({"width": width, "height": height})
        if url:
            page.goto(url)
        heading = page.get_by_role("heading", level=1).first
        expect(heading).to_be_visible()
        page.wait_for_load_state("networkidle")
        where = f"{page.url} at {width} px"
        if url != PUBLIC_ROUTES["*"] and heading.inner_text() == "Page not found":
            problems.append(f"{where}: the walk reached the not-found page")
        overflow: int = page.evaluate(
            "() => document.documentElement.scrollWidth - window.innerWidth"
        )
        if overflow > 0:
            problems.append(f"{where}: {overflow} px wider than the window")
        problems += axe_in_both_themes(page, where)
    return problems


def walk(
    browser: Browser,
    stack: Stack,
    mailbox: Mailbox,
    email: str,
    routes: Callable[[Ids], dict[str, str]],
    ids: Ids,
) -> list[str]:
    viewport = {"width": 1280, "height": 800}
    with signed_in_page(
        browser, stack.public_url, mailbox, email, DEMO_PASSWORD, timeout=15_000, viewport=viewport
    ) as page:
        problems: list[str] = []
        for url in routes(ids).values():
            problems += check(page, url)
        return problems


def test_every_declared_route_is_walked() -> None:
    ids = Ids("s", "p", "d")
    walked = (
        set(PUBLIC_ROUTES)
        | STEP_ROUTES
        | set(student_routes(ids))
        | set(mentor_routes(ids))
        | set(admin_routes(ids))
    )
    declared = declared_routes()
    assert len(declared) > 20, f"the route modules were not read: {declared}"
    assert declared - walked == set(), "routes no walk opens"
    assert walked - declared == set(), "the walk names routes the app no longer has"


class TestEveryRoute:
    def test_public_routes(self, browser: Browser, stack: Stack, mailbox: Mailbox) -> None:
        context = browser.new_context(
            base_url=stack.public_url, viewport={"width": 1280, "height": 800}
        )
        try:
            page = context.new_page()
            problems: list[str] = []
            for url in PUBLIC_ROUTES.values():
                problems += check(page, url)
            LoginPage(page).open().submit("eli.student@campus.local", DEMO_PASSWORD)
            CodePage(page).wait()
            problems += check(page, "")
            assert not problems, "\n".join(problems)
        finally:
            context.close()

    @pytest.mark.parametrize(
        ("email", "routes"),
        [
            (STUDENT, student_routes),
            (MENTOR, mentor_routes),
            ("admin@campus.local", admin_routes),
        ],
        ids=["student", "mentor", "admin"],
    )
    def test_signed_in_routes(
        self,
        browser: Browser,
        stack: Stack,
        mailbox: Mailbox,
        admin_token: str,
        email: str,
        routes: Callable[[Ids], dict[str, str]],
    ) -> None:
        ids = lookup_ids(stack, admin_token)
        problems = walk(browser, stack, mailbox, email, routes, ids)
        assert not problems, "\n".join(problems)
