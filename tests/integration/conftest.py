"""Real processes on loopback: ``routeyard simulate`` and ``routeyard serve``, driven by the SDKs."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

CLIENT_KEY = "ry-test-key-0123456789"
LIMITED_KEY = "ry-test-key-limited-0123"  # may reach only the model "small"
_URL = re.compile(r"listening on (http://\S+)")

SIM_SPEC = """\
models:
  - {name: sim-small, answer_tokens: 12, context_window: 16000}
  - {name: sim-medium, answer_tokens: 16}
  - {name: sim-large, answer_tokens: 20}
  - {name: sim-flaky, answer_tokens: 12, tokens_per_s: 200}
  - {name: sim-other, answer_tokens: 12, tokens_per_s: 200}
  - {name: sim-slow, answer_tokens: 60, tokens_per_s: 5}
  - {name: sim-steady, answer_tokens: 30, tokens_per_s: 20}
  - {name: sim-late, answer_tokens: 5, ttft_ms: 700}
"""

GATEWAY_CONFIG = """\
version: 1
server:
  client_keys:
    - id: tests
      sha256: {key_hash}
    - id: limited
      sha256: {limited_hash}
      models: [small]
  max_body_bytes: 65536
providers:
  oa:
    kind: openai
    base_url: {sim}/v1
    api_key: sk-provider-secret-openai
  an:
    kind: anthropic
    base_url: {sim}
    api_key: sk-ant-provider-secret
  dead:
    kind: openai
    base_url: http://127.0.0.1:{dead_port}/v1
    api_key: sk-dead
models:
  small: {{provider: oa, model: sim-small, price: {{input: 0.15, output: 0.6}}, context_window: 16000}}
  medium: {{provider: oa, model: sim-medium, price: {{input: 1, output: 4}}, capabilities: [tools, json, vision, documents]}}
  large: {{provider: oa, model: sim-large, price: {{input: 3, output: 15}}, capabilities: [tools, json, vision]}}
  claude-small: {{provider: an, model: sim-small, price: {{input: 0.8, output: 4}}, capabilities: [tools, json, vision, documents]}}
  flaky: {{provider: oa, model: sim-flaky, price: {{input: 1, output: 1}}, fallbacks: [other]}}
  other: {{provider: oa, model: sim-other, price: {{input: 1, output: 1}}}}
  # One pair per fault test, so one test's open breaker cannot change another's outcome.
  flaky-auth: {{provider: oa, model: sim-flaky, price: {{input: 1, output: 1}}, fallbacks: [other-auth]}}
  other-auth: {{provider: oa, model: sim-other, price: {{input: 1, output: 1}}}}
  flaky-down: {{provider: oa, model: sim-flaky, price: {{input: 1, output: 1}}}}
  other-down: {{provider: oa, model: sim-other, price: {{input: 1, output: 1}}}}
  flaky-commit: {{provider: oa, model: sim-flaky, price: {{input: 1, output: 1}}}}
  flaky-commit-a: {{provider: oa, model: sim-flaky, price: {{input: 1, output: 1}}}}
  flaky-429: {{provider: oa, model: sim-flaky, price: {{input: 1, output: 1}}}}
  other-429: {{provider: oa, model: sim-other, price: {{input: 1, output: 1}}}}
  steady: {{provider: oa, model: sim-steady, price: {{input: 1, output: 1}}}}
  slow: {{provider: oa, model: sim-slow, price: {{input: 1, output: 1}}}}
  broken: {{provider: dead, model: sim-small, price: {{input: 1, output: 1}}, fallbacks: [medium]}}
resilience:
  # Many fault tests share this gateway: a larger floor keeps one test's retries from
  # spending another's budget (the budget itself is unit-tested).
  retry: {{budget_floor: 100}}
classifier:
  rules:
    - label: extraction
      keywords: [extract]
policy:
  version: test-1
  baseline: large
  default_route: general
  routes:
    - name: code
      when: {{any: [code]}}
      candidates: [medium, large]
    - name: extraction
      when: {{any: [extraction]}}
      candidates: [small, medium]
    - name: general
      candidates: [small, medium, large]
    - name: anthropic
      candidates: [claude-small]
    - name: failover
      candidates: [broken, medium]
    - name: flaky
      candidates: [flaky, other]
    - name: flaky-down
      candidates: [flaky-down, other-down]
    - name: flaky-429
      candidates: [flaky-429, other-429]
    - name: flaky-commit
      candidates: [flaky-commit]
    - name: flaky-commit-a
      candidates: [flaky-commit-a]
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Proc:
    proc: subprocess.Popen[str]
    url: str
    stderr_lines: list[str]


def start(args: list[str], env: dict[str, str] | None = None) -> Proc:
    cmd = [sys.executable, "-m", "routeyard", *args]
    # Each process runs in its own folder: the request log (routeyard.db by default) and its
    # spill file land there, never in the checkout or in another gateway's way.
    proc = subprocess.Popen(
        cmd,
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
        env=env or os.environ.copy(),
        cwd=tempfile.mkdtemp(prefix="routeyard-test-"),
    )
    assert proc.stderr is not None
    lines: list[str] = []
    deadline = time.monotonic() + 30
    url = None
    while time.monotonic() < deadline:
        line = proc.stderr.readline()
        if not line:
            break
        lines.append(line)
        m = _URL.search(line)
        if m:
            url = m.group(1)
            break
    if url is None:
        proc.kill()
        raise RuntimeError(f"{args[0]} did not start:\n{''.join(lines)}")

    def drain() -> None:  # keep reading so the child never blocks on a full pipe
        assert proc.stderr is not None
        for line in proc.stderr:
            lines.append(line)

    threading.Thread(target=drain, daemon=True).start()
    return Proc(proc, url, lines)


def stop(p: Proc) -> None:
    p.proc.terminate()
    try:
        p.proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        p.proc.kill()


def render_gateway_config(sim_url: str) -> str:
    """GATEWAY_CONFIG for a simulator, with the test keys' hashes and a dead port filled in."""
    return GATEWAY_CONFIG.format(
        sim=sim_url,
        key_hash=hashlib.sha256(CLIENT_KEY.encode()).hexdigest(),
        limited_hash=hashlib.sha256(LIMITED_KEY.encode()).hexdigest(),
        dead_port=free_port(),
    )


def start_simulator(spec_text: str, folder: Path) -> Proc:
    """A simulator process serving ``spec_text`` (written to ``folder``)."""
    spec = folder / "spec.yaml"
    spec.write_text(spec_text)
    return start(["simulate", "--spec", str(spec), "--port", "0"])


@pytest.fixture(scope="session")
def simulator(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Proc]:
    p = start_simulator(SIM_SPEC, tmp_path_factory.mktemp("sim"))
    yield p
    stop(p)


@pytest.fixture(scope="session")
def gateway_config(simulator: Proc, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("gw") / "routeyard.yaml"
    path.write_text(render_gateway_config(simulator.url))
    return path


@pytest.fixture(scope="session")
def gateway(gateway_config: Path) -> Iterator[Proc]:
    p = start(["serve", "-c", str(gateway_config), "--port", "0"])
    yield p
    stop(p)


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


def http(
    method: str, url: str, body: bytes | None = None, headers: dict[str, str] | None = None
) -> Reply:
    """A plain HTTP call (no SDK), for wire-level checks."""
    req = urllib.request.Request(url, data=body, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=30) as resp:
            return Reply(resp.status, {k.lower(): v for k, v in resp.headers.items()}, resp.read())
    except urllib.error.HTTPError as err:
        return Reply(err.code, {k.lower(): v for k, v in err.headers.items()}, err.read())


def set_fault(simulator_url: str, model: str, fault: dict[str, Any]) -> None:
    """Set one simulated model's faults through the simulator's control API."""
    reply = http(
        "PUT",
        f"{simulator_url}/_sim/faults/{model}",
        json.dumps(fault).encode(),
        {"content-type": "application/json"},
    )
    assert reply.status == 200, reply.body


@contextlib.contextmanager
def sim_faults(simulator: Proc, faults: dict[str, dict[str, Any]]) -> Iterator[None]:
    """Faults on the simulated models for the block (model name → fault settings); the
    simulator is reset after it, whatever happens."""
    for model, fault in faults.items():
        set_fault(simulator.url, model, fault)
    try:
        yield
    finally:
        http("POST", f"{simulator.url}/_sim/reset")
