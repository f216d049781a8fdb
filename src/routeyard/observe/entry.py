"""``LogEntry``: one request as rows of the request log, and its JSON line for spills and journals.

A ``RequestRecord`` becomes a ``LogEntry`` off the request path (in the log writer), except in
durable mode and when the memory queue is full, where the line is written at once.

The fields ``RequestRecord`` and ``Attempt`` do not have yet (``scores``, ``decision``,
``ttft_ms``, ``overhead_cost_usd``, ``started_unix``) are read with ``getattr`` and a default, so
this module works before and after they are added; see ``_extra``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import orjson

from routeyard.execute.attempts import Attempt
from routeyard.observe.content import ContentPolicy
from routeyard.observe.record import RequestRecord, record_scores
from routeyard.observe.schema import ATTEMPT_COLUMNS, CONTENT_COLUMNS, REQUEST_COLUMNS

Row = tuple[Any, ...]

_LINE_VERSION = 1
_RUN = REQUEST_COLUMNS.index("log_run")
_SEQ = REQUEST_COLUMNS.index("log_seq")
_ID = REQUEST_COLUMNS.index("request_id")


class BadLine(ValueError):
    """A spill or journal line that cannot be read back (torn by a crash, or not ours)."""


@dataclass(slots=True, frozen=True)
class LogEntry:
    """One client request: its ``requests`` row and its ``attempts`` rows, in column order, and
    its ``request_content`` row when the log stores content."""

    request: Row
    attempts: tuple[Row, ...]
    content: Row | None = None

    @property
    def request_id(self) -> str:
        return str(self.request[_ID])

    @property
    def run(self) -> str | None:
        run = self.request[_RUN]
        return None if run is None else str(run)

    @property
    def seq(self) -> int | None:
        seq = self.request[_SEQ]
        return None if seq is None else int(seq)

    def to_line(self) -> bytes:
        """One JSON line, newline included."""
        data: dict[str, Any] = {"v": _LINE_VERSION, "r": self.request, "a": self.attempts}
        if self.content is not None:
            data["c"] = self.content
        return orjson.dumps(data) + b"\n"

    @classmethod
    def from_line(cls, line: bytes) -> LogEntry:
        try:
            data = orjson.loads(line)
            request, attempts = data["r"], data["a"]
        except (orjson.JSONDecodeError, KeyError, TypeError) as exc:
            raise BadLine(f"unreadable request log line: {line[:80]!r}") from exc
        if data.get("v") != _LINE_VERSION or len(request) != len(REQUEST_COLUMNS):
            raise BadLine(f"request log line of another version: {line[:80]!r}")
        if any(len(a) != len(ATTEMPT_COLUMNS) for a in attempts):
            raise BadLine(f"request log line with a bad attempt: {line[:80]!r}")
        content = data.get("c")
        if content is not None and len(content) != len(CONTENT_COLUMNS):
            raise BadLine(f"request log line with bad content: {line[:80]!r}")
        return cls(
            tuple(request),
            tuple(tuple(a) for a in attempts),
            None if content is None else tuple(content),
        )


def _extra(obj: object, name: str) -> Any:
    """A field the record types may not have yet (None until the lead adds it)."""
    return getattr(obj, name, None)


def _opt_float(value: Any) -> float | None:
    return None if value is None else float(value)


def _json(value: Any) -> str | None:
    if value is None:
        return None
    if hasattr(value, "as_dict"):  # a RoutingDecision
        value = value.as_dict()
    return orjson.dumps(value).decode()


def _attempt_row(request_id: str, n: int, a: Attempt) -> Row:
    return (
        request_id,
        n,
        a.model,
        1 if a.ok else 0,
        a.error,
        a.status,
        float(a.latency_ms),
        _opt_float(_extra(a, "ttft_ms")),
    )


def entry_from_record(
    rec: RequestRecord,
    *,
    finished_at: float,
    run: str,
    seq: int,
    content: ContentPolicy | None = None,
) -> LogEntry:
    """The rows for ``rec``; ``finished_at`` is the Unix time the record reached the sink.

    ``started_at`` is ``rec.started_unix`` when the record carries it, else ``finished_at`` minus
    the request's latency. The content row is built only with a ``content`` policy (the log
    stores content) and a record that carries content.
    """
    usage = rec.usage
    started = _extra(rec, "started_unix")
    started_at = float(started) if started is not None else finished_at - rec.latency_ms / 1000
    overhead = float(_extra(rec, "overhead_cost_usd") or 0.0)
    baseline = rec.baseline_cost_usd
    savings = None if baseline is None else baseline - rec.cost_usd - overhead
    decision = _extra(rec, "decision")
    policy_version = getattr(decision, "policy_version", None)
    request: Row = (
        rec.request_id,
        started_at,
        rec.client_key_id,
        rec.ingress,
        rec.route,
        orjson.dumps(rec.labels).decode(),
        _json(record_scores(rec)),
        _json(decision),
        None if policy_version is None else str(policy_version),
        rec.model,
        usage.input_tokens if usage else 0,
        usage.cached_input_tokens if usage else 0,
        usage.output_tokens if usage else 0,
        1 if usage is not None and usage.estimated else 0,
        float(rec.cost_usd),
        None if baseline is None else float(baseline),
        overhead,
        savings,
        rec.status,
        rec.http_status,
        1 if rec.stream else 0,
        len(rec.attempts),
        float(rec.decision_us),
        float(rec.latency_ms),
        _opt_float(_extra(rec, "ttft_ms")),
        run,
        seq,
    )
    attempts = tuple(_attempt_row(rec.request_id, n, a) for n, a in enumerate(rec.attempts))
    body = rec.content
    if content is None or body is None:
        return LogEntry(request, attempts)
    return LogEntry(request, attempts, content.row(rec.request_id, body.messages, body.answer))
