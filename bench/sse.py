"""Idle live-update connections: 1,000 Server-Sent Events streams held open to
notification-service (direct, not through the edge), the RSS they cost and how long one new
feed event takes to reach all of them, each against a baseline of the same run (the RSS before
they opened, the same event reaching one stream alone).

All streams belong to one user (a student with 1,000 tabs, as it were): that is how a single
event reaches every one of them, and it is the hub's worst case, every queue of one user woken
at once. The client is one asyncio process with raw sockets (HTTP/1.1, one request per
connection), on the same cores as the service.

Runnable alone: `python -m bench.run --only sse`.
"""

from __future__ import annotations

import asyncio
import contextlib
import resource
import statistics
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import httpx

from bench.report import Report, Row
from bench.rss import rss_mib
from campus_common.service_tokens import mint_service_token
from campus_common.settings import DEV_SERVICE_TOKEN_SECRET
from campus_stack.stack import Stack

STREAMS = 1000
OPEN_AT_ONCE = 100  # connections opened concurrently (below uvicorn's listen backlog)
SETTLE_S = 3.0
RSS_TARGET_MB = 50
FANOUT_TARGET_S = 2.0


def raise_fd_limit(need: int) -> tuple[int, int]:
    """Raise this process's soft limit of open files to `need` (at most the hard limit): the
    client holds one socket per stream. The service inherits the shell's limit (`ulimit -n`),
    checked in `measure`. Returns the (soft, hard) limits now in force."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < need:
        target = need if hard == resource.RLIM_INFINITY else min(need, hard)
        resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
    return resource.getrlimit(resource.RLIMIT_NOFILE)


@dataclass
class Stream:
    """One open stream: the raw connection and what it read past the last marker found."""

    reader: asyncio.StreamReader
    writer: asyncio.StreamWriter
    buffer: bytes = b""

    async def read_until(self, marker: bytes, *, timeout: float) -> float:
        """Read until `marker` shows past the previous one found; the time it did."""
        async with asyncio.timeout(timeout):
            while marker not in self.buffer:
                chunk = await self.reader.read(65536)
                if not chunk:
                    raise ConnectionError("the stream closed")
                self.buffer += chunk
        self.buffer = self.buffer.split(marker, 1)[1]
        return time.perf_counter()

    def close(self) -> None:
        self.writer.close()


async def open_stream(url: str, token: str) -> Stream:
    """GET /v1/feed/stream on a socket of its own, read up to the first event (the unread
    count the stream sends at once)."""
    parts = urlsplit(url)
    reader, writer = await asyncio.open_connection(parts.hostname, parts.port)
    writer.write(
        (
            f"GET /v1/feed/stream HTTP/1.1\r\nHost: {parts.netloc}\r\n"
            f"Authorization: Bearer {token}\r\nAccept: text/event-stream\r\n\r\n"
        ).encode()
    )
    await writer.drain()
    stream = Stream(reader, writer)
    await stream.read_until(b"event: unread", timeout=30)
    return stream


async def send_event(
    client: httpx.AsyncClient, user_id: str, service_token: str
) -> tuple[float, float]:
    """One new feed item for `user_id`, as feedback-service's relay posts it; the time just
    before the request went out, and the seconds it took to answer."""
    started = time.perf_counter()
    r = await client.post(
        "/v1/events",
        json={
            "id": f"bench-sse-{uuid.uuid4()}",
            "user_id": user_id,
            "type": "message_posted",
            "title": "A new message on your feedback",
            "link": "/feedback/bench",
        },
        headers={"Authorization": f"Bearer {service_token}"},
    )
    r.raise_for_status()
    return started, time.perf_counter() - started


@dataclass
class Fanout:
    streams: int
    rss_before: float
    rss_open: float
    one_stream_ms: float
    all_item_s: float
    first_item_s: float
    median_item_s: float
    answer_s: float
    all_unread_s: float
    open_s: float
    fd_soft: int
    lost: int = 0

    @property
    def rss_rise(self) -> float:
        return self.rss_open - self.rss_before


async def _measure(notify_url: str, token: str, user_id: str, pid: int, n: int) -> Fanout:
    soft, _ = raise_fd_limit(n + 256)
    service_token = mint_service_token(
        secret=DEV_SERVICE_TOKEN_SECRET,
        caller="feedback-service",
        audience="notification-service",
        ttl_seconds=3600,
    )
    async with httpx.AsyncClient(base_url=notify_url, timeout=30) as client:
        # Baseline: one stream alone, five events, the median time for one to arrive.
        alone = []
        for _ in range(5):
            one = await open_stream(notify_url, token)
            waiting = asyncio.ensure_future(one.read_until(b"event: item", timeout=10))
            started, _ = await send_event(client, user_id, service_token)
            alone.append(await waiting - started)
            one.close()
        await asyncio.sleep(SETTLE_S)
        rss_before = rss_mib(pid)

        streams: list[Stream] = []
        began = time.perf_counter()
        for i in range(0, n, OPEN_AT_ONCE):
            batch = min(OPEN_AT_ONCE, n - i)
            streams += await asyncio.gather(*(open_stream(notify_url, token) for _ in range(batch)))
        open_s = time.perf_counter() - began
        await asyncio.sleep(SETTLE_S)
        rss_open = rss_mib(pid)

        # Every stream reads while the event is sent (not after the POST is answered).
        reading = [asyncio.ensure_future(s.read_until(b"event: item", timeout=30)) for s in streams]
        await asyncio.sleep(0)
        started, answer_s = await send_event(client, user_id, service_token)
        items = await asyncio.gather(*reading, return_exceptions=True)
        unread = await asyncio.gather(
            *(s.read_until(b"event: unread", timeout=30) for s in streams), return_exceptions=True
        )
        for s in streams:
            s.close()
    arrived = [t - started for t in items if isinstance(t, float)]
    counted = [t - started for t in unread if isinstance(t, float)]
    lost = n - len(arrived)
    return Fanout(
        streams=n,
        rss_before=rss_before,
        rss_open=rss_open,
        one_stream_ms=statistics.median(alone) * 1000,
        all_item_s=max(arrived) if arrived else float("inf"),
        first_item_s=min(arrived) if arrived else float("inf"),
        median_item_s=statistics.median(arrived) if arrived else float("inf"),
        answer_s=answer_s,
        all_unread_s=max(counted) if counted else float("inf"),
        open_s=open_s,
        fd_soft=soft,
        lost=lost,
    )


def measure(notify_url: str, token: str, user_id: str, pid: int, n: int = STREAMS) -> Fanout:
    return asyncio.run(_measure(notify_url, token, user_id, pid, n))


def service_fd_limit(pid: int) -> int:
    """The soft open-files limit of the service process (inherited from `ulimit -n`)."""
    with contextlib.suppress(OSError, ValueError):
        for line in Path(f"/proc/{pid}/limits").read_text().splitlines():
            if line.startswith("Max open files"):
                return int(line.split()[3])
    return 0


def add_rows(rep: Report, fo: Fanout, service_fds: int) -> None:
    rise_mb = fo.rss_rise * 1.048576
    rep.add(
        Row(
            f"{fo.streams:,} idle live-update (SSE) streams: notification-service RSS rise",
            f"{fo.rss_rise:.1f} MiB ({fo.rss_before:.0f} → {fo.rss_open:.0f} MiB), "
            f"{fo.rss_rise * 1024 / fo.streams:.0f} KiB per stream",
            baseline=f"RSS before they opened {fo.rss_before:.0f} MiB",
            ratio=f"+{fo.rss_rise / fo.rss_before:.0%}" if fo.rss_before else "—",
            target=f"< {RSS_TARGET_MB} MB",
            met=rise_mb < RSS_TARGET_MB and fo.lost == 0,
            note=f"{fo.streams:,} streams of one user, opened {OPEN_AT_ONCE} at a time in "
            f"{fo.open_s:.1f} s straight to notification-service (the edge's nginx, "
            "`worker_connections 512`, holds two connections per stream); RSS of the process "
            f"{SETTLE_S:g} s after the last opened. Open-files limits: the client raised its "
            f"own to {fo.fd_soft:,} (`resource.setrlimit`), the service ran with {service_fds:,}.",
        )
    )
    rep.add(
        Row(
            f"A new feed event reaching all {fo.streams:,} open streams",
            f"{fo.all_item_s * 1000:,.0f} ms for the last (first {fo.first_item_s * 1000:,.0f} "
            f"ms, median {fo.median_item_s * 1000:,.0f} ms), {fo.lost} missed",
            baseline=f"one stream alone {fo.one_stream_ms:.0f} ms",
            ratio=f"{fo.all_item_s * 1000 / fo.one_stream_ms:.0f} times"
            if fo.one_stream_ms
            else "—",
            target=f"< {FANOUT_TARGET_S:g} s",
            met=fo.all_item_s < FANOUT_TARGET_S and fo.lost == 0,
            note="from just before `POST /v1/events` (as feedback-service's relay sends it) to "
            "the `event: item` line on the last stream; the one-stream baseline is the median "
            "of five such events with a single stream open. The POST was answered after "
            f"{fo.answer_s * 1000:,.0f} ms; the unread count that follows the item had reached "
            f"every stream after {fo.all_unread_s * 1000:,.0f} ms. The streams of one user "
            "share one unread-count query per update (`FeedHub.unread_count`); when each ran "
            "its own, the thousand queries held up the POST's answer and the last item came "
            "after 2.3 s.",
        )
    )


def scenario(rep: Report, stack: Stack, token: str, user_id: str) -> None:
    """The two rows, measured on a running stack with `token` (of `user_id`)."""
    pid = stack.pid("notify")
    fo = measure(stack.url("notify"), token, user_id, pid)
    add_rows(rep, fo, service_fd_limit(pid))
