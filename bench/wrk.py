"""Run wrk (Debian's) and read requests/s, latency percentiles and errors from its report."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

WRK = shutil.which("wrk") or "/usr/bin/wrk"

# Prints one JSON line at the end with what wrk's text report rounds away, and counts non-2xx
# answers (wrk counts them too, but only as a total over every status >= 400).
_DONE = r"""
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRKJSON {"requests":%d,"duration_us":%d,"p50_us":%d,"p90_us":%d,"p99_us":%d,"max_us":%d,' ..
    '"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(90),
    latency:percentile(99), latency.max, e.connect, e.read, e.write, e.status, e.timeout))
end
"""


@dataclass
class WrkResult:
    name: str
    rps: float
    p50_ms: float
    p90_ms: float
    p99_ms: float
    max_ms: float
    requests: int
    errors: int
    connections: int
    duration_s: float
    command: str

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def lua_script(
    *,
    method: str = "GET",
    headers: dict[str, str] | None = None,
    body: str | None = None,
    bodies: list[str] | None = None,
) -> str:
    """A wrk script: a fixed method, headers and body, or a rotation through `bodies`."""
    lines = [f'wrk.method = "{method}"']
    for key, value in (headers or {}).items():
        lines.append(f"wrk.headers[{json.dumps(key)}] = {json.dumps(value)}")
    if body is not None:
        lines.append(f"wrk.body = {json.dumps(body)}")
    if bodies:
        items = ", ".join(json.dumps(b) for b in bodies)
        lines.append(f"local bodies = {{{items}}}")
        lines.append("local i = 0")
        lines.append(
            "request = function() i = i + 1; "
            "return wrk.format(nil, nil, nil, bodies[(i % #bodies) + 1]) end"
        )
    return "\n".join(lines) + "\n" + _DONE


def run(
    name: str,
    url: str,
    *,
    connections: int = 50,
    duration: float = 10.0,
    threads: int = 2,
    script: str | None = None,
    timeout: float = 5.0,
) -> WrkResult:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "script.lua"
        path.write_text(script or lua_script(), encoding="utf-8")
        cmd = [
            WRK,
            f"-t{max(1, min(threads, connections))}",
            f"-c{connections}",
            f"-d{int(duration)}s",
            f"--timeout={int(timeout)}s",
            "-s",
            str(path),
            url,
        ]
        out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    match = re.search(r"^WRKJSON (\{.*\})$", out, re.MULTILINE)
    if match is None:
        raise RuntimeError(f"wrk gave no summary:\n{out}")
    data = json.loads(match.group(1))
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = sum(data[k] for k in ("connect", "read", "write", "timeout")) + (
        int(non2xx.group(1)) if non2xx else 0
    )
    seconds = data["duration_us"] / 1e6
    shown = " ".join(c if c != str(path) else "script.lua" for c in cmd)
    return WrkResult(
        name=name,
        rps=data["requests"] / seconds,
        p50_ms=data["p50_us"] / 1000,
        p90_ms=data["p90_us"] / 1000,
        p99_ms=data["p99_us"] / 1000,
        max_ms=data["max_us"] / 1000,
        requests=data["requests"],
        errors=errors,
        connections=connections,
        duration_s=seconds,
        command=shown,
    )
