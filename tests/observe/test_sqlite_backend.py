import sqlite3
from pathlib import Path

import pytest

from routeyard.observe.entry import entry_from_record
from routeyard.observe.log_backend import ROWS_PER_STATEMENT, BackendUnavailable, SQLiteBackend
from tests.observe._records import make_full_record, make_record


def _entries(n: int, start: int = 0) -> list:  # type: ignore[type-arg]
    return [
        entry_from_record(make_record(i), finished_at=1.0, run="r" * 16, seq=i)
        for i in range(start, start + n)
    ]


def test_writes_are_idempotent_on_request_id(tmp_path: Path) -> None:
    backend = SQLiteBackend(tmp_path / "log.db")
    backend.write(_entries(10))
    backend.write(_entries(10, start=5))  # 5 already there
    full = entry_from_record(make_full_record(), finished_at=1.0, run="r" * 16, seq=99)
    backend.write([full, full])  # a duplicate inside one batch, too
    assert backend.query("SELECT COUNT(*) FROM requests") == [(16,)]
    assert backend.query("SELECT COUNT(*) FROM attempts") == [(17,)]
    assert backend.query("SELECT COUNT(DISTINCT request_id) FROM requests") == [(16,)]


def test_a_batch_larger_than_one_statement_writes_every_row_in_order(tmp_path: Path) -> None:
    backend = SQLiteBackend(tmp_path / "log.db")
    n = 2 * ROWS_PER_STATEMENT + 5  # two full statements and a shorter one
    entries = _entries(n)
    backend.write(entries)
    rows = backend.query("SELECT * FROM requests ORDER BY log_seq")
    assert rows == [e.request for e in entries]
    attempts = backend.query("SELECT * FROM attempts ORDER BY request_id, n")
    assert attempts == sorted(a for e in entries for a in e.attempts)


def test_a_locked_database_is_unavailable_not_an_error(tmp_path: Path) -> None:
    db = tmp_path / "log.db"
    backend = SQLiteBackend(db, busy_timeout_s=0.05)
    backend.write(_entries(1))
    other = sqlite3.connect(db, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    with pytest.raises(BackendUnavailable, match="locked"):
        backend.write(_entries(1, start=1))
    other.execute("COMMIT")
    backend.write(_entries(1, start=1))  # the same connection works again
    assert backend.query("SELECT COUNT(*) FROM requests") == [(2,)]


def test_an_unopenable_path_is_unavailable(tmp_path: Path) -> None:
    (tmp_path / "dir.db").mkdir()
    with pytest.raises(BackendUnavailable):
        SQLiteBackend(tmp_path / "dir.db").write(_entries(1))


def test_bad_data_is_not_unavailability(tmp_path: Path) -> None:
    backend = SQLiteBackend(tmp_path / "log.db")
    entry = _entries(1)[0]
    bad = type(entry)(entry.request[:-1], entry.attempts)  # a column short
    with pytest.raises(sqlite3.ProgrammingError):
        backend.write([bad])
    backend.write([entry])  # no transaction left open
    assert backend.query("SELECT COUNT(*) FROM requests") == [(1,)]
