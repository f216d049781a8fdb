"""The PostgreSQL backend against a real server.

Skipped unless ``ROUTEYARD_TEST_POSTGRES_DSN`` names a database the tests may create tables in
(e.g. ``postgresql://postgres@127.0.0.1:5432/routeyard_test``) and psycopg is installed. Each
test works in its own schema, dropped afterwards.
"""

from __future__ import annotations

import os
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from routeyard.observe.entry import entry_from_record
from routeyard.observe.log_postgres import PostgresBackend
from routeyard.observe.request_log import RequestLogSink
from routeyard.observe.stats_query import query_stats
from tests.observe._records import make_full_record, make_record
from tests.observe._tcp_proxy import TcpProxy

DSN = os.environ.get("ROUTEYARD_TEST_POSTGRES_DSN", "")
psycopg = pytest.importorskip("psycopg") if DSN else None
# In CI the server is started by scripts/check and these tests must run, never skip.
pytestmark = pytest.mark.skipif(
    not DSN and os.environ.get("CI") != "true", reason="set ROUTEYARD_TEST_POSTGRES_DSN to run"
)


def _dsn(schema: str, **overrides: str | int) -> str:
    from psycopg.conninfo import conninfo_to_dict, make_conninfo

    params = conninfo_to_dict(DSN)
    params.update(overrides)
    params["options"] = f"-c search_path={schema}"
    return make_conninfo("", **params)


@pytest.fixture
def schema() -> Iterator[str]:
    import psycopg

    name = f"ry_test_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(DSN, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {name}")
    yield name
    with psycopg.connect(DSN, autocommit=True) as conn:
        conn.execute(f"DROP SCHEMA {name} CASCADE")


def test_writes_are_idempotent_and_queries_match_sqlite(schema: str) -> None:
    backend = PostgresBackend(_dsn(schema))
    entries = [
        entry_from_record(make_record(i), finished_at=1000.0, run="r" * 16, seq=i)
        for i in range(20)
    ]
    full = entry_from_record(make_full_record(), finished_at=1000.0, run="r" * 16, seq=99)
    backend.write([*entries, full])
    backend.write([*entries[:10], full])  # again: nothing doubles
    assert backend.query("SELECT COUNT(*), COUNT(DISTINCT request_id) FROM requests") == [(21, 21)]
    assert backend.query("SELECT COUNT(*) FROM attempts") == [(22,)]
    assert backend.query(
        "SELECT ttft_ms FROM attempts WHERE request_id = ? AND n = ?", ["full-0", 1]
    ) == [(210.0,)]
    stats = query_stats(backend, since=0, until=2_000_000_000)
    assert stats["totals"]["requests"] == 21
    assert stats["fallback_reasons"] == [{"reason": "timeout", "model": "small", "count": 1}]
    backend.close()


def test_server_unreachable_under_load_then_back(schema: str, tmp_path: Path) -> None:
    """The 'PostgreSQL stopped under load' test, with a proxy cut instead of a server stop."""
    from psycopg.conninfo import conninfo_to_dict

    target = conninfo_to_dict(DSN)
    proxy = TcpProxy(str(target.get("host", "127.0.0.1")), int(target.get("port") or 5432))
    proxy.start()
    backend = PostgresBackend(_dsn(schema, host="127.0.0.1", port=proxy.port), connect_timeout_s=1)
    sink = RequestLogSink(
        backend,
        spill_path=tmp_path / "spill.jsonl",
        batch_size=50,
        flush_interval_s=0.02,
        retry_interval_s=0.2,
    )
    sink.start()
    n = 0
    for phase_s, up in ((0.3, True), (1.0, False), (0.5, True)):
        if up and n:
            proxy.start()
        elif not up:
            proxy.cut()
        end = time.monotonic() + phase_s
        while time.monotonic() < end:
            for _ in range(10):
                sink.record(make_record(n))
                n += 1
            time.sleep(0.005)
    deadline = time.monotonic() + 10
    while sink.counters.replayed < sink.counters.spilled and time.monotonic() < deadline:
        sink.flush(1)
    sink.close()
    proxy.cut()
    check = PostgresBackend(_dsn(schema))
    assert check.query("SELECT COUNT(*), COUNT(DISTINCT request_id) FROM requests") == [(n, n)]
    check.close()
    assert sink.counters.spilled > 0 and sink.counters.dropped == 0


def test_content_is_stored_redacted_and_once(schema: str, tmp_path: Path) -> None:
    from routeyard.observe.content import ContentPolicy
    from routeyard.observe.record import RequestContent

    policy = ContentPolicy.builtin(max_bytes=4096)
    prompt = [
        {"role": "user", "content": "I am carol@example.org, key sk-ant-api03-abcdefghijklmnop"}
    ]
    sink = RequestLogSink(
        PostgresBackend(_dsn(schema)),
        spill_path=tmp_path / "spill.jsonl",
        flush_interval_s=0.02,
        content=policy,
    )
    sink.start()
    sink.record(make_record(1, content=RequestContent(prompt, [{"text": "ok"}])))
    sink.record(make_record(2))
    assert sink.flush(5)
    sink.close()
    backend = PostgresBackend(_dsn(schema))
    again = entry_from_record(
        make_record(1, content=RequestContent(prompt)),
        finished_at=1.0,
        run="r" * 16,
        seq=1,
        content=policy,
    )
    backend.write([again])  # replayed: nothing doubles, the first row stays
    rows = backend.query("SELECT request_id, prompt, answer, truncated FROM request_content")
    backend.close()
    assert len(rows) == 1
    request_id, stored, answer, truncated = rows[0]
    assert request_id == "req-00000001" and truncated == 0
    assert "carol" not in stored and "sk-ant" not in stored
    assert "[EMAIL]" in stored and "[API_KEY]" in stored and answer == '[{"text":"ok"}]'
