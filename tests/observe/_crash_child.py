"""Run by test_crash.py in a child process that the test kills with SIGKILL.

argv: mode (durable | memory), db path, spill or journal path, records, progress file.
The progress file is a memory-mapped u64: how many record() calls have returned.
"""

from __future__ import annotations

import mmap
import os
import sys
import time
from pathlib import Path

from routeyard.observe.journal import DurableRequestLogSink
from routeyard.observe.log_backend import SQLiteBackend
from routeyard.observe.log_writer import BackgroundWriter
from routeyard.observe.request_log import RequestLogSink
from tests.observe._records import make_record


def main() -> None:
    mode, db, path, n, progress_path = sys.argv[1:6]
    sink: BackgroundWriter
    if mode == "durable":
        sink = DurableRequestLogSink(
            SQLiteBackend(db),
            journal_dir=path,
            batch_size=200,
            flush_interval_s=0.01,
            segment_bytes=200_000,
        )
    else:  # memory: 1000 written, then 1000 spilled directly, then 3000 lost in memory
        sink = RequestLogSink(
            SQLiteBackend(db),
            spill_path=path,
            queue_size=3000,
            batch_size=100_000,
            flush_interval_s=60.0,
        )
    fd = os.open(progress_path, os.O_RDWR)
    progress = memoryview(mmap.mmap(fd, 8)).cast("Q")
    sink.start()
    for i in range(int(n)):
        sink.record(make_record(i))
        progress[0] = i + 1
        if mode == "memory" and i == 999:
            sink.flush(10)
    print("done", flush=True)
    time.sleep(60)


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    main()
