"""What record() costs on the request path, in each mode (printed with -s)."""

import gc
import time
from pathlib import Path

from routeyard.observe.journal import DurableRequestLogSink
from routeyard.observe.log_backend import SQLiteBackend
from routeyard.observe.log_writer import BackgroundWriter
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


def test_memory_mode_record_is_o1_and_cheap(tmp_path: Path) -> None:
    sink = RequestLogSink(
        SQLiteBackend(tmp_path / "db"), spill_path=tmp_path / "spill", queue_size=100_000
    )
    sink.start()
    try:
        cost = _per_record(sink)
    finally:
        sink.close()
    print(f"\nRequestLogSink.record (memory queue): {cost * 1e6:.2f} µs")
    assert cost < 20e-6  # measured ≈ 1-2 µs


def test_durable_mode_record_costs_one_encode_and_one_write(tmp_path: Path) -> None:
    sink = DurableRequestLogSink(SQLiteBackend(tmp_path / "db"), journal_dir=tmp_path / "journal")
    sink.start()
    try:
        cost = _per_record(sink)
    finally:
        sink.close()
    print(f"\nDurableRequestLogSink.record (journal write): {cost * 1e6:.2f} µs")
    assert cost < 200e-6  # measured ≈ 10-20 µs
