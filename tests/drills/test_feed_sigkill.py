"""Fault drill, SIGKILL: the notification service killed while the outbox relay streams feed
events to it."""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from typing import Any

import httpx

from campus_stack.flows import newest_message_id, role_tokens
from campus_testing.demo import DEMO_PASSWORD

from .conftest import STUDENTS, Drill, DrillEnv, Load, draft, rubric_scores


async def feed_links(client: httpx.AsyncClient, token: str) -> list[str]:
    """Every item link in one user's feed (all pages)."""
    links: list[str] = []
    cursor: str | None = None
    while True:
        params: dict[str, Any] = {"limit": 100}
        if cursor:
            params["cursor"] = cursor
        r = await client.get(
            "/v1/feed", params=params, headers={"Authorization": f"Bearer {token}"}
        )
        r.raise_for_status()
        page = r.json()
        links += [str(i["link"]) for i in page["items"] if i["link"]]
        cursor = page["next_cursor"]
        if not cursor:
            return links


async def feed_counts(env: DrillEnv, tokens: dict[str, str]) -> Counter[str]:
    """How many feed items each feedback link has, over the students' feeds."""
    async with httpx.AsyncClient(base_url=env.url("notify"), timeout=10) as c:
        pages = await asyncio.gather(*(feed_links(c, t) for t in tokens.values()))
    return Counter(link for links in pages for link in links)


def test_feed_sigkill_mid_stream(drill_env: DrillEnv, record: Drill) -> None:
    """notification-service SIGKILLed mid-stream of feed events: each published feedback is in the student's feed once and emailed once.

    Four writers create and publish feedback for Maria's students; the relay of feedback-service
    posts a feed event and a "published" email for each to notification-service, which gets
    SIGKILL once 12 of this drill's feed items are stored; the writers go on for 2 s, then it is
    restarted and the relay retries what it could not deliver (or did not hear back about).
    Then every published feedback must be in its student's feed (read through the feed API as the
    student) exactly once, and in the dev mailbox exactly once."""
    env = drill_env
    scores = rubric_scores(env)
    run = int(time.time())
    tokens = role_tokens(env.stack, {s: s for s in STUDENTS}, DEMO_PASSWORD)

    async def newest() -> dict[str, str | None]:
        async with httpx.AsyncClient(timeout=10) as c:
            ids = await asyncio.gather(
                *(newest_message_id(c, env.url("notify"), s) for s in STUDENTS)
            )
        return dict(zip(STUDENTS, ids, strict=True))

    before = asyncio.run(newest())
    published: dict[str, str] = {}  # feedback id -> title
    load = Load()
    accepted = 0
    pid = env.stack.pid("notify")

    async def writer(n: int) -> None:
        i = 0
        async with httpx.AsyncClient(
            base_url=env.url("feedback"), headers=env.bearer("mentor"), timeout=10
        ) as c:
            while time.monotonic() < load.stop:
                i += 1
                title = f"Feed drill {run} {n}-{i:03d}"  # no title inside another
                r = await load.post(c, "/v1/feedback", ok={201}, json=draft(i + n, title, scores))
                if r is None:
                    await asyncio.sleep(0.05)
                    continue
                fid = r.json()["id"]
                if await load.post(c, f"/v1/feedback/{fid}/publish", ok={200}):
                    published[fid] = title

    async def watch() -> None:
        """Counts this drill's items in the feeds while the service answers."""
        nonlocal accepted
        while time.monotonic() < load.stop and accepted < 12:
            try:
                counts = await feed_counts(env, tokens)
            except httpx.HTTPError:
                return
            accepted = sum(counts[f"/feedback/{fid}"] for fid in list(published))
            await asyncio.sleep(0.1)

    async def main() -> None:
        await asyncio.gather(
            load.kill_when(env, "notify", lambda: accepted >= 12, then=2),
            watch(),
            *(writer(n) for n in range(4)),
        )

    asyncio.run(main())
    accepted_at_kill = accepted
    restart_s = env.stack.restart("notify")
    began = time.monotonic()
    links = {f"/feedback/{fid}": fid for fid in published}
    counts: Counter[str] = Counter()
    while time.monotonic() - began < 60:
        counts = asyncio.run(feed_counts(env, tokens))
        if all(counts[link] >= 1 for link in links):
            break
        time.sleep(0.5)
    feed_s = time.monotonic() - began
    # Emails: one "published" message per feedback, counted by its (unique) title.
    subjects: Counter[str] = Counter()
    titles = set(published.values())
    while time.monotonic() - began < 90:
        subjects = Counter()
        for student in STUDENTS:
            params: dict[str, Any] = {"to": student, "limit": 200}
            if before[student]:
                params["newer_than"] = before[student]
            msgs = httpx.get(f"{env.url('notify')}/mailbox/api/messages", params=params).json()
            for m in msgs["messages"]:
                for t in titles:
                    if t in m["subject"]:
                        subjects[t] += 1
        if all(subjects[t] >= 1 for t in titles):
            break
        time.sleep(0.5)
    mail_s = time.monotonic() - began
    # A late retry would show up as a second item or email: look once more after the relay's
    # longest back-off.
    time.sleep(3)
    counts = asyncio.run(feed_counts(env, tokens))
    missing_feed = sorted(fid for link, fid in links.items() if counts[link] == 0)
    twice_feed = sorted(fid for link, fid in links.items() if counts[link] > 1)
    missing_mail = sorted(t for t in titles if subjects[t] == 0)
    twice_mail = sorted(t for t in titles if subjects[t] > 1)
    record.measured = [
        f"victim: the notify process (pid {pid}), SIGKILL after {accepted_at_kill} of the "
        f"drill's feed items were stored",
        f"feedback published (200): {len(published)}; requests that failed while it was down: "
        f"{load.failures}",
        f"restart to /ready: {restart_s:.1f} s; every feed item there {feed_s:.1f} s and every "
        f"email {mail_s:.1f} s after that",
        f"feed items missing: {len(missing_feed)}; shown twice or more: {len(twice_feed)}",
        f"'published' emails missing: {len(missing_mail)}; sent twice or more: {len(twice_mail)}",
    ]
    record.result = (
        "every published feedback in the student's feed once and emailed once"
        if not (missing_feed or twice_feed or missing_mail or twice_mail)
        else "NOT EXACTLY ONCE: "
        + ", ".join(
            [f"feed missing {f}" for f in missing_feed]
            + [f"feed twice {f}" for f in twice_feed]
            + [f"mail missing {t}" for t in missing_mail]
            + [f"mail twice {t}" for t in twice_mail]
        )[:500]
    )
    assert accepted_at_kill >= 12, "the kill came before the stream reached the service"
    assert published
    assert not missing_feed
    assert not twice_feed
    assert not missing_mail
    assert not twice_mail
