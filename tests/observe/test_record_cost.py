"""What record() costs on the request path, in each mode (printed with -s)."""

import gc
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from routeyard.observe import entry, request_log
from routeyard.observe.entry import LogEntry
from routeyard.observe.journal import DurableRequestLogSink
from routeyard.observe.log_backend import SQLiteBackend
from routeyard.observe.log_writer import BackgroundWriter
from routeyard.observe.record import RequestRecord
from routeyard.observe.request_log import RequestLogSink
from tests.observe._records import make_full_record


def _per_record(sink: BackgroundWriter, n: int = 5000) -> float:
    records = [make_full_record(i) for i in range(n)]
    gc.freeze()  # keep collections of pytest's heap out of the measurement
    try:
        t0 = time.perf_counter()
        for rec in records:
            sink.record(rec)
        return (time.perf_counter() - t0) / n
    finally:
        gc.unfreeze()


def test_memory_mode_record_only_queues_while_the_writer_keeps_up(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    encoded: list[str] = []
    real = entry.entry_from_record

    def counting(rec: RequestRecord, **kw: Any) -> LogEntry:
        encoded.append(threading.current_thread().name)
        return real(rec, **kw)

    monkeypatch.setattr(request_log, "entry_from_record", counting)
    sink = RequestLogSink(
        SQLiteBackend(tmp_path / "db"),
        spill_path=tmp_path / "spill",
        queue_size=100_000,
        help_after=100_000,  # never behind: the O(1) path only
    )
    sink.start()
    try:
        cost = _per_record(sink)
        assert sink.flush(30)
    finally:
        sink.close()
    print(f"\nRequestLogSink.record (memory queue): {cost * 1e6:.2f} µs")
    assert len(encoded) == 5000
    assert threading.main_thread().name not in encoded  # all on the writer thread


def test_durable_mode_record_costs_one_encode_and_one_write(tmp_path: Path) -> None:
    sink = DurableRequestLogSink(SQLiteBackend(tmp_path / "db"), journal_dir=tmp_path / "journal")
    sink.start()
    try:
        cost = _per_record(sink)
    finally:
        sink.close()
    print(f"\nDurableRequestLogSink.record (journal write): {cost * 1e6:.2f} µs")
    assert cost < 200e-6  # measured ≈ 10-20 µs
