"""Turn raw measurements into the summary (JSON), the Markdown tables and the targets check."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from suite.decision import DecisionStats
from suite.load import WrkRun
from suite.memory import Memory
from suite.stats import median, percentile
from suite.stream_ttft import StreamStats

PEERS = ("litellm", "portkey")
LABELS = {
    "direct": "direct",
    "routeyard": "routeyard",
    "routeyard-2w": "routeyard ×2 workers",
    "routeyard-rules": "routeyard, local model off",
    "litellm": "LiteLLM",
    "portkey": "Portkey",
}
UPSTREAM_LABELS = {"zero": "zero-delay upstream", "ttft100": "100 ms TTFT upstream"}


@dataclass
class ContenderInfo:
    version: str
    status: str = "ok"  # or "failed: ..."
    ready_s: float = 0.0
    sample: dict[str, Any] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    idle: Memory | None = None
    end: Memory | None = None


@dataclass
class Raw:
    """Everything one run measured, before any summarising."""

    contenders: dict[str, ContenderInfo] = field(default_factory=dict)
    # connections -> contender -> runs (one per round)
    wrk: dict[int, dict[str, list[WrkRun]]] = field(default_factory=dict)
    # upstream -> concurrency -> contender -> runs (one per round)
    ttft: dict[str, dict[int, dict[str, list[StreamStats]]]] = field(default_factory=dict)
    burst: dict[str, StreamStats] = field(default_factory=dict)
    decision: list[DecisionStats] = field(default_factory=list)
    loadgen: dict[str, Any] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)


def _r(value: float | None, digits: int = 3) -> float | None:
    return None if value is None else round(value, digits)


def _ratio(a: float | None, b: float | None) -> float | None:
    """a ÷ b; None when either is missing or not positive (an added latency at or below zero
    is within the noise: it has no meaningful ratio)."""
    return None if a is None or b is None or a <= 0 or b <= 0 else round(a / b, 2)


def _med(values: Iterable[float | None], digits: int = 3) -> float | None:
    present = [v for v in values if v is not None]
    return round(median(present), digits) if present else None


def summarise_wrk(raw: Raw) -> list[dict[str, Any]]:
    rows = []
    for connections, by_name in sorted(raw.wrk.items()):
        base = by_name.get("direct", [])
        for name, runs in by_name.items():
            if not runs:
                continue
            # Added latency: paired per round (same machine state), then the median over rounds.
            pairs = list(zip(runs, base, strict=False)) if name != "direct" else []
            added: dict[str, float | None] = {}
            for p in ("p50", "p99"):
                diffs = [
                    getattr(r, f"{p}_ms") - getattr(d, f"{p}_ms")
                    for r, d in pairs
                    if getattr(r, f"{p}_ms") is not None and getattr(d, f"{p}_ms") is not None
                ]
                added[p] = _med(diffs)
            rows.append(
                {
                    "connections": connections,
                    "contender": name,
                    "rounds": len(runs),
                    "rps": _med((r.rps for r in runs), 1),
                    "p50_ms": _med(r.p50_ms for r in runs),
                    "p99_ms": _med(r.p99_ms for r in runs),
                    "added_p50_ms": added["p50"],
                    "added_p99_ms": added["p99"],
                    "errors": sum(r.errors for r in runs),
                    "non2xx": sum(r.non2xx for r in runs),
                    "requests": sum(r.requests for r in runs),
                    "cpu_us_per_req": _med((r.cpu_us_per_req for r in runs), 1),
                    "listen_overflows": sum(r.listen_overflows for r in runs),
                    "runs": [r.as_dict() for r in runs],
                }
            )
    return rows


def summarise_ttft(raw: Raw) -> list[dict[str, Any]]:
    rows = []
    for upstream, by_conc in raw.ttft.items():
        for concurrency, by_name in sorted(by_conc.items()):
            pooled = {n: [t for s in runs for t in s.ttft_ms] for n, runs in by_name.items()}
            base = pooled.get("direct", [])
            for name, runs in by_name.items():
                samples = pooled[name]
                p50, p99 = percentile(samples, 50), percentile(samples, 99)
                has_base = bool(base and samples and name != "direct")
                errors = sum(s.errors for s in runs)
                kinds: dict[str, int] = {}
                for s in runs:
                    for kind, count in s.error_kinds.items():
                        kinds[kind] = kinds.get(kind, 0) + count
                rows.append(
                    {
                        "upstream": upstream,
                        "concurrency": concurrency,
                        "contender": name,
                        "streams": len(samples),
                        "errors": errors,
                        "error_kinds": kinds,
                        "streams_per_s": _r(median([s.streams_per_s for s in runs]), 1),
                        "ttft_p50_ms": _r(p50) if samples else None,
                        "ttft_p99_ms": _r(p99) if samples else None,
                        "overhead_p50_ms": _r(p50 - percentile(base, 50)) if has_base else None,
                        "overhead_p99_ms": _r(p99 - percentile(base, 99)) if has_base else None,
                        "runs": [
                            {
                                "streams": s.ok,
                                "errors": s.errors,
                                "seconds": _r(s.seconds, 2),
                                "ttft_p50_ms": _r(percentile(s.ttft_ms, 50)),
                                "ttft_p99_ms": _r(percentile(s.ttft_ms, 99)),
                            }
                            for s in runs
                        ],
                    }
                )
    return rows


def summarise_burst(raw: Raw) -> list[dict[str, Any]]:
    return [
        {
            "contender": name,
            "streams": s.concurrency,
            "ok": s.ok,
            "errors": s.errors,
            "error_kinds": dict(s.error_kinds),
            "seconds": _r(s.seconds, 2),
            "peak_in_flight": s.peak_in_flight,
            "ttft_p50_ms": _r(percentile(s.ttft_ms, 50)) if s.ttft_ms else None,
            "ttft_p99_ms": _r(percentile(s.ttft_ms, 99)) if s.ttft_ms else None,
        }
        for name, s in raw.burst.items()
    ]


def _find(rows: Iterable[dict[str, Any]], **match: Any) -> dict[str, Any] | None:
    for row in rows:
        if all(row.get(k) == v for k, v in match.items()):
            return row
    return None


def _get(rows: Iterable[dict[str, Any]], key: str, **match: Any) -> Any:
    row = _find(rows, **match)
    return None if row is None else row.get(key)


def ratios(summary: dict[str, Any]) -> dict[str, dict[str, float | None]]:
    """routeyard ÷ peer. Throughput: above 1 is better; latency, CPU and memory: below 1."""
    nonstream, stream = summary["nonstreaming"], summary["streaming"]
    mem = summary["contenders"]
    out: dict[str, dict[str, float | None]] = {}
    for peer in PEERS:
        r: dict[str, float | None] = {}
        for c in sorted({row["connections"] for row in nonstream}):
            r[f"throughput_c{c}"] = _ratio(
                _get(nonstream, "rps", connections=c, contender="routeyard"),
                _get(nonstream, "rps", connections=c, contender=peer),
            )
        for c in (1, 32):
            for p in ("p50", "p99"):
                r[f"added_{p}_c{c}"] = _ratio(
                    _get(nonstream, f"added_{p}_ms", connections=c, contender="routeyard"),
                    _get(nonstream, f"added_{p}_ms", connections=c, contender=peer),
                )
        r["throughput_c32_local_model_off"] = _ratio(
            _get(nonstream, "rps", connections=32, contender="routeyard-rules"),
            _get(nonstream, "rps", connections=32, contender=peer),
        )
        r["cpu_per_req_c32"] = _ratio(
            _get(nonstream, "cpu_us_per_req", connections=32, contender="routeyard"),
            _get(nonstream, "cpu_us_per_req", connections=32, contender=peer),
        )
        r["ttft_overhead_p50_zero_c1"] = _ratio(
            _get(stream, "overhead_p50_ms", upstream="zero", concurrency=1, contender="routeyard"),
            _get(stream, "overhead_p50_ms", upstream="zero", concurrency=1, contender=peer),
        )
        r["idle_rss"] = _ratio(
            mem.get("routeyard", {}).get("idle_rss_mb"), mem.get(peer, {}).get("idle_rss_mb")
        )
        r["peak_rss"] = _ratio(
            mem.get("routeyard", {}).get("peak_rss_mb"), mem.get(peer, {}).get("peak_rss_mb")
        )
        out[f"routeyard_vs_{peer}"] = r
    return out


def targets(summary: dict[str, Any]) -> list[dict[str, Any]]:
    """Issue #3's targets, checked against this run (met None: not measured in this run)."""
    ns, st, rat = summary["nonstreaming"], summary["streaming"], summary["ratios"]
    mem = summary["contenders"].get("routeyard", {})
    burst = _find(summary["burst"], contender="routeyard")
    rules = [d for d in summary["decision"] if d.get("layers", "rules") == "rules"]
    local = [d for d in summary["decision"] if d.get("layers") == "rules + local model"]
    decision = rules[0] if rules else None
    upto512 = [d for d in local if d["estimated_tokens"] <= 600]
    ry = "routeyard"
    checks: list[tuple[str, Any, float, str, str]] = [
        ("throughput at 32 connections ≥ 3× Portkey's",
         rat["routeyard_vs_portkey"].get("throughput_c32"), 3.0, "min", "×"),
        ("throughput at 32 connections ≥ 20× LiteLLM's",
         rat["routeyard_vs_litellm"].get("throughput_c32"), 20.0, "min", "×"),
        ("added latency at 1 connection: p50 ≤ 0.5 ms",
         _get(ns, "added_p50_ms", connections=1, contender=ry), 0.5, "max", "ms"),
        ("added latency at 1 connection: p99 ≤ 2 ms",
         _get(ns, "added_p99_ms", connections=1, contender=ry), 2.0, "max", "ms"),
        ("added latency at 32 connections: p99 ≤ 10 ms",
         _get(ns, "added_p99_ms", connections=32, contender=ry), 10.0, "max", "ms"),
        ("streaming: added time to first token p50 ≤ 1 ms (zero-delay upstream, 1 stream)",
         _get(st, "overhead_p50_ms", upstream="zero", concurrency=1, contender=ry),
         1.0, "max", "ms"),
        ("500 concurrent streams with no errors",
         None if burst is None else burst["errors"], 0, "max", "errors"),
        ("routing decision (rules) p50 ≤ 20 µs (~10-token prompt)",
         None if decision is None else decision["p50_us"], 20.0, "max", "µs"),
        ("#6: classify + decide with the local model, p50 ≤ 100 µs (worst size up to 512 tokens)",
         max((d["p50_us"] for d in upto512), default=None), 100.0, "max", "µs"),
        ("#6: classify + decide with the local model, p99 ≤ 500 µs (worst size up to 512 tokens)",
         max((d["p99_us"] for d in upto512), default=None), 500.0, "max", "µs"),
        ("idle RSS ≤ 150 MB", mem.get("idle_rss_mb"), 150.0, "max", "MB"),
        ("`serve --workers 2` scales: throughput at 256 connections above 1 worker's",
         _ratio(_get(ns, "rps", connections=256, contender="routeyard-2w"),
                _get(ns, "rps", connections=256, contender=ry)), 1.0, "min", "×"),
    ]  # fmt: skip
    out = []
    for name, value, bound, kind, unit in checks:
        met = None if value is None else (value >= bound if kind == "min" else value <= bound)
        out.append({"target": name, "measured": value, "unit": unit, "met": met})
    return out


def summarise(raw: Raw, meta: dict[str, Any]) -> dict[str, Any]:
    contenders = {}
    for name, info in raw.contenders.items():
        contenders[name] = {
            "version": info.version,
            "status": info.status,
            "ready_s": _r(info.ready_s, 2),
            "sample": info.sample,
            "notes": info.notes,
            "idle_rss_mb": _r(info.idle.rss_mb, 1) if info.idle else None,
            "peak_rss_mb": _r(info.end.hwm_mb, 1) if info.end else None,
            "end_rss_mb": _r(info.end.rss_mb, 1) if info.end else None,
            "processes": info.end.processes if info.end else None,
        }
    summary: dict[str, Any] = {
        **meta,
        "contenders": contenders,
        "nonstreaming": summarise_wrk(raw),
        "streaming": summarise_ttft(raw),
        "burst": summarise_burst(raw),
        "decision": [d.as_dict() for d in raw.decision],
        "loadgen": raw.loadgen,
        "failures": raw.failures,
    }
    summary["ratios"] = ratios(summary)
    summary["targets"] = targets(summary)
    return summary


# --- Markdown ---------------------------------------------------------------------------------


def _f(value: Any, fmt: str = "{:.2f}") -> str:
    if value is None:
        return "—"
    if isinstance(value, float | int) and not isinstance(value, bool):
        return fmt.format(value)
    return str(value)


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    return [
        "| " + " | ".join(header) + " |",
        "|" + "|".join("---" for _ in header) + "|",
        *("| " + " | ".join(r) + " |" for r in rows),
        "",
    ]


def _names(summary: dict[str, Any]) -> list[str]:
    return [n for n in ("direct", "routeyard", "litellm", "portkey") if n in summary["contenders"]]


def markdown(summary: dict[str, Any], chart_name: str | None) -> str:
    m, v = summary["machine"], summary["versions"]
    ns, st = summary["nonstreaming"], summary["streaming"]
    names = _names(summary)
    conns = sorted({row["connections"] for row in ns})
    lines = [
        f"# Gateway benchmark — {summary['date']} ({summary['mode']} mode)",
        "",
        f"{m['cores']} cores ({m['cpu']}), {m['memory_gb']} GB, {m['kernel']}. "
        f"routeyard {v['routeyard']} on Python {v['python']} with aiohttp {v['aiohttp']} and "
        f"uvloop {v['uvloop']}; LiteLLM {v['litellm']} on Python {v['litellm_python']}; "
        f"Portkey gateway {v['portkey']} on Node {v['node']}; wrk {v['wrk']}. "
        f"Every contender runs one worker against the same `routeyard simulate` upstream, "
        f"on the same machine, in the same run; load generator and upstream share the cores. "
        f"Took {summary['duration_s']:.0f} s.",
        "",
    ]
    share = summary["loadgen"].get("other_processes_share")
    if share is not None and share > 0.1:
        lines += [
            f"**Other processes on the machine used {share:.0%} of its cores during this run**: "
            "absolute figures are lower and noisier than on a quiet machine; the ratios, measured "
            "under the same load with contenders alternated, less so.",
            "",
        ]
    if chart_name:
        lines += [f"![chart]({chart_name})", ""]

    lines += [
        "## Ratios: routeyard ÷ peer",
        "",
        "Throughput: above 1 means routeyard serves more; latency, CPU and memory: below 1 "
        "means routeyard adds less.",
        "",
    ]
    rat = summary["ratios"]
    ratio_rows = [
        *[(f"throughput, {c} connection{'s' if c > 1 else ''}", f"throughput_c{c}") for c in conns],
        ("added latency p50, 1 connection", "added_p50_c1"),
        ("added latency p99, 1 connection", "added_p99_c1"),
        ("added latency p50, 32 connections", "added_p50_c32"),
        ("added latency p99, 32 connections", "added_p99_c32"),
        (
            "throughput, 32 connections, routeyard with its local model off",
            "throughput_c32_local_model_off",
        ),
        ("CPU per request, 32 connections", "cpu_per_req_c32"),
        ("streaming TTFT overhead p50 (zero-delay, 1 stream)", "ttft_overhead_p50_zero_c1"),
        ("idle RSS", "idle_rss"),
        ("peak RSS", "peak_rss"),
    ]
    lines += _table(
        ["", "routeyard ÷ LiteLLM", "routeyard ÷ Portkey"],
        [
            [
                label,
                _f(rat["routeyard_vs_litellm"].get(key)),
                _f(rat["routeyard_vs_portkey"].get(key)),
            ]
            for label, key in ratio_rows
        ],
    )

    lines += ["## Non-streaming throughput (wrk, requests/s)", ""]
    lines += _table(
        [
            "contender",
            *[f"{c} conn" for c in conns],
            "÷ direct at 32",
            "errors + non-2xx",
            "listen-queue overflows",
        ],
        [
            [
                LABELS[n],
                *[_f(_get(ns, "rps", connections=c, contender=n), "{:.0f}") for c in conns],
                _f(
                    _ratio(
                        _get(ns, "rps", connections=32, contender=n),
                        _get(ns, "rps", connections=32, contender="direct"),
                    )
                ),
                _f(sum((r["errors"] + r["non2xx"]) for r in ns if r["contender"] == n), "{:d}"),
                ", ".join(
                    f"{r['listen_overflows']} @{r['connections']}"
                    for r in ns
                    if r["contender"] == n and r.get("listen_overflows")
                )
                or "0",
            ]
            for n in names
        ],
    )
    lines += [
        "Listen-queue overflows are the kernel's count (machine-wide) of connections dropped "
        "while a server's accept backlog was full during that contender's runs; each costs the "
        "client a 1 s handshake retry, so a p99 near 1 s next to a non-zero count comes from "
        "connection setup, not from the gateway's request path.",
        "",
    ]

    lines += ["## Added latency (contender − direct, same connections, same run), ms", ""]
    header = ["contender"]
    for c in conns:
        header += [f"p50 @{c}", f"p99 @{c}"]
    rows = []
    for n in names:
        if n == "direct":
            row = ["direct (absolute)"]
            for c in conns:
                row += [
                    _f(_get(ns, "p50_ms", connections=c, contender=n)),
                    _f(_get(ns, "p99_ms", connections=c, contender=n)),
                ]
        else:
            row = [LABELS[n]]
            for c in conns:
                row += [
                    _f(_get(ns, "added_p50_ms", connections=c, contender=n)),
                    _f(_get(ns, "added_p99_ms", connections=c, contender=n)),
                ]
        rows.append(row)
    lines += _table(header, rows)
    crowded = [
        str(r["connections"])
        for r in ns
        if r["contender"] == "direct" and r.get("listen_overflows")
    ]
    if crowded:
        lines += [
            f"At {', '.join(crowded)} connections the upstream's own accept backlog overflowed "
            "while wrk opened its connections (see the listen-queue overflows above): the direct "
            "p99 there includes 1 s handshake retries, so added p99 at that count compares "
            "against an inflated baseline and is not meaningful; p50 is.",
            "",
        ]

    lines += [
        "## Streaming: time to first token",
        "",
        "Overhead = contender − direct at the same percentile (streams pooled over rounds); "
        "the direct row shows absolute TTFT.",
        "",
    ]
    settings = sorted(
        {(r["upstream"], r["concurrency"]) for r in st}, key=lambda s: (s[0] != "zero", s[1])
    )
    header = ["contender"]
    for up, c in settings:
        short = "0 ms" if up == "zero" else "100 ms"
        header += [f"p50 {short} ×{c}", f"p99 {short} ×{c}"]
    rows = []
    for n in names:
        row = [LABELS[n] + (" (absolute)" if n == "direct" else "")]
        for up, c in settings:
            keys = (
                ("ttft_p50_ms", "ttft_p99_ms")
                if n == "direct"
                else ("overhead_p50_ms", "overhead_p99_ms")
            )
            row += [_f(_get(st, k, upstream=up, concurrency=c, contender=n)) for k in keys]
        rows.append(row)
    lines += _table(header, rows)
    errs = [
        f"{LABELS[r['contender']]} {r['upstream']} ×{r['concurrency']}: "
        f"{r['errors']} {r['error_kinds']}"
        for r in st
        if r["errors"]
    ]
    if errs:
        lines += ["Stream errors: " + "; ".join(errs), ""]

    lines += ["## Memory and CPU", ""]
    lines += _table(
        [
            "contender",
            "idle RSS MB",
            "peak RSS MB",
            "processes",
            "CPU µs/request @32",
            "started in s",
        ],
        [
            [
                LABELS[n],
                _f(summary["contenders"][n]["idle_rss_mb"], "{:.1f}"),
                _f(summary["contenders"][n]["peak_rss_mb"], "{:.1f}"),
                _f(summary["contenders"][n]["processes"], "{:d}"),
                _f(_get(ns, "cpu_us_per_req", connections=32, contender=n), "{:.0f}"),
                _f(summary["contenders"][n]["ready_s"], "{:.1f}"),
            ]
            for n in names
            if n != "direct"
        ],
    )

    if summary["burst"]:
        lines += ["## Concurrent streams (all opened at once, 100 ms TTFT upstream)", ""]
        lines += _table(
            [
                "contender",
                "streams",
                "ok",
                "errors",
                "peak in flight",
                "wall s",
                "TTFT p50 ms",
                "TTFT p99 ms",
            ],
            [
                [
                    LABELS[b["contender"]],
                    str(b["streams"]),
                    str(b["ok"]),
                    f"{b['errors']} {b['error_kinds'] or ''}".strip(),
                    str(b["peak_in_flight"]),
                    _f(b["seconds"]),
                    _f(b["ttft_p50_ms"]),
                    _f(b["ttft_p99_ms"]),
                ]
                for b in summary["burst"]
            ],
        )

    if summary["decision"]:
        lines += [
            "## Routing decision (classify + decide, in-process, embedded default config)",
            "",
        ]
        lines += _table(
            [
                "layers",
                "prompt",
                "estimated tokens",
                "route",
                "iterations",
                "p50 µs",
                "p99 µs",
                "mean µs",
            ],
            [
                [
                    d.get("layers", "rules"),
                    d["size"],
                    str(d["estimated_tokens"]),
                    d["route"],
                    str(d["iterations"]),
                    _f(d["p50_us"], "{:.1f}"),
                    _f(d["p99_us"], "{:.1f}"),
                    _f(d["mean_us"], "{:.1f}"),
                ]
                for d in summary["decision"]
            ],
        )

    lines += ["## Issue #3 targets", ""]
    lines += _table(
        ["target", "measured", "met"],
        [
            [
                t["target"],
                _measured(t),
                {True: "yes", False: "**no**", None: "not measured"}[t["met"]],
            ]
            for t in summary["targets"]
        ],
    )

    lg = summary["loadgen"]
    if lg:
        lines += ["## Is the load generator the bottleneck?", "", lg.get("verdict", ""), ""]
    if summary["failures"]:
        lines += ["## Not measured", "", *[f"- {f}" for f in summary["failures"]], ""]
    notes = [
        f"- {LABELS[n]}: {note}" for n, c in summary["contenders"].items() for note in c["notes"]
    ]
    if notes:
        lines += ["## Notes", "", *notes, ""]
    s = summary["settings"]
    lines += [
        "## Settings",
        "",
        f"wrk: 1 thread, {s['wrk_seconds']} s per run, {s['rounds']} round(s) per connection "
        f"count, contenders alternated; TTFT: {s['ttft_seconds']} s per setting, "
        f"{s['ttft_rounds']} round(s), concurrency {', '.join(map(str, s['ttft_concurrency']))}; "
        f"burst: {s['burst_streams']} streams against {', '.join(s['burst_contenders'])}; "
        f"decision: {s['decision_iterations']} iterations per size.",
        "",
    ]
    return "\n".join(lines)


def _measured(target: dict[str, Any]) -> str:
    value, unit = target["measured"], target["unit"]
    if value is None:
        return "—"
    return f"{value:d} {unit}" if unit == "errors" else f"{value:.2f} {unit}"


def write(summary: dict[str, Any], out_dir: Path, stem: str, chart_name: str | None) -> Path:
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / f"{stem}.json").write_text(json.dumps(summary, indent=2, ensure_ascii=False) + "\n")
    md = out_dir / f"{stem}.md"
    md.write_text(markdown(summary, chart_name))
    return md


DOCS_BEGIN = "<!-- bench:latest:begin (written by bench/run --full; do not edit by hand) -->"
DOCS_END = "<!-- bench:latest:end -->"


def update_docs(summary: dict[str, Any], docs: Path, out: Path, chart_name: str | None) -> bool:
    """Replace the block between the markers in docs/benchmarks.md with this run's tables."""
    try:
        text = docs.read_text()
    except OSError:
        return False
    if DOCS_BEGIN not in text or DOCS_END not in text:
        return False
    try:
        rel = Path("..") / out.resolve().relative_to(docs.resolve().parent.parent)
    except ValueError:  # results outside the repository: link nothing
        return False
    chart = str(rel / chart_name) if chart_name else None
    body = markdown(summary, chart).split("\n", 1)[1]  # drop the H1 title
    body = body.replace("\n## ", "\n### ")
    block = (
        f"{DOCS_BEGIN}\n\n**Latest full run: {summary['date']}.**\n{body.rstrip()}\n\n{DOCS_END}"
    )
    head, rest = text.split(DOCS_BEGIN, 1)
    docs.write_text(head + block + rest.split(DOCS_END, 1)[1])
    return True
