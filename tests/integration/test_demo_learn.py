"""``routeyard demo --learn`` end to end: rules with shadow evaluation, tune, reload, measure.

The outcome of tuning on a few dozen prompts can go either way, so this checks what the loop
promises: its table is the request log's and the sample's numbers, before and after are the
same held-out prompts under the old and the new policy version, no held-out outcome tuned
anything, and every route tuning changed holds the quality target on its tuning rows."""

from __future__ import annotations

import gzip
import re
import sqlite3
import subprocess
import sys
from importlib.resources import files
from pathlib import Path
from typing import Any

import orjson
import pytest

from routeyard.config import load_config

pytestmark = pytest.mark.integration

PROMPTS = 120
HELD_OUT = 36  # 30 %


def sample_scores() -> dict[str, dict[str, float]]:
    raw = gzip.decompress(files("routeyard.demo").joinpath("data/learn.jsonl.gz").read_bytes())
    rows = [orjson.loads(line) for line in raw.split(b"\n") if line.strip()]
    return {r["id"]: {m: v["score"] for m, v in r["results"].items()} for r in rows}


def recompute(
    db: sqlite3.Connection, requests: list[dict[str, str]], aliases: dict[str, str]
) -> tuple[float, float, set[str]]:
    """USD per 1k requests and mean quality from the request log and the sample."""
    scores = sample_scores()
    cost = quality = 0.0
    versions = set()
    for r in requests:
        row = db.execute(
            "SELECT model, cost_usd, policy_version, status FROM requests WHERE request_id = ?",
            (r["request_id"],),
        ).fetchone()
        assert row is not None, r
        model, usd, version, status = row
        assert status == "ok"
        cost += usd
        quality += scores[r["row_id"]][aliases[model]]
        versions.add(version)
    return 1000 * cost / len(requests), quality / len(requests), versions


def table_line(text: str, label: str) -> list[str]:
    line = next(x for x in text.splitlines() if x.startswith(label))
    return line[len(label) :].split()


def test_demo_learn_runs_the_loop_and_its_table_is_the_logs(tmp_path: Path) -> None:
    out = subprocess.run(
        [sys.executable, "-m", "routeyard", "demo", "--learn", "--requests", str(PROMPTS),
         "--out", "loop"],
        capture_output=True,
        text=True,
        timeout=180,
        cwd=tmp_path,
    )  # fmt: skip
    assert out.returncode == 0, out.stdout + out.stderr
    text = out.stdout
    for step in ("[1/4] before", "[2/4] tune", "[3/4] apply", "[4/4] after"):
        assert step in text
    folder = tmp_path / "loop"
    summary: dict[str, Any] = orjson.loads((folder / "learn-summary.json").read_bytes())
    new_version = summary["after"]["policy_version"]
    assert re.fullmatch(r"rules-1\+tuned\.\d{12}", new_version)
    assert f"policy version rules-1 → {new_version}" in text
    assert f"under policy version {new_version} ({HELD_OUT})" in text

    # The files it says it wrote: the tuned config loads and uses the local model tuning
    # kept: the retrained one, or the shipped one the before config has (but no route asks).
    for name in ("before.yaml", "tuned.yaml", "tune-report.md", "routeyard.db"):
        assert f"{name}" in text and (folder / name).is_file()
    before_cfg = load_config(folder / "before.yaml")
    tuned_cfg = load_config(folder / "tuned.yaml")
    assert before_cfg.policy.version == "rules-1"
    assert before_cfg.classifier.local_model.enabled
    assert before_cfg.classifier.local_model.path is None
    assert not any(r.needs_local_model() for r in before_cfg.policy.routes)
    assert tuned_cfg.policy.version == new_version
    model = summary["tune_model"]
    assert set(model["tuning_rows"]) == {"input", "retrained"}
    kept_path = None if model["kept"] == "input" else str(folder / "tuned.model")
    assert tuned_cfg.classifier.local_model.path == model["path"] == kept_path
    assert (folder / "tuned.model" / "model.json").is_file()  # written whichever is kept
    assert "## Local model" in (folder / "tune-report.md").read_text()
    assert (folder / "routeyard.yaml").read_text() == (folder / "tuned.yaml").read_text()

    # Held-out prompts: the same ones before and after, and none of them tuned anything.
    before, after = summary["requests"]["before"], summary["requests"]["after"]
    assert len(before) == len(after) == summary["held_out"] == HELD_OUT
    assert sorted(r["row_id"] for r in before) == sorted(r["row_id"] for r in after)
    assert sum(summary["tune_split"].values()) == PROMPTS - HELD_OUT

    # The table's numbers are the request log's costs and the sample's scores.
    aliases = {n: before_cfg.models[n].quality_as or n for n in before_cfg.chat_models()}
    db = sqlite3.connect(folder / "routeyard.db")
    try:
        # Rules alone routed the before phase: no request of it ran the local model.
        ran = db.execute(
            "SELECT COUNT(*) FROM requests WHERE policy_version = 'rules-1' AND scores IS NOT NULL"
        ).fetchone()
        assert ran == (0,)
        for phase, reqs, version in (("before", before, "rules-1"), ("after", after, new_version)):
            cost, quality, versions = recompute(db, reqs, aliases)
            assert versions == {version}
            fig = summary[phase]
            assert fig["requests"] == HELD_OUT
            assert fig["cost_per_1k"] == pytest.approx(cost, abs=1e-6)
            assert fig["quality"] == pytest.approx(quality, abs=1e-6)
            assert sum(fig["models"].values()) == HELD_OUT
            cells = table_line(text, f"{phase}: {version}")
            assert cells[:3] == [str(HELD_OUT), f"{cost:.4f}", f"{quality:.3f}"]
            shares = [f"{100 * fig['models'].get(m, 0) / HELD_OUT:.0f}%" for m in aliases]
            assert cells[3:] == shares
        # Shadow evaluation answered every held-out prompt with every model.
        singles = summary["single_model"]
        assert {m: s["requests"] for m, s in singles.items()} == dict.fromkeys(aliases, HELD_OUT)
        shadowed = db.execute(
            "SELECT COUNT(DISTINCT model) FROM eval_results WHERE source = 'shadow'"
        ).fetchone()
        assert shadowed == (3,)
    finally:
        db.close()
    # The table's third row is the baseline (every held-out prompt on sim-large), then one
    # sentence per comparison.
    assert summary["baseline"] == before_cfg.policy.baseline == "sim-large"
    base = singles["sim-large"]
    cells = table_line(text, "baseline: every request on sim-large")
    assert cells[:3] == [str(HELD_OUT), f"{base['cost_per_1k']:.4f}", f"{base['quality']:.3f}"]
    b, a = summary["before"], summary["after"]
    assert (
        f"After vs before: USD per 1,000 requests {b['cost_per_1k']:.4f} → "
        f"{a['cost_per_1k']:.4f}" in text
    )
    saved = 1 - a["cost_per_1k"] / base["cost_per_1k"]
    share = f"{saved:.0%} of its cost saved" if saved >= 0 else f"{-saved:.0%} more than its cost"
    assert (
        f"After vs the baseline (every request on sim-large): {share}, at "
        f"{100 * a['quality'] / base['quality']:.0f}% of its quality." in text
    )
    # Any policy costs between its cheapest and its priciest model on the same prompts.
    low, high = singles["sim-small"]["cost_per_1k"], singles["sim-large"]["cost_per_1k"]
    for phase in ("before", "after"):
        assert low - 1e-9 <= summary[phase]["cost_per_1k"] <= high + 1e-9

    # What the target promises: each route tuning changed keeps ≥ 95 % of its best
    # candidate's quality on the tuning rows, or the report says it could not.
    changed = {k: v for k, v in summary["tune_routes"].items() if v["setting"] is not None}
    for name, route in changed.items():
        assert route["rows"] >= 10, name
        if route["met"]:
            assert route["quality"] >= 0.95 * route["best_quality"] - 1e-9, name
        else:
            assert "no setting reached the quality target" in route["reason"], name
    report = (folder / "tune-report.md").read_text()
    assert all(f"`{name}`: **" in report for name in changed)


def test_demo_learn_refuses_a_folder_with_an_earlier_run(tmp_path: Path) -> None:
    (tmp_path / "loop").mkdir()
    (tmp_path / "loop" / "routeyard.db").write_bytes(b"")
    out = subprocess.run(
        [sys.executable, "-m", "routeyard", "demo", "--learn", "--out", "loop"],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
    )
    assert out.returncode == 2
    assert "exists from an earlier run" in out.stderr
