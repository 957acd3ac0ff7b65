"""Fault drills, SIGKILL: a service killed while feedback is written, and the notification
service killed under load."""

from __future__ import annotations

import asyncio
import time

import httpx
import pytest

from campus_testing.services import service_token

from .conftest import STUDENTS, Drill, DrillEnv, Load, draft, rubric_scores


async def write_feedback(
    env: DrillEnv, scores: dict[str, int], *, after_writes: int, victim: str
) -> tuple[list[str], list[str], int, float]:
    """Eight writers create and publish feedback; `victim` gets SIGKILL once `after_writes`
    writes were acknowledged, and the writers go on for 2 s after that.
    Returns (ids acknowledged by a 201, ids acknowledged as published, failed requests, kill time)."""
    created: list[str] = []
    published: list[str] = []
    load = Load()
    headers = env.bearer("mentor")

    async def writer(n: int) -> None:
        i = 0
        async with httpx.AsyncClient(
            base_url=env.url("feedback"), headers=headers, timeout=10
        ) as c:
            while time.monotonic() < load.stop:
                i += 1
                body = draft(i, f"Drill {n}-{i}", scores)
                r = await load.post(c, "/v1/feedback", ok={201}, json=body)
                if r is None:
                    await asyncio.sleep(0.05)
                    continue
                fid = r.json()["id"]
                created.append(fid)
                if await load.post(c, f"/v1/feedback/{fid}/publish", ok={200}):
                    published.append(fid)

    def reached() -> bool:
        return len(created) >= after_writes

    killed_at, *_ = await asyncio.gather(
        load.kill_when(env, victim, reached, then=2), *(writer(n) for n in range(8))
    )
    return created, published, load.failures, killed_at


@pytest.mark.parametrize("victim", ["feedback", "auth", "notify"])
def test_sigkill_while_feedback_is_written(drill_env: DrillEnv, record: Drill, victim: str) -> None:
    """A service SIGKILLed while feedback is being written: every write that got a 2xx is still there.

    Eight concurrent writers create and publish feedback directly against the feedback-service;
    the victim gets SIGKILL once 16 writes were acknowledged, the writers go on for 2 s, then the
    victim is restarted.
    Then every acknowledged write is read back, and (for published ones) the student's email must
    arrive through the outbox relay and the notification outbox."""
    env = drill_env
    scores = rubric_scores(env)
    pid = env.stack.pid(victim)
    created, published, failures, _ = asyncio.run(
        write_feedback(env, scores, after_writes=16, victim=victim)
    )
    restart_s = env.stack.restart(victim)
    headers = env.bearer("admin")
    missing = []
    wrong_state = []
    with httpx.Client(base_url=env.url("feedback"), headers=headers, timeout=10) as c:
        for fid in created:
            r = c.get(f"/v1/feedback/{fid}")
            if r.status_code != 200:
                missing.append(fid)
            elif fid in published and r.json()["state"] != "published":
                wrong_state.append(fid)
    # Every publish that was acknowledged ends with an email to the student.
    titles = set()
    with httpx.Client(base_url=env.url("feedback"), headers=headers, timeout=10) as c:
        for fid in published[-20:]:
            titles.add(c.get(f"/v1/feedback/{fid}").json()["title"])
    deadline = time.monotonic() + 60
    undelivered = set(titles)
    while undelivered and time.monotonic() < deadline:
        for student in STUDENTS:
            msgs = httpx.get(
                f"{env.url('notify')}/mailbox/api/messages", params={"to": student, "limit": 200}
            ).json()["messages"]
            for m in msgs:
                undelivered = {t for t in undelivered if t not in m["subject"]}
        if undelivered:
            time.sleep(0.5)
    record.measured = [
        f"victim: the {victim} process (pid {pid}), SIGKILL after 16 acknowledged writes",
        f"writes acknowledged with 201: {len(created)}; publishes acknowledged with 200: "
        f"{len(published)}; requests that failed while it was down: {failures}",
        f"restart to /ready: {restart_s:.1f} s",
        f"acknowledged writes missing afterwards: {len(missing)}; published ones not published: "
        f"{len(wrong_state)}",
        f"of the last {len(titles)} acknowledged publishes, emails not delivered within 60 s: "
        f"{len(undelivered)}",
    ]
    record.result = (
        "no acknowledged write lost, every checked notification delivered"
        if not (missing or wrong_state or undelivered)
        else "LOST: " + ", ".join(missing + wrong_state + sorted(undelivered))[:500]
    )
    assert created, "no write was acknowledged at all"
    assert not missing
    assert not wrong_state
    assert not undelivered


def test_notification_sigkill_under_load(drill_env: DrillEnv, record: Drill) -> None:
    """notification-service SIGKILLed under load: every email and code accepted before the kill is delivered.

    Eight concurrent callers create verifications (login codes) and notifications, each to an
    address of its own; the service gets SIGKILL once 40 were accepted, and is restarted. Every
    request that got a 2xx must end up in the dev mailbox."""
    env = drill_env
    run = int(time.time())
    accepted: list[str] = []
    load = Load()

    async def caller(n: int) -> None:
        i = 0
        async with httpx.AsyncClient(base_url=env.url("notify"), timeout=10) as c:
            while time.monotonic() < load.stop:
                i += 1
                to = f"drill-{run}-{n}-{i}@campus.local"
                if i % 2:
                    path, body, caller_name = (
                        "/v1/verifications",
                        {"to": to, "channel": "email", "purpose": "login"},
                        "auth-backend",
                    )
                else:
                    path, body, caller_name = (
                        "/v1/notifications",
                        {
                            "template": "password_changed",
                            "to": to,
                            "data": {"name": "Drill"},
                            "idempotency_key": f"drill-{run}-{n}-{i}",
                        },
                        "auth-backend",
                    )
                headers = {
                    "Authorization": f"Bearer {service_token(caller_name, 'notification-service')}"
                }
                if await load.post(c, path, ok={200, 201, 202}, json=body, headers=headers):
                    accepted.append(to)

    def reached() -> bool:
        return len(accepted) >= 40

    async def main() -> None:
        await asyncio.gather(
            load.kill_when(env, "notify", reached, then=1), *(caller(n) for n in range(8))
        )

    asyncio.run(main())
    restart_s = env.stack.restart("notify")
    began = time.monotonic()
    pending = set(accepted)
    with httpx.Client(base_url=env.url("notify"), timeout=10) as c:
        while pending and time.monotonic() - began < 90:
            for to in list(pending):
                msgs = c.get("/mailbox/api/messages", params={"to": to, "limit": 1}).json()
                if msgs["messages"]:
                    pending.discard(to)
            if pending:
                time.sleep(0.5)
    drained = time.monotonic() - began
    lost_codes = sorted(a for a in pending if int(a.split("@")[0].rsplit("-", 1)[1]) % 2)
    lost_emails = sorted(set(pending) - set(lost_codes))
    record.measured = [
        f"requests accepted (2xx) before the kill: {len(accepted)}; failed while down: {load.failures}",
        f"restart to /ready: {restart_s:.1f} s; all delivered {drained:.1f} s after that",
        f"accepted but never delivered (90 s limit): {len(pending)} "
        f"({len(lost_codes)} verifications, {len(lost_emails)} notifications)",
    ]
    record.result = (
        "every accepted email and code delivered"
        if not pending
        else f"{len(pending)} accepted messages lost: {sorted(pending)[:5]}"
    )
    assert accepted
    assert not pending
