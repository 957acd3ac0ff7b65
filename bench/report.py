"""Writes docs/benchmarks.md (table, machine, command, notes) and docs/benchmarks/*.png."""

from __future__ import annotations

import os
import platform
import subprocess
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "benchmarks.md"
CHART_DIR = ROOT / "docs" / "benchmarks"


@dataclass
class Row:
    """One figure: what was measured, its baseline from the same run, and the target."""

    figure: str
    measured: str
    baseline: str = "—"
    ratio: str = "—"
    target: str = "—"
    met: bool | None = None
    note: str = ""


@dataclass
class Report:
    command: str
    generator: str
    rows: list[Row] = field(default_factory=list)
    memory: dict[str, tuple[float, float]] = field(default_factory=dict)
    throughput: dict[str, float] = field(default_factory=dict)
    p99: dict[str, float] = field(default_factory=dict)
    sections: list[tuple[str, str]] = field(default_factory=list)
    started: datetime = field(default_factory=lambda: datetime.now(UTC))

    def add(self, row: Row) -> Row:
        self.rows.append(row)
        print(f"  -> {row.figure}: {row.measured} [{row.ratio}] met={row.met}", flush=True)
        return row

    def section(self, title: str, body: str) -> None:
        self.sections.append((title, body))


def _run(cmd: list[str]) -> str:
    try:
        return subprocess.run(cmd, capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def machine() -> str:
    model = "unknown CPU"
    flags_mhz = ""
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name") and model == "unknown CPU":
                model = line.split(":", 1)[1].strip()
            if line.startswith("cpu MHz") and not flags_mhz:
                flags_mhz = line.split(":", 1)[1].strip()
    nproc = _run(["nproc"])
    free = _run(["free", "-m"])
    pg = _run(
        [
            "psql",
            os.environ.get("TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"),
            "-tAc",
            "show server_version",
        ]
    )
    wrk = _run(["dpkg-query", "-W", "-f=${Version}", "wrk"])
    return "\n".join(
        [
            f"- CPU: {model} ({flags_mhz} MHz), `nproc` = {nproc}",
            f"- Kernel: {platform.system()} {platform.release()}; Python {platform.python_version()}; "
            f"PostgreSQL {pg}; wrk {wrk} (Debian)",
            "- `free -m`:",
            "",
            "```",
            free,
            "```",
        ]
    )


def _mark(met: bool | None) -> str:
    return {True: "yes", False: "**no**", None: "—"}[met]


def chart(report: Report) -> list[str]:
    """Two PNGs: throughput and p99 per scenario, RSS per service idle and after load."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    CHART_DIR.mkdir(parents=True, exist_ok=True)
    written = []
    if report.throughput:
        fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4.2))
        names = list(report.throughput)
        left.barh(names, [report.throughput[n] for n in names], color="#1f5fae")
        left.set_xlabel("requests/s (one uvicorn worker)")
        left.set_title("Throughput, same run")
        left.invert_yaxis()
        p_names = [n for n in names if n in report.p99]
        right.barh(p_names, [report.p99[n] for n in p_names], color="#c0504d")
        right.axvline(50, color="black", linestyle="--", linewidth=1, label="feedback list target")
        right.set_xlabel("p99 latency (ms)")
        right.set_title("Tail latency at 50 connections")
        right.invert_yaxis()
        right.legend(loc="lower right", fontsize=8)
        fig.tight_layout()
        path = CHART_DIR / "throughput.png"
        fig.savefig(path, dpi=110)
        plt.close(fig)
        written.append(path.name)
    if report.memory:
        fig, ax = plt.subplots(figsize=(7, 3.6))
        services = list(report.memory)
        idle = [report.memory[s][0] for s in services]
        after = [report.memory[s][1] for s in services]
        x = range(len(services))
        ax.bar([i - 0.2 for i in x], idle, width=0.4, label="idle", color="#8db3e2")
        ax.bar([i + 0.2 for i in x], after, width=0.4, label="after load", color="#1f5fae")
        ax.set_xticks(list(x), services)
        ax.set_ylabel("RSS (MiB)")
        ax.set_title("Memory per service")
        ax.legend()
        fig.tight_layout()
        path = CHART_DIR / "memory.png"
        fig.savefig(path, dpi=110)
        plt.close(fig)
        written.append(path.name)
    return written


def write(report: Report) -> Path:
    charts = chart(report)
    lines = [
        "# Benchmarks",
        "",
        f"Made by `{report.command}` on {report.started:%Y-%m-%d %H:%M} UTC. Every ratio compares two "
        "figures measured in the same run on the same cores, so it holds on a noisy machine; the "
        "absolute numbers move with whatever else the machine is doing.",
        "",
        f"Load generator: {report.generator}.",
        "",
        "| figure | measured | baseline (same run) | ratio | target | met |",
        "|---|---|---|---|---|---|",
    ]
    for r in report.rows:
        lines.append(
            f"| {r.figure} | {r.measured} | {r.baseline} | {r.ratio} | {r.target} | {_mark(r.met)} |"
        )
    notes = [r for r in report.rows if r.note]
    if notes:
        lines += ["", "Notes on the rows:", ""]
        lines += [f"- **{r.figure}**: {r.note}" for r in notes]
    if charts:
        lines += [""] + [f"![{c}](benchmarks/{c})" for c in charts]
    if report.memory:
        lines += [
            "",
            "## Memory (RSS, MiB)",
            "",
            "| service | idle | after the load |",
            "|---|---|---|",
        ]
        for svc, (idle, after) in report.memory.items():
            lines.append(f"| {svc} | {idle:.1f} | {after:.1f} |")
    for title, body in report.sections:
        lines += ["", f"## {title}", "", body.rstrip()]
    lines += ["", "## Machine", "", machine(), ""]
    DOC.write_text("\n".join(lines), encoding="utf-8")
    return DOC
