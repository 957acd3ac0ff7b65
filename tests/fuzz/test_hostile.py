"""Hostile input against the running stack: oversized bodies, deep JSON, invalid UTF-8, and
header injection through email fields (checked on the wire of a real SMTP server, aiosmtpd)."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from email import message_from_bytes
from typing import Any

import httpx
import pytest
from aiosmtpd.controller import Controller

from campus_testing.demo import demo_user_id
from campus_testing.problems import assert_problem

from .conftest import Env

MIB = 1024 * 1024
EVIL = "\r\nBcc: evil@example.com\r\nX-Injected: yes"


def targets(env: Env) -> list[tuple[str, str, dict[str, str]]]:
    """One JSON endpoint per service, with the credentials it needs."""
    return [
        (f"{env.url('auth')}/login", "auth", {}),
        (
            f"{env.url('notify')}/v1/verifications",
            "notify",
            {
                "Authorization": f"Bearer {env.service_token('auth-backend', 'notification-service')}"
            },
        ),
        (
            f"{env.url('feedback')}/v1/feedback",
            "feedback",
            env.bearer("mentor"),
        ),
    ]


class TestOversizedBodies:
    def test_edge_refuses_3_mb_with_problem_json(self, env: Env) -> None:
        r = httpx.post(
            f"{env.url('edge')}/api/auth/login",
            content=b"x" * (3 * MIB),
            headers={"Content-Type": "application/json"},
            timeout=30,
        )
        assert_problem(r, 413, "payload-too-large")

    @pytest.mark.parametrize("index", [0, 1, 2])
    def test_each_service_refuses_declared_large_body(self, env: Env, index: int) -> None:
        url, _, headers = targets(env)[index]
        r = httpx.post(
            url,
            content=b"[" + b"1," * (MIB // 2) + b"1]",
            headers={**headers, "Content-Type": "application/json"},
            timeout=30,
        )
        assert_problem(r, 413)

    @pytest.mark.parametrize("index", [0, 1, 2])
    def test_each_service_refuses_large_chunked_body(self, env: Env, index: int) -> None:
        url, _, headers = targets(env)[index]

        def chunks() -> Iterator[bytes]:
            yield b"["
            for _ in range(64):
                yield b"1," * 16384
            yield b"1]"

        r = httpx.post(
            url,
            content=chunks(),
            headers={**headers, "Content-Type": "application/json"},
            timeout=30,
        )
        assert_problem(r, 413)


class TestMalformedJson:
    @pytest.mark.parametrize("index", [0, 1, 2])
    def test_deeply_nested_json_is_a_client_error(self, env: Env, index: int) -> None:
        url, _, headers = targets(env)[index]
        depth = 100_000
        body = b'{"to": ' + b"[" * depth + b"]" * depth + b"}"
        r = httpx.post(
            url, content=body, headers={**headers, "Content-Type": "application/json"}, timeout=30
        )
        assert 400 <= r.status_code < 500, (r.status_code, r.text[:300])
        assert_problem(r, r.status_code)

    @pytest.mark.parametrize("index", [0, 1, 2])
    def test_invalid_utf8_body_is_a_client_error(self, env: Env, index: int) -> None:
        url, _, headers = targets(env)[index]
        r = httpx.post(
            url,
            content=b'{"email": "\xff\xfe\xfd@campus.local", "to": "\xc3\x28", "title": "\xed\xa0\x80"}',
            headers={**headers, "Content-Type": "application/json"},
            timeout=30,
        )
        assert 400 <= r.status_code < 500, (r.status_code, r.text[:300])
        assert_problem(r, r.status_code)

    def test_invalid_utf8_in_query_is_a_client_error(self, env: Env) -> None:
        r = httpx.get(
            f"{env.url('feedback')}/v1/feedback?cursor=%FF%FE&limit=20",
            headers=env.bearer("student"),
        )
        assert 400 <= r.status_code < 500, (r.status_code, r.text[:300])

    def test_nul_bytes_in_text_fields_are_not_a_server_error(self, env: Env) -> None:
        r = httpx.post(
            f"{env.url('feedback')}/v1/feedback",
            json={
                "student_id": str(demo_user_id("alex.student@campus.local")),
                "title": "nul \x00 byte",
                "comments": "\x00",
            },
            headers=env.bearer("mentor"),
        )
        assert r.status_code < 500, (r.status_code, r.text[:300])


class TestHeaderInjection:
    def test_login_with_crlf_in_email_is_refused(self, env: Env) -> None:
        r = httpx.post(
            f"{env.url('auth')}/login",
            json={"email": "alex.student@campus.local" + EVIL, "password": "whatever-password"},
        )
        assert r.status_code in (401, 422), (r.status_code, r.text[:300])

    def test_verification_to_with_crlf_is_refused(self, env: Env) -> None:
        r = httpx.post(
            f"{env.url('notify')}/v1/verifications",
            json={"to": "alex.student@campus.local" + EVIL, "channel": "email", "purpose": "login"},
            headers={
                "Authorization": f"Bearer {env.service_token('auth-backend', 'notification-service')}"
            },
        )
        assert_problem(r, 422)

    def test_feedback_title_with_crlf_never_becomes_a_header(self, env: Env) -> None:
        """A mentor's title goes into the subject of the student's email: through the relay and
        the outbox to the dev mailbox, the subject stays one line."""
        mentor = env.bearer("mentor")
        rubric = httpx.get(f"{env.url('feedback')}/v1/rubric", headers=mentor).json()
        scores = {c["key"]: c["scale_max"] for c in rubric["criteria"]}
        student = "bea.student@campus.local"
        created = httpx.post(
            f"{env.url('feedback')}/v1/feedback",
            json={
                "student_id": str(demo_user_id(student)),
                "title": "Week 9" + EVIL,
                "scores": scores,
                "overall_rating": 4,
            },
            headers=mentor,
        )
        if created.status_code == 422:
            return  # refusing control characters in a title is also safe
        assert created.status_code == 201, created.text[:300]
        published = httpx.post(
            f"{env.url('feedback')}/v1/feedback/{created.json()['id']}/publish", headers=mentor
        )
        assert published.status_code == 200, published.text[:300]
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            messages = httpx.get(
                f"{env.url('notify')}/mailbox/api/messages", params={"to": student, "limit": 20}
            ).json()["messages"]
            mine = [m for m in messages if "Week 9" in m["subject"]]
            if mine:
                subject = mine[0]["subject"]
                assert "\r" not in subject, repr(subject)
                assert "\n" not in subject, repr(subject)
                assert mine[0]["to"] == student
                return
            time.sleep(0.3)
        pytest.fail("the feedback_published email never reached the mailbox")


class _Capture:
    def __init__(self) -> None:
        self.messages: list[tuple[list[str], bytes]] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        self.messages.append((list(envelope.rcpt_tos), bytes(envelope.original_content)))
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def smtp_notify(env: Env) -> Iterator[tuple[str, _Capture]]:
    """A second notification-service whose email goes to a real SMTP server (aiosmtpd)."""
    capture = _Capture()
    smtp_port = _free_port()
    controller = Controller(capture, hostname="127.0.0.1", port=smtp_port)
    controller.start()
    port = _free_port()
    try:
        env.stack.start_variant(
            "notify",
            port=port,
            database="notification_smtp",
            env={
                "EMAIL_BACKEND": "smtp",
                "SMTP_HOST": "127.0.0.1",
                "SMTP_PORT": str(smtp_port),
                "SMTP_SECURITY": "none",
                "OUTBOX_POLL_INTERVAL": "0.2",
            },
        )
        yield f"http://127.0.0.1:{port}", capture
    finally:
        env.stack.kill(f"notify-{port}")
        controller.stop()


class TestSmtpHeaders:
    def test_crlf_in_names_and_titles_never_reaches_smtp_headers(
        self, env: Env, smtp_notify: tuple[str, _Capture]
    ) -> None:
        url, capture = smtp_notify
        service = {
            "Authorization": f"Bearer {env.service_token('feedback-service', 'notification-service')}"
        }
        to = "victim@campus.local"
        sent = []
        for i, (template, data) in enumerate(
            [
                (
                    "feedback_published",
                    {
                        "student_name": "Vic" + EVIL,
                        "mentor_name": "Eve" + EVIL,
                        "title": "Week 1" + EVIL,
                        "url": "http://localhost:8080/feedback/1",
                    },
                ),
                ("password_changed", {"name": "Eve" + EVIL}),
                ("invitation", {"name": "Eve" + EVIL}),
            ]
        ):
            r = httpx.post(
                f"{url}/v1/notifications",
                json={"template": template, "to": to, "data": data, "idempotency_key": f"crlf-{i}"},
                headers=service,
            )
            assert r.status_code in (202, 422), (r.status_code, r.text[:300])
            if r.status_code == 202:
                sent.append(template)
        deadline = time.monotonic() + 30
        while len(capture.messages) < len(sent) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert len(capture.messages) == len(sent), (len(capture.messages), sent)
        for rcpts, raw in capture.messages:
            assert rcpts == [to]
            head = raw.split(b"\r\n\r\n", 1)[0].split(b"\n\n", 1)[0]
            names = [
                line.split(b":", 1)[0].strip().lower()
                for line in head.splitlines()
                if line[:1] not in (b" ", b"\t")
            ]
            assert b"bcc" not in names, head.decode(errors="replace")
            assert b"x-injected" not in names, head.decode(errors="replace")
            msg = message_from_bytes(raw)
            assert msg["Bcc"] is None
            assert msg["X-Injected"] is None
            assert msg["To"].strip().endswith(to) or to in msg["To"]
