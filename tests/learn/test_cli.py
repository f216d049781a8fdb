"""``routeyard train`` and ``routeyard score`` end to end on a slice of the shared data."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from routeyard.cli.main import main
from tests.learn.conftest import LABELLED_JSONL, TEST_JSONL, TRAIN_JSONL, first_lines


def slice_of(path: Path, tmp_path: Path, count: int, step: int) -> Path:
    out = tmp_path / path.name
    out.write_text("\n".join(first_lines(path, count, step)) + "\n", encoding="utf-8")
    return out


def test_train_then_score(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    train = slice_of(TRAIN_JSONL, tmp_path, 200, step=27)
    labelled = slice_of(LABELLED_JSONL, tmp_path, 80, step=10)
    test = slice_of(TEST_JSONL, tmp_path, 40, step=9)
    model_dir = tmp_path / "model"
    args = ["train", "--data", str(train), "--data", str(labelled), "--out", str(model_dir)]
    args += ["--small-model", "llama-3.1-8b-instruct", "--label-alias", "gsm8k=math"]
    code = main([*args, "--folds", "2"])
    assert code == 0
    assert "cross-validation fold 2/2" in capsys.readouterr().err
    meta = json.loads((model_dir / "model.json").read_text())
    assert "llama-3.1-nemotron-51b-instruct" in meta["models"]
    assert "gsm8k" not in meta["categories"]

    scores = tmp_path / "scores.jsonl"
    code = main(["score", "--model", str(model_dir), "--data", str(test), "--out", str(scores)])
    assert code == 0
    lines = [json.loads(line) for line in scores.read_text().splitlines()]
    ids = [json.loads(line)["id"] for line in test.read_text().splitlines()]
    assert [line["id"] for line in lines] == ids
    for line in lines:
        assert set(line) == {"id", "category", "difficulty", "predicted"}
        assert line["category"] in meta["categories"]
        assert 0.0 <= line["difficulty"] <= 1.0
        assert set(line["predicted"]) == set(meta["models"])
        assert all(0.0 <= q <= 1.0 for q in line["predicted"].values())


def test_a_bad_line_is_reported_with_path_and_number(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "bad.jsonl"
    data.write_text('{"prompt": "ok", "results": {"m": {"score": 1}}}\n{"prompt": 3}\n')
    code = main(["train", "--quiet", "--data", str(data), "--out", str(tmp_path / "m")])
    assert code == 2
    assert f"{data}:2:" in capsys.readouterr().err


def test_score_needs_a_model_directory(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "rows.jsonl"
    data.write_text('{"prompt": "hello"}\n')
    out = tmp_path / "s.jsonl"
    code = main(
        ["score", "--model", str(tmp_path / "none"), "--data", str(data), "--out", str(out)]
    )
    assert code == 2
    assert "router model directory" in capsys.readouterr().err


def test_the_shipped_default_model_loads_and_predicts() -> None:
    from routeyard.learn import LocalModel, default_model_dir

    model = LocalModel.load(default_model_dir())
    p = model.predict("Write a Python function that checks whether a number is prime.")
    assert p.category == "coding"
    assert "llama-3.1-nemotron-51b-instruct" in p.predicted
    assert 0.0 <= p.difficulty <= 1.0
