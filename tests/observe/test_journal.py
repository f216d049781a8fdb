import sqlite3
import time
from pathlib import Path

from routeyard.observe.journal import DurableRequestLogSink
from routeyard.observe.log_backend import SQLiteBackend
from tests.observe._fakes import FlakyBackend
from tests.observe._records import make_record


def _ids(db: Path) -> list[str]:
    conn = sqlite3.connect(db)
    try:
        return [r[0] for r in conn.execute("SELECT request_id FROM requests ORDER BY request_id")]
    finally:
        conn.close()


def _expected(n: int, start: int = 0) -> list[str]:
    return [f"req-{i:08d}" for i in range(start, start + n)]


def _sink(tmp_path: Path, backend: object = None, **kw: object) -> DurableRequestLogSink:
    options: dict[str, object] = {"flush_interval_s": 0.02, "retry_interval_s": 0.05}
    options.update(kw)
    return DurableRequestLogSink(
        backend or SQLiteBackend(tmp_path / "log.db"),  # type: ignore[arg-type]
        journal_dir=tmp_path / "journal",
        **options,  # type: ignore[arg-type]
    )


def test_every_record_is_journaled_before_record_returns(tmp_path: Path) -> None:
    sink = _sink(tmp_path)  # not started: nothing reads the journal yet
    for i in range(10):
        sink.record(make_record(i))
    lines = b"".join(p.read_bytes() for p in (tmp_path / "journal").glob("*.jsonl")).splitlines()
    assert len(lines) == 10
    sink.start()
    sink.close()
    assert _ids(tmp_path / "log.db") == _expected(10)


def test_segments_rotate_and_are_deleted_once_written(tmp_path: Path) -> None:
    sink = _sink(tmp_path, segment_bytes=4000, batch_size=7)
    sink.start()
    for i in range(200):
        sink.record(make_record(i))
    assert sink.flush(5)
    sink.close()
    assert _ids(tmp_path / "log.db") == _expected(200)
    remaining = list((tmp_path / "journal").glob("*.jsonl"))
    assert len(remaining) <= 1  # only the segment still open for writing
    assert sink.counters.written == 200 and sink.queue_depth == 0


def test_an_unavailable_database_just_lets_the_journal_grow(tmp_path: Path) -> None:
    flaky = FlakyBackend(SQLiteBackend(tmp_path / "log.db"))
    flaky.down = True
    sink = _sink(tmp_path, flaky)
    sink.start()
    for i in range(100):
        sink.record(make_record(i))
    sink.flush(1)
    assert sink.counters.written == 0 and sink.queue_depth == 100 and sink.backend_down
    flaky.down = False
    deadline = time.monotonic() + 5
    while sink.counters.written < 100 and time.monotonic() < deadline:
        sink.flush(1)
    sink.close()
    assert _ids(tmp_path / "log.db") == _expected(100)
    assert sink.counters.spilled == 0 and sink.counters.dropped == 0


def test_a_restart_resumes_from_the_saved_position(tmp_path: Path) -> None:
    flaky = FlakyBackend(SQLiteBackend(tmp_path / "log.db"))
    first = _sink(tmp_path, flaky)
    first.start()
    for i in range(30):
        first.record(make_record(i))
    first.flush(5)
    flaky.down = True
    for i in range(30, 50):
        first.record(make_record(i))
    first.close()  # 20 entries still only in the journal
    assert len(_ids(tmp_path / "log.db")) == 30

    second = _sink(tmp_path)
    second.start()
    second.record(make_record(50))
    assert second.flush(5)
    second.close()
    assert _ids(tmp_path / "log.db") == _expected(51)
    assert second.counters.replayed == 20  # not the 30 already written


def test_a_torn_line_from_a_crash_is_skipped(tmp_path: Path) -> None:
    journal = tmp_path / "journal"
    sink = _sink(tmp_path)
    for i in range(3):
        sink.record(make_record(i))
    (segment,) = journal.glob("*.jsonl")
    with segment.open("ab") as f:
        f.write(b'{"v":1,"r":["torn')  # a crash in the middle of a write
    sink2 = _sink(tmp_path)  # a new process would start like this
    sink2.start()
    sink2.record(make_record(3))
    sink2.close()
    assert _ids(tmp_path / "log.db") == _expected(4)
    assert sink2.bad_lines == 1
