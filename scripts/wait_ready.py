"""Wait until every service of the local stack is ready, then print the URLs and demo accounts.

Run by `make run` as one of its processes: it exits non-zero (stopping the stack with a clear
message) when a service is not ready in time, and otherwise stays up quietly.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import time

import httpx

from campus_testing.demo import DEMO_ACCOUNTS, DEMO_PASSWORD


def targets() -> dict[str, str]:
    edge = os.environ.get("EDGE_PORT", "8080")
    return {
        "auth-backend": f"http://127.0.0.1:{os.environ.get('AUTH_PORT', '8001')}/ready",
        "notification-service": f"http://127.0.0.1:{os.environ.get('NOTIFICATION_PORT', '5001')}/ready",
        "feedback-service": f"http://127.0.0.1:{os.environ.get('FEEDBACK_PORT', '8000')}/ready",
        "edge (nginx)": f"http://127.0.0.1:{edge}/api/feedback/health",
    }


def wait(timeout: float) -> list[str]:
    pending = targets()
    deadline = time.monotonic() + timeout
    with httpx.Client(timeout=2.0) as client:
        while pending and time.monotonic() < deadline:
            # The edge is probed only once the services answer, so its log stays readable.
            services_up = all(n.startswith("edge") for n in pending)
            for name, url in list(pending.items()):
                if name.startswith("edge") and not services_up:
                    continue
                try:
                    if client.get(url).status_code == 200:
                        print(f"ready: {name}", flush=True)
                        del pending[name]
                except httpx.HTTPError:
                    pass
            if pending:
                time.sleep(0.5)
    return list(pending)


def banner() -> str:
    edge = os.environ.get("EDGE_PORT", "8080")
    notify = os.environ.get("NOTIFICATION_PORT", "5001")
    feedback = os.environ.get("FEEDBACK_PORT", "8000")
    width = max(len(a.email) for a in DEMO_ACCOUNTS)
    accounts = "\n".join(f"    {a.email:<{width}}  {a.role:<8} {a.name}" for a in DEMO_ACCOUNTS)
    return f"""
  Campus is running.

    Web app              http://localhost:{edge}
    Dev mailbox (codes)  http://localhost:{notify}/mailbox
    Notification status  http://localhost:{notify}/
    Feedback API docs    http://localhost:{feedback}/docs

  Demo accounts (password for all: {DEMO_PASSWORD}):
{accounts}

  Sign in, then read your 6-digit code in the dev mailbox. Ctrl-C stops everything.
"""


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--timeout", type=float, default=float(os.environ.get("READY_TIMEOUT", 90)))
    parser.add_argument("--banner", action="store_true", help="print URLs, then stay up")
    args = parser.parse_args()
    start = time.monotonic()
    not_ready = wait(args.timeout)
    if not_ready:
        print(
            f"error: not ready after {args.timeout:.0f}s: {', '.join(not_ready)}", file=sys.stderr
        )
        return 1
    print(f"all services ready in {time.monotonic() - start:.1f}s", flush=True)
    if args.banner:
        print(banner(), flush=True)
        signal.sigwait({signal.SIGINT, signal.SIGTERM})
    return 0


if __name__ == "__main__":
    sys.exit(main())
