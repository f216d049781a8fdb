import sqlite3
import time
from pathlib import Path

import pytest

from routeyard.observe.log_backend import SQLiteBackend
from routeyard.observe.request_log import RequestLogSink
from routeyard.observe.spill_lock import SpillPathInUse
from tests.observe._fakes import FlakyBackend
from tests.observe._records import make_record


def _rows(db: Path) -> list[str]:
    conn = sqlite3.connect(db)
    try:
        return [r[0] for r in conn.execute("SELECT request_id FROM requests ORDER BY request_id")]
    finally:
        conn.close()


def _ids(n: int, start: int = 0) -> list[str]:
    return [f"req-{i:08d}" for i in range(start, start + n)]


def _sink(tmp_path: Path, backend: object = None, **kw: object) -> RequestLogSink:
    options: dict[str, object] = {"flush_interval_s": 0.02, "retry_interval_s": 0.05}
    options.update(kw)
    return RequestLogSink(
        backend or SQLiteBackend(tmp_path / "log.db"),  # type: ignore[arg-type]
        spill_path=tmp_path / "spill.jsonl",
        **options,  # type: ignore[arg-type]
    )


def test_records_reach_the_database_in_batches(tmp_path: Path) -> None:
    flaky = FlakyBackend(SQLiteBackend(tmp_path / "log.db"))
    sink = _sink(tmp_path, flaky, batch_size=100)
    sink.start()
    for i in range(1000):
        sink.record(make_record(i))
    assert sink.flush(5)
    sink.close()
    assert _rows(tmp_path / "log.db") == _ids(1000)
    assert flaky.writes <= 20  # batched, not one transaction per record
    stats = sink.stats()
    assert (stats["queued"], stats["written"], stats["spilled"], stats["dropped"]) == (
        1000,
        1000,
        0,
        0,
    )
    assert stats["queue_depth"] == 0
    assert not list(tmp_path.glob("spill.jsonl.run-*"))  # a clean close removes its marker


def test_unavailable_database_spills_then_replays_without_duplicates(tmp_path: Path) -> None:
    flaky = FlakyBackend(SQLiteBackend(tmp_path / "log.db"))
    flaky.down = True
    sink = _sink(tmp_path, flaky, batch_size=50)
    sink.start()
    for i in range(300):
        sink.record(make_record(i))
    assert sink.flush(5)
    assert sink.counters.spilled == 300 and sink.backend_down
    assert (tmp_path / "spill.jsonl").exists() or list(tmp_path.glob("spill.jsonl.*.replay"))
    flaky.down = False
    for i in range(300, 400):
        sink.record(make_record(i))
    deadline = time.monotonic() + 5
    while sink.counters.replayed < 300 and time.monotonic() < deadline:
        sink.flush(1)
    sink.close()
    assert _rows(tmp_path / "log.db") == _ids(400)
    c = sink.counters
    # Records that came while the database was still marked down were spilled too.
    assert c.replayed == c.spilled >= 300 and c.written == 400 and c.dropped == 0
    assert (
        not list(tmp_path.glob("spill.jsonl*.replay")) and not (tmp_path / "spill.jsonl").exists()
    )


def test_replaying_the_same_spill_twice_is_harmless(tmp_path: Path) -> None:
    flaky = FlakyBackend(SQLiteBackend(tmp_path / "log.db"))
    flaky.down = True
    sink = _sink(tmp_path, flaky)
    sink.start()
    for i in range(50):
        sink.record(make_record(i))
    sink.close()  # the database never came back: everything is in the spill file
    spill = tmp_path / "spill.jsonl"
    copy = tmp_path / "spill.jsonl.7.replay"
    copy.write_bytes(spill.read_bytes())  # as if a crash left a sealed copy behind
    assert not (tmp_path / "log.db").exists()
    again = _sink(tmp_path)
    again.start()
    assert again.flush(5)
    again.close()
    assert _rows(tmp_path / "log.db") == _ids(50)
    assert again.counters.replayed == 100  # both copies replayed, the second ignored by the DB


def test_a_full_queue_spills_at_once_and_loses_nothing(tmp_path: Path) -> None:
    flaky = FlakyBackend(SQLiteBackend(tmp_path / "log.db"))
    sink = _sink(tmp_path, flaky, queue_size=10, batch_size=5)
    for i in range(100):  # before start: nothing drains the queue
        sink.record(make_record(i))
    assert sink.queue_depth == 10 and sink.counters.spilled == 90
    sink.start()
    sink.close()
    assert _rows(tmp_path / "log.db") == _ids(100)
    assert sink.counters.dropped == 0


def test_a_drop_only_when_even_the_spill_fails_and_it_is_counted(tmp_path: Path) -> None:
    (tmp_path / "blocker").write_text("a file where a directory should be")
    flaky = FlakyBackend(SQLiteBackend(tmp_path / "log.db"))
    sink = RequestLogSink(flaky, spill_path=tmp_path / "blocker" / "spill.jsonl", queue_size=2)
    for i in range(5):
        sink.record(make_record(i))  # never raises
    assert sink.counters.dropped == 3 and sink.counters.queued == 5


def test_a_batch_with_a_bad_entry_writes_the_others(tmp_path: Path) -> None:
    flaky = FlakyBackend(SQLiteBackend(tmp_path / "log.db"))
    flaky.bad_ids = {"req-00000003"}
    sink = _sink(tmp_path, flaky)
    sink.start()
    for i in range(10):
        sink.record(make_record(i))
    sink.close()
    assert _rows(tmp_path / "log.db") == [i for i in _ids(10) if i != "req-00000003"]
    assert sink.counters.dropped == 1


def test_a_record_that_cannot_be_encoded_is_dropped_not_raised(tmp_path: Path) -> None:
    sink = _sink(tmp_path)
    sink.start()
    sink.record(make_record(1, labels=[object()]))
    sink.record(make_record(2))
    sink.close()
    assert _rows(tmp_path / "log.db") == _ids(1, start=2)
    assert sink.counters.dropped == 1


def test_one_writer_per_spill_path(tmp_path: Path) -> None:
    first = _sink(tmp_path)
    first.start()
    with pytest.raises(SpillPathInUse):
        _sink(tmp_path).start()
    first.close()


def test_records_after_close_are_spilled_for_the_next_start(tmp_path: Path) -> None:
    sink = _sink(tmp_path)
    sink.start()
    sink.close()
    sink.record(make_record(1))
    assert sink.counters.spilled == 1
    again = _sink(tmp_path)
    again.start()
    again.close()
    assert _rows(tmp_path / "log.db") == _ids(1, start=1)


async def test_async_flush_and_close(tmp_path: Path) -> None:
    sink = _sink(tmp_path)
    sink.start()
    sink.record(make_record(1))
    assert await sink.aflush()
    assert _rows(tmp_path / "log.db") == _ids(1, start=1)
    await sink.aclose()


def test_a_writer_that_falls_behind_gets_records_already_encoded(tmp_path: Path) -> None:
    sink = _sink(tmp_path, help_after=3)
    for i in range(10):  # before start: nothing drains the queue, so it is soon behind
        sink.record(make_record(i))
    queued = [item for _, _, item in sink._queue]
    assert [type(item).__name__ for item in queued] == ["RequestRecord"] * 3 + ["LogEntry"] * 7
    assert [item.seq for item in queued[3:]] == list(range(4, 11))  # type: ignore[union-attr]
    sink.start()
    sink.close()
    assert _rows(tmp_path / "log.db") == _ids(10)
    conn = sqlite3.connect(tmp_path / "log.db")
    seqs = [r[0] for r in conn.execute("SELECT log_seq FROM requests ORDER BY request_id")]
    conn.close()
    assert seqs == list(range(1, 11))
    assert (sink.counters.queued, sink.counters.written, sink.counters.dropped) == (10, 10, 0)


def test_a_record_that_cannot_be_encoded_while_behind_is_dropped_and_counted(
    tmp_path: Path,
) -> None:
    sink = _sink(tmp_path, help_after=0)
    sink.record(make_record(1, labels=[object()]))  # never raises
    sink.record(make_record(2))
    assert (sink.counters.queued, sink.counters.dropped, sink.queue_depth) == (2, 1, 1)
    sink.start()
    sink.close()
    assert _rows(tmp_path / "log.db") == _ids(1, start=2)


def test_a_full_batch_is_written_at_once_and_the_rest_waits_for_the_interval(
    tmp_path: Path,
) -> None:
    sink = _sink(tmp_path, batch_size=10, flush_interval_s=30.0)
    sink.start()
    for i in range(13):
        sink.record(make_record(i))
    deadline = time.monotonic() + 5
    while sink.counters.written < 10 and time.monotonic() < deadline:
        time.sleep(0.01)
    time.sleep(0.1)
    assert (sink.counters.written, sink.queue_depth) == (10, 3)  # one transaction of 10
    assert sink.flush(5)  # a flush writes the rest at once
    assert sink.counters.written == 13
    sink.close()
    assert _rows(tmp_path / "log.db") == _ids(13)
