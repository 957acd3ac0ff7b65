"""`make test-load`: start a stack of its own (PostgreSQL by default, other ports), run Locust
headless through the edge, and fail on any failed request.

    python -m loadtest.smoke [--users 20] [--seconds 60] [--backend postgresql|sqlite]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys

from campus_stack.stack import ROOT, VENV_BIN, Ports, Stack

# One address and nine accounts carry the whole load: the per-IP limits are raised for the run.
LOAD_ENV = {
    "RATE_LIMIT_LOGIN": "100000/minute",
    "RATE_LIMIT_MFA": "100000/minute",
    "CODE_MAX_SENDS_PER_WINDOW": "1000",
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--users", type=int, default=int(os.environ.get("LOAD_USERS", 20)))
    parser.add_argument("--seconds", type=int, default=int(os.environ.get("LOAD_SECONDS", 60)))
    parser.add_argument("--backend", default=os.environ.get("LOAD_DATABASE", "postgresql"))
    args = parser.parse_args(argv)
    ports = Ports(edge=21080, auth=21001, notify=21501, feedback=21000)
    stack = Stack(backend=args.backend, ports=ports, db_prefix="load", env_overrides=LOAD_ENV)
    print(f"==> starting a stack on {args.backend} (edge :{ports.edge})", flush=True)
    with stack:
        cmd = [
            str(VENV_BIN / "locust"),
            "-f",
            "loadtest/locustfile.py",
            "--headless",
            "--users",
            str(args.users),
            "--spawn-rate",
            str(max(1, args.users // 4)),
            "--run-time",
            f"{args.seconds}s",
            "--stop-timeout",
            "10",
            "--host",
            stack.url("edge"),
            "--only-summary",
            "--loglevel",
            "WARNING",
        ]
        env = {**os.environ, "NOTIFICATION_PORT": str(ports.notify)}
        print(f"==> locust: {args.users} users for {args.seconds} s through the edge", flush=True)
        code = subprocess.run(cmd, cwd=ROOT, env=env, check=False).returncode
        if code != 0:
            for name in ("auth", "notify", "feedback", "edge"):
                print(stack.tail(name, 15), file=sys.stderr)
        return code


if __name__ == "__main__":
    sys.exit(main())
