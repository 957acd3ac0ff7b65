"""Fault drill, database down: PostgreSQL stopped for 20 seconds (restarted even when the test
fails)."""

from __future__ import annotations

import os
import subprocess
import time

import httpx

from .conftest import Drill, DrillEnv, draft, rubric_scores

PG_VERSION = os.environ.get("PG_CLUSTER_VERSION") or (
    sorted(os.listdir("/etc/postgresql"))[0] if os.path.isdir("/etc/postgresql") else ""
)


def pg_ctl(action: str) -> None:
    subprocess.run(
        ["pg_ctlcluster", "--skip-systemctl-redirect", PG_VERSION, "main", action],
        check=True,
        timeout=60,
    )


def pg_up() -> bool:
    return subprocess.run(["pg_isready", "-q", "-h", "127.0.0.1"], check=False).returncode == 0


def test_postgres_stopped_for_20_seconds(drill_env: DrillEnv, record: Drill) -> None:
    """PostgreSQL stopped for 20 s, then restarted: /ready says 503 meanwhile, the services recover without a restart, no committed data lost.

    Feedback is written and acknowledged first; then the PostgreSQL cluster is stopped with
    `pg_ctlcluster ... stop` and started again after 20 s (in a `finally`, so it always comes
    back). Every second meanwhile each service's /ready and a feedback list are probed."""
    env = drill_env
    scores = rubric_scores(env)
    headers = env.bearer("mentor")
    ids = []
    with httpx.Client(base_url=env.url("feedback"), headers=headers, timeout=10) as c:
        for i in range(20):
            r = c.post("/v1/feedback", json=draft(i, f"Before the outage {i}", scores, 5))
            assert r.status_code == 201, r.text
            ids.append(r.json()["id"])
    pids = {n: env.stack.pid(n) for n in ("auth", "notify", "feedback")}
    probes: dict[str, list[int]] = {n: [] for n in ("auth", "notify", "feedback", "list")}
    slowest = 0.0
    recovered_s = -1.0
    pg_ctl("stop")
    try:
        assert not pg_up()
        stop_at = time.monotonic() + 20
        with httpx.Client(timeout=10) as c:
            while time.monotonic() < stop_at:
                for n in ("auth", "notify", "feedback"):
                    t = time.monotonic()
                    probes[n].append(c.get(f"{env.url(n)}/ready").status_code)
                    slowest = max(slowest, time.monotonic() - t)
                t = time.monotonic()
                probes["list"].append(
                    c.get(f"{env.url('feedback')}/v1/feedback", headers=headers).status_code
                )
                slowest = max(slowest, time.monotonic() - t)
                time.sleep(1)
    finally:
        pg_ctl("start")
        for _ in range(60):
            if pg_up():
                break
            time.sleep(0.5)
    began = time.monotonic()
    with httpx.Client(timeout=5) as c:
        pending = {"auth", "notify", "feedback"}
        while pending and time.monotonic() - began < 60:
            for n in list(pending):
                try:
                    if c.get(f"{env.url(n)}/ready").status_code == 200:
                        pending.discard(n)
                except httpx.HTTPError:
                    pass
            time.sleep(0.2)
        recovered_s = time.monotonic() - began if not pending else -1.0
        missing = [
            fid
            for fid in ids
            if c.get(f"{env.url('feedback')}/v1/feedback/{fid}", headers=headers).status_code != 200
        ]
        after = c.post(
            f"{env.url('feedback')}/v1/feedback",
            headers=headers,
            json=draft(0, "After the outage", scores, 5),
        ).status_code
    same_pids = all(
        env.stack.procs[n].poll() is None and env.stack.pid(n) == p for n, p in pids.items()
    )

    def summary(codes: list[int]) -> str:
        return ", ".join(f"{code} x{codes.count(code)}" for code in sorted(set(codes)))

    record.measured = [
        f"/ready during the outage: auth {summary(probes['auth'])}; notification "
        f"{summary(probes['notify'])}; feedback {summary(probes['feedback'])}",
        f"GET /v1/feedback during the outage: {summary(probes['list'])}; slowest answer "
        f"{slowest:.1f} s",
        f"all /ready green {recovered_s:.1f} s after PostgreSQL was started again; same "
        f"processes (no restart): {same_pids}",
        f"feedback written before the outage and missing after: {len(missing)} of {len(ids)}; "
        f"a new write after recovery: {after}",
    ]
    ready_ok = all(code == 503 for n in ("auth", "notify", "feedback") for code in probes[n])
    api_ok = all(code < 500 or code == 503 for code in probes["list"])
    record.result = (
        "503 while down, recovered without restart, nothing lost"
        if ready_ok and api_ok and recovered_s >= 0 and same_pids and not missing and after == 201
        else "recovered without restart and nothing lost, but the API answered "
        + summary(probes["list"])
        + " while the database was down (a 503 problem with Retry-After is expected)"
        if not api_ok and ready_ok and not missing
        else "see the measurements"
    )
    assert ready_ok, probes
    assert all(code < 500 or code == 503 for code in probes["list"]), probes["list"]
    assert recovered_s >= 0
    assert same_pids
    assert not missing
    assert after == 201
