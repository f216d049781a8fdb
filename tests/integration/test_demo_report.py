"""``routeyard demo`` ends with the savings report, read back from the log its gateway wrote."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import orjson
import pytest

pytestmark = pytest.mark.integration


def test_demo_writes_the_savings_report_from_the_request_log(tmp_path: Path) -> None:
    out = subprocess.run(
        [sys.executable, "-m", "routeyard", "demo", "--requests", "40", "--concurrency", "8",
         "--report", "out/savings.html"],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    text = out.stdout
    assert "savings report (40 requests in the request log for this run)" in text
    assert "success: 40 of 40 (100.0%)" in text
    assert "routing decision: p50" in text and "% saved" in text
    assert "Quality is not measured by this demo" in text
    report = tmp_path / "out" / "savings.html"
    assert f"report with charts: {report}" in text

    # The report's numbers are the rows the gateway logged (the embedded default's database).
    page = report.read_text(encoding="utf-8")
    raw = page.split('<script type="application/json" id="routeyard-data">')[1]
    data = orjson.loads(raw.split("</script>")[0])
    totals = data["log"]["totals"]
    db = sqlite3.connect(tmp_path / "routeyard.db")
    n, cost = db.execute("SELECT COUNT(*), SUM(cost_usd) FROM requests").fetchone()
    db.close()
    assert totals["requests"] == n == 40
    assert totals["cost_usd"] == pytest.approx(cost)
    assert 0 < totals["cost_usd"] < totals["baseline_cost_usd"]
    assert {r["route"] for r in data["log"]["routes"]} >= {"general", "code"}


def test_demo_report_can_be_skipped(tmp_path: Path) -> None:
    out = subprocess.run(
        [sys.executable, "-m", "routeyard", "demo", "--requests", "8", "--report", "-"],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
    )
    assert out.returncode == 0, out.stderr
    assert "savings report" in out.stdout and "report with charts" not in out.stdout
    assert not list(tmp_path.glob("*.html"))
