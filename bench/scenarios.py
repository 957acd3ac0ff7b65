"""The measured scenarios, each a function of a running `Stack`."""

from __future__ import annotations

import asyncio
import json
import re
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass

import httpx

from bench import wrk
from bench.rss import PeakSampler
from campus_common.service_tokens import mint_service_token
from campus_common.settings import DEV_SERVICE_TOKEN_SECRET
from campus_stack.flows import Mailbox, access_token, login
from campus_testing.demo import DEMO_ACCOUNTS, DEMO_ASSIGNMENTS, DEMO_PASSWORD, demo_user_id

MENTOR = "maria.mentor@campus.local"
STUDENT = "alex.student@campus.local"
MENTOR_STUDENTS = [s for m, s in DEMO_ASSIGNMENTS if m == MENTOR]


def token_for(stack_urls: dict[str, str], email: str) -> str:
    return asyncio.run(access_token(stack_urls["auth"], stack_urls["notify"], email, DEMO_PASSWORD))


def complete_feedback(rubric: dict[str, object], student_email: str, n: int) -> dict[str, object]:
    criteria = rubric["criteria"]
    assert isinstance(criteria, list)
    scores = {c["key"]: c["scale_max"] - (n % 2) for c in criteria}
    return {
        "student_id": str(demo_user_id(student_email)),
        "title": f"Bench feedback {n}",
        "scores": scores,
        "overall_rating": 4,
        "strengths": "Clear structure and tidy commits.",
        "improvements": "Write the tests first.",
        "comments": "",
        # A comment beside each score, as mentors write them (the list carries them).
        "criterion_comments": {
            c["key"]: f"{c['name']}: one concrete next step, with an example." for c in criteria
        },
    }


_CREATE_PUBLISH_LUA = r"""
local pending = {}
local creates, publishes = 0, 0
local threads = {}
function setup(thread) table.insert(threads, thread) end
request = function()
  local id = table.remove(pending)
  if id then
    publishes = publishes + 1
    return wrk.format("POST", "/v1/feedback/" .. id .. "/publish", nil, "")
  end
  creates = creates + 1
  return wrk.format("POST", "/v1/feedback", nil, bodies[(creates % #bodies) + 1])
end
response = function(status, headers, body)
  if status == 201 then
    local id = string.match(body, '"id":"([^"]+)"')
    if id then table.insert(pending, id) end
  end
end
"""


@dataclass
class CreatePublish:
    result: wrk.WrkResult
    publishes_per_s: float


def create_publish(
    feedback_url: str, token: str, rubric: dict[str, object], *, duration: float, connections: int
) -> wrk.WrkResult:
    bodies = [
        json.dumps(complete_feedback(rubric, MENTOR_STUDENTS[i % len(MENTOR_STUDENTS)], i))
        for i in range(30)
    ]
    script = (
        wrk.lua_script(
            method="POST",
            headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        )
        + f"bodies = {{{', '.join(json.dumps(b) for b in bodies)}}}\n"
        + _CREATE_PUBLISH_LUA
    )
    return wrk.run(
        "create + publish", feedback_url, connections=connections, duration=duration, script=script
    )


def feedback_list(feedback_url: str, token: str, *, duration: float) -> wrk.WrkResult:
    script = wrk.lua_script(headers={"Authorization": f"Bearer {token}"})
    return wrk.run(
        "feedback list (20)",
        f"{feedback_url}/v1/feedback?limit=20",
        connections=50,
        duration=duration,
        script=script,
    )


def count_published(feedback_url: str, admin_token: str) -> int:
    r = httpx.get(
        f"{feedback_url}/v1/feedback/counts",
        headers={"Authorization": f"Bearer {admin_token}"},
        timeout=30,
    )
    r.raise_for_status()
    return int(r.json()["by_state"].get("published", 0))


def top_up_published(database_url: str, rows: int) -> int:
    """Copy published feedback rows (new ids, earlier timestamps) until `rows` are published.

    Filling 10,000 rows through the API would take minutes on two shared cores; the rows made
    here are copies of ones the API wrote, so the export reads the same shapes."""
    dsn = database_url.replace("postgresql+asyncpg://", "postgresql://", 1)

    def psql(sql: str) -> str:
        return subprocess.run(
            ["psql", dsn, "-tAq", "-v", "ON_ERROR_STOP=1", "-c", sql],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()

    have = int(psql("SELECT count(*) FROM feedback WHERE state = 'published'"))
    if have >= rows or have == 0:
        return have
    columns = psql(
        "SELECT string_agg(column_name, ',' ORDER BY ordinal_position) FROM "
        "information_schema.columns WHERE table_name = 'feedback' AND table_schema = 'public'"
    ).split(",")
    picks = []
    for col in columns:
        if col == "id":
            picks.append("gen_random_uuid()::text")
        elif col in ("created_at", "updated_at", "published_at"):
            picks.append(f"{col} - (g * interval '1 second')")
        else:
            picks.append(col)
    need = rows - have
    psql(
        f"INSERT INTO feedback ({','.join(columns)}) "  # noqa: S608 (names from the catalog)
        f"SELECT {','.join(picks)} FROM (SELECT * FROM feedback WHERE state = 'published' "
        f"ORDER BY created_at LIMIT {have}) AS src, generate_series(1, {need // have + 1}) AS g "
        f"LIMIT {need}"
    )
    return int(psql("SELECT count(*) FROM feedback WHERE state = 'published'"))


@dataclass
class LoginFlows:
    flows: int
    errors: int
    seconds: float
    p50_ms: float
    p99_ms: float
    first_error: str = ""
    users: int = 0

    @property
    def per_s(self) -> float:
        return self.flows / self.seconds


def login_flows(
    auth_url: str,
    notify_url: str,
    *,
    duration: float,
    users: int | None = None,
    emails: list[str] | None = None,
) -> LoginFlows:
    """One worker per account (a new code cancels the previous one for the same address, so two
    workers never share one), each logging in again and again: password, code from the mailbox,
    tokens. `emails` defaults to the demo accounts (all with the demo password); `users` takes the
    first N of them."""
    accounts = emails or [a.email for a in DEMO_ACCOUNTS]
    if users is not None:
        if users > len(accounts):
            raise ValueError(f"{users} users need {users} accounts, only {len(accounts)} given")
        accounts = accounts[:users]

    async def run() -> LoginFlows:
        latencies: list[float] = []
        errors = 0
        messages: list[str] = []
        stop = time.monotonic() + duration

        mailbox = Mailbox()

        async def worker(email: str) -> None:
            nonlocal errors
            async with httpx.AsyncClient(timeout=30) as client:
                while time.monotonic() < stop:
                    start = time.perf_counter()
                    try:
                        await login(
                            client,
                            auth_url=auth_url,
                            notify_url=notify_url,
                            email=email,
                            password=DEMO_PASSWORD,
                            mailbox=mailbox,
                        )
                        latencies.append(time.perf_counter() - start)
                    except (httpx.HTTPError, RuntimeError) as exc:
                        errors += 1
                        messages.append(f"{type(exc).__name__}: {str(exc)[:200]}")
                        await asyncio.sleep(0.1)

        began = time.monotonic()
        await asyncio.gather(*(worker(email) for email in accounts))
        seconds = time.monotonic() - began
        latencies.sort()
        n = len(latencies)
        return LoginFlows(
            flows=n,
            errors=errors,
            seconds=seconds,
            p50_ms=latencies[n // 2] * 1000 if n else 0.0,
            p99_ms=latencies[min(n - 1, int(n * 0.99))] * 1000 if n else 0.0,
            first_error=messages[0] if messages else "",
            users=len(accounts),
        )

    return asyncio.run(run())


def code_creation(notify_url: str, *, duration: float, connections: int = 1) -> wrk.WrkResult:
    """POST /v1/verifications as auth-backend would, to many addresses (per-recipient limits)."""
    token = mint_service_token(
        secret=DEV_SERVICE_TOKEN_SECRET,
        caller="auth-backend",
        audience="notification-service",
        ttl_seconds=3600,
    )
    bodies = [
        json.dumps(
            {
                "to": f"bench{i}@campus.local",
                "channel": "email",
                "purpose": "login",
                "data": {"name": "Bench"},
            }
        )
        for i in range(2000)
    ]
    script = wrk.lua_script(
        method="POST",
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        bodies=bodies,
    )
    return wrk.run(
        "code creation, SMTP stalled",
        f"{notify_url}/v1/verifications",
        connections=connections,
        duration=duration,
        script=script,
    )


@dataclass
class Export:
    rows: int
    bytes: int
    seconds: float
    rss_before: float
    rss_peak: float

    @property
    def delta(self) -> float:
        return self.rss_peak - self.rss_before


def export_csv(feedback_url: str, admin_token: str, pid: int) -> Export:
    with PeakSampler(pid) as sampler:
        start = time.monotonic()
        rows = 0
        size = 0
        with httpx.stream(
            "GET",
            f"{feedback_url}/v1/export/feedback.csv",
            headers={"Authorization": f"Bearer {admin_token}"},
            timeout=300,
        ) as response:
            response.raise_for_status()
            for chunk in response.iter_bytes():
                size += len(chunk)
                rows += chunk.count(b"\n")
        seconds = time.monotonic() - start
    return Export(rows - 1, size, seconds, sampler.baseline, sampler.peak)


COMPONENTS = (
    (
        "idle (threads waiting, event loop select)",
        r"threading\.py|selectors\.py|select|epoll|Condition\.wait",
    ),
    ("password hash (argon2id)", r"argon2"),
    ("thread-pool hand-offs (anyio, sync dependencies)", r"anyio|concurrent/futures|queue\.py"),
    ("HTTP client to other services (httpx, httpcore)", r"httpx|httpcore|h11"),
    ("PostgreSQL driver (asyncpg)", r"asyncpg"),
    ("SQLAlchemy", r"sqlalchemy"),
    ("token check (PyJWT, cryptography)", r"/jwt/|cryptography|campus_common/jwt"),
    ("Pydantic", r"pydantic"),
    ("JSON", r"orjson|/json/"),
    ("logging (structlog, stdlib logging)", r"structlog|logging/"),
    ("uvicorn (HTTP parsing, transport)", r"uvicorn|httptools"),
    ("Starlette / FastAPI", r"starlette|fastapi"),
    ("the service's own code", r"feedback_service|auth_backend|notification_service|campus_common"),
    ("asyncio", r"asyncio"),
)


def samples(raw: str) -> Iterator[tuple[str, int]]:
    """py-spy's raw (collapsed) output as (stack, sample count) pairs."""
    for line in raw.splitlines():
        m = re.match(r"^(.*) (\d+)$", line)
        if m:
            yield m.group(1), int(m.group(2))


def components(raw: str) -> list[tuple[str, float]]:
    """py-spy's raw (collapsed) output as own time per component: each sample is charged to the
    component of its innermost frame."""
    own: dict[str, int] = {}
    total = 0
    for stack, count in samples(raw):
        total += count
        leaf = stack.split(";")[-1]
        name = next((n for n, pat in COMPONENTS if re.search(pat, leaf)), "other (C, interpreter)")
        own[name] = own.get(name, 0) + count
    idle = own.pop(COMPONENTS[0][0], 0)
    busy = total - idle
    return sorted(((k, v / busy) for k, v in own.items()), key=lambda kv: -kv[1]) if busy else []


def collapse_profile(raw: str, top: int = 12) -> str:
    """py-spy's raw (collapsed) output as a table of the functions with the most own time."""
    own: dict[str, int] = {}
    total = 0
    for stack, count in samples(raw):
        total += count
        leaf = stack.split(";")[-1] or "(native)"
        leaf = re.sub(r"\s*\(/.*?/(site-packages|src)/", " (", leaf)
        own[leaf] = own.get(leaf, 0) + count
    rows = sorted(own.items(), key=lambda kv: -kv[1])[:top]
    lines = ["| own samples | function |", "|---|---|"]
    lines += [f"| {c / total:.1%} | `{f}` |" for f, c in rows]
    return "\n".join(lines)
