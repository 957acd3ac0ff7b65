"""docker-compose.yml + docker-compose.dev.yml, up for real: the edge, every service's probes, the
published ports, sign-in with the code from the dev mailbox, a feedback written by a mentor and
read by the student, start order, restarts and the named volumes.

feedback-db is the mongo:7.0 stand-in (mongoeco on SQLite), NOT MongoDB."""

from __future__ import annotations

import os
import re
import signal
import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml
from compose_stack import (
    Stack,
    base_env,
    dev_smtp,
    health,
    inspect,
    podman,
    ports_free,
    wait_healthy,
)

from campus_stack.flows import CODE_RE

DEV_FILES = ["docker-compose.yml", "docker-compose.dev.yml"]
SERVICES = {"auth": "auth-backend", "feedback": "feedback-service", "notifications": None}
MENTOR = "maria.mentor@campus.local"
STUDENT = "alex.student@campus.local"


def demo_password() -> str:
    from campus_testing.demo import DEMO_PASSWORD

    return str(DEMO_PASSWORD)


@pytest.fixture(scope="module")
def stack(built: None, work: Path) -> Iterator[Stack]:
    ports_free()
    s = Stack(DEV_FILES, base_env(**dev_smtp()), work)
    s.down(volumes=True)  # a run stopped half-way leaves nothing that changes this one
    yield s
    s.down(volumes=True)


@pytest.fixture(scope="module")
def up(stack: Stack) -> Stack:
    stack.up()
    return stack


def started_at(info: dict[str, Any]) -> datetime:
    raw = str(info["State"]["StartedAt"])
    # podman: 2026-12-02T17:20:01.123456789Z or with an offset; keep microseconds.
    m = re.match(r"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(\.\d+)?(Z|[+-]\d\d:?\d\d)?", raw)
    assert m, raw
    frac = (m.group(2) or ".0")[:7]
    tz = m.group(3) or "Z"
    return datetime.fromisoformat(m.group(1) + frac + ("+00:00" if tz == "Z" else tz))


def sign_in(client: httpx.Client, stack: Stack, email: str, password: str) -> str:
    """Password through the edge, the code from the dev mailbox, the access token."""
    mailbox = stack.url("NOTIFICATION_PORT", "/mailbox/api/messages")
    before = client.get(mailbox, params={"to": email, "limit": 1}).json()["messages"]
    response = client.post(
        stack.url("EDGE_PORT", "/api/auth/login"), json={"email": email, "password": password}
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["mfa_required"] is True
    after = before[0]["id"] if before else None
    code = None
    deadline = time.monotonic() + 30
    while code is None and time.monotonic() < deadline:
        # Other mail to the address (a feedback notice) may come first: wait past it.
        params: dict[str, Any] = {"to": email, "limit": 5, "wait": 5}
        if after:
            params["newer_than"] = after
        messages = client.get(mailbox, params=params, timeout=20).json()["messages"]
        for message in messages:
            if m := CODE_RE.search(message["text"]):
                code = m.group(1)
                break
        if messages:
            after = messages[0]["id"]
    assert code, f"no code email for {email} in the dev mailbox within 30 s"
    response = client.post(
        stack.url("EDGE_PORT", "/api/auth/login/mfa"),
        json={"mfa_token": body["mfa_token"], "code": code},
    )
    assert response.status_code == 200, response.text
    return str(response.json()["access_token"])


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


class TestStartOrder:
    def test_feedback_service_waits_until_feedback_db_is_healthy(self, stack: Stack, work: Path):
        """With a feedback-db that never turns healthy, compose must refuse to start the
        feedback service (and its migration) at all: depends_on service_healthy holds it."""
        sick = work / "sick-feedback-db.yml"
        compose = {
            "services": {
                "feedback-db": {
                    "healthcheck": {
                        "test": ["CMD-SHELL", "exit 1"],
                        "interval": "2s",
                        "timeout": "2s",
                        "retries": 2,
                        "start_period": "0s",
                    }
                }
            }
        }
        sick.write_text(yaml.safe_dump(compose), encoding="utf-8")
        held = Stack(DEV_FILES, stack.env, work, extra_files=[sick])
        try:
            result = held.run(
                "up", "-d", "--no-build", "feedback-service", check=False, timeout=180
            )
            assert result.returncode != 0, "compose started feedback-service on a sick database"
            assert "unhealthy" in (result.stdout + result.stderr).lower()
            running = held.run("ps", "-q", "feedback-service", check=False).stdout.split()
            states = [inspect(c)["State"]["Status"] for c in running]
            assert all(s in ("created", "configured") for s in states), states
            migrate = held.run("ps", "-q", "feedback-migrate", check=False).stdout.split()
            assert all(inspect(c)["State"]["Status"] in ("created", "configured") for c in migrate)
        finally:
            held.down(volumes=True)

    def test_in_the_real_stack_feedback_db_has_a_healthcheck_and_started_first(self, up: Stack):
        db = up.container("feedback-db")
        assert db["Config"].get("Healthcheck", {}).get("Test"), "feedback-db has no healthcheck"
        assert health(db) == "healthy"
        service = up.container("feedback-service")
        assert started_at(service) > started_at(db)


class TestThroughTheEdge:
    def test_the_spa_is_served(self, up: Stack, client: httpx.Client):
        response = client.get(up.url("EDGE_PORT", "/"))
        assert response.status_code == 200
        assert 'id="root"' in response.text
        assets = re.findall(r'(?:src|href)="(/assets/[^"]+)"', response.text)
        assert assets, "index.html names no build asset"
        for asset in assets:
            assert client.get(up.url("EDGE_PORT", asset)).status_code == 200, asset
        # A client-side route gets the app shell too.
        assert 'id="root"' in client.get(up.url("EDGE_PORT", "/login")).text

    @pytest.mark.parametrize("prefix", ["auth", "notifications", "feedback"])
    @pytest.mark.parametrize("probe", ["health", "ready"])
    def test_every_service_answers_its_probes_through_the_edge(
        self, up: Stack, client: httpx.Client, prefix: str, probe: str
    ):
        # `up -d` returns once the containers run; a service is ready once its database answers
        # (the MongoDB stand-in can take seconds after a cold start), so readiness gets 30 s.
        deadline = time.monotonic() + (30 if probe == "ready" else 0)
        response = client.get(up.url("EDGE_PORT", f"/api/{prefix}/{probe}"))
        while response.status_code != 200 and time.monotonic() < deadline:
            time.sleep(1)
            response = client.get(up.url("EDGE_PORT", f"/api/{prefix}/{probe}"))
        assert response.status_code == 200, response.text
        assert response.headers["content-type"].startswith("application/json")

    @pytest.mark.parametrize("prefix", ["auth", "notifications", "feedback"])
    def test_no_metrics_through_the_edge(self, up: Stack, client: httpx.Client, prefix: str):
        response = client.get(up.url("EDGE_PORT", f"/api/{prefix}/metrics"))
        assert response.status_code == 404
        assert "# TYPE" not in response.text

    @pytest.mark.parametrize("prefix", ["auth", "notifications", "feedback"])
    @pytest.mark.parametrize("page", ["docs", "redoc"])
    def test_api_docs_through_the_edge_are_a_404_not_a_blank_page(
        self, up: Stack, client: httpx.Client, prefix: str, page: str
    ):
        response = client.get(up.url("EDGE_PORT", f"/api/{prefix}/{page}"))
        assert response.status_code == 404
        assert response.headers["content-type"].startswith("application/problem+json")

    def test_the_original_published_ports_answer(self, up: Stack, client: httpx.Client):
        assert client.get(up.url("EDGE_PORT", "/healthz")).status_code == 200
        for port, service in (("NOTIFICATION_PORT", "notification"), ("FEEDBACK_PORT", "feedback")):
            response = client.get(up.url(port, "/health"))
            assert response.status_code == 200, (port, response.text)
            assert service in response.text
        published = {
            p["PublicPort"]
            for name in ("auth-frontend", "notification-service", "feedback-service")
            for p in docker_ports(up, name)
        }
        assert set(up.ports.values()) <= published

    def test_services_reach_each_other_by_compose_name(self, up: Stack):
        code = (
            "import json, urllib.request; "
            "keys = json.load(urllib.request.urlopen('http://auth-backend:8001/.well-known/jwks.json', timeout=5)); "
            "print(len(keys['keys']))"
        )
        result = up.exec("feedback-service", "python", "-c", code)
        assert int(result.stdout.strip()) >= 1


def docker_ports(stack: Stack, service: str) -> list[dict[str, Any]]:
    info = stack.container(service)
    out = []
    for bindings in (info["NetworkSettings"].get("Ports") or {}).values():
        for b in bindings or []:
            out.append({"PublicPort": int(b["HostPort"])})
    return out


class TestSignInAndFeedback:
    def test_mentor_writes_and_student_reads_on_feedback_db(
        self, up: Stack, client: httpx.Client, shared: dict[str, Any]
    ):
        mentor = sign_in(client, up, MENTOR, demo_password())
        assignments = client.get(
            up.url("EDGE_PORT", "/api/feedback/v1/assignments"), headers=bearer(mentor)
        )
        assert assignments.status_code == 200, assignments.text
        student = next(
            a["student"] for a in assignments.json()["items"] if a["student"]["email"] == STUDENT
        )
        rubric = client.get(up.url("EDGE_PORT", "/api/feedback/v1/rubric"), headers=bearer(mentor))
        assert rubric.status_code == 200, rubric.text
        scores = {c["key"]: c["scale_max"] for c in rubric.json()["criteria"]}
        title = f"Compose check {time.time_ns()}"
        created = client.post(
            up.url("EDGE_PORT", "/api/feedback/v1/feedback"),
            headers=bearer(mentor),
            json={
                "student_id": student["id"],
                "title": title,
                "scores": scores,
                "overall_rating": 5,
                "strengths": "Ran the whole stack.",
            },
        )
        assert created.status_code == 201, created.text
        feedback_id = created.json()["id"]
        published = client.post(
            up.url("EDGE_PORT", f"/api/feedback/v1/feedback/{feedback_id}/publish"),
            headers=bearer(mentor),
        )
        assert published.status_code == 200, published.text

        reader = sign_in(client, up, STUDENT, demo_password())
        seen = client.get(
            up.url("EDGE_PORT", f"/api/feedback/v1/feedback/{feedback_id}"), headers=bearer(reader)
        )
        assert seen.status_code == 200, seen.text
        assert seen.json()["title"] == title
        # It is in feedback-db (the stand-in), not anywhere else.
        count = up.exec(
            "feedback-db",
            "/opt/mongoeco/bin/python",
            "-c",
            "from pymongo import MongoClient; "
            "db = MongoClient('mongodb://127.0.0.1:27017/?directConnection=true')['campus_feedback']; "
            f"print(sum(c.count_documents({{'title': {title!r}}}) for c in [db[n] for n in db.list_collection_names()]))",
        )
        assert int(count.stdout.strip()) >= 1
        shared["feedback"] = (feedback_id, title)


@pytest.fixture(scope="module")
def shared() -> dict[str, Any]:
    return {}


class TestRestart:
    def test_a_killed_service_is_back_and_healthy(self, up: Stack, client: httpx.Client):
        before = up.container("notification-service")
        # A crash, not a stop: the engine did not ask for it (podman kill would count as a stop
        # asked for, which unless-stopped rightly leaves stopped).
        os.kill(int(before["State"]["Pid"]), signal.SIGKILL)
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            info = inspect(before["Id"])
            if info["State"]["Running"] and started_at(info) > started_at(before):
                break
            time.sleep(1)
        else:
            pytest.fail(f"notification-service stayed down: {inspect(before['Id'])['State']}")
        assert info["RestartCount"] > before.get("RestartCount", 0)
        wait_healthy(up, "notification-service")
        assert client.get(up.url("EDGE_PORT", "/api/notifications/health")).status_code == 200


class TestVolumes:
    def test_data_survives_down_and_up_and_down_v_removes_it(
        self, up: Stack, client: httpx.Client, shared: dict[str, Any]
    ):
        assert "feedback" in shared, "needs the feedback written by the sign-in check"
        feedback_id, title = shared["feedback"]
        marker = f"kept-{time.time_ns()}"
        psql = ("psql", "-U", "campus", "-d", "campus_auth", "-tAc")
        up.exec(
            "postgres",
            *psql,
            # The marker is a number this test made, not outside input.
            f"CREATE TABLE compose_check (v text); INSERT INTO compose_check VALUES ('{marker}')",  # noqa: S608
        )
        kid = jwks_kids(client, up)

        up.down()
        names = {name.split("_", 1)[1] for name in volumes(up)}
        assert {"mongodb_data", "postgres_data", "auth_keys"} <= names, names
        up.up()

        assert up.exec("postgres", *psql, "SELECT v FROM compose_check").stdout.strip() == marker
        assert jwks_kids(client, up) == kid, "a new signing key: auth_keys was not kept"
        reader = sign_in(client, up, STUDENT, demo_password())
        seen = client.get(
            up.url("EDGE_PORT", f"/api/feedback/v1/feedback/{feedback_id}"), headers=bearer(reader)
        )
        assert seen.status_code == 200, seen.text
        assert seen.json()["title"] == title

        up.down(volumes=True)
        assert volumes(up) == set()


def jwks_kids(client: httpx.Client, stack: Stack) -> set[str]:
    response = client.get(stack.url("EDGE_PORT", "/api/auth/.well-known/jwks.json"))
    assert response.status_code == 200, response.text
    return {k["kid"] for k in response.json()["keys"]}


def volumes(stack: Stack) -> set[str]:
    """The named volumes of the project, by the label compose puts on them."""
    out = podman(
        "volume",
        "ls",
        "--format",
        "{{.Name}}",
        "--filter",
        f"label=com.docker.compose.project={stack.name}",
    )
    assert out.returncode == 0, out.stderr
    return set(out.stdout.split())
