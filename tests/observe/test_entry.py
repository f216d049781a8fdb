import sqlite3
from pathlib import Path

import orjson
import pytest

from routeyard.observe.entry import BadLine, LogEntry, entry_from_record
from routeyard.observe.log_backend import SQLiteBackend
from routeyard.observe.schema import ATTEMPT_COLUMNS, DDL, REQUEST_COLUMNS
from tests.observe._records import make_full_record, make_record


def _as_dict(entry: LogEntry) -> dict[str, object]:
    return dict(zip(REQUEST_COLUMNS, entry.request, strict=True))


def test_a_record_without_the_new_fields_maps_to_a_row() -> None:
    rec = make_record(1, latency_ms=250.0)
    entry = entry_from_record(rec, finished_at=1000.0, run="r" * 16, seq=7)
    row = _as_dict(entry)
    assert row["request_id"] == "req-00000001"
    assert row["started_at"] == pytest.approx(999.75)  # finished minus latency
    assert row["labels"] == '["short"]'
    assert row["input_tokens"] == 100 and row["cached_input_tokens"] == 20
    assert row["output_tokens"] == 50 and row["usage_estimated"] == 0
    assert row["savings_usd"] == pytest.approx(0.003)
    assert row["decision"] is None and row["scores"] is None and row["ttft_ms"] is None
    assert row["attempt_count"] == 1 and row["stream"] == 0
    assert (entry.run, entry.seq) == ("r" * 16, 7)
    assert entry.attempts == (("req-00000001", 0, "small", 1, None, 200, 110.0, None),)


def test_the_new_fields_are_used_when_the_record_has_them() -> None:
    entry = entry_from_record(make_full_record(), finished_at=5.0, run="r" * 16, seq=1)
    row = _as_dict(entry)
    assert row["started_at"] == 1_700_000_000.0
    assert orjson.loads(row["scores"]) == {"code": 0.93}  # type: ignore[arg-type]
    decision = orjson.loads(row["decision"])  # type: ignore[arg-type]
    assert [c["reason"] for c in decision["candidates"]] == ["cheapest", "fallback"]
    assert row["policy_version"] == "7"
    assert row["ttft_ms"] == 260.0
    assert row["usage_estimated"] == 1
    assert row["savings_usd"] == pytest.approx(0.05 - 0.02 - 0.001)
    assert [a[ATTEMPT_COLUMNS.index("ttft_ms")] for a in entry.attempts] == [None, 210.0]
    assert [a[ATTEMPT_COLUMNS.index("error")] for a in entry.attempts] == ["timeout", None]


def test_no_baseline_means_no_savings_and_no_usage_means_zero_tokens() -> None:
    rec = make_record(2, baseline_cost_usd=None, usage=None, model=None, status="error")
    row = _as_dict(entry_from_record(rec, finished_at=1.0, run="r" * 16, seq=1))
    assert row["baseline_cost_usd"] is None and row["savings_usd"] is None
    assert row["input_tokens"] == 0 and row["model"] is None


def test_line_round_trip_and_torn_lines() -> None:
    entry = entry_from_record(make_full_record(), finished_at=1.0, run="r" * 16, seq=3)
    line = entry.to_line()
    assert line.endswith(b"\n") and line.count(b"\n") == 1
    assert LogEntry.from_line(line) == entry
    for broken in (line[: len(line) // 2], b"{}", b"[1,2]", b'{"v": 2, "r": [], "a": []}'):
        with pytest.raises(BadLine):
            LogEntry.from_line(broken)


def test_ddl_is_idempotent_and_rows_fit_it(tmp_path: Path) -> None:
    db = tmp_path / "log.db"
    backend = SQLiteBackend(db)
    entries = [
        entry_from_record(make_full_record(i), finished_at=1.0, run="r" * 16, seq=i)
        for i in range(3)
    ]
    backend.write(entries)
    backend.close()
    conn = sqlite3.connect(db)
    for statement in DDL:  # a second run of the DDL changes nothing
        conn.execute(statement)
    assert conn.execute("SELECT COUNT(*) FROM requests").fetchone() == (3,)
    assert conn.execute("SELECT COUNT(*) FROM attempts").fetchone() == (6,)
    assert conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    assert conn.execute(
        "SELECT value FROM routeyard_meta WHERE key='schema_version'"
    ).fetchone() == ("1",)


def test_scores_are_flattened_from_the_classification_off_the_request_path() -> None:
    from routeyard.classify.types import Classification, Features
    from routeyard.learn.model import Prediction
    from routeyard.observe.record import record_scores

    c = Classification(Features(10, 1, False, False, False, False, False, False), [])
    c.prediction = Prediction("math", {"math": 0.9, "chat": 0.1}, 0.7, {"m": 0.4})
    rec = make_record(1)
    rec.classification = c
    assert record_scores(rec) == {
        "category:math": 0.9,
        "category:chat": 0.1,
        "difficulty": 0.7,
        "quality:m": 0.4,
    }


def test_utterance_similarities_are_flattened_with_the_other_scores() -> None:
    from routeyard.classify.types import Classification, Features
    from routeyard.learn.model import Prediction
    from routeyard.observe.record import record_scores

    c = Classification(Features(10, 1, False, False, False, False, False, False), [])
    c.utterance_similarities = lambda: {"billing": 0.812345, "weather": -0.05}
    c.set_aside = 1
    rec = make_record(1)
    rec.classification = c
    expected = {"utterance:billing": 0.8123, "utterance:weather": -0.05, "set_aside": 1.0}
    assert record_scores(rec) == expected
    row = _as_dict(entry_from_record(rec, finished_at=5.0, run="r" * 16, seq=1))
    assert orjson.loads(row["scores"]) == expected  # type: ignore[arg-type]
    c.prediction = Prediction("math", {"math": 0.9}, 0.7, {"m": 0.4})
    assert record_scores(rec) == {
        "category:math": 0.9,
        "difficulty": 0.7,
        "quality:m": 0.4,
        **expected,
    }
