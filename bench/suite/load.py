"""Non-streaming load with ``wrk`` (one thread) and bench/post.lua for the POST body."""

from __future__ import annotations

import json
import os
import re
import subprocess
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from suite.contenders import Target
from suite.memory import cpu_seconds

POST_LUA = Path(__file__).resolve().parent.parent / "post.lua"


@dataclass(frozen=True)
class WrkRun:
    connections: int
    requests: int
    seconds: float
    rps: float
    p50_ms: float | None  # None when no request completed
    p90_ms: float | None
    p99_ms: float | None
    max_ms: float | None
    errors: int  # socket errors: connect, read, write, timeout
    non2xx: int
    cpu_us_per_req: float | None  # the contender's process tree, user + system
    listen_overflows: int  # kernel TcpExt ListenOverflows during the run (machine-wide)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def wrk(
    target: Target,
    connections: int,
    seconds: float,
    *,
    cpu_pid: int | None = None,
    timeout_s: int = 10,
) -> WrkRun:
    env = {
        **os.environ,
        "BENCH_BODY": json.dumps(target.body(stream=False)),
        "BENCH_HEADERS": "\n".join(f"{k}: {v}" for k, v in target.headers.items()),
    }
    argv = [
        "wrk", "-t1", f"-c{connections}", f"-d{max(1, round(seconds))}s",
        "--timeout", f"{timeout_s}s", "-s", str(POST_LUA), target.url,
    ]  # fmt: skip
    cpu_before = cpu_seconds(cpu_pid) if cpu_pid else 0.0
    overflows_before = listen_overflows()
    out = subprocess.run(
        argv, capture_output=True, text=True, env=env, check=True, timeout=seconds + 60
    )
    cpu = cpu_seconds(cpu_pid) - cpu_before if cpu_pid else None
    overflows = listen_overflows() - overflows_before
    match = re.search(r"^BENCH_JSON (.*)$", out.stdout, re.MULTILINE)
    if match is None:
        raise RuntimeError(f"wrk printed no result:\n{out.stdout}\n{out.stderr}")
    data = json.loads(match.group(1))
    duration = data["duration_us"] / 1e6
    requests = int(data["requests"])
    return WrkRun(
        connections=connections,
        requests=requests,
        seconds=round(duration, 3),
        rps=requests / duration if duration else 0.0,
        p50_ms=data["p50_us"] / 1000 if requests else None,
        p90_ms=data["p90_us"] / 1000 if requests else None,
        p99_ms=data["p99_us"] / 1000 if requests else None,
        max_ms=data["max_us"] / 1000 if requests else None,
        errors=int(data["errors"]),
        non2xx=int(data["non2xx"]),
        cpu_us_per_req=(cpu * 1e6 / requests) if cpu is not None and requests else None,
        listen_overflows=overflows,
    )


def listen_overflows() -> int:
    """Connections the kernel dropped because a listen queue was full (TcpExt ListenOverflows).

    A server whose accept backlog overflows when wrk opens all its connections at once makes
    those clients retry the handshake after a second, which shows up as a p99 near 1 s.
    """
    try:
        lines = Path("/proc/net/netstat").read_text().splitlines()
    except OSError:
        return 0
    for names, values in zip(lines[::2], lines[1::2], strict=False):
        if names.startswith("TcpExt:"):
            table = dict(zip(names.split()[1:], values.split()[1:], strict=False))
            return int(table.get("ListenOverflows", 0))
    return 0


def wrk_get(url: str, connections: int, seconds: float) -> float:
    """Plain GET throughput: the load generator's own ceiling on this machine."""
    out = subprocess.run(
        ["wrk", "-t1", f"-c{connections}", f"-d{max(1, round(seconds))}s", url],
        capture_output=True, text=True, check=True, timeout=seconds + 60,
    )  # fmt: skip
    match = re.search(r"Requests/sec:\s+([\d.]+)", out.stdout)
    return float(match.group(1)) if match else 0.0


def wrk_version() -> str:
    out = subprocess.run(["wrk", "-v"], capture_output=True, text=True, check=False)
    match = re.search(r"wrk (\S+)", out.stdout + out.stderr)
    return match.group(1) if match else "unknown"
