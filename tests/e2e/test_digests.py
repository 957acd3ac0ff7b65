"""Email that follows preferences (issue 14), in Chromium through nginx, reading mail from the dev
mailbox: a student sets "new feedback published" to the daily digest on the account page (375 px
wide); the mentor publishes; the in-app feed has it, no email comes at once; the digest run (the
service's CLI against this stack, with a time after the student's digest hour) delivers exactly
one digest with the feedback and RFC 8058 List-Unsubscribe headers; its link opens a page that
only asks, and the one-click POST turns digests off."""

from __future__ import annotations

import time
import uuid
from datetime import UTC, datetime, timedelta

import httpx
from playwright.sync_api import Page, expect
from support.fixtures_web import api, publish_feedback, sign_in_api
from support.mailbox import Mailbox
from support.pages import sign_in
from support.stack import Stack

from campus_testing.demo import DEMO_PASSWORD

TOM = "tom.mentor@campus.local"
FAY = "fay.student@campus.local"
PHONE = {"width": 375, "height": 800}


def feed_has(stack: Stack, token: str, title: str, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    with api(stack, token) as client:
        while time.monotonic() < deadline:
            answer = client.get("/api/notifications/v1/feed")
            assert answer.status_code == 200, answer.text
            if any(title in item["title"] for item in answer.json()["items"]):
                return
            time.sleep(0.25)
    raise AssertionError(f"{title!r} never reached the feed")


def templates(mailbox: Mailbox, to: str, after: set[str]) -> list[str]:
    return [m["template"] for m in mailbox.messages(to, limit=50) if str(m["id"]) not in after]


class TestDailyDigest:
    def test_a_student_on_digest_gets_no_immediate_email_and_one_digest(
        self, page: Page, mailbox: Mailbox, stack: Stack
    ) -> None:
        now = datetime.now(UTC)
        digest_hour = (now.hour + 2) % 24  # the service's own job will not run it during the test

        page.set_viewport_size(PHONE)
        sign_in(page, mailbox, FAY, DEMO_PASSWORD, next_path="/account")
        section = page.get_by_role("region", name="Notifications")
        published = section.get_by_label("New feedback published")
        expect(published).to_have_value("immediate")
        published.select_option("digest")
        section.get_by_label("Time zone").select_option("UTC")
        section.get_by_label("Daily digest time").select_option(str(digest_hour))
        save = section.get_by_role("button", name="Save notification settings")
        box = save.bounding_box()
        assert box is not None
        assert box["x"] >= 0
        assert box["x"] + box["width"] <= PHONE["width"]  # usable on a phone, no side scroll
        save.click()
        expect(page.get_by_text("Notification settings saved.")).to_be_visible()

        student_token = sign_in_api(stack, mailbox, FAY)
        seen = mailbox.ids(FAY)
        title = f"Digest check {uuid.uuid4().hex[:6]}"
        publish_feedback(stack, sign_in_api(stack, mailbox, TOM), FAY, title)
        feed_has(stack, student_token, title)  # the in-app feed still gets it
        time.sleep(3)  # the relay sends the email request right after the feed item
        assert "feedback_published" not in templates(mailbox, FAY, seen)

        later = (now + timedelta(hours=3)).isoformat()
        stack.cli("notify", "digests", "run", "--now", later)
        digest = mailbox.wait_for(FAY, after=seen, template="digest", timeout=20)
        assert title in digest["text"]
        assert title in digest["html"]
        assert digest["headers"]["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        link = digest["headers"]["List-Unsubscribe"].strip("<>")
        assert link.startswith(f"{stack.public_url}/api/notifications/v1/unsubscribe?token=")
        stack.cli("notify", "digests", "run", "--now", later)  # a second run sends nothing
        assert templates(mailbox, FAY, seen).count("digest") == 1
        assert "feedback_published" not in templates(mailbox, FAY, seen)

        # The link through the edge: a page with a button; opening it changes nothing.
        page.goto(link)
        expect(page.get_by_role("button", name="Turn off digest emails")).to_be_visible()
        with api(stack, student_token) as client:
            mine = client.get("/api/notifications/v1/preferences/me").json()
        assert mine["kinds"]["feedback_published"] == "digest"

        # What a mail client does (RFC 8058): POST to the link, no sign-in.
        answer = httpx.post(
            link,
            content="List-Unsubscribe=One-Click",
            headers={"Content-Type": "application/x-www-form-urlencoded"},
            timeout=10,
        )
        assert answer.status_code == 200, answer.text
        with api(stack, student_token) as client:
            mine = client.get("/api/notifications/v1/preferences/me").json()
        assert mine["kinds"]["feedback_published"] == "off"
        assert mine["time_zone"] == "UTC"

        page.goto("/account")
        expect(
            page.get_by_role("region", name="Notifications").get_by_label("New feedback published")
        ).to_have_value("off")

        forged = httpx.post(link[:-3] + "xyz", timeout=10)
        assert forged.status_code == 400
        assert forged.headers["content-type"].startswith("application/problem+json")

        # Fay's emails back as the other tests expect them (they read her feedback emails).
        mine["kinds"] = dict.fromkeys(mine["kinds"], "immediate")
        with api(stack, student_token) as client:
            restored = client.put("/api/notifications/v1/preferences/me", json=mine)
        assert restored.status_code == 200, restored.text
