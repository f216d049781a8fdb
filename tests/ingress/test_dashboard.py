"""/dashboard and /routeyard/dashboard.json on an in-process gateway (embedded simulator)."""

from __future__ import annotations

import asyncio
import hashlib
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from routeyard.config.default import default_config
from routeyard.config.schema import Config
from routeyard.errors import InvalidRequest
from routeyard.ingress.dashboard import PAGE_CSP, parse_window
from routeyard.serving import Running, running_gateway

KEY = "ry-dashboard-test-key"
AUTH = {"authorization": f"Bearer {KEY}"}


def _config(tmp_path: Path, *, log: str = "sqlite", keys: bool = True, dash: bool = True) -> Config:
    data = default_config().model_dump()
    data["server"]["dashboard"] = dash
    if keys:
        data["server"]["client_keys"] = [
            {"id": "t", "sha256": hashlib.sha256(KEY.encode()).hexdigest()}
        ]
    data["observe"]["request_log"] = {"backend": log, "path": str(tmp_path / "log.db")}
    return Config.model_validate(data)


@pytest.fixture
async def gw(tmp_path: Path) -> AsyncIterator[Running]:
    async with running_gateway(_config(tmp_path), "127.0.0.1", 0) as running:
        yield running


async def _chat(session: aiohttp.ClientSession, url: str, text: str) -> None:
    body = {"model": "auto", "messages": [{"role": "user", "content": text}]}
    async with session.post(f"{url}/v1/chat/completions", json=body, headers=AUTH) as r:
        assert r.status == 200, await r.text()


async def _data(session: aiohttp.ClientSession, url: str, query: str = "") -> dict[str, Any]:
    async with session.get(f"{url}/routeyard/dashboard.json{query}", headers=AUTH) as r:
        assert r.status == 200, await r.text()
        assert r.headers["cache-control"] == "no-store"
        data: dict[str, Any] = await r.json()
        return data


async def test_page_and_assets_are_served_with_a_strict_policy(gw: Running) -> None:
    async with aiohttp.ClientSession() as s:
        async with s.get(f"{gw.url}/dashboard") as r:
            assert r.status == 200
            assert r.headers["content-type"] == "text/html; charset=utf-8"
            assert r.headers["content-security-policy"] == PAGE_CSP
            assert r.headers["x-content-type-options"] == "nosniff"
            page = await r.text()
        assert 'src="dashboard/dashboard.js"' in page
        for name, kind in (
            ("format.js", "text/javascript"),
            ("charts.js", "text/javascript"),
            ("dashboard.js", "text/javascript"),
            ("live.js", "text/javascript"),
            ("dashboard.css", "text/css"),
        ):
            async with s.get(f"{gw.url}/dashboard/{name}") as r:
                assert r.status == 200 and r.headers["content-type"].startswith(kind)
        async with s.get(f"{gw.url}/dashboard/../config/default.yaml") as r:
            assert r.status == 404


async def test_data_needs_a_client_key_like_stats(gw: Running) -> None:
    async with aiohttp.ClientSession() as s:
        for path in ("/routeyard/stats", "/routeyard/dashboard.json"):
            async with s.get(f"{gw.url}{path}") as r:
                assert r.status == 401
            async with s.get(f"{gw.url}{path}", headers={"authorization": "Bearer nope"}) as r:
                assert r.status == 401
        async with s.get(f"{gw.url}/routeyard/dashboard.json?window=nope", headers=AUTH) as r:
            assert r.status == 400
            assert (await r.json())["error"]["param"] == "window"


async def test_data_shows_logged_requests_and_live_breakers(gw: Running) -> None:
    assert gw.app.dashboard is not None
    gw.app.dashboard.cache_s = 0.0
    since = time.time() - 1
    async with aiohttp.ClientSession() as s:
        texts = ["What is the capital of Peru?", "Write a Python function that adds numbers."]
        await asyncio.gather(*(_chat(s, gw.url, t) for t in texts * 2))
        for _ in range(100):  # the log writer batches every 50 ms
            data = await _data(s, gw.url, f"?since={since}")
            if data["log"]["totals"]["requests"] == 4:
                break
            await asyncio.sleep(0.05)
    log = data["log"]
    assert data["request_log"] | {"writer": None} == {
        "backend": "sqlite",
        "enabled": True,
        "readable": True,
        "error": None,
        "writer": None,
    }
    assert log["totals"]["requests"] == 4 and log["totals"]["success_rate"] == 1.0
    assert {r["route"] for r in log["routes"]} == {"general", "code"}
    assert {m["model"] for m in log["models"]} == {"sim-small", "sim-medium"}
    assert log["totals"]["saved_pct"] > 0 and data["baseline_model"] == "sim-large"
    assert sum(p["requests"] for p in log["series"]["points"]) == 4
    assert len(log["recent"]) == 4 and all(r["attempts"] for r in log["recent"])
    assert log["routing_overhead_us"]["p99"] > 0
    breakers = {b["deployment"]: b for b in data["breakers"]}
    assert set(breakers) == {"sim-small", "sim-medium", "sim-large", "sim-embed"}
    assert breakers["sim-small"]["state"] == "closed" and breakers["sim-small"]["used"]
    assert not breakers["sim-large"]["used"]
    assert data["live"]["requests"] == 4


async def test_answers_are_cached_for_a_second(gw: Running) -> None:
    async with aiohttp.ClientSession() as s:
        first = await _data(s, gw.url, "?window=15m")
        second = await _data(s, gw.url, "?window=15m")
        other = await _data(s, gw.url, "?window=1h")
    assert first["generated_at"] == second["generated_at"]
    assert other["window"]["seconds"] == 3600
    dashboard = gw.app.dashboard
    assert dashboard is not None
    dashboard.close()  # closes the read connection on its own thread, then stops the thread
    assert dashboard._executor is None and dashboard._backend is None
    dashboard.close()


async def test_with_the_log_off_the_data_still_has_live_state(tmp_path: Path) -> None:
    async with (
        running_gateway(_config(tmp_path, log="off", keys=False), "127.0.0.1", 0) as gw,
        aiohttp.ClientSession() as s,
    ):
        await _chat(s, gw.url, "hello")
        async with s.get(f"{gw.url}/routeyard/dashboard.json") as r:
            assert r.status == 200
            data = await r.json()
    assert data["log"] is None
    assert data["request_log"]["enabled"] is False
    assert data["live"]["requests"] == 1
    deployments = [b["deployment"] for b in data["breakers"]]
    assert deployments == ["sim-embed", "sim-large", "sim-medium", "sim-small"]


async def test_an_unreadable_log_is_reported_not_fatal(tmp_path: Path) -> None:
    cfg = _config(tmp_path, keys=False)
    (tmp_path / "log.db").write_bytes(b"this is not a database" * 100)
    async with (
        running_gateway(cfg, "127.0.0.1", 0) as gw,
        aiohttp.ClientSession() as s,
        s.get(f"{gw.url}/routeyard/dashboard.json") as r,
    ):
        assert r.status == 200
        data = await r.json()
    assert data["log"] is None
    assert data["request_log"]["readable"] is False
    assert "cannot be read" in data["request_log"]["error"]
    assert data["breakers"]


async def test_the_dashboard_can_be_switched_off(tmp_path: Path) -> None:
    cfg = _config(tmp_path, keys=False, dash=False)
    async with running_gateway(cfg, "127.0.0.1", 0) as gw, aiohttp.ClientSession() as s:
        for path in ("/dashboard", "/routeyard/dashboard.json", "/dashboard/charts.js"):
            async with s.get(f"{gw.url}{path}") as r:
                assert r.status == 404


def test_parse_window() -> None:
    assert parse_window("", 5000.0) == ("window=3600", 1400.0, 5000.0)
    assert parse_window("window=1h&window=15m", 5000.0)[1] == 4100.0  # the last one counts
    assert parse_window("since=100", 5000.0) == ("since=100.0", 100.0, 5000.0)
    for bad in ("window=1y", "window=500d", "since=x", "since=nan", "since=-1",
                "since=10&until=5", "until=5"):  # fmt: skip
        with pytest.raises(InvalidRequest):
            parse_window(bad, 5000.0)
