"""What the link tests set up through the public API (the way the SPA does it), and the links
an email holds."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from playwright.sync_api import Browser, Page

from campus_testing.demo import DEMO_PASSWORD

from .mailbox import Mailbox
from .stack import Stack

HREF = re.compile(r"""href\s*=\s*["']([^"']+)["']""", re.IGNORECASE)
URL = re.compile(r"""https?://[^\s"'<>]+""")


@pytest.fixture
def phone(browser: Browser, stack: Stack) -> Iterator[Page]:
    """A signed-out visitor on a 375 px wide screen."""
    context = browser.new_context(base_url=stack.public_url, viewport={"width": 375, "height": 740})
    context.set_default_timeout(10_000)
    try:
        yield context.new_page()
    finally:
        context.close()


@pytest.fixture(scope="session")
def admin_token(stack: Stack, mailbox: Mailbox) -> str:
    """One admin sign-in for the whole run (codes per address are limited, as shipped)."""
    return sign_in_api(stack, mailbox, "admin@campus.local")


def port_of(stack: Stack, service: str) -> int:
    """A service's own port in this stack (service: AUTH, NOTIFICATION, FEEDBACK, EDGE)."""
    return int(stack.env[f"{service}_PORT"])


def api(stack: Stack, token: str | None = None) -> httpx.Client:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return httpx.Client(base_url=stack.edge, headers=headers, timeout=10)


def sign_in_api(stack: Stack, mailbox: Mailbox, email: str, password: str = DEMO_PASSWORD) -> str:
    """Password, then the emailed code: an access token."""
    seen = mailbox.ids(email)
    with api(stack) as client:
        challenge = client.post("/api/auth/login", json={"email": email, "password": password})
        assert challenge.status_code == 200, challenge.text
        code = mailbox.wait_for_code(email, after=seen)
        grant = client.post(
            "/api/auth/login/mfa",
            json={"mfa_token": challenge.json()["mfa_token"], "code": code},
        )
        assert grant.status_code == 200, grant.text
        token: str = grant.json()["access_token"]
        return token


def publish_feedback(stack: Stack, mentor_token: str, student_email: str, title: str) -> str:
    """A mentor writes and publishes feedback for one of their students: its id."""
    with api(stack, mentor_token) as client:
        assignments = client.get("/api/feedback/v1/assignments")
        assert assignments.status_code == 200, assignments.text
        student_id = next(
            a["student"]["id"]
            for a in assignments.json()["items"]
            if a["student"].get("email") == student_email
        )
        rubric = client.get("/api/feedback/v1/rubric")
        assert rubric.status_code == 200, rubric.text
        scores = {c["key"]: c["scale_max"] for c in rubric.json()["criteria"]}
        created = client.post(
            "/api/feedback/v1/feedback",
            json={
                "student_id": student_id,
                "title": title,
                "scores": scores,
                "overall_rating": 4,
                "strengths": "Clear and calm.",
            },
        )
        assert created.status_code in (200, 201), created.text
        feedback_id: str = created.json()["id"]
        published = client.post(f"/api/feedback/v1/feedback/{feedback_id}/publish")
        assert published.status_code == 200, published.text
        return feedback_id


def invite(stack: Stack, admin_token: str, email: str, name: str, role: str = "student") -> None:
    with api(stack, admin_token) as client:
        made = client.post(
            "/api/auth/admin/users",
            json={"email": email, "name": name, "role": role, "send_invite": True},
        )
        assert made.status_code in (200, 201), made.text


def invited_account(
    stack: Stack,
    mailbox: Mailbox,
    admin_token: str,
    email: str,
    name: str,
    password: str,
    role: str = "student",
) -> str:
    """A new active account: invited by the admin, the invitation accepted with `password` and
    the emailed code. Its first access token."""
    seen = mailbox.ids(email)
    invite(stack, admin_token, email, name, role)
    code = mailbox.wait_for_code(email, after=seen)
    with api(stack) as client:
        answer = client.post(
            "/api/auth/invitations/accept",
            json={"email": email, "code": code, "password": password},
        )
        assert answer.status_code == 200, answer.text
        token: str = answer.json()["access_token"]
        return token


def request_reset(stack: Stack, email: str) -> None:
    with api(stack) as client:
        answer = client.post("/api/auth/password/reset", json={"email": email})
        assert answer.status_code == 202, answer.text


def confirm_reset(stack: Stack, email: str, code: str, new_password: str) -> None:
    with api(stack) as client:
        answer = client.post(
            "/api/auth/password/reset/confirm",
            json={"email": email, "code": code, "new_password": new_password},
        )
        assert answer.status_code in (200, 204), answer.text


def links_in(message: dict[str, Any]) -> list[str]:
    """Every link of an email: the hrefs of its HTML part and the URLs of its text part."""
    found = [html.unescape(href) for href in HREF.findall(message.get("html") or "")]
    found += [url.rstrip(".,;:)") for url in URL.findall(message.get("text") or "")]
    return list(dict.fromkeys(found))
