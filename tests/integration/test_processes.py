"""Whole commands as a user runs them: the demo, multi-worker serve, graceful stop."""

from __future__ import annotations

import json
import signal
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import http, start

pytestmark = pytest.mark.integration


def test_demo_runs_and_reports(tmp_path: Path) -> None:
    out = subprocess.run(
        [sys.executable, "-m", "routeyard", "demo", "--requests", "40", "--concurrency", "8"],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
    )
    assert out.returncode == 0, out.stderr
    assert "requests: 40   succeeded: 40 (100.0%)" in out.stdout
    assert "routing decision: p50" in out.stdout
    assert "saved" in out.stdout


def test_workers_share_a_port_and_stop_cleanly() -> None:
    gw = start(["serve", "--workers", "2", "--port", "0"])
    body = json.dumps({"model": "auto", "messages": [{"role": "user", "content": "hi"}]}).encode()
    try:
        for _ in range(20):
            r = http(
                "POST", f"{gw.url}/v1/chat/completions", body, {"content-type": "application/json"}
            )
            assert r.status == 200
    finally:
        gw.proc.send_signal(signal.SIGTERM)
        assert gw.proc.wait(timeout=15) == 0


def test_sigterm_on_single_worker_exits_zero() -> None:
    gw = start(["serve", "--port", "0"])
    assert http("GET", f"{gw.url}/readyz").status == 200
    # The start line says which path serves the local model (the C kernel, where it was built).
    banner = next(line for line in gw.stderr_lines if "listening on" in line)
    assert "; local model on " in banner
    gw.proc.send_signal(signal.SIGTERM)
    assert gw.proc.wait(timeout=15) == 0


@pytest.mark.parametrize("workers", ["1", "2"])
def test_port_in_use_is_a_clear_error(tmp_path: Path, workers: str) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        out = subprocess.run(
            [sys.executable, "-m", "routeyard", "serve", "--workers", workers, "--port", str(port)],
            capture_output=True,
            text=True,
            timeout=60,
            cwd=tmp_path,
        )
    assert out.returncode == 1
    assert (
        out.stderr.strip()
        == f"routeyard: cannot listen on 127.0.0.1:{port}: address already in use"
    )
