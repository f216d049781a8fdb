"""Opt-in prompt and answer storage: redaction, the size cap, and the request_content rows."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import orjson
import pydantic
import pytest

from routeyard.config.observe import RequestLogConfig
from routeyard.observe.content import ContentPolicy
from routeyard.observe.entry import LogEntry, entry_from_record
from routeyard.observe.log_backend import SQLiteBackend
from routeyard.observe.log_factory import build_request_log
from routeyard.observe.record import RequestContent
from tests.observe._records import make_record

PROMPT = [
    {"role": "system", "content": "Reply to alice.smith+work@example.co.uk"},
    {
        "role": "user",
        "content": [
            {"type": "text", "text": "my key is sk-proj-AbCdEf0123456789xyz_QW and"},
            {"type": "text", "text": "card 4111 1111 1111 1111, header Bearer abc.def-ghi_jkl"},
        ],
    },
]
ANSWER = [
    {"message": {"role": "assistant", "content": "Mail bob@example.com (AKIAABCDEFGHIJKLMNOP)"}}
]


def test_builtin_rules_redact_every_string() -> None:
    policy = ContentPolicy.builtin()
    text = (
        orjson.dumps(policy.redact(PROMPT)).decode() + orjson.dumps(policy.redact(ANSWER)).decode()
    )
    for secret in ("alice.smith", "sk-proj", "4111", "abc.def", "bob@", "AKIA"):
        assert secret not in text
    for marker in ("[EMAIL]", "[API_KEY]", "[CARD_NUMBER]", "Bearer [REDACTED]"):
        assert marker in text
    assert policy.redact_text("call me at 555-1234 on 2024-05-01") == (
        "call me at 555-1234 on 2024-05-01"  # short numbers and dates are not cards
    )


def test_configured_rules_and_the_cap() -> None:
    cfg = RequestLogConfig(
        store_content=True,
        builtin_redaction=False,
        content_max_bytes=256,
        redaction_rules=[{"pattern": r"(?i)project (\w+)", "replacement": r"project <\1-x>"}],  # type: ignore[list-item]
    )
    policy = ContentPolicy.from_config(cfg)
    assert policy is not None
    assert policy.redact_text("PROJECT apollo, bob@example.com") == (
        "project <apollo-x>, bob@example.com"
    )
    row = policy.row("r1", [{"role": "user", "content": "é" * 1000}], None)
    assert row[0] == "r1" and row[2] is None and row[3] == 1
    assert len(row[1].encode()) <= 256
    assert ContentPolicy.from_config(RequestLogConfig()) is None  # off by default
    with pytest.raises(pydantic.ValidationError, match="regular expression"):
        RequestLogConfig(redaction_rules=[{"pattern": "(unclosed"}])  # type: ignore[list-item]


def test_the_default_path_never_encodes_content() -> None:
    rec = make_record(1, content=RequestContent(PROMPT, ANSWER))
    entry = entry_from_record(rec, finished_at=1.0, run="r" * 16, seq=1)
    assert entry.content is None and b"alice" not in entry.to_line()
    stored = entry_from_record(
        rec, finished_at=1.0, run="r" * 16, seq=1, content=ContentPolicy.builtin()
    )
    assert stored.content is not None
    # A spill or journal line carries the content row, already redacted.
    line = stored.to_line()
    assert b"alice" not in line and b"[EMAIL]" in line
    assert LogEntry.from_line(line) == stored
    assert LogEntry.from_line(entry.to_line()) == entry


@pytest.mark.parametrize("durable", [False, True])
def test_sqlite_stores_redacted_content_once(tmp_path: Path, durable: bool) -> None:
    db = tmp_path / "log.db"
    cfg = RequestLogConfig(
        path=str(db), store_content=True, content_max_bytes=4096, durable=durable
    )
    sink = build_request_log(cfg)
    assert sink is not None and sink.content_policy is not None
    sink.start()
    sink.record(make_record(1, content=RequestContent(PROMPT, ANSWER)))
    sink.record(make_record(2, content=RequestContent(PROMPT)))  # a stream: no answer kept
    sink.record(make_record(3))  # an error before any content was handed over
    assert sink.flush(5)
    sink.close()
    backend = SQLiteBackend(db)
    backend.write(  # a replay of the same entry stores nothing twice
        [
            entry_from_record(
                make_record(1, content=RequestContent(PROMPT, ANSWER)),
                finished_at=1.0,
                run="r" * 16,
                seq=1,
                content=ContentPolicy.builtin(),
            )
        ]
    )
    backend.close()
    conn = sqlite3.connect(db)
    rows = conn.execute(
        "SELECT request_id, prompt, answer, truncated FROM request_content ORDER BY request_id"
    ).fetchall()
    conn.close()
    assert [r[0] for r in rows] == ["req-00000001", "req-00000002"]
    prompt, answer = orjson.loads(rows[0][1]), orjson.loads(rows[0][2])
    assert prompt[0] == {"role": "system", "content": "Reply to [EMAIL]"}
    assert "[API_KEY]" in answer[0]["message"]["content"]
    assert rows[1][2] is None and rows[0][3] == rows[1][3] == 0


def test_sqlite_without_content_writes_no_content_rows(tmp_path: Path) -> None:
    db = tmp_path / "log.db"
    sink = build_request_log(RequestLogConfig(path=str(db)))
    assert sink is not None and sink.content_policy is None
    sink.start()
    sink.record(make_record(1, content=RequestContent(PROMPT, ANSWER)))
    assert sink.flush(5)
    sink.close()
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT COUNT(*) FROM request_content").fetchone() == (0,)
    assert conn.execute("SELECT COUNT(*) FROM requests").fetchone() == (1,)
    conn.close()
