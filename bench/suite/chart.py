"""Draw the benchmark summary as one PNG: ``python chart.py SUMMARY.json OUT.png``.

Runs in bench/.peers/plot-venv (matplotlib lives there, never in the project's dependencies),
so it imports nothing from the suite.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt

COLORS = {
    "direct": "#9e9e9e",
    "routeyard": "#2e7d32",
    "routeyard-2w": "#81c784",
    "routeyard-rules": "#a5d6a7",
    "litellm": "#c62828",
    "portkey": "#1565c0",
}
LABELS = {
    "direct": "direct",
    "routeyard": "routeyard",
    "routeyard-2w": "routeyard ×2 workers",
    "routeyard-rules": "routeyard, local model off",
    "litellm": "LiteLLM",
    "portkey": "Portkey",
}


def _get(rows: list[dict[str, Any]], key: str, **match: Any) -> float | None:
    for row in rows:
        if all(row.get(k) == v for k, v in match.items()):
            value = row.get(key)
            return None if value is None else float(value)
    return None


def _bars(
    ax: Any,
    groups: list[str],
    series: dict[str, list[float | None]],
    *,
    fmt: str = "{:.0f}",
) -> None:
    width = 0.8 / max(1, len(series))
    for i, (name, values) in enumerate(series.items()):
        xs = [g + (i - (len(series) - 1) / 2) * width for g in range(len(groups))]
        heights = [v if v is not None else 0.0 for v in values]
        bars = ax.bar(xs, heights, width, label=LABELS[name], color=COLORS[name])
        for bar, v in zip(bars, values, strict=True):
            if v is not None:
                ax.annotate(
                    fmt.format(v),
                    (bar.get_x() + bar.get_width() / 2, bar.get_height()),
                    ha="center",
                    va="bottom",
                    fontsize=7,
                    rotation=90,
                    xytext=(0, 2),
                    textcoords="offset points",
                )
    ax.set_xticks(range(len(groups)), groups)
    ax.legend(fontsize=8, loc="upper left")
    ax.grid(axis="y", alpha=0.3)


def _headroom(ax: Any, factor: float) -> None:
    """Room above the tallest bar for its rotated label."""
    bottom, top = ax.get_ylim()
    ax.set_ylim(bottom, top * factor)


def draw(summary: dict[str, Any], out: Path) -> None:
    ns, st = summary["nonstreaming"], summary["streaming"]
    present = [n for n in LABELS if n in summary["contenders"]]
    gateways = [n for n in present if n != "direct"]
    conns = sorted({r["connections"] for r in ns})
    fig, axes = plt.subplots(2, 2, figsize=(13, 9.5))
    m, v = summary["machine"], summary["versions"]
    fig.suptitle(
        f"Gateway benchmark {summary['date']} ({summary['mode']}): {m['cores']} cores, one worker "
        f"each, same upstream, same run\nrouteyard {v['routeyard']} · LiteLLM {v['litellm']} · "
        f"Portkey {v['portkey']} (Node {v['node']}) · wrk {v['wrk']}",
        fontsize=10,
    )

    ax = axes[0][0]
    _bars(
        ax,
        [f"{c} conn" for c in conns],
        {n: [_get(ns, "rps", connections=c, contender=n) for c in conns] for n in present},
    )
    ax.set_yscale("log")
    _headroom(ax, 6)
    ax.set_title("Non-streaming throughput, req/s (log scale, higher is better)", fontsize=10)

    ax = axes[0][1]
    groups = [(c, p) for c in conns if c <= 32 for p in ("p50", "p99")]
    _bars(
        ax,
        [f"{p} @{c}" for c, p in groups],
        {
            n: [_get(ns, f"added_{p}_ms", connections=c, contender=n) for c, p in groups]
            for n in gateways
        },
        fmt="{:.2f}",
    )
    ax.set_yscale("symlog", linthresh=0.1)
    _headroom(ax, 8)
    ax.set_title("Added latency vs direct, ms (symlog, lower is better)", fontsize=10)

    ax = axes[1][0]
    settings = sorted(
        {(r["upstream"], r["concurrency"]) for r in st}, key=lambda s: (s[0] != "zero", s[1])
    )
    _bars(
        ax,
        [f"{'0 ms' if u == 'zero' else '100 ms'} ×{c}" for u, c in settings],
        {
            n: [
                _get(st, "overhead_p50_ms", upstream=u, concurrency=c, contender=n)
                for u, c in settings
            ]
            for n in gateways
        },
        fmt="{:.2f}",
    )
    ax.set_yscale("symlog", linthresh=0.1)
    _headroom(ax, 8)
    ax.set_title("Streaming TTFT overhead p50, ms (upstream TTFT × streams)", fontsize=10)

    ax = axes[1][1]
    mem = summary["contenders"]
    _bars(
        ax,
        ["idle RSS", "peak RSS"],
        {n: [mem[n].get("idle_rss_mb"), mem[n].get("peak_rss_mb")] for n in gateways},
    )
    _headroom(ax, 1.15)
    ax.set_title("Memory, MB (process tree, lower is better)", fontsize=10)

    fig.tight_layout()
    fig.savefig(out, dpi=110)


def main() -> int:
    summary = json.loads(Path(sys.argv[1]).read_text())
    draw(summary, Path(sys.argv[2]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
