from pathlib import Path

from routeyard.observe.entry import entry_from_record
from routeyard.observe.spill import SpillFile
from tests.observe._records import make_record


def _line(i: int) -> bytes:
    return entry_from_record(make_record(i), finished_at=1.0, run="r" * 16, seq=i).to_line()


def test_seal_read_and_torn_tails(tmp_path: Path) -> None:
    path = tmp_path / "spill.jsonl"
    path.write_bytes(_line(0) + _line(1)[:30])  # a crash tore the last line
    spill = SpillFile(path)
    spill.append([_line(2), _line(3)])  # starts on a fresh line, not glued to the torn one
    sealed = spill.seal()
    assert sealed is not None and sealed.name == "spill.jsonl.0.replay"
    assert spill.seal() is None  # nothing new since
    spill.append([_line(4)])
    assert spill.seal() == tmp_path / "spill.jsonl.1.replay"
    assert spill.sealed() == [tmp_path / "spill.jsonl.0.replay", tmp_path / "spill.jsonl.1.replay"]
    read = list(spill.read(sealed))
    assert [e.request_id for _, e in read] == ["req-00000000", "req-00000002", "req-00000003"]
    assert spill.bad_lines == 1
    resumed = list(spill.read(sealed, offset=read[1][0]))  # from after the second entry
    assert [e.request_id for _, e in resumed] == ["req-00000003"]
    spill.close()
