"""`make bench`: every figure of docs/benchmarks.md, each with its same-run baseline.

Usage: python -m bench.run [--duration SECONDS] [--skip-startup] [--no-profile] [--only sse]

`--only NAME` runs that one scenario on a stack of its own and prints its rows; docs/benchmarks.md
is written by the full run only (a partial run would drop the other rows).
"""

from __future__ import annotations

import argparse
import os
import sys

from bench import report, runner, scenarios, sse
from bench.runner import BENCH_ENV, say
from campus_stack.stack import ROOT, Ports, Stack
from campus_testing.demo import demo_user_id

ONLY = ("sse",)


def only(name: str) -> int:
    """One scenario on a stack of its own (the full run's ports and environment); its rows are
    printed, not written."""
    rep = report.Report(command=f"python -m bench.run --only {name}", generator="")
    stack = Stack(backend="postgresql", ports=Ports(), db_prefix="bench", env_overrides=BENCH_ENV)
    say("starting the stack on PostgreSQL (ports 28080/28001/25001/28000)")
    with stack:
        urls = {n: stack.url(n) for n in ("auth", "notify")}
        student = scenarios.token_for(urls, scenarios.STUDENT)
        say(f"{sse.STREAMS:,} idle live-update streams, then one event to all")
        sse.scenario(rep, stack, student, str(demo_user_id(scenarios.STUDENT)))
    for r in rep.rows:
        print(f"  {r.figure}: {r.measured} [{r.baseline}; {r.ratio}] target {r.target} met={r.met}")
        print(f"    {r.note}")
    return 0 if all(r.met is not False for r in rep.rows) else 1


__all__ = ["BENCH_ENV", "main"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--duration", type=float, default=float(os.environ.get("BENCH_DURATION", 10))
    )
    parser.add_argument("--skip-startup", action="store_true")
    parser.add_argument("--no-profile", action="store_true")
    parser.add_argument("--export-rows", type=int, default=10_000)
    parser.add_argument("--only", choices=ONLY, help="just this scenario; prints, writes nothing")
    args = parser.parse_args(argv)
    if args.only:
        return only(args.only)
    d = args.duration
    load_start = os.getloadavg()[0]

    rep = report.Report(
        command="make bench" + (f" (BENCH_DURATION={d:g})" if d != 10 else ""),
        generator=(
            f"wrk (Debian's), 2 threads, {d:g} s per run, on the same 2 cores as the services; the "
            "login flows use a Python asyncio client (httpx), also on those cores"
        ),
    )

    runner.token_check(rep)
    runner.on_stack(rep, args)
    if not args.skip_startup:
        runner.startup(rep)

    analysis = ROOT / "bench" / "analysis.md"
    if analysis.exists():
        rep.section("Findings and what to change", analysis.read_text(encoding="utf-8"))
    rep.section(
        "Load on the machine during the run",
        f"1-minute load average at the start {load_start:.1f}, at the end "
        f"{os.getloadavg()[0]:.1f} (2 cores; other work shared them).",
    )
    path = report.write(rep)
    say(f"wrote {path.relative_to(ROOT)}")
    for r in rep.rows:
        print(f"  {r.figure}: {r.measured} [{r.ratio}] target {r.target} met={r.met}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
