"""Gateway overhead: routeyard vs the same upstream reached directly, in one run.

Starts ``routeyard simulate`` (zero delay) and ``routeyard serve`` (one process, rules routing and
stats on) on loopback, then loads each with ``wrk`` at 1 and 32 connections, alternating targets
so both see the same machine state. Prints and writes added latency (p50/p99, gateway − direct)
and throughput ratios. Usage: ``python bench/overhead.py [--seconds 10] [--out bench/results]``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
URL_LINE = re.compile(r"listening on (http://\S+)")

SPEC = "models:\n  - {name: bench-model, answer_tokens: 20}\n"
CONFIG = """\
version: 1
providers:
  sim: {{kind: openai, base_url: "{sim}/v1", api_key: bench-upstream-key}}
models:
  bench: {{provider: sim, model: bench-model, price: {{input: 1, output: 2}}}}
  bench-large: {{provider: sim, model: bench-model, price: {{input: 3, output: 15}}}}
classifier:
  rules:
    - label: extraction
      keywords: [extract, classify, sentiment]
policy:
  baseline: bench-large
  default_route: general
  routes:
    - name: code
      when: {{any: [code]}}
      candidates: [bench-large, bench]
    - name: extraction
      when: {{any: [extraction]}}
      candidates: [bench]
    - name: general
      candidates: [bench, bench-large]
"""


def start(args: list[str]) -> tuple[subprocess.Popen[str], str]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "routeyard", *args],
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
    )
    assert proc.stderr is not None
    for _ in range(50):
        line = proc.stderr.readline()
        m = URL_LINE.search(line)
        if m:
            return proc, m.group(1)
    proc.kill()
    raise RuntimeError(f"could not start {args}")


def wrk(url: str, body: dict[str, Any], connections: int, seconds: float) -> dict[str, Any]:
    env = {**os.environ, "BENCH_BODY": json.dumps(body)}
    out = subprocess.run(
        [
            "wrk", "-t1", f"-c{connections}", f"-d{int(seconds)}s", "--timeout", "10s",
            "-s", str(HERE / "post.lua"), url,
        ],
        capture_output=True, text=True, env=env, check=True,
    )  # fmt: skip
    line = next(line for line in out.stdout.splitlines() if line.startswith("BENCH_JSON "))
    data: dict[str, Any] = json.loads(line.removeprefix("BENCH_JSON "))
    data["rps"] = data["requests"] / (data["duration_us"] / 1e6)
    return data


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--rounds", type=int, default=2, help="alternating rounds per setting")
    parser.add_argument("--out", default=str(HERE / "results"))
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        print("wrk is not installed: apt-get install wrk", file=sys.stderr)
        return 2

    tmp = Path(tempfile.mkdtemp(prefix="routeyard-bench-"))
    (tmp / "spec.yaml").write_text(SPEC)
    sim, sim_url = start(["simulate", "--spec", str(tmp / "spec.yaml"), "--port", "0"])
    (tmp / "cfg.yaml").write_text(CONFIG.format(sim=sim_url))
    gw, gw_url = start(["serve", "-c", str(tmp / "cfg.yaml"), "--port", "0"])
    prompt = [{"role": "user", "content": "What is the capital of France? Answer briefly."}]
    targets = {
        "direct": (f"{sim_url}/v1/chat/completions", {"model": "bench-model", "messages": prompt}),
        "routeyard": (f"{gw_url}/v1/chat/completions", {"model": "auto", "messages": prompt}),
    }
    results: dict[str, dict[int, list[dict[str, Any]]]] = {t: {} for t in targets}
    try:
        for url, body in targets.values():  # warm up both
            wrk(url, body, 4, 2.0)
        for connections in (1, 32):
            for _ in range(args.rounds):
                for name, (url, body) in targets.items():
                    r = wrk(url, body, connections, args.seconds)
                    results[name].setdefault(connections, []).append(r)
                    print(
                        f"{name:<10} c={connections:<3} {r['rps']:8.0f} req/s  "
                        f"p50 {r['p50_us'] / 1000:6.2f} ms  p99 {r['p99_us'] / 1000:6.2f} ms  "
                        f"errors {r['errors'] + r['non2xx']}",
                        flush=True,
                    )
    finally:
        for proc in (gw, sim):
            proc.terminate()
            proc.wait(timeout=10)

    summary = summarise(results)
    write(summary, Path(args.out))
    return 0


def _best(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """The median run by throughput (rounds alternate, so both targets get the same treatment)."""
    ordered = sorted(runs, key=lambda r: r["rps"])
    return ordered[len(ordered) // 2]


def summarise(results: dict[str, dict[int, list[dict[str, Any]]]]) -> dict[str, Any]:
    rows = []
    for connections in sorted(results["direct"]):
        d = _best(results["direct"][connections])
        g = _best(results["routeyard"][connections])
        rows.append(
            {
                "connections": connections,
                "direct_rps": round(d["rps"], 1),
                "routeyard_rps": round(g["rps"], 1),
                "throughput_ratio": round(g["rps"] / d["rps"], 3),
                "direct_p50_ms": d["p50_us"] / 1000,
                "direct_p99_ms": d["p99_us"] / 1000,
                "routeyard_p50_ms": g["p50_us"] / 1000,
                "routeyard_p99_ms": g["p99_us"] / 1000,
                "added_p50_ms": round((g["p50_us"] - d["p50_us"]) / 1000, 3),
                "added_p99_ms": round((g["p99_us"] - d["p99_us"]) / 1000, 3),
                "errors": g["errors"] + g["non2xx"],
            }
        )
    return {
        "date": time.strftime("%Y-%m-%d"),
        "machine": {
            "cores": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
            "host": socket.gethostname(),
        },
        "rows": rows,
    }


def write(summary: dict[str, Any], out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    (out / "overhead.json").write_text(json.dumps(summary, indent=2) + "\n")
    lines = [
        f"Gateway overhead, {summary['date']}, {summary['machine']['cores']} cores, "
        f"Python {summary['machine']['python']}",
        "",
        "| connections | direct req/s | routeyard req/s | ratio | added p50 ms | added p99 ms |",
        "|---|---|---|---|---|---|",
    ]
    for r in summary["rows"]:
        lines.append(
            f"| {r['connections']} | {r['direct_rps']:.0f} | {r['routeyard_rps']:.0f} | "
            f"{r['throughput_ratio']:.2f} | {r['added_p50_ms']:.3f} | {r['added_p99_ms']:.3f} |"
        )
    (out / "overhead.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    sys.exit(main())
