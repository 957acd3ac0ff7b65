"""Login + code + tokens alone, against the argon2id floor measured in the same run.

Starts its own stack on PostgreSQL (ports 26080/26001/26501/26000, databases campus_benchlogin_*),
measures `micro.hash_floor()`, then runs `scenarios.login_flows` and prints flows/s, p50/p99,
errors, the ratio to the floor, the RSS of auth-backend before and after, and the CPU seconds
each process spent per flow (the arithmetic of what is left outside argon2).

Usage: python -m bench.login_only [--duration S] [--users N] [--rounds N] [--profile auth|notify]
                                  [--env KEY=VALUE ...]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import tempfile
import time
from pathlib import Path

from bench import micro, scenarios
from bench.cpu import cpu_seconds, postgres_cpu
from bench.rss import rss_mib
from bench.runner import BENCH_ENV
from campus_stack.stack import VENV_BIN, Ports, Stack

PORTS = Ports(edge=26080, auth=26001, notify=26501, feedback=26000)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--duration", type=float, default=10.0)
    parser.add_argument("--users", type=int, default=None, help="concurrent users (default: 9)")
    parser.add_argument("--rounds", type=int, default=1, help="login rounds, floor before each")
    parser.add_argument("--profile", choices=("auth", "notify"), default=None)
    parser.add_argument(
        "--env", action="append", default=[], metavar="KEY=VALUE", help="extra service setting"
    )
    args = parser.parse_args(argv)
    extra = dict(item.split("=", 1) for item in args.env)

    stack = Stack(
        backend="postgresql",
        ports=PORTS,
        db_prefix="benchlogin",
        env_overrides={**BENCH_ENV, **extra},
    )
    with stack:
        auth, notify = stack.url("auth"), stack.url("notify")
        rss_idle = rss_mib(stack.pid("auth"))
        scenarios.login_flows(auth, notify, duration=2.0, users=args.users)  # warm-up
        for rnd in range(args.rounds):
            floor = micro.hash_floor(seconds=5)
            cpu0 = {n: cpu_seconds(stack.pid(n)) for n in ("auth", "notify")}
            self0 = sum(os.times()[:2])
            pg0 = postgres_cpu(stack.db_prefix)
            spy = None
            out = Path(tempfile.gettempdir()) / f"login-{args.profile}-{os.getpid()}.txt"
            if args.profile:
                spy = subprocess.Popen(
                    [
                        str(VENV_BIN / "py-spy"),
                        "record",
                        "--pid",
                        str(stack.pid(args.profile)),
                        "--duration",
                        str(int(args.duration)),
                        "--rate",
                        "100",
                        "--format",
                        "raw",
                        "--output",
                        str(out),
                        "--nonblocking",
                        "--threads",
                    ],
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
                time.sleep(0.3)
            flows = scenarios.login_flows(auth, notify, duration=args.duration, users=args.users)
            if spy is not None:
                spy.wait(timeout=args.duration + 30)
            cpu = {n: cpu_seconds(stack.pid(n)) - cpu0[n] for n in cpu0}
            cpu["postgres"] = postgres_cpu(stack.db_prefix) - pg0
            cpu["client"] = sum(os.times()[:2]) - self0
            ratio = flows.per_s / floor.hashes_per_s
            per_flow = ", ".join(
                f"{n} {c / max(flows.flows, 1) * 1000:.1f} ms" for n, c in cpu.items()
            )
            print(
                f"round {rnd + 1}: {flows.per_s:.1f} flows/s, p50 {flows.p50_ms:.0f} ms, "
                f"p99 {flows.p99_ms:.0f} ms, {flows.errors} errors, {flows.flows} flows in "
                f"{flows.seconds:.1f} s ({flows.users} users)\n"
                f"  floor {floor.hashes_per_s:.1f} hashes/s (m={floor.memory_kib} KiB, "
                f"t={floor.time_cost}, p={floor.parallelism}, {floor.threads} threads; one verify "
                f"{floor.one_hash_ms:.0f} ms) -> ratio {ratio:.0%}\n"
                f"  CPU per flow: {per_flow}"
                + (f"\n  first error: {flows.first_error}" if flows.first_error else ""),
                flush=True,
            )
            if spy is not None and out.exists():
                print(f"  py-spy raw profile of {args.profile}: {out}")
        rss_after = rss_mib(stack.pid("auth"))
        print(f"auth-backend RSS: {rss_idle:.0f} MiB idle -> {rss_after:.0f} MiB after the load")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
