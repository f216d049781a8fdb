"""``python -m tests.observe._timed_serve serve ...``: ``routeyard`` with the request log's
``record()`` timed, for the loss tests that drive a real gateway process.

Every ``record()`` call of either request log sink is measured with ``perf_counter``; at exit
(a graceful stop) the count, maximum, p99 and the calls over 10 ms go as JSON to the file named
by ``ROUTEYARD_TEST_RECORD_TIMES``.
"""

from __future__ import annotations

import atexit
import json
import os
import sys
import time
from collections.abc import Callable
from typing import Any

from routeyard.cli.main import main
from routeyard.observe.journal import DurableRequestLogSink
from routeyard.observe.record import RequestRecord
from routeyard.observe.request_log import RequestLogSink

_durations: list[float] = []
_slow: list[tuple[float, float]] = []  # (Unix time, seconds) of calls over 10 ms


def _timed(original: Callable[[Any, RequestRecord], None]) -> Callable[[Any, RequestRecord], None]:
    def record(self: Any, rec: RequestRecord) -> None:
        t0 = time.perf_counter()
        try:
            original(self, rec)
        finally:
            took = time.perf_counter() - t0
            _durations.append(took)
            if took > 0.01:
                _slow.append((time.time(), took))

    return record


def _report() -> None:
    path = os.environ.get("ROUTEYARD_TEST_RECORD_TIMES")
    if not path:
        return
    ordered = sorted(_durations)
    data = {
        "calls": len(ordered),
        "max_s": ordered[-1] if ordered else 0.0,
        "p99_s": ordered[int(len(ordered) * 0.99)] if ordered else 0.0,
        "p50_s": ordered[len(ordered) // 2] if ordered else 0.0,
        "slow": _slow[:50],
    }
    with open(path, "w") as f:
        json.dump(data, f)


if __name__ == "__main__":
    RequestLogSink.record = _timed(RequestLogSink.record)  # type: ignore[method-assign]
    DurableRequestLogSink.record = _timed(DurableRequestLogSink.record)  # type: ignore[method-assign]
    atexit.register(_report)
    sys.exit(main())
