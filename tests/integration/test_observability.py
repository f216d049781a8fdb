"""The request log, /metrics and `routeyard stats`, on a real gateway process."""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import http, start

pytestmark = pytest.mark.integration


def test_every_request_is_logged_measured_and_reported(tmp_path: Path) -> None:
    db = tmp_path / "requests.db"
    cfg = tmp_path / "cfg.yaml"
    # The embedded default's models and routes, with the request log in this test's folder.
    from routeyard.config.default import default_config_text

    cfg.write_text(default_config_text() + f"\nobserve:\n  request_log:\n    path: {db}\n")
    gw = start(["serve", "-c", str(cfg), "--port", "0"])
    body = {"model": "auto", "messages": [{"role": "user", "content": "What is 2 + 2?"}]}
    sent = 0
    try:
        for text in ("What is 2 + 2?", "Write a Python function that adds two numbers."):
            for _ in range(5):
                body["messages"] = [{"role": "user", "content": text}]
                r = http(
                    "POST",
                    f"{gw.url}/v1/chat/completions",
                    json.dumps(body).encode(),
                    {"content-type": "application/json"},
                )
                assert r.status == 200
                sent += 1
        metrics = http("GET", f"{gw.url}/metrics")
        assert metrics.status == 200
        assert metrics.headers["content-type"].startswith("text/plain")
        text = metrics.body.decode()
        assert 'routeyard_requests_total{route="code",model="sim-medium",status="ok"} 5' in text
        assert "routeyard_routing_decision_duration_seconds_bucket" in text
        assert 'routeyard_breaker_state{deployment="sim-medium"' in text
    finally:
        gw.proc.send_signal(signal.SIGTERM)
        assert gw.proc.wait(timeout=20) == 0  # graceful stop flushes the log
    rows = sqlite3.connect(db).execute("SELECT COUNT(*), COUNT(DISTINCT request_id) FROM requests")
    assert rows.fetchone() == (sent, sent)
    attempts = sqlite3.connect(db).execute("SELECT COUNT(*) FROM attempts").fetchone()[0]
    assert attempts >= sent
    out = subprocess.run(
        [sys.executable, "-m", "routeyard", "stats", "-c", str(cfg), "--since", "1h", "--json"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode == 0, out.stderr
    stats = json.loads(out.stdout)
    assert sum(r["requests"] for r in stats["routes"]) == sent
    human = subprocess.run(
        [sys.executable, "-m", "routeyard", "stats", "--db", str(db), "--since", "1h"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert human.returncode == 0, human.stderr
    assert "code" in human.stdout
