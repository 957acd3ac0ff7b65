"""Threads through the API, with the real auth directory: the student and the mentor who wrote
the feedback write to each other, each message emails the other party (outbox → relay), its
author edits it for 10 minutes, a deletion leaves a tombstone, hostile text is refused or inert,
the single reply of before is the first message, and withdrawn feedback says when and why."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from campus_testing.demo import DEMO_ACCOUNTS
from feedback_service.clients.service import service_client
from feedback_service.store.records import State

Headers = Callable[[str], dict[str, str]]


def uid(short: str) -> str:
    return next(str(a.id) for a in DEMO_ACCOUNTS if a.email.startswith(short + "."))


def email(short: str) -> str:
    return next(a.email for a in DEMO_ACCOUNTS if a.email.startswith(short + "."))


async def publish(client: httpx.AsyncClient, as_user: Headers, student: str = "alex") -> str:
    draft = await client.post(
        "/v1/feedback",
        json={
            "student_id": uid(student),
            "title": "Week 3 review",
            "scores": {"clarity": 3, "depth": 4},
            "overall_rating": 4,
        },
        headers=as_user("maria"),
    )
    assert draft.status_code == 201, draft.text
    fid: str = draft.json()["id"]
    published = await client.post(f"/v1/feedback/{fid}/publish", headers=as_user("maria"))
    assert published.status_code == 200, published.text
    return fid


async def post(
    client: httpx.AsyncClient, as_user: Headers, fid: str, who: str, body: str
) -> httpx.Response:
    return await client.post(
        f"/v1/feedback/{fid}/messages", json={"body": body}, headers=as_user(who)
    )


def captured_notifications(app: FastAPI) -> list[dict[str, Any]]:
    """Point the relay at a stand-in notification service that records the emails it is sent
    (feed items, `POST /v1/events`, are test_feed_events' subject)."""
    sent: list[dict[str, Any]] = []

    def answer(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/v1/notifications":
            sent.append(json.loads(request.content))
        return httpx.Response(202, json={"id": "00000000-0000-0000-0000-000000000000"})

    relay = app.state.context.relay
    relay.client = service_client(
        app.state.context.settings,
        base_url="http://notify",
        audience="notification-service",
        transport=httpx.MockTransport(answer),
    )
    return sent


@pytest.mark.usefixtures("setup")
class TestConversation:
    async def test_student_and_mentor_write_and_each_is_emailed(
        self, app: FastAPI, client: httpx.AsyncClient, as_user: Headers
    ) -> None:
        fid = await publish(client, as_user)
        sent = captured_notifications(app)
        asked = await post(client, as_user, fid, "alex", "Could you look at **my tests** again?")
        assert asked.status_code == 201, asked.text
        message = asked.json()
        assert message["author_name"] == "Alex Rivera"
        assert message["author_role"] == "student"
        assert message["html"] == "<p>Could you look at <strong>my tests</strong> again?</p>"
        assert (message["edited"], message["deleted"], message["can_delete"]) == (
            False,
            False,
            True,
        )
        answered = await post(client, as_user, fid, "maria", "Yes: see [the guide](https://x.test)")
        assert answered.status_code == 201
        assert answered.json()["author_role"] == "mentor"

        thread = await client.get(f"/v1/feedback/{fid}/messages", headers=as_user("alex"))
        assert thread.status_code == 200
        assert thread.json()["can_post"] is True
        bodies = [m["body"] for m in thread.json()["messages"]]
        assert bodies == [
            "Could you look at **my tests** again?",
            "Yes: see [the guide](https://x.test)",
        ]
        mentor_message = thread.json()["messages"][1]
        assert mentor_message["editable_until"] is None  # not Alex's to edit
        assert mentor_message["can_delete"] is False
        assert 'rel="nofollow noopener noreferrer"' in mentor_message["html"]

        assert await app.state.context.relay.run_once() == 3  # the publish and two messages
        emails = {n["idempotency_key"]: n for n in sent if n["template"] == "feedback_message"}
        to_mentor = emails[f"feedback-message:{message['id']}"]
        assert to_mentor["to"] == email("maria")
        assert to_mentor["data"] == {
            "recipient_name": "Maria Okafor",
            "author_name": "Alex Rivera",
            "title": "Week 3 review",
            "body": "Could you look at **my tests** again?",
            "url": f"http://campus.test/feedback/{fid}",
        }
        to_student = emails[f"feedback-message:{answered.json()['id']}"]
        assert (to_student["to"], to_student["data"]["author_name"]) == (
            email("alex"),
            "Maria Okafor",
        )
        assert await app.state.context.relay.run_once() == 0  # each once

    async def test_an_admin_writes_to_the_student(
        self, app: FastAPI, client: httpx.AsyncClient, as_user: Headers
    ) -> None:
        fid = await publish(client, as_user)
        written = await post(client, as_user, fid, "admin", "Please acknowledge it.")
        assert written.json()["author_role"] == "admin"
        event = await app.state.context.store.get_event(f"feedback-message:{written.json()['id']}")
        assert event is not None
        assert event.payload["recipient_id"] == uid("alex")

    async def test_only_the_thread_writes_and_only_published_feedback_has_one(
        self, client: httpx.AsyncClient, as_user: Headers
    ) -> None:
        fid = await publish(client, as_user)
        assign = await client.post(
            "/v1/assignments",
            json={"mentor_email": email("tom"), "student_email": email("alex")},
            headers=as_user("admin"),
        )
        assert assign.status_code == 201
        # Tom now mentors Alex too: he reads the thread but did not write the feedback.
        seen = await client.get(f"/v1/feedback/{fid}/messages", headers=as_user("tom"))
        assert (seen.status_code, seen.json()["can_post"]) == (200, False)
        refused = await post(client, as_user, fid, "tom", "Hello")
        assert refused.status_code == 403
        assert refused.json()["type"].endswith("/not-in-thread")
        assert (await post(client, as_user, fid, "bea", "Hello")).status_code == 404
        draft = await client.post(
            "/v1/feedback",
            json={"student_id": uid("alex"), "title": "Draft"},
            headers=as_user("maria"),
        )
        on_draft = await post(client, as_user, draft.json()["id"], "maria", "Note to self")
        assert on_draft.status_code == 409
        assert on_draft.json()["type"].endswith("/not-published")


@pytest.mark.usefixtures("setup")
class TestEditAndDelete:
    async def test_edit_within_ten_minutes_then_no_more(
        self, app: FastAPI, client: httpx.AsyncClient, as_user: Headers
    ) -> None:
        fid = await publish(client, as_user)
        mid = (await post(client, as_user, fid, "alex", "Frist")).json()["id"]
        url = f"/v1/feedback/{fid}/messages/{mid}"
        not_mine = await client.patch(url, json={"body": "x"}, headers=as_user("maria"))
        assert not_mine.status_code == 403
        fixed = await client.patch(url, json={"body": "First"}, headers=as_user("alex"))
        assert fixed.status_code == 200
        assert (fixed.json()["body"], fixed.json()["html"], fixed.json()["edited"]) == (
            "First",
            "<p>First</p>",
            True,
        )
        assert fixed.json()["edited_at"] is not None
        context = app.state.context
        real_clock = context.clock
        context.clock = lambda: real_clock() + timedelta(minutes=10, seconds=1)
        try:
            late = await client.patch(url, json={"body": "Third"}, headers=as_user("alex"))
        finally:
            context.clock = real_clock
        assert late.status_code == 409
        assert late.json()["type"].endswith("/edit-window-closed")
        [stored] = (
            await client.get(f"/v1/feedback/{fid}/messages", headers=as_user("maria"))
        ).json()["messages"]
        assert stored["body"] == "First"

    async def test_delete_leaves_a_tombstone(
        self, client: httpx.AsyncClient, as_user: Headers
    ) -> None:
        fid = await publish(client, as_user)
        mine = (await post(client, as_user, fid, "alex", "Oops, wrong feedback")).json()["id"]
        theirs = (await post(client, as_user, fid, "maria", "No worries")).json()["id"]
        base = f"/v1/feedback/{fid}/messages"
        assert (await client.delete(f"{base}/{theirs}", headers=as_user("alex"))).status_code == 403
        gone = await client.delete(f"{base}/{mine}", headers=as_user("alex"))
        assert gone.status_code == 200
        assert (gone.json()["body"], gone.json()["html"], gone.json()["deleted"]) == (
            None,
            None,
            True,
        )
        assert gone.json()["can_delete"] is False
        edit = await client.patch(f"{base}/{mine}", json={"body": "x"}, headers=as_user("alex"))
        assert edit.status_code == 409
        assert edit.json()["type"].endswith("/message-deleted")
        moderated = await client.delete(f"{base}/{theirs}", headers=as_user("admin"))
        assert moderated.status_code == 200
        thread = (await client.get(base, headers=as_user("maria"))).json()["messages"]
        assert [(m["id"], m["body"], m["deleted"]) for m in thread] == [
            (mine, None, True),
            (theirs, None, True),
        ]
        assert "Oops" not in json.dumps(thread)
        other = await publish(client, as_user)
        wrong_thread = await client.delete(
            f"/v1/feedback/{other}/messages/{theirs}", headers=as_user("admin")
        )
        assert wrong_thread.status_code == 404


@pytest.mark.usefixtures("setup")
class TestHostileText:
    @pytest.mark.parametrize(
        "body",
        ["", "   \n\t ", "x" * 5001, "bell\x07", "nul\x00", "esc\x1b[31m", "sep\u2028"],
    )
    async def test_refused_with_422_naming_the_field(
        self, client: httpx.AsyncClient, as_user: Headers, body: str
    ) -> None:
        fid = await publish(client, as_user)
        refused = await post(client, as_user, fid, "alex", body)
        assert refused.status_code == 422, refused.text
        assert refused.headers["content-type"].startswith("application/problem+json")
        assert "body" in refused.text

    async def test_limits_and_line_breaks_are_kept(
        self, client: httpx.AsyncClient, as_user: Headers
    ) -> None:
        fid = await publish(client, as_user)
        longest = await post(client, as_user, fid, "alex", "y" * 5000)
        assert longest.status_code == 201
        lines = await post(client, as_user, fid, "alex", "one\r\ntwo\tthree")
        assert lines.json()["body"] == "one\ntwo\tthree"
        assert lines.json()["html"] == "<p>one<br>\ntwo\tthree</p>"

    async def test_script_bearing_text_is_inert(
        self, client: httpx.AsyncClient, as_user: Headers
    ) -> None:
        fid = await publish(client, as_user)
        hostile = (
            '<script>alert("x")</script> <img src=x onerror=alert(1)> '
            "[click](javascript:alert(1)) [data](data:text/html,hi) <a href=https://x.test>a</a>"
        )
        written = await post(client, as_user, fid, "alex", hostile)
        assert written.status_code == 201
        html = written.json()["html"]
        assert written.json()["body"] == hostile  # the source is kept as written
        for tag in ("<script", "<img", "<a "):
            assert tag not in html
        assert "&lt;script&gt;" in html
        assert 'href="' not in html  # no link at all: the raw <a> is text too


@pytest.mark.usefixtures("setup")
class TestBeforeThreads:
    async def test_the_single_reply_is_the_first_message(
        self, app: FastAPI, client: httpx.AsyncClient, as_user: Headers
    ) -> None:
        fid = await publish(client, as_user)
        store = app.state.context.store
        old = await store.get_feedback(fid)
        assert old is not None
        replied = await store.update_feedback(
            fid,
            {"reply": "Thanks, noted.", "replied_at": old.updated_at},
            expected_state=State.published,
        )
        assert replied is not None
        thread = (await client.get(f"/v1/feedback/{fid}/messages", headers=as_user("maria"))).json()
        [first] = thread["messages"]
        assert (first["id"], first["body"], first["author_role"]) == (
            fid,
            "Thanks, noted.",
            "student",
        )
        again = await client.post(
            f"/v1/feedback/{fid}/reply", json={"comment": "Again"}, headers=as_user("alex")
        )
        assert again.status_code == 409
        deleted = await client.delete(f"/v1/feedback/{fid}/messages/{fid}", headers=as_user("alex"))
        assert deleted.status_code == 200
        [tombstone] = (
            await client.get(f"/v1/feedback/{fid}/messages", headers=as_user("alex"))
        ).json()["messages"]
        assert (tombstone["id"], tombstone["deleted"]) == (fid, True)

    async def test_reply_posts_the_first_message_and_does_not_acknowledge(
        self, app: FastAPI, client: httpx.AsyncClient, as_user: Headers
    ) -> None:
        fid = await publish(client, as_user)
        replied = await client.post(
            f"/v1/feedback/{fid}/reply", json={"comment": "Thanks!"}, headers=as_user("alex")
        )
        assert replied.status_code == 200
        assert replied.json()["acknowledged_at"] is None
        event = await app.state.context.store.get_event(f"feedback-message:{fid}")
        assert event is not None
        assert event.payload["recipient_id"] == uid("maria")
        bad = await client.post(
            f"/v1/feedback/{fid}/reply", json={"comment": "bell\x07"}, headers=as_user("alex")
        )
        assert bad.status_code == 422


@pytest.mark.usefixtures("setup")
class TestWithdrawn:
    async def test_the_thread_closes_with_the_feedback(
        self, client: httpx.AsyncClient, as_user: Headers
    ) -> None:
        fid = await publish(client, as_user)
        await post(client, as_user, fid, "alex", "A question")
        withdrawn = await client.post(
            f"/v1/feedback/{fid}/withdraw", json={"reason": "Wrong week"}, headers=as_user("admin")
        )
        assert withdrawn.status_code == 200
        gone = await client.get(f"/v1/feedback/{fid}", headers=as_user("alex"))
        assert (gone.status_code, gone.json()["reason"]) == (410, "Wrong week")
        for who in ("alex", "maria"):
            hidden = await client.get(f"/v1/feedback/{fid}/messages", headers=as_user(who))
            assert hidden.status_code == 404
        kept = await client.get(f"/v1/feedback/{fid}/messages", headers=as_user("admin"))
        assert [m["body"] for m in kept.json()["messages"]] == ["A question"]
        assert kept.json()["can_post"] is False
        closed = await post(client, as_user, fid, "admin", "Late")
        assert closed.status_code == 409
