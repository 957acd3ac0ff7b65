"""The real mix through the edge: students reading feedback, talking in its thread and asking
for more, mentors writing, publishing and answering, everyone reading their notifications (list,
unread count, marking read, the live stream opened briefly), admins listing, and people logging
in with the code from the dev mailbox.

    locust -f loadtest/locustfile.py --headless -u 20 -r 5 -t 60s --host http://127.0.0.1:8080

`--host` is the edge. The dev mailbox is not behind the edge, so codes are read from the
notification service directly (`MAILBOX_URL`, default `http://127.0.0.1:$NOTIFICATION_PORT`).
The demo accounts are shared by all virtual users: each account logs in once and its token is
reused (a new login would cancel the code of one in flight), so per-address login limits hold
as in real use; only the `LoginUser`s log in again and again, one at a time per account.
"""

from __future__ import annotations

import os
import random
import time
from typing import Any

import gevent.lock
from locust import HttpUser, between, events, task
from locust.exception import StopUser

from campus_stack.flows import CODE_RE
from campus_testing.demo import DEMO_ACCOUNTS, DEMO_ASSIGNMENTS, DEMO_PASSWORD, demo_user_id

MAILBOX_URL = os.environ.get(
    "MAILBOX_URL", f"http://127.0.0.1:{os.environ.get('NOTIFICATION_PORT', '5001')}"
)
STUDENTS = [a.email for a in DEMO_ACCOUNTS if a.role == "student"]
MENTORS = [a.email for a in DEMO_ACCOUNTS if a.role == "mentor"]
ADMINS = [a.email for a in DEMO_ACCOUNTS if a.role == "admin"]
MENTEES = {m: [s for mm, s in DEMO_ASSIGNMENTS if mm == m] for m in MENTORS}

FEEDBACK = "/api/feedback/v1/feedback"
REQUESTS = "/api/feedback/v1/requests"
RUBRIC = "/api/feedback/v1/rubric"
ASSIGNMENTS = "/api/feedback/v1/assignments"
FEED = "/api/notifications/v1/feed"
# Thread messages as people write them: Markdown, a link, a line break.
MESSAGES = (
    "Thanks, that helps.",
    "Could you say more about the **tests**?",
    "I pushed a fix: see [the pull request](https://example.org/pr/1).\nBetter now?",
)

_tokens: dict[str, tuple[str, float]] = {}
_locks: dict[str, gevent.lock.Semaphore] = {a.email: gevent.lock.Semaphore() for a in DEMO_ACCOUNTS}
logins = {"done": 0}


def call(
    user: HttpUser, method: str, path: str, *, expect: int = 200, name: str | None = None, **kw: Any
) -> Any:
    """One request, reported under `name` (default: the path) and counted as a failure unless it
    answers `expect`. Its JSON body (`{}` when empty), or None after a failure."""
    with user.client.request(method, path, name=name or path, catch_response=True, **kw) as r:
        if r.status_code != expect:
            r.failure(f"{r.status_code}: {r.text[:200]}")
            return None
        return r.json() if r.content else {}


def _newest_id(user: HttpUser, email: str) -> str | None:
    page = call(
        user,
        "GET",
        f"{MAILBOX_URL}/mailbox/api/messages",
        name="mailbox: newest message",
        params={"to": email, "limit": 1},
    )
    messages = page["messages"] if page else []
    return str(messages[0]["id"]) if messages else None


def _code(user: HttpUser, email: str, after: str | None) -> str:
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        with user.client.get(
            f"{MAILBOX_URL}/mailbox/api/messages",
            params={"to": email, "limit": 1},
            name="mailbox: newest message",
            catch_response=True,
        ) as r:
            messages = r.json().get("messages", []) if r.status_code == 200 else []
            if messages and str(messages[0]["id"]) != after:
                match = CODE_RE.search(messages[0]["text"])
                if match:
                    return match.group(1)
        time.sleep(0.05)
    raise RuntimeError(f"no code email for {email}")


def full_login(user: HttpUser, email: str) -> str:
    """Password, the emailed code, tokens; one login at a time per account."""
    with _locks[email]:
        before = _newest_id(user, email)
        challenge = call(
            user, "POST", "/api/auth/login", json={"email": email, "password": DEMO_PASSWORD}
        )
        if challenge is None:
            raise StopUser()
        code = _code(user, email, before)
        body = call(
            user,
            "POST",
            "/api/auth/login/mfa",
            json={"mfa_token": challenge["mfa_token"], "code": code},
        )
        if body is None:
            raise StopUser()
        token = str(body["access_token"])
        _tokens[email] = (token, time.monotonic() + float(body.get("expires_in", 900)) - 60)
        logins["done"] += 1
        return token


def token_for(user: HttpUser, email: str) -> str:
    cached = _tokens.get(email)
    if cached and cached[1] > time.monotonic():
        return cached[0]
    with _locks[email]:
        cached = _tokens.get(email)
        if cached and cached[1] > time.monotonic():
            return cached[0]
    return full_login(user, email)


class CampusUser(HttpUser):
    abstract = True
    pool: list[str] = []
    email = ""

    def on_start(self) -> None:
        self.email = random.choice(self.pool)
        self.client.headers["Authorization"] = f"Bearer {token_for(self, self.email)}"

    def get_json(self, path: str, name: str | None = None, **params: Any) -> Any:
        return call(self, "GET", path, name=name, params=params or None)

    def pick_feedback(self, **params: Any) -> dict[str, Any] | None:
        """One published feedback of the first page this user sees (filtered by `params`)."""
        page = self.get_json(FEEDBACK, limit=10, state="published", **params)
        return random.choice(page["items"]) if page and page["items"] else None

    # The tasks every signed-in person has: their notifications and a feedback's thread.

    @task(2)
    def feed(self) -> None:
        page = self.get_json(f"{FEED}", limit=20)
        self.get_json(f"{FEED}/unread-count")
        if page and page["items"] and random.random() < 0.5:
            item = random.choice(page["items"])
            call(self, "POST", f"{FEED}/{item['id']}/read", name=f"{FEED}/{{id}}/read")
        elif page and page["unread"]:
            call(self, "POST", f"{FEED}/read-all")

    @task(1)
    def live_updates(self) -> None:
        """Open the live stream, read its first event (the unread count), hang up."""
        path = f"{FEED}/stream"
        with self.client.get(path, name=path, stream=True, timeout=10, catch_response=True) as r:
            if r.status_code != 200:
                r.failure(f"{r.status_code}: {r.text[:200]}")
                return
            for line in r.iter_lines(decode_unicode=True):
                if line.startswith("data:"):
                    break
            else:
                r.failure("the stream ended before its first event")

    def converse(self, feedback: dict[str, Any] | None) -> None:
        """Read a feedback's thread, then write in it."""
        if feedback is None:
            return
        path = f"{FEEDBACK}/{feedback['id']}/messages"
        name = f"{FEEDBACK}/{{id}}/messages"
        self.get_json(path, name=name)
        body = random.choice(MESSAGES)
        call(self, "POST", path, expect=201, name=f"{name} (post)", json={"body": body})


class StudentUser(CampusUser):
    """Reads their feedback, opens one, acknowledges it, writes in its thread, asks for more."""

    weight = 6
    wait_time = between(0.5, 2.0)
    pool = STUDENTS

    @task(5)
    def list_feedback(self) -> None:
        self.get_json(FEEDBACK, limit=20)

    @task(2)
    def open_one(self) -> None:
        item = self.pick_feedback()
        if item:
            self.get_json(f"{FEEDBACK}/{item['id']}", name=f"{FEEDBACK}/{{id}}")

    @task(1)
    def acknowledge(self) -> None:
        item = self.pick_feedback()
        if item:
            path = f"{FEEDBACK}/{item['id']}/acknowledge"
            call(self, "POST", path, name=f"{FEEDBACK}/{{id}}/acknowledge")

    @task(1)
    def counts(self) -> None:
        self.get_json(f"{FEEDBACK}/counts")

    @task(1)
    def message(self) -> None:
        self.converse(self.pick_feedback())

    @task(1)
    def request_feedback(self) -> None:
        """Ask a mentor for feedback; cancel the oldest open request beyond two (a student
        keeps a few open, so the mentors' lists stay the size they are in use)."""
        call(
            self,
            "POST",
            REQUESTS,
            expect=201,
            name=f"{REQUESTS} (open)",
            json={
                "title": f"Load test request {random.randint(1, 10**6)}",
                "description": "Is the introduction clear?",
                "link": "https://example.org/portfolio",
            },
        )
        page = self.get_json(REQUESTS, state="open")
        for old in sorted(page["items"] if page else [], key=lambda r: r["created_at"])[:-2]:
            path = f"{REQUESTS}/{old['id']}/cancel"
            call(self, "POST", path, name=f"{REQUESTS}/{{id}}/cancel")


class MentorUser(CampusUser):
    """Lists their students' feedback, writes a draft, edits it, publishes it, answers in
    threads and reads the open requests."""

    weight = 3
    wait_time = between(1.0, 3.0)
    pool = MENTORS
    rubric: dict[str, Any] | None = None

    def on_start(self) -> None:
        super().on_start()
        self.rubric = self.get_json(RUBRIC)

    @task(3)
    def list_feedback(self) -> None:
        self.get_json(FEEDBACK, limit=20)

    @task(1)
    def assignments(self) -> None:
        self.get_json(ASSIGNMENTS)

    @task(1)
    def open_requests(self) -> None:
        self.get_json(REQUESTS, state="open")

    @task(1)
    def answer(self) -> None:
        self.converse(self.pick_feedback(mentor_id=str(demo_user_id(self.email))))

    @task(2)
    def write_and_publish(self) -> None:
        if not self.rubric:
            return
        student = random.choice(MENTEES[self.email])
        scores = {
            c["key"]: random.randint(c["scale_min"], c["scale_max"])
            for c in self.rubric["criteria"]
        }
        draft = call(
            self,
            "POST",
            FEEDBACK,
            expect=201,
            name=f"{FEEDBACK} (create)",
            json={
                "student_id": str(demo_user_id(student)),
                "title": f"Load test check-in {random.randint(1, 10**6)}",
                "scores": scores,
                "overall_rating": random.randint(1, 5),
                "strengths": "Steady progress on the project.",
                "improvements": "Smaller pull requests.",
            },
        )
        if draft is None:
            return
        path = f"{FEEDBACK}/{draft['id']}"
        edited = call(
            self,
            "PATCH",
            path,
            name=f"{FEEDBACK}/{{id}} (edit)",
            json={"comments": "Added after a second look."},
        )
        if edited is not None:
            call(self, "POST", f"{path}/publish", name=f"{FEEDBACK}/{{id}}/publish")


class AdminUser(CampusUser):
    """Lists users, assignments and all feedback."""

    weight = 1
    wait_time = between(1.0, 3.0)
    pool = ADMINS

    @task(2)
    def all_feedback(self) -> None:
        self.get_json(FEEDBACK, limit=50)

    @task(1)
    def users(self) -> None:
        self.get_json("/api/auth/admin/users", limit=50)

    @task(1)
    def assignments(self) -> None:
        self.get_json(ASSIGNMENTS)

    @task(1)
    def notification_status(self) -> None:
        self.get_json("/api/notifications/ready")


class LoginUser(HttpUser):
    """Someone signing in: password, code from the mailbox, tokens, then their profile."""

    weight = 1
    wait_time = between(2.0, 5.0)

    @task
    def sign_in(self) -> None:
        email = random.choice([a.email for a in DEMO_ACCOUNTS])
        token = full_login(self, email)
        call(self, "GET", "/api/auth/me", headers={"Authorization": f"Bearer {token}"})


@events.quitting.add_listener
def _summary(environment: Any, **_: Any) -> None:
    stats = environment.stats.total
    print(
        f"load: {stats.num_requests} requests, {stats.num_failures} failures, "
        f"{logins['done']} full logins with emailed codes"
    )
