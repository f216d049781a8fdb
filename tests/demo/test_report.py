"""The demo's savings report, from dashboard data (no processes)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import orjson

from routeyard.demo.report import QUALITY_NOTE, format_report, write_report


def _data(log: bool = True) -> dict[str, Any]:
    overhead = {"p50": 80.0, "p99": 1500.0}
    report = {
        "totals": {
            "requests": 10,
            "ok": 9,
            "success_rate": 0.9,
            "cost_usd": 0.25,
            "baseline_cost_usd": 1.0,
            "savings_usd": 0.75,
            "saved_pct": 75.0,
        },
        "routes": [
            {
                "route": "code",
                "requests": 10,
                "success_rate": 0.9,
                "models": {"sim-medium": 9, "none": 1},
                "routing_overhead_us": overhead,
                "cost_usd": 0.25,
                "savings_usd": 0.75,
            }
        ],
        "routing_overhead_us": overhead,
    }
    return {
        "baseline_model": "sim-large",
        "request_log": {"enabled": log, "readable": log, "error": None},
        "log": report if log else None,
        "live": {"cost_usd": 0.5, "baseline_cost_usd": 2.0, "decision_us": overhead},
    }


def test_the_report_puts_savings_next_to_success_and_overhead() -> None:
    text = format_report(_data())
    assert "cost: $0.250000 on routeyard vs $1.000000" in text
    assert "(sim-large): 75.0% saved" in text
    assert "routing decision: p50 80.0 µs   p99 1.50 ms" in text
    assert re.search(r"code\s+10\s+90\.0%", text)
    assert "sim-medium×9" in text
    assert "Quality is not measured by this demo" in text


def test_without_the_log_it_says_so() -> None:
    text = format_report(_data(log=False))
    assert "no savings report from the request log: the request log is off" in text
    assert "routing decision: p50" in text


def test_the_html_report_embeds_the_data_and_the_note(tmp_path: Path) -> None:
    path = write_report(_data(), tmp_path / "sub" / "report.html")
    page = path.read_text(encoding="utf-8")
    raw = page.split('<script type="application/json" id="routeyard-data">')[1]
    assert orjson.loads(raw.split("</script>")[0]) == _data()
    assert QUALITY_NOTE.split(":")[0] in page
