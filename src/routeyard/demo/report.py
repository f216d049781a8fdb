"""The demo's savings report: read back from the request log the demo's gateway wrote.

The numbers come from the gateway's ``/routeyard/dashboard.json`` over the demo's own time
window, so the terminal report, the HTML report and the live dashboard run the same queries on
the same rows; the demo keeps no tally of its own beyond what its client saw (errors).

    data = fetch_dashboard(url, since=started, expect=120)
    print(format_report(data))
    write_report(data, Path("routeyard-demo-report.html"))
"""

from __future__ import annotations

import textwrap
import time
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

import orjson

from routeyard.observe.dashboard_page import report_html

QUALITY_NOTE = (
    "Quality is not measured by this demo: the simulated models answer with generated text, so "
    "the savings show what routing costs against sending everything to the baseline model, not "
    "whether the cheaper answers were as good. `routeyard demo --learn` measures cost and quality "
    "together on real prompts with recorded scores; `routeyard eval` does it on your own."
)


def fetch_dashboard(
    base_url: str,
    *,
    since: float,
    expect: int = 0,
    timeout_s: float = 15.0,
    headers: dict[str, str] | None = None,
) -> dict[str, Any]:
    """The dashboard data from ``since`` on, once the log holds ``expect`` requests (or on
    timeout: the log writer batches every few tens of milliseconds)."""
    query = urllib.parse.urlencode({"since": repr(float(since))})
    url = f"{base_url}/routeyard/dashboard.json?{query}"
    deadline = time.monotonic() + timeout_s
    while True:
        req = urllib.request.Request(url, headers=headers or {})
        with urllib.request.urlopen(req, timeout=10) as resp:
            data: dict[str, Any] = orjson.loads(resp.read())
        log = data.get("log")
        logged = 0 if log is None else int(log["totals"]["requests"])
        if log is None or logged >= expect or time.monotonic() > deadline:
            return data
        time.sleep(0.3)  # the endpoint caches for about a second


def _usd(value: float | None) -> str:
    return "-" if value is None else f"${value:.6f}"


def _micros(value: float) -> str:
    return f"{value / 1000:.2f} ms" if value >= 1000 else f"{value:.1f} µs"


def format_report(data: dict[str, Any]) -> str:
    """The savings report as text: cost against the baseline, success per route, overhead."""
    log = data.get("log")
    baseline = data.get("baseline_model") or "the baseline"
    if log is None:
        state = data.get("request_log", {})
        why = state.get("error") or "the request log is off"
        live = data["live"]
        d = live["decision_us"]
        return (
            f"(no savings report from the request log: {why})\n"
            f"routing decision: p50 {_micros(d['p50'])}   p99 {_micros(d['p99'])}\n"
            f"cost: {_usd(live['cost_usd'])} on routeyard vs {_usd(live['baseline_cost_usd'])} "
            f"on {baseline} (counted in the gateway's memory)\n"
        )
    t = log["totals"]
    lines = [
        f"savings report ({t['requests']} requests in the request log for this run)",
        "",
        f"{'route':<12} {'requests':>8} {'success':>8} {'routing p50':>12} {'p99':>10}"
        f" {'cost':>11} {'saved':>11}  models",
    ]
    for r in log["routes"]:
        models = ", ".join(f"{m}×{n}" for m, n in r["models"].items())
        o = r["routing_overhead_us"]
        lines.append(
            f"{r['route']:<12} {r['requests']:>8} {100 * r['success_rate']:>7.1f}%"
            f" {_micros(o['p50']):>12} {_micros(o['p99']):>10}"
            f" {_usd(r['cost_usd']):>11} {_usd(r['savings_usd']):>11}  {models}"
        )
    o = log["routing_overhead_us"]
    saved_pct = t.get("saved_pct")
    lines += [
        "",
        f"success: {t['ok']} of {t['requests']} ({100 * t['success_rate']:.1f}%)",
        f"routing decision: p50 {_micros(o['p50'])}   p99 {_micros(o['p99'])}",
        f"cost: {_usd(t['cost_usd'])} on routeyard vs {_usd(t['baseline_cost_usd'])} sending "
        f"everything to the baseline ({baseline}): "
        + ("nothing saved" if saved_pct is None else f"{saved_pct:.1f}% saved"),
        "",
        textwrap.fill(QUALITY_NOTE, width=96),
    ]
    return "\n".join(lines) + "\n"


def write_report(data: dict[str, Any], path: Path) -> Path:
    """The HTML report (one self-contained file, charts drawn by the dashboard's code)."""
    html = report_html(
        data,
        title="routeyard demo: savings report",
        note=QUALITY_NOTE,
        summary=format_report(data),
    )
    path = path.resolve()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(html, encoding="utf-8")
    return path
