"""kill -9 under load: durable mode loses nothing; memory mode reports its loss exactly."""

import mmap
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from routeyard.observe.journal import DurableRequestLogSink
from routeyard.observe.log_backend import SQLiteBackend
from routeyard.observe.request_log import RequestLogSink
from tests.observe._fakes import FlakyBackend

ROOT = Path(__file__).resolve().parents[2]
CHILD = Path(__file__).with_name("_crash_child.py")


def _start_child(
    mode: str, db: Path, path: Path, n: int, progress: Path
) -> subprocess.Popen[bytes]:
    progress.write_bytes(b"\0" * 8)
    env = {**os.environ, "PYTHONPATH": f"{ROOT}{os.pathsep}{ROOT / 'src'}"}
    return subprocess.Popen(
        [sys.executable, str(CHILD), mode, str(db), str(path), str(n), str(progress)],
        stdout=subprocess.PIPE,
        env=env,
    )


def _read_progress(progress: Path) -> int:
    with progress.open("rb") as f, mmap.mmap(f.fileno(), 8, access=mmap.ACCESS_READ) as m:
        return int.from_bytes(m[:8], "little")


def _ids(db: Path) -> list[str]:
    conn = sqlite3.connect(db)
    try:
        return [r[0] for r in conn.execute("SELECT request_id FROM requests ORDER BY request_id")]
    finally:
        conn.close()


def test_durable_mode_loses_nothing_when_killed_under_load(tmp_path: Path) -> None:
    db, journal, progress = tmp_path / "log.db", tmp_path / "journal", tmp_path / "progress"
    child = _start_child("durable", db, journal, 1_000_000, progress)
    try:
        deadline = time.monotonic() + 20
        while _read_progress(progress) < 4000 and time.monotonic() < deadline:
            time.sleep(0.01)
    finally:
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
    returned = _read_progress(progress)
    assert returned >= 4000
    # It was rotating segments, too: committed ones are deleted, so when the writer keeps up
    # only the newest is left, and its number shows the rotation.
    segments = sorted(int(p.stem) for p in journal.glob("*.jsonl"))
    assert segments and segments[-1] >= 1

    sink = DurableRequestLogSink(SQLiteBackend(db), journal_dir=journal, flush_interval_s=0.01)
    sink.start()
    assert sink.flush(10)
    sink.close()
    ids = _ids(db)
    # Every record() that returned is logged; one more may have been written just before the
    # progress counter moved. Nothing twice, no gaps.
    assert returned <= len(ids) <= returned + 1
    assert ids == [f"req-{i:08d}" for i in range(len(ids))]
    assert sink.counters.replayed > 0 and sink.counters.dropped == 0


def test_memory_mode_reports_the_loss_exactly_after_kill(tmp_path: Path) -> None:
    db, spill, progress = tmp_path / "log.db", tmp_path / "spill.jsonl", tmp_path / "progress"
    child = _start_child("memory", db, spill, 5000, progress)
    try:
        assert child.stdout is not None
        assert child.stdout.readline() == b"done\n"
    finally:
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
    assert len(_ids(db)) == 1000  # flushed before the rest came

    sink = RequestLogSink(SQLiteBackend(db), spill_path=spill, flush_interval_s=0.01)
    sink.start()
    assert sink.flush(10)
    sink.close()
    # 1000 written, 1000 spilled when the queue was full (replayed now), 3000 lost in memory.
    assert len(_ids(db)) == 2000
    (recovery,) = sink.recoveries
    assert (recovery.accepted, recovery.found, recovery.lost) == (5000, 2000, 3000)
    assert sink.stats()["lost_before_restart"] == 3000
    assert not list(tmp_path.glob("spill.jsonl.run-*"))  # reported once, then forgotten


def test_the_loss_is_counted_once_the_database_is_back(tmp_path: Path) -> None:
    db, spill, progress = tmp_path / "log.db", tmp_path / "spill.jsonl", tmp_path / "progress"
    child = _start_child("memory", db, spill, 5000, progress)
    try:
        assert child.stdout is not None
        assert child.stdout.readline() == b"done\n"
    finally:
        os.kill(child.pid, signal.SIGKILL)
        child.wait()

    flaky = FlakyBackend(SQLiteBackend(db))
    flaky.down = True
    sink = RequestLogSink(flaky, spill_path=spill, flush_interval_s=0.01, retry_interval_s=0.02)
    sink.start()
    assert sink.flush(5)
    assert sink.recoveries == []  # cannot count while the database is away
    assert list(tmp_path.glob("spill.jsonl.run-*"))
    flaky.down = False
    deadline = time.monotonic() + 5
    while not sink.recoveries and time.monotonic() < deadline:
        sink.flush(1)
    sink.close()
    (recovery,) = sink.recoveries
    assert (recovery.accepted, recovery.found, recovery.lost) == (5000, 2000, 3000)
