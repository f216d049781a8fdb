"""Shadow evaluation through a real gateway and simulator: with fraction 1.0, N requests leave
N × (shadow models) judged results in the store, tied to the requests' ids; the client's
answers and headers are what an unshadowed route gives; the spending cap holds."""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.integration.conftest import Proc, http, start, stop

pytestmark = pytest.mark.integration

CONFIG = """\
version: 1
providers:
  oa: {{kind: openai, base_url: {sim}/v1, api_key: sk-test}}
models:
  small: {{provider: oa, model: sim-small, price: {{input: 0.15, output: 0.6}}}}
  medium: {{provider: oa, model: sim-medium, price: {{input: 1, output: 4}}}}
  large: {{provider: oa, model: sim-large, price: {{input: 3, output: 15}}}}
  judge: {{provider: oa, model: sim-large, price: {{input: 3, output: 15}}}}
policy:
  default_route: general
  routes:
    - name: general
      candidates: [small]
      shadow: {{fraction: 1.0, models: [medium, large], scorer: pairwise}}
    - name: plain
      candidates: [small]
evals:
  judge_model: judge
  shadow: {{max_usd: {cap}, window: hour, max_concurrency: 2}}
observe:
  request_log: {{path: {db}}}
"""


def gateway_with(simulator: Proc, tmp: Path, cap: float) -> tuple[Proc, Path]:
    db = tmp / "routeyard.db"
    cfg = tmp / "routeyard.yaml"
    cfg.write_text(CONFIG.format(sim=simulator.url, cap=cap, db=db))
    return start(["serve", "-c", str(cfg), "--port", "0"]), db


@pytest.fixture(scope="module")
def shadowed(
    simulator: Proc, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Proc, Path]]:
    gw, db = gateway_with(simulator, tmp_path_factory.mktemp("shadow"), cap=100.0)
    yield gw, db
    stop(gw)


def chat(gw: Proc, model: str, text: str) -> tuple[dict[str, str], dict[str, Any]]:
    body = {"model": model, "messages": [{"role": "user", "content": text}]}
    reply = http(
        "POST", f"{gw.url}/v1/chat/completions", json.dumps(body).encode(),
        {"content-type": "application/json"},
    )  # fmt: skip
    assert reply.status == 200, reply.body
    return reply.headers, reply.json()


def shadow_stats(gw: Proc) -> dict[str, Any]:
    stats: dict[str, Any] = http("GET", f"{gw.url}/routeyard/stats").json()["shadow"]
    return stats


def settle(
    gw: Proc, results: int | None = None, offered: int | None = None, timeout: float = 20.0
) -> dict[str, Any]:
    """Wait until nothing runs and the counts are reached. The gateway takes a request's offer
    after writing its response, so the client can ask before the offer: pass ``offered``."""
    deadline = time.monotonic() + timeout
    while True:
        stats = shadow_stats(gw)
        done = (
            stats["running"] == 0
            and (results is None or stats["results"] >= results)
            and (offered is None or stats["offered"] >= offered)
        )
        if done or time.monotonic() > deadline:
            return stats
        time.sleep(0.05)


def test_every_request_is_shadowed_and_the_client_sees_no_difference(
    shadowed: tuple[Proc, Path],
) -> None:
    gw, db = shadowed
    n = 4
    ids = []
    for i in range(n):
        prompt = f"Tell me something about the number {i}."
        headers, answer = chat(gw, "auto", prompt)
        plain_headers, plain = chat(gw, "auto:plain", prompt)
        # Same model, same answer, same response headers as the route without shadowing.
        assert answer["choices"] == plain["choices"]
        assert answer["usage"] == plain["usage"]
        assert headers["x-routeyard-model"] == plain_headers["x-routeyard-model"] == "small"
        assert sorted(k for k in headers if k.startswith("x-")) == sorted(
            k for k in plain_headers if k.startswith("x-")
        )
        assert float(headers["x-routeyard-decision-us"]) >= 0
        ids.append(headers["x-request-id"])
    stats = settle(gw, results=n * 2)
    assert stats["results"] == n * 2 and stats["failed"] == 0
    assert stats["spent_usd"] > 0 and stats["dropped_saturated"] == 0
    with sqlite3.connect(db) as conn:
        rows = conn.execute(
            "SELECT request_id, model, source, judge_model, cost_usd, judge_cost_usd, scorer "
            "FROM eval_results ORDER BY request_id, model"
        ).fetchall()
    assert len(rows) == n * 2
    assert sorted({r[0] for r in rows}) == sorted(ids)
    assert {r[1] for r in rows} == {"medium", "large"}
    assert all(r[2] == "shadow" and r[3] == "judge" and r[6] == "pairwise" for r in rows)
    assert all(r[4] > 0 and r[5] > 0 for r in rows)  # answers and judging both cost


def test_spending_cap_stops_new_shadow_calls(simulator: Proc, tmp_path: Path) -> None:
    gw, db = gateway_with(simulator, tmp_path, cap=0.0000001)
    try:
        for i in range(3):
            chat(gw, "auto", f"A capped question {i}")
            settle(gw, offered=i + 1)
        stats = shadow_stats(gw)
    finally:
        stop(gw)
    # The first shadowed request's first call starts (nothing spent yet) and crosses the cap:
    # nothing else starts.
    assert stats["calls"] == 1 and stats["results"] == 1
    assert stats["skipped_cap"] == 2 * 3 - 1
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT COUNT(*) FROM eval_results").fetchone() == (1,)
