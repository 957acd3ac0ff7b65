"""Where the time of one feedback list request goes, without the network: the real feedback app
in-process (httpx ASGITransport, its lifespan run) against a running stack's database, auth
directory and JWKS, profiled with pyinstrument over many sequential requests.

    python -m bench.profile_list [--requests 500]   (starts its own stack on PostgreSQL)
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import time

import httpx
from asgi_lifespan import LifespanManager
from pyinstrument import Profiler

from bench import scenarios
from campus_stack.stack import Ports, Stack


async def profile(stack: Stack, token: str, requests: int) -> tuple[str, float]:
    os.environ["DATABASE_URL"] = stack.env["FEEDBACK_DATABASE_URL"]
    for var in ("AUTH_URL", "NOTIFICATION_URL", "JWKS_URL"):
        os.environ[var] = stack.env[var]
    os.environ["RELAY_ENABLED"] = "false"
    os.environ["LOG_LEVEL"] = "INFO"
    from feedback_service.main import create_app
    from feedback_service.settings import Settings

    app = create_app(Settings())
    async with LifespanManager(app) as manager:
        transport = httpx.ASGITransport(app=manager.app)
        async with httpx.AsyncClient(transport=transport, base_url="http://feedback") as client:
            headers = {"Authorization": f"Bearer {token}"}
            for _ in range(50):
                r = await client.get("/v1/feedback?limit=20", headers=headers)
                assert r.status_code == 200, r.text
                assert len(r.json()["items"]) == 20
            profiler = Profiler(interval=0.0005, async_mode="enabled")
            start = time.perf_counter()
            profiler.start()
            for _ in range(requests):
                await client.get("/v1/feedback?limit=20", headers=headers)
            profiler.stop()
            per_request_ms = (time.perf_counter() - start) / requests * 1000
    return profiler.output_text(unicode=True, color=False, show_all=False), per_request_ms


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=500)
    args = parser.parse_args(argv)
    stack = Stack(
        ports=Ports(edge=27080, auth=27001, notify=27501, feedback=27000),
        db_prefix="profile",
        services=("auth", "notify", "feedback"),
        env_overrides={"CODE_MAX_SENDS_PER_WINDOW": "1000", "ACCESS_TOKEN_TTL": "PT2H"},
    )
    with stack:
        urls = {n: stack.url(n) for n in ("auth", "notify", "feedback")}
        mentor = scenarios.token_for(urls, scenarios.MENTOR)
        student = scenarios.token_for(urls, scenarios.STUDENT)
        rubric = httpx.get(
            f"{urls['feedback']}/v1/rubric", headers={"Authorization": f"Bearer {mentor}"}
        ).json()
        scenarios.create_publish(urls["feedback"], mentor, rubric, duration=5, connections=10)
        text, ms = asyncio.run(profile(stack, student, args.requests))
    print(f"{ms:.2f} ms per request in-process, sequential, {args.requests} requests\n")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
