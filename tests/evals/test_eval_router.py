"""``routeyard eval-router`` end to end: a model directory made by ``routeyard train`` on
synthetic outcomes, the files it writes, the in-domain protocol and one-line errors."""

from __future__ import annotations

import json
import random
import struct
import zlib
from pathlib import Path

import numpy as np
import pytest

from routeyard.cli.main import main

FRUITS = ["apple", "pear", "plum", "lemon", "lime", "cherry", "grape", "melon", "peach", "fig"]
TOPICS = ["eigenvalues", "contour integrals", "Galois groups", "Fourier series", "manifolds"]
PRICES = {
    "m-small": {"input_usd_per_mtok": 0.1, "output_usd_per_mtok": 0.4},
    "m-mid": {"input_usd_per_mtok": 0.5, "output_usd_per_mtok": 1.5},
    "m-large": {"input_usd_per_mtok": 3.0, "output_usd_per_mtok": 15.0},
}
DATA_DIR = Path(__file__).parents[2].parent / "shared" / "data"


def synthetic_lines(n: int, seed: int) -> list[str]:
    """Easy prompts every model answers, hard ones only the large model (mostly)."""
    rng = random.Random(seed)
    lines = []
    for i in range(n):
        if i % 2 == 0:
            prompt = f"What colour is a ripe {rng.choice(FRUITS)}? Answer in one word, please."
            p = (0.95, 0.95, 0.97)
        else:
            prompt = (
                f"Derive a closed form for the {rng.choice(TOPICS)} problem number {i}, justify "
                "each step rigorously and state every assumption you make along the way."
            )
            p = (0.05, 0.3, 0.9)
        results = {
            m: {"score": float(rng.random() < q)}
            for m, q in zip(("m-small", "m-mid", "m-large"), p, strict=True)
        }
        lines.append(json.dumps({"id": f"s{seed}-{i}", "prompt": prompt, "results": results}))
    return lines


def write(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("eval-router")
    out = {
        "train": write(root / "train.jsonl", synthetic_lines(160, seed=1)),
        "test": write(root / "test.jsonl", synthetic_lines(120, seed=2)),
        "prices": root / "models.json",
        "model": root / "model",
    }
    out["prices"].write_text(json.dumps(PRICES), encoding="utf-8")
    code = main(
        [
            "train",
            "--quiet",
            "--data",
            str(out["train"]),
            "--out",
            str(out["model"]),
            "--folds",
            "2",
        ]
    )
    assert code == 0
    return out


def png_size(data: bytes) -> tuple[int, int]:
    """Check a PNG's structure (signature, chunk CRCs, pixel data size); its width and height."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, chunks = 8, {}
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind, body = data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + length]
        (crc,) = struct.unpack(">I", data[pos + 8 + length : pos + 12 + length])
        assert crc == zlib.crc32(kind + body) & 0xFFFFFFFF
        chunks[kind] = body
        pos += 12 + length
    width, height = struct.unpack(">II", chunks[b"IHDR"][:8])
    assert len(zlib.decompress(chunks[b"IDAT"])) == height * (1 + 3 * width)
    assert b"IEND" in chunks
    return width, height


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(["eval-router", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_a_model_directory_is_judged_with_json_markdown_and_png(
    files: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out_dir = tmp_path / "report"
    args = ["--model", str(files["model"]), "--data", str(files["test"])]
    args += ["--prices", str(files["prices"]), "--strong", "m-large", "--weak", "m-small"]
    args += ["--resamples", "200", "--out", str(out_dir), "--json"]
    code, out, err = run(args, capsys)
    assert code == 0, err
    assert "bootstrap: 200 resamples" in err
    result = json.loads(out)
    assert json.loads((out_dir / "report.json").read_text()) == result
    assert set(result) >= {"generated_at", "command", "data", "mode", "model", "report", "files"}
    assert result["mode"] == "model"
    report = result["report"]
    assert report["models"] == ["m-large", "m-mid", "m-small"]
    pair = report["pairs"][0]
    assert set(pair) >= {"strong", "weak", "rows", "random", "oracle", "routers", "gap_ci95"}
    router = pair["routers"]["router"]
    assert set(router) >= {"apgr", "cpt50", "cpt80", "apgr_ci95", "apgr_share_of_oracle"}
    # The model learnt the easy/hard split: well above random, at most the oracle.
    assert 0.6 < router["apgr"] <= pair["oracle"]["apgr"] + 1e-9
    cost = report["cost_quality"]
    assert set(cost["routers"]["router"]) >= {
        "aiq", "aiq_ci95", "cost_to_match_best", "savings_at_best_quality", "savings_ci95",
    }  # fmt: skip
    assert cost["best_single"]["model"] == "m-large"
    assert cost["oracle"]["aiq"] >= cost["routers"]["router"]["aiq"] > cost["random"]["aiq"]
    assert cost["output_tokens_assumed"] == 256

    assert png_size((out_dir / "curves.png").read_bytes()) == (1320, 570)  # cost + one pair
    md = (out_dir / "report.md").read_text()
    assert f"**{router['apgr']:.3f}**" in md
    assert f"{pair['oracle']['apgr']:.3f}" in md
    assert f"**{cost['routers']['router']['aiq']:.3f}**" in md
    assert "![cost–quality and PGR curves](curves.png)" in md
    assert "routeyard eval-router --data" in md


def test_without_prices_the_cost_part_is_skipped_and_the_pair_defaults(
    files: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["--model", str(files["model"]), "--data", str(files["test"]), "--resamples", "0"]
    code, out, _ = run([*args, "--out", str(tmp_path), "--quiet"], capsys)
    assert code == 0
    assert "Skipped: no prices" in out  # the Markdown goes to stdout without --json
    result = json.loads((tmp_path / "report.json").read_text())
    pair = result["report"]["pairs"][0]
    assert (pair["strong"], pair["weak"]) == ("m-large", "m-small")  # best vs worst score
    assert "apgr_ci95" not in pair["routers"]["router"]
    assert png_size((tmp_path / "curves.png").read_bytes()) == (660, 570)


def test_in_domain_protocol_compares_training_with_and_without_the_share(
    files: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["--in-domain-share", "0.1", "--train", str(files["train"])]
    args += ["--data", str(files["test"]), "--prices", str(files["prices"]), "--folds", "2"]
    args += ["--resamples", "100", "--seed", "7", "--out", str(tmp_path), "--json"]
    code, out, err = run(args, capsys)
    assert code == 0, err
    assert "training without the in-domain rows (160 rows)" in err
    assert "training with 12 in-domain rows" in err
    result = json.loads(out)
    protocol = result["in_domain"]
    assert result["mode"] == "in-domain"
    assert (protocol["in_domain_rows"], protocol["report_rows"], protocol["seed"]) == (12, 108, 7)
    assert result["report"]["rows"] == 108
    pair = result["report"]["pairs"][0]
    assert set(pair["routers"]) == {"with_in_domain", "without_in_domain"}
    assert pair["difference"]["of"] == ["with_in_domain", "without_in_domain"]
    assert "savings_ci95" in result["report"]["cost_quality"]["difference"]
    # The synthetic easy prompts repeat between the files: the report says how many.
    assert protocol["report_rows_in_train"] > 0
    assert f"{protocol['report_rows_in_train']} of the 108 report prompts" in result["notes"][0]
    md = (tmp_path / "report.md").read_text()
    assert "trained with the in-domain share" in md and "trained without it" in md
    assert "also appear in the --train files" in md
    # The same seed draws the same in-domain rows.
    code, again, _ = run(args, capsys)
    assert json.loads(again)["in_domain"]["in_domain_ids"] == protocol["in_domain_ids"]


def test_in_domain_models_the_train_files_lack_are_learnt_from_the_share(
    files: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A file of other models (GPT-4 against Mixtral, say): only the in-domain rows know them."""
    renamed = [
        line.replace('"m-large"', '"new-large"').replace('"m-small"', '"new-small"')
        for line in files["test"].read_text().splitlines()
    ]
    data = write(tmp_path / "new.jsonl", renamed)
    args = ["--in-domain-share", "0.2", "--train", str(files["train"]), "--data", str(data)]
    args += ["--strong", "new-large", "--weak", "new-small", "--folds", "2", "--resamples", "0"]
    code, out, err = run([*args, "--out", str(tmp_path), "--json", "--quiet"], capsys)
    assert code == 0, err
    result = json.loads(out)
    assert result["report"]["models"] == ["m-mid", "new-large", "new-small"]
    assert "no scores for new-large, new-small" in result["notes"][0]
    pair = result["report"]["pairs"][0]["routers"]
    # Without the share both new models get the same model-agnostic estimate: a coin toss.
    assert pair["without_in_domain"]["apgr"] == 0.5
    # With it, the router has learnt that the large one wins the hard prompts.
    assert pair["with_in_domain"]["apgr"] > 0.7
    code, _, err = run(["--model", str(files["model"]), "--data", str(data), "--quiet"], capsys)
    assert code == 2
    assert "1 model(s) both in the data and known to the router" in err
    assert "--in-domain-share 0.1 --train FILE.jsonl instead of --model" in err


def test_predictions_for_a_model_the_router_lacks_are_refused_or_model_agnostic(
    files: dict[str, Path],
) -> None:
    from routeyard.evals.dataset import read_rows
    from routeyard.evals.router_report_data import ReportError, predict
    from routeyard.learn.model import LocalModel

    model = LocalModel.load(files["model"])
    rows = list(read_rows(files["test"]))[:6]
    with pytest.raises(ReportError, match="no predictions for gpt-x"):
        predict(model, rows, ["m-large", "gpt-x"])
    known = predict(model, rows, ["m-large", "m-small"])
    mixed = predict(model, rows, ["m-large", "gpt-x", "gpt-y"], unknown="difficulty")
    assert np.array_equal(mixed[:, 0], known[:, 0])
    _, quality = model.predict_arrays(model.embedder.embed_many([r.prompt for r in rows]))
    assert np.allclose(mixed[:, 1], 1.0 - quality[:, -1])
    assert np.array_equal(mixed[:, 1], mixed[:, 2])


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--data", "{test}"], "give --model DIR, or --in-domain-share SHARE with --train FILE"),
        (["--model", "{model}", "--data", "{tmp}/nope.jsonl"], "--data {tmp}/nope.jsonl: no such file"),
        (["--model", "{tmp}", "--data", "{test}"], "not found; is {tmp} a router model directory?"),
        (["--model", "{model}", "--data", "{test}", "--strong", "gpt", "--weak", "m-small"],
         "--strong 'gpt': unknown model; known: m-large, m-mid, m-small"),
        (["--model", "{model}", "--data", "{test}", "--strong", "m-large"],
         "give --strong and --weak together"),
        (["--model", "{model}", "--data", "{one}"], "1 model(s) both in the data and known to the router"),
        (["--in-domain-share", "0.1", "--data", "{test}"], "--in-domain-share needs --train"),
        (["--in-domain-share", "1.5", "--train", "{test}", "--data", "{test}"], "between 0 and 1"),
        (["--model", "{model}", "--data", "{test}", "--prices", "{test}"], "cannot read prices"),
    ],
)  # fmt: skip
def test_bad_input_is_one_line_and_exit_2(
    files: dict[str, Path],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    args: list[str],
    message: str,
) -> None:
    one = write(tmp_path / "one.jsonl", ['{"prompt": "hi", "results": {"m-large": {"score": 1}}}'])
    values = {"test": files["test"], "model": files["model"], "tmp": tmp_path, "one": one}
    code, out, err = run([*(a.format(**values) for a in args), "--quiet"], capsys)
    assert code == 2
    assert out == ""
    assert err.startswith("routeyard eval-router: ") and err.count("\n") == 1
    assert message.format(**values) in err


def test_on_the_shared_data_the_shipped_model_beats_random(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    test = DATA_DIR / "llmrouter" / "test.jsonl"
    if not test.exists():
        pytest.skip(f"shared data not found at {DATA_DIR}")
    from routeyard.learn.model import default_model_dir

    args = ["--model", str(default_model_dir()), "--data", str(test), "--resamples", "200"]
    args += ["--prices", str(DATA_DIR / "llmrouter" / "models.json"), "--out", str(tmp_path)]
    # This pair's APGR stays above random on the prompts the shipped model never saw too
    # (docs/eval-router.md); the whole file also holds 119 prompts it was trained on.
    args += ["--strong", "llama-3.1-nemotron-51b-instruct", "--weak", "llama-3.1-8b-instruct"]
    code, out, err = run([*args, "--json", "--quiet"], capsys)
    assert code == 0, err
    report = json.loads(out)["report"]
    router = report["pairs"][0]["routers"]["router"]
    assert router["apgr_ci95"][0] > 0.5  # better than random, beyond the bootstrap's doubt
    cost = report["cost_quality"]
    assert len(cost["models"]) == 9
    assert cost["routers"]["router"]["aiq"] > cost["random"]["aiq"]
    assert cost["routers"]["router"]["savings_at_best_quality"] > 0.3
