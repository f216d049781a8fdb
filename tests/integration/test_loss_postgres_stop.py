"""PostgreSQL stopped for 60 s (``pg_ctl stop``) under load, then started again: every request a
gateway answered meanwhile is a row afterwards, none twice.

Needs the server ``scripts/start_postgres`` starts (``ROUTEYARD_TEST_POSTGRES_DSN``,
``ROUTEYARD_PG_BINDIR``, ``ROUTEYARD_PG_DIR``): required in CI, skipped elsewhere without it.
The server is started again whatever happens in the test, so the other PostgreSQL tests find it.
"""

from __future__ import annotations

import os
import subprocess
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.observe._load import HttpLoad, gateway_config, start_gateway, wait_for

from .conftest import Proc

pytestmark = pytest.mark.integration

DSN = os.environ.get("ROUTEYARD_TEST_POSTGRES_DSN", "")
BINDIR = os.environ.get("ROUTEYARD_PG_BINDIR", "")
DATADIR = os.environ.get("ROUTEYARD_PG_DIR", "")
STOPPED_S = 60.0

if not (DSN and BINDIR and DATADIR):
    if os.environ.get("CI") == "true":  # scripts/check starts the server in CI: never skip
        raise RuntimeError("CI needs ROUTEYARD_TEST_POSTGRES_DSN, ROUTEYARD_PG_BINDIR, _DIR")
    pytest.skip("needs a PostgreSQL server from scripts/start_postgres", allow_module_level=True)
psycopg = pytest.importorskip("psycopg")


def _pg_ctl(*args: str) -> subprocess.CompletedProcess[str]:
    cmd = [f"{BINDIR}/pg_ctl", "-D", DATADIR, *args]
    if os.geteuid() == 0:  # PostgreSQL refuses to run as root (see scripts/start_postgres)
        cmd = ["runuser", "-u", "postgres", "--", *cmd]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120)


def _running() -> bool:
    return _pg_ctl("status").returncode == 0


def _start_server() -> None:
    from psycopg.conninfo import conninfo_to_dict

    port = conninfo_to_dict(DSN).get("port") or 5432
    out = _pg_ctl(
        "-l",
        f"{DATADIR}/server.log",
        "-w",
        "-o",
        f"-p {port} -k {DATADIR} -c listen_addresses=127.0.0.1",
        "start",
    )
    assert out.returncode == 0, out.stdout + out.stderr


@pytest.fixture
def server() -> Iterator[None]:
    assert _running(), "the PostgreSQL server is not running"
    try:
        yield
    finally:
        if not _running():
            _start_server()


@pytest.fixture
def schema(server: None) -> Iterator[str]:
    name = f"ry_loss_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(DSN, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {name}")
    yield name
    with psycopg.connect(DSN, autocommit=True) as conn:
        conn.execute(f"DROP SCHEMA {name} CASCADE")


def test_postgres_stopped_for_60s_under_load(simulator: Proc, schema: str, tmp_path: Path) -> None:
    from psycopg.conninfo import conninfo_to_dict, make_conninfo

    params = conninfo_to_dict(DSN)
    params["options"] = f"-c search_path={schema}"
    dsn = make_conninfo("", **params)
    cfg = tmp_path / "routeyard.yaml"
    block = f'    backend: postgres\n    dsn: "{dsn}"\n    spill_path: {tmp_path / "spill.jsonl"}'
    cfg.write_text(gateway_config(simulator.url, block))
    gw = start_gateway(cfg, tmp_path / "gw")
    load = HttpLoad(gw.url, rate=100, concurrency=4).start()
    try:
        assert wait_for(lambda: load.answered >= 100, 30), gw.stderr_lines
        stop = _pg_ctl("stop", "-m", "fast", "-w")
        assert stop.returncode == 0, stop.stdout + stop.stderr
        stopped_at = time.monotonic()
        assert wait_for(lambda: gw.metrics()["routeyard_request_log_backend_up"] == 0, 10)
        time.sleep(max(0.0, STOPPED_S - (time.monotonic() - stopped_at)))
        _start_server()
        started_at = time.monotonic()
        answered_while_down = sum(1 for at, _ in load.result.ok if stopped_at <= at <= started_at)
        time.sleep(3)  # load goes on while the spill is replayed
        result = load.stop()

        def settled() -> bool:
            m = gw.metrics()
            return (
                m["routeyard_request_log_backend_up"] == 1
                and m["routeyard_request_log_queue_depth"] == 0
                and m["routeyard_request_log_replayed_total"]
                == m["routeyard_request_log_spilled_total"]
            )

        assert wait_for(settled, 60)
        m = gw.metrics()
    finally:
        load.stop()
        code = gw.terminate() if gw.proc.poll() is None else gw.proc.returncode
    assert code == 0, "".join(gw.stderr_lines[-20:])

    assert result.errors == []
    requests = len(result.ok)
    assert answered_while_down >= STOPPED_S * 50  # the load went on through the outage
    with psycopg.connect(DSN, autocommit=True) as conn:
        conn.execute(f"SET search_path = {schema}")
        rows, distinct = conn.execute(
            "SELECT COUNT(*), COUNT(DISTINCT request_id) FROM requests"
        ).fetchone() or (0, 0)
        stored = {r[0] for r in conn.execute("SELECT request_id FROM requests")}
        attempts = conn.execute("SELECT COUNT(*) FROM attempts").fetchone()
    spilled = int(m["routeyard_request_log_spilled_total"])
    print(
        f"\nPostgreSQL stopped {STOPPED_S:.0f} s: {requests} requests answered"
        f" ({answered_while_down} while it was down), {rows} rows ({distinct} distinct),"
        f" {spilled} spilled and replayed, {int(m['routeyard_request_log_dropped_total'])} dropped"
    )
    assert rows == distinct == requests and stored == result.ok_ids
    assert attempts == (requests,)  # one attempt each, none twice
    assert spilled >= answered_while_down and m["routeyard_request_log_dropped_total"] == 0
