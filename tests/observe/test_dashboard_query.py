"""The dashboard's queries over a request log, on SQLite and (when configured) PostgreSQL."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from routeyard.execute.attempts import Attempt
from routeyard.observe.dashboard_page import json_for_script, read_asset, report_html
from routeyard.observe.dashboard_query import bucket_step, query_dashboard
from routeyard.observe.entry import entry_from_record
from routeyard.observe.log_backend import LogBackend, SQLiteBackend
from routeyard.policy.decision import Candidate, RoutingDecision, Skipped
from tests.observe._records import make_record

T0 = 1_800_000_000.0  # a multiple of 60: buckets of a 1 h window start here
PG_DSN = os.environ.get("ROUTEYARD_TEST_POSTGRES_DSN", "")


def _fill(backend: LogBackend) -> None:
    decision = RoutingDecision(
        route="code",
        route_reason="labels match any of code",
        candidates=[Candidate("small", "candidate 1 of route code"), Candidate("large", "c2")],
        skipped=[Skipped("tiny", "context window 4000 < 9000 tokens")],
        policy_version="p-1",
    )
    entries = []
    for i in range(6):  # 10:00:05 + 70 s each → buckets 0, 1, 2, 3, 4, 5 (width 60 s)
        rec = make_record(
            i,
            route="code" if i < 4 else "chat",
            model="small" if i % 2 else "large",
            cost_usd=0.01 * (i + 1),
            baseline_cost_usd=0.1,
            decision_us=10.0 * (i + 1),
            status="ok" if i != 5 else "error",
            started_unix=T0 + 5 + 70 * i,
            labels=["code", "<b>x</b>"],
            decision=decision,
            attempts=[
                Attempt(model="small", ok=False, latency_ms=5.0, error="rate_limited", status=429),
                Attempt(model="large", ok=True, latency_ms=50.0, status=200),
            ],
        )
        entries.append(entry_from_record(rec, finished_at=T0 + 500, run="r" * 16, seq=i))
    old = make_record(99, started_unix=T0 - 7200, cost_usd=100.0)  # outside the window
    entries.append(entry_from_record(old, finished_at=T0, run="r" * 16, seq=99))
    backend.write(entries)


def _check(report: dict[str, object]) -> None:
    r = report
    totals = r["totals"]
    assert isinstance(totals, dict)
    assert totals["requests"] == 6 and totals["ok"] == 5
    assert totals["cost_usd"] == pytest.approx(0.21)
    assert totals["baseline_cost_usd"] == pytest.approx(0.6)
    assert totals["saved_pct"] == pytest.approx(65.0)
    assert r["routing_overhead_us"] == {"p50": 30.0, "p99": 60.0}  # nearest rank, as stats

    series = r["series"]
    assert isinstance(series, dict)
    assert series["step_s"] == 60.0
    points = series["points"]
    assert len(points) == 60 and points[0]["t"] == T0
    assert [p["requests"] for p in points[:7]] == [1, 1, 1, 1, 1, 1, 0]
    assert points[5]["ok"] == 0 and points[4]["ok"] == 1
    assert points[2]["cost_usd"] == pytest.approx(0.03)
    assert sum(p["savings_usd"] for p in points) == pytest.approx(0.39)

    assert r["models"] == [
        {"model": "small", "requests": 3, "ok": 2, "cost_usd": pytest.approx(0.12)},
        {"model": "large", "requests": 3, "ok": 3, "cost_usd": pytest.approx(0.09)},
    ]
    routes = {x["route"]: x for x in r["routes"]}  # type: ignore[attr-defined]
    assert routes["code"]["requests"] == 4 and routes["chat"]["success_rate"] == 0.5

    recent = r["recent"]
    assert isinstance(recent, list)
    assert [x["request_id"] for x in recent] == [f"req-{i:08d}" for i in range(5, -1, -1)]
    newest = recent[0]
    assert newest["labels"] == ["code", "<b>x</b>"]  # stored as given; the page escapes it
    assert newest["route_reason"] == "labels match any of code"
    assert newest["candidates"][0] == {"model": "small", "reason": "candidate 1 of route code"}
    assert newest["skipped"] == [{"model": "tiny", "reason": "context window 4000 < 9000 tokens"}]
    assert newest["status"] == "error" and newest["policy_version"] == "p-1"
    assert [(a["n"], a["model"], a["ok"], a["error"]) for a in newest["attempts"]] == [
        (0, "small", False, "rate_limited"),
        (1, "large", True, None),
    ]


def test_dashboard_report_on_sqlite(tmp_path: Path) -> None:
    backend = SQLiteBackend(tmp_path / "log.db")
    _fill(backend)
    _check(query_dashboard(backend, since=T0, until=T0 + 3600))
    backend.close()


def test_an_empty_window_has_zero_buckets_and_no_rows(tmp_path: Path) -> None:
    backend = SQLiteBackend(tmp_path / "log.db")
    report = query_dashboard(backend, since=T0, until=T0 + 900)
    assert report["totals"]["requests"] == 0 and report["totals"]["saved_pct"] is None
    assert report["routing_overhead_us"] == {"p50": 0.0, "p99": 0.0}
    assert report["series"]["step_s"] == 15.0 and len(report["series"]["points"]) == 60
    assert report["models"] == [] and report["recent"] == []
    backend.close()


def test_recent_can_be_switched_off(tmp_path: Path) -> None:
    backend = SQLiteBackend(tmp_path / "log.db")
    _fill(backend)
    assert query_dashboard(backend, since=T0, until=T0 + 3600, recent=0)["recent"] == []
    backend.close()


@pytest.mark.parametrize(
    ("window", "step"), [(10, 1), (100, 2), (900, 15), (3600, 60), (86400, 1800), (604800, 21600)]
)
def test_bucket_steps_stay_readable(window: float, step: float) -> None:
    assert bucket_step(window) == step
    assert window / bucket_step(window) <= 60


def test_a_window_past_the_largest_step_uses_whole_days() -> None:
    assert bucket_step(400 * 86400) == 7 * 86400


@pytest.fixture
def pg_schema() -> Iterator[str]:
    if not PG_DSN:
        if os.environ.get("CI") == "true":
            pytest.fail("CI must run the PostgreSQL tests (scripts/check starts a server)")
        pytest.skip("set ROUTEYARD_TEST_POSTGRES_DSN to run")
    psycopg = pytest.importorskip("psycopg")
    name = f"ry_dash_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(PG_DSN, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {name}")
    yield name
    with psycopg.connect(PG_DSN, autocommit=True) as conn:
        conn.execute(f"DROP SCHEMA {name} CASCADE")


def test_the_same_report_on_postgres(pg_schema: str) -> None:
    from psycopg.conninfo import conninfo_to_dict, make_conninfo

    from routeyard.observe.log_postgres import PostgresBackend

    params = conninfo_to_dict(PG_DSN)
    params["options"] = f"-c search_path={pg_schema}"
    backend = PostgresBackend(make_conninfo("", **params))
    try:
        _fill(backend)
        _check(query_dashboard(backend, since=T0, until=T0 + 3600))
    finally:
        backend.close()


def test_report_html_is_one_safe_file() -> None:
    data = {"log": None, "note": "</script><script>alert(1)</script>"}
    page = report_html(data, title="demo <report>", note="quality not measured", summary="a & b")
    assert "</script><script>alert(1)" not in page  # the data cannot close its element
    assert json_for_script(data) in page
    assert "demo &lt;report&gt;" in page and "a &amp; b" in page
    for name in ("format.js", "charts.js", "dashboard.js"):  # the dashboard's code, inlined
        assert read_asset(name).decode() in page
    assert read_asset("live.js").decode() not in page  # no polling in a report
    assert "<link" not in page and "src=" not in page  # nothing to fetch
    assert 'data-mode="report"' in page


def test_only_known_assets_are_read() -> None:
    with pytest.raises(KeyError):
        read_asset("../../config/default.yaml")
