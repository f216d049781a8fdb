"""Config reload in a real ``routeyard serve``: SIGHUP (or POST /routeyard/reload) swaps in a new
router for new requests while a stream started before it finishes on the old one; an invalid
file keeps the old config; the request log, shared by both routers, loses nothing."""

from __future__ import annotations

import asyncio
import hashlib
import signal
import sqlite3
import time
from pathlib import Path

import aiohttp
import pytest

from .conftest import CLIENT_KEY, Proc, start, stop

pytestmark = pytest.mark.integration

AUTH = {"Authorization": f"Bearer {CLIENT_KEY}"}

CONFIG = """\
version: 1
server:
  client_keys: [{{id: tests, sha256: {key_hash}}}]
{server_extra}providers:
  oa: {{kind: openai, base_url: {sim}/v1, api_key: sk-test}}
models:
  small: {{provider: oa, model: sim-small, price: {{input: 0.15, output: 0.6}}}}
  medium: {{provider: oa, model: sim-medium, price: {{input: 1, output: 4}}}}
  large: {{provider: oa, model: sim-large, price: {{input: 3, output: 15}}}}
  steady: {{provider: oa, model: sim-steady, price: {{input: 1, output: 1}}}}
observe:
  request_log: {{backend: sqlite, path: {db}}}
policy:
  version: {version}
  default_route: general
  routes:
    - name: general
      candidates: [{general}]
    - name: stream
      candidates: [steady]
"""


def write(path: Path, sim: str, db: Path, general: str, version: str, extra: str = "") -> None:
    key_hash = hashlib.sha256(CLIENT_KEY.encode()).hexdigest()
    path.write_text(
        CONFIG.format(
            key_hash=key_hash, sim=sim, db=db, general=general, version=version, server_extra=extra
        )
    )


async def answered_by(session: aiohttp.ClientSession, url: str) -> str:
    body = {"model": "auto", "messages": [{"role": "user", "content": "hello there"}]}
    async with session.post(f"{url}/v1/chat/completions", json=body, headers=AUTH) as resp:
        assert resp.status == 200, await resp.text()
        await resp.read()
        return resp.headers["x-routeyard-model"]


async def wait_for_model(session: aiohttp.ClientSession, url: str, model: str) -> None:
    deadline = time.monotonic() + 10
    while (seen := await answered_by(session, url)) != model:
        assert time.monotonic() < deadline, f"still answered by {seen}, not {model}"
        await asyncio.sleep(0.05)


def stderr_has(gw: Proc, text: str, limit: float = 10.0) -> str:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        joined = "".join(gw.stderr_lines)
        if text in joined:
            return joined
        time.sleep(0.05)
    raise AssertionError(f"{text!r} not in:\n{''.join(gw.stderr_lines)}")


async def test_sighup_swaps_the_router_and_streams_finish_on_the_old_one(
    simulator: Proc, tmp_path: Path
) -> None:
    path, db = tmp_path / "gw.yaml", tmp_path / "log.db"
    write(path, simulator.url, db, "small", "v1")
    gw = start(["serve", "-c", str(path), "--port", "0"])
    requests = 0
    try:
        async with aiohttp.ClientSession() as session:
            assert await answered_by(session, gw.url) == "small"
            requests += 1

            # A stream (~1.5 s) that starts on the first router...
            body = {"model": "auto:stream", "stream": True,
                    "messages": [{"role": "user", "content": "tell me a story"}]}  # fmt: skip
            async with session.post(
                f"{gw.url}/v1/chat/completions", json=body, headers=AUTH
            ) as stream:
                assert stream.status == 200
                first = await stream.content.readline()
                assert first.startswith(b"data: ")
                # ...while the config changes under it.
                write(path, simulator.url, db, "medium", "v2")
                gw.proc.send_signal(signal.SIGHUP)
                await wait_for_model(session, gw.url, "medium")
                requests += 1
                assert not stream.content.at_eof()  # the new router serves; this one streams on
                rest = (await stream.read()).decode()
                requests += 1
            assert rest.rstrip().endswith("data: [DONE]")
            assert '"error"' not in rest
            assert "policy version v2" in stderr_has(gw, "routeyard reloaded the config")

            # An invalid file: the old config stays, the problems are logged with their path.
            write(path, simulator.url, db, "nonexistent", "v3")
            gw.proc.send_signal(signal.SIGHUP)
            log = stderr_has(gw, "still serving the previous config")
            assert "policy.routes.0.candidates" in log and "nonexistent" in log
            assert await answered_by(session, gw.url) == "medium"
            requests += 1

            # The admin endpoint does the same, behind the client key, and says what a
            # restart would be needed for (the port here).
            write(path, simulator.url, db, "large", "v4", extra="  port: 9\n")
            reload_url = f"{gw.url}/routeyard/reload"
            async with session.post(reload_url) as resp:
                assert resp.status == 401
            async with session.post(reload_url, headers=AUTH) as resp:
                assert resp.status == 200
                outcome = await resp.json()
            assert outcome["reloaded"] is True and outcome["policy_version"] == "v4"
            assert outcome["restart_needed_for"] == ["server.port (8080 → 9)"]
            assert await answered_by(session, gw.url) == "large"
            requests += 1
            async with session.get(f"{gw.url}/healthz") as resp:
                assert resp.status == 200  # still on the port it started with
    finally:
        stop(gw)
    assert gw.proc.returncode == 0
    # Both routers wrote to one request log; every request is in it.
    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT model FROM requests ORDER BY rowid").fetchall()
    assert [r[0] for r in rows].count("steady") == 1
    assert len(rows) >= requests


async def test_workers_all_reload_on_sighup_to_the_parent(simulator: Proc, tmp_path: Path) -> None:
    path, db = tmp_path / "gw.yaml", tmp_path / "log.db"
    write(path, simulator.url, db, "small", "v1")
    gw = start(["serve", "-c", str(path), "--port", "0", "--workers", "2"])
    try:
        deadline = time.monotonic() + 15
        while "".join(gw.stderr_lines).count("routeyard listening") < 2:
            assert time.monotonic() < deadline, "".join(gw.stderr_lines)
            await asyncio.sleep(0.05)
        async with aiohttp.ClientSession() as session:
            assert await answered_by(session, gw.url) == "small"
        write(path, simulator.url, db, "medium", "v2")
        gw.proc.send_signal(signal.SIGHUP)
        deadline = time.monotonic() + 15
        while "".join(gw.stderr_lines).count("routeyard reloaded the config") < 2:
            assert time.monotonic() < deadline, "".join(gw.stderr_lines)
            await asyncio.sleep(0.05)
        # New connections land on either worker: every one answers with the new config.
        for _ in range(8):
            connector = aiohttp.TCPConnector(force_close=True)
            async with aiohttp.ClientSession(connector=connector) as session:
                assert await answered_by(session, gw.url) == "medium"
    finally:
        stop(gw)
