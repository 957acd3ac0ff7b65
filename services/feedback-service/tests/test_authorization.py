"""The authorization matrix: every endpoint x {anonymous, student A, student B, assigned mentor,
unassigned mentor, admin} → the expected status, and no body ever holds another student's data.

The world is the demo data: Alex (student A) is mentored by Maria; Dara (student B) by Tom, who
is not Alex's mentor. P is Alex's published feedback, D and D2 are Maria's drafts for Alex."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import timedelta
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from campus_testing.demo import DEMO_ACCOUNTS
from feedback_service.comments.repository import Comment
from feedback_service.demo import seed
from feedback_service.requests.repository import FeedbackRequest, RequestState
from feedback_service.store.records import FeedbackFilter, State, new_id, utcnow
from feedback_service.threads.repository import Message


def user_id(short: str) -> str:
    return next(str(a.id) for a in DEMO_ACCOUNTS if a.email.startswith(short + "."))


WHO = ("anonymous", "alex", "dara", "maria", "tom", "admin")
AUTHOR_LAST = ("anonymous", "alex", "dara", "tom", "admin", "maria")
STUDENTS = ("alex", "bea", "chen", "dara", "eli", "fay")


@dataclass
class Case:
    method: str
    path: str
    expected: tuple[int, int, int, int, int, int]
    body: Any = None
    files: Any = None
    order: tuple[str, ...] = ()


CASES: dict[str, Case] = {
    "list": Case("GET", "/v1/feedback", (401, 200, 200, 200, 200, 200)),
    "counts": Case("GET", "/v1/feedback/counts", (401, 200, 200, 200, 200, 200)),
    "create": Case(
        "POST",
        "/v1/feedback",
        (401, 403, 403, 201, 404, 201),
        body={"student_id": "{alex}", "title": "Extra review", "scores": {"code_quality": 4}},
    ),
    "get": Case("GET", "/v1/feedback/{P}", (401, 200, 404, 200, 404, 200)),
    "get draft": Case("GET", "/v1/feedback/{D}", (401, 404, 404, 200, 404, 200)),
    "patch": Case(
        "PATCH", "/v1/feedback/{P}", (401, 403, 403, 200, 404, 200), body={"comments": "Edited"}
    ),
    "history": Case("GET", "/v1/feedback/{P}/history", (401, 403, 403, 200, 404, 200)),
    "acknowledge": Case("POST", "/v1/feedback/{P}/acknowledge", (401, 200, 404, 403, 403, 403)),
    "reply": Case(
        "POST",
        "/v1/feedback/{P}/reply",
        (401, 200, 404, 403, 403, 403),
        body={"comment": "Thanks"},
    ),
    "publish": Case(
        "POST", "/v1/feedback/{D}/publish", (401, 403, 403, 200, 404, 403), order=AUTHOR_LAST
    ),
    "delete draft": Case(
        "DELETE", "/v1/feedback/{D2}", (401, 403, 403, 204, 404, 403), order=AUTHOR_LAST
    ),
    "withdraw": Case(
        "POST",
        "/v1/feedback/{P}/withdraw",
        (401, 403, 403, 403, 403, 200),
        body={"reason": "Wrong student"},
    ),
    "student trends": Case("GET", "/v1/students/{alex}/trends", (401, 200, 404, 200, 404, 200)),
    "cohort trends": Case("GET", "/v1/cohorts/trends?cohort=Solo", (401, 403, 403, 200, 404, 200)),
    "export": Case("GET", "/v1/export/feedback.csv", (401, 403, 403, 200, 200, 200)),
    "rubric": Case("GET", "/v1/rubric", (401, 200, 200, 200, 200, 200)),
    "rubric versions": Case("GET", "/v1/rubric/versions", (401, 200, 200, 200, 200, 200)),
    "rubric version": Case("GET", "/v1/rubric/versions/1", (401, 200, 200, 200, 200, 200)),
    "save rubric": Case(
        "PUT",
        "/v1/rubric",
        (401, 403, 403, 403, 403, 200),
        body={"name": "v2", "criteria": [{"key": "teamwork", "name": "Teamwork"}]},
    ),
    "assignments": Case("GET", "/v1/assignments", (401, 403, 403, 200, 200, 200)),
    "assign": Case(
        "POST",
        "/v1/assignments",
        (401, 403, 403, 403, 403, 201),
        body={
            "mentor_email": "tom.mentor@campus.local",
            "student_email": "bea.student@campus.local",
        },
    ),
    "import": Case(
        "POST",
        "/v1/assignments/import?dry_run=true",
        (401, 403, 403, 403, 403, 200),
        files={"file": ("a.csv", b"mentor_email,student_email,cohort\n", "text/csv")},
    ),
    "unassign": Case("DELETE", "/v1/assignments/{A}", (401, 403, 403, 403, 403, 204)),
    # Threads: on P2, another of Alex's published feedback (with his single reply of before);
    # M and M2 are Alex's messages there, written just now.
    "thread": Case("GET", "/v1/feedback/{P2}/messages", (401, 200, 404, 200, 404, 200)),
    "post message": Case(
        "POST", "/v1/feedback/{P2}/messages", (401, 201, 404, 201, 404, 201), body={"body": "Hi"}
    ),
    "edit message": Case(
        "PATCH",
        "/v1/feedback/{P2}/messages/{M}",
        (401, 200, 404, 403, 404, 403),
        body={"body": "Edited"},
    ),
    "delete message": Case(
        "DELETE", "/v1/feedback/{P2}/messages/{M2}", (401, 200, 404, 403, 404, 200)
    ),
    # The comment bank: C is Maria's own comment, SC a shared one.
    "comments": Case("GET", "/v1/comments?q=nice", (401, 403, 403, 200, 200, 200)),
    "add comment": Case(
        "POST", "/v1/comments", (401, 403, 403, 201, 201, 201), body={"text": "Nice work"}
    ),
    "edit comment": Case(
        "PATCH", "/v1/comments/{C}", (401, 403, 403, 200, 404, 404), body={"text": "Edited"}
    ),
    "edit shared comment": Case(
        "PATCH", "/v1/comments/{SC}", (401, 403, 403, 403, 403, 200), body={"text": "Edited"}
    ),
    "comment used": Case("POST", "/v1/comments/{SC}/used", (401, 403, 403, 200, 200, 200)),
    "delete comment": Case("DELETE", "/v1/comments/{SC}", (401, 403, 403, 403, 403, 204)),
    # Feedback requests: R and R2 are Alex's open requests to Maria.
    "requests": Case("GET", "/v1/requests", (401, 200, 200, 200, 200, 200)),
    "ask for feedback": Case(
        "POST", "/v1/requests", (401, 201, 201, 403, 403, 403), body={"title": "My essay"}
    ),
    "request": Case("GET", "/v1/requests/{R}", (401, 200, 404, 200, 404, 200)),
    "cancel request": Case("POST", "/v1/requests/{R2}/cancel", (401, 200, 404, 403, 404, 403)),
    "write from request": Case("POST", "/v1/requests/{R}/feedback", (401, 403, 404, 201, 404, 403)),
    "request summary": Case("GET", "/v1/admin/requests/summary", (401, 403, 403, 403, 403, 200)),
    "needs attention": Case("GET", "/v1/mentor/attention", (401, 403, 403, 200, 200, 403)),
    # The grading workflow: mentors only, each on their own students and drafts.
    "grading queue": Case("GET", "/v1/grading/queue", (401, 403, 403, 200, 200, 403)),
    "bulk publish": Case(
        "POST",
        "/v1/grading/publish",
        (401, 403, 403, 200, 200, 403),
        body={"feedback_ids": ["00000000-0000-4000-8000-000000000000"]},
    ),
    "start from last": Case(
        "POST", "/v1/grading/start", (401, 403, 403, 201, 404, 403), body={"student_id": "{alex}"}
    ),
    # Release control and self-assessment (Alex's cohort, "Solo", is automatic, none asked).
    "release status": Case("GET", "/v1/feedback/{D}/release", (401, 403, 403, 200, 404, 200)),
    "schedule": Case(
        "PUT",
        "/v1/feedback/{D}/release/schedule",
        (401, 403, 403, 200, 404, 403),
        body={"release_at": "{soon}"},
        order=AUTHOR_LAST,
    ),
    "cancel schedule": Case(
        "DELETE", "/v1/feedback/{D}/release/schedule", (401, 403, 403, 200, 404, 403)
    ),
    "release": Case("POST", "/v1/feedback/{D}/release", (401, 403, 403, 409, 404, 409)),
    "held": Case("GET", "/v1/release/held", (401, 403, 403, 200, 200, 200)),
    "release all": Case(
        "POST", "/v1/release/release-all", (401, 403, 403, 200, 200, 200), body={"cohort": "Solo"}
    ),
    "my self-assessments": Case("GET", "/v1/self-assessments/mine", (401, 200, 200, 403, 403, 403)),
    "save self-assessment": Case(
        "PUT",
        "/v1/self-assessments/mine",
        (401, 409, 404, 403, 403, 403),
        body={"cohort": "Solo", "scores": {}},
    ),
    "self-assessment beside": Case(
        "GET", "/v1/feedback/{P}/self-assessment", (401, 403, 403, 200, 404, 200)
    ),
    "student self-assessment": Case(
        "GET", "/v1/self-assessments/students/{alex}", (401, 403, 403, 200, 404, 200)
    ),
    # The rubric library and cohort settings (admins); the rubric of a student's new feedback.
    "rubric for student": Case(
        "GET", "/v1/rubric/for-student/{alex}", (401, 403, 403, 200, 404, 200)
    ),
    "rubric library": Case("GET", "/v1/rubrics", (401, 403, 403, 403, 403, 200)),
    "create rubric": Case(
        "POST",
        "/v1/rubrics",
        (401, 403, 403, 403, 403, 201),
        body={"name": "Writing", "criteria": [{"key": "voice", "name": "Voice"}]},
    ),
    "library rubric": Case("GET", "/v1/rubrics/default", (401, 403, 403, 403, 403, 200)),
    "rename rubric": Case(
        "PATCH", "/v1/rubrics/default", (401, 403, 403, 403, 403, 200), body={"name": "Core"}
    ),
    "library versions": Case("GET", "/v1/rubrics/default/versions", (401, 403, 403, 403, 403, 200)),
    "save library version": Case(
        "POST",
        "/v1/rubrics/default/versions",
        (401, 403, 403, 403, 403, 201),
        body={"name": "v2", "criteria": [{"key": "teamwork", "name": "Teamwork"}]},
    ),
    # The default rubric is never archived (409 once an admin may ask).
    "archive rubric": Case("POST", "/v1/rubrics/default/archive", (401, 403, 403, 403, 403, 409)),
    "restore rubric": Case("POST", "/v1/rubrics/default/restore", (401, 403, 403, 403, 403, 200)),
    "cohorts": Case("GET", "/v1/cohorts", (401, 403, 403, 403, 403, 200)),
    "cohort settings": Case("GET", "/v1/cohorts/Solo/settings", (401, 403, 403, 403, 403, 200)),
    "set cohort settings": Case(
        "PUT",
        "/v1/cohorts/Solo/settings",
        (401, 403, 403, 403, 403, 200),
        body={"rubric_id": "default", "post_policy": "manual", "self_assessment": True},
    ),
}


@pytest.fixture
async def world(app: FastAPI) -> dict[str, str]:
    store = app.state.context.store
    await seed(store)
    alex = user_id("alex")
    rows = await store.list_feedback(FeedbackFilter(student_id=alex), limit=100, after=None)
    published, *_, older = [f for f in rows if f.state is State.published]
    assert older.reply is not None  # the demo's acknowledged one, with a reply
    draft = next(f for f in rows if f.state is State.draft)
    second = replace(draft, id=new_id(), title="Another draft")
    await store.add_feedback(second)
    maria_alex = await store.find_assignment(mentor_id=user_id("maria"), student_id=alex)
    assert maria_alex is not None
    await store.delete_assignment(maria_alex.id)
    await store.add_assignment(replace(maria_alex, id=new_id(), cohort="Solo"))
    bea = await store.find_assignment(mentor_id=user_id("maria"), student_id=user_id("bea"))
    assert bea is not None
    names = {s: user_id(s) for s in (*STUDENTS, "maria", "tom")}
    messages = [
        Message(id=new_id(), feedback_id=older.id, author_id=alex, body=b, created_at=utcnow())
        for b in ("Thanks!", "One more thing")
    ]
    for message in messages:
        await store.add_message(message)
    now = utcnow()
    comments = [
        Comment(new_id(), owner, text, None, 0, now, now)
        for owner, text in ((names["maria"], "Maria's own"), (None, "Shared"))
    ]
    for comment in comments:
        await store.add_comment(comment)
    asked = [
        FeedbackRequest(
            id=new_id(),
            student_id=alex,
            mentor_id=names["maria"],
            cohort="Solo",
            title=title,
            description="",
            link=None,
            state=RequestState.open,
            created_at=utcnow(),
            updated_at=utcnow(),
        )
        for title in ("Essay", "Slides")
    ]
    for asking in asked:
        await store.add_request(asking)
    ids = {"P": published.id, "P2": older.id, "D": draft.id, "D2": second.id, "A": bea.id}
    ids |= {"M": messages[0].id, "M2": messages[1].id, "C": comments[0].id, "SC": comments[1].id}
    ids |= {"R": asked[0].id, "R2": asked[1].id}
    return {**names, **ids}


def _others_data(who: str, world: dict[str, str]) -> list[str]:
    """Strings that must never appear in `who`'s responses."""
    if who == "alex":
        return [world[s] for s in STUDENTS if s != "alex"]
    if who == "dara":
        return [world[s] for s in STUDENTS if s != "dara"] + [world["P"], world["P2"]]
    if who == "tom":
        return [world["alex"], world["bea"], world["P"], world["P2"]]
    if who == "maria":
        return [world["dara"], world["eli"], world["fay"]]
    return []


@pytest.mark.parametrize("name", list(CASES))
async def test_matrix(
    name: str,
    client: httpx.AsyncClient,
    world: dict[str, str],
    as_user: Callable[[str], dict[str, str]],
) -> None:
    case = CASES[name]
    path = case.path.format(**world)
    soon = (utcnow() + timedelta(days=7)).isoformat()
    raw = json.dumps(case.body).replace("{alex}", world["alex"]).replace("{soon}", soon)
    body = json.loads(raw) if case.body else None
    got: dict[str, int] = {}
    for who in case.order or WHO:
        headers = {} if who == "anonymous" else as_user(who)
        response = await client.request(
            case.method, path, json=body, files=case.files, headers=headers
        )
        got[who] = response.status_code
        text = response.text
        if response.headers.get("content-type", "").startswith("application/problem+json"):
            problem = response.json()
            problem.pop("instance", None)
            text = json.dumps(problem)
        for secret in _others_data(who, world):
            assert secret not in text, f"{name}: {who} received another student's data"
    assert got == dict(zip(WHO, case.expected, strict=True))


async def test_every_route_is_in_the_matrix(app: FastAPI) -> None:
    # From the OpenAPI paths: FastAPI includes routers lazily, so `app.routes` does not list them.
    routes = {
        (method.upper(), path)
        for path, operations in app.openapi()["paths"].items()
        if path.startswith("/v1")
        for method in operations
    }
    assert len(routes) > 20  # the check below is not vacuous
    covered = {(c.method, c.path.split("?")[0]) for c in CASES.values()}
    templated = {
        (
            m,
            p.replace("{feedback_id}", "{P}")
            .replace("{student_id}", "{alex}")
            .replace("{version}", "1")
            .replace("{assignment_id}", "{A}")
            .replace("{request_id}", "{R}")
            .replace("{message_id}", "{M}")
            .replace("{comment_id}", "{C}")
            .replace("{rubric_id}", "default")
            .replace("{cohort}", "Solo"),
        )
        for m, p in routes
    }
    normalised = {
        (
            m,
            p.replace("{D}", "{P}")
            .replace("{D2}", "{P}")
            .replace("{P2}", "{P}")
            .replace("{R2}", "{R}")
            .replace("{M2}", "{M}")
            .replace("{SC}", "{C}"),
        )
        for m, p in covered
    }
    assert templated <= normalised, templated - normalised
