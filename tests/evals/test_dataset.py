"""Reading routing-eval JSONL: good rows, and errors that name the file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from routeyard.evals.dataset import DatasetError, read_all, read_rows


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "rows.jsonl"
    path.write_text(text, encoding="utf-8")
    return path


def test_rows_with_results_messages_and_blank_lines(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        '{"id": "a", "prompt": "2+2?", "category": "math", "results": {"m": {"score": 1}}}\n'
        "\n"
        '{"messages": [{"role": "system", "content": "be brief"},'
        ' {"role": "user", "content": "hi"}], "results": {"m": {"score": 0.5, "cost_usd": 0.1}}}\n'
        '{"id": 7, "prompt": "unlabelled", "category": null}\n',
    )
    rows = list(read_rows(path))
    assert [r.id for r in rows] == ["a", "rows-3", "7"]
    assert rows[0].results["m"].score == 1.0
    assert rows[1].prompt == "hi"
    assert rows[1].results["m"].cost_usd == 0.1
    assert rows[2].category is None
    assert rows[2].results == {}
    assert len(read_all([path, path])) == 6


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("{not json", "not valid JSON"),
        ("[1, 2]", "JSON object"),
        ('{"id": "x"}', "needs a string 'prompt'"),
        ('{"prompt": "p", "results": {"m": {"score": 2}}}', "outside"),
        ('{"prompt": "p", "results": {"m": {"score": "high"}}}', "must be a number"),
        ('{"prompt": "p", "results": [1]}', "'results' must be an object"),
    ],
)
def test_a_bad_line_names_the_file_and_line(tmp_path: Path, line: str, message: str) -> None:
    path = write(tmp_path, '{"prompt": "fine"}\n' + line + "\n")
    with pytest.raises(DatasetError, match=message) as info:
        list(read_rows(path))
    assert str(info.value).startswith(f"{path}:2: ")


def test_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(DatasetError, match="cannot open"):
        list(read_rows(tmp_path / "nope.jsonl"))


def test_a_byte_order_mark_and_crlf_line_ends_are_read(tmp_path: Path) -> None:
    path = tmp_path / "windows.jsonl"
    path.write_bytes(
        b"\xef\xbb\xbf"
        + '{"id": "a", "prompt": "caf\u00e9", "results": {"m": {"score": 1}}}\r\n'.encode()
        + b'{"id": "b", "prompt": "two"}\r\n\r\n'
    )
    rows = list(read_rows(path))
    assert [(r.id, r.prompt) for r in rows] == [("a", "caf\u00e9"), ("b", "two")]


def test_a_byte_order_mark_after_the_first_line_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "joined.jsonl"
    path.write_bytes(b'{"prompt": "one"}\n\xef\xbb\xbf{"prompt": "two"}\n')
    with pytest.raises(DatasetError, match=f"{path}:2: not valid JSON"):
        list(read_rows(path))
