"""The router report's figures (``evals.router_report``) on synthetic tables, checked against
independent, plain-Python computations of the same quantities."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from routeyard.evals.dataset import EvalRow, ModelResult
from routeyard.evals.router_report import (
    default_pair,
    evaluate,
    interval,
    resample_counts,
    weighted_apgr,
)
from routeyard.evals.router_report_data import (
    OUTPUT_TOKENS,
    EvalTable,
    Price,
    ReportError,
    build_table,
    in_domain_split,
    read_prices,
)

MODELS = ("m-small", "m-mid", "m-large")
PRICES = {"m-small": Price(0.1, 0.1), "m-mid": Price(0.5, 0.5), "m-large": Price(3.0, 3.0)}


def synthetic_table(n: int = 300, seed: int = 0) -> EvalTable:
    """Easy prompts every model gets right, medium ones the mid and large models get, hard ones
    only the large model; plus noise so that no model is always right."""
    rng = np.random.default_rng(seed)
    kind = rng.integers(0, 3, size=n)
    p_right = np.array([[0.95, 0.95, 0.95], [0.1, 0.85, 0.9], [0.05, 0.1, 0.85]])[kind]
    scores = (rng.random((n, 3)) < p_right).astype(float)
    costs = np.array([0.1, 0.5, 3.0]) * rng.uniform(1.0, 1.5, size=(n, 1))
    return EvalTable(tuple(f"r{i}" for i in range(n)), MODELS, scores, costs, "prices")


def plain_apgr(order: list[int], strong: list[float], weak: list[float]) -> float:
    """APGR by hand: send prompts to the strong model in ``order``, one at a time (no ties)."""
    n = len(strong)
    base = sum(weak)
    gap = sum(strong) - base
    pgr = [0.0]
    total = base
    for i in order:
        total += strong[i] - weak[i]
        pgr.append((total - base) / gap)
    return sum((pgr[k] + pgr[k + 1]) / 2 / n for k in range(n))


def test_figures_agree_with_plain_computations_and_sit_between_random_and_oracle() -> None:
    table = synthetic_table()
    rng = np.random.default_rng(1)
    informed = np.clip(table.scores * 0.6 + 0.2 + rng.normal(0, 0.15, table.scores.shape), 0, 1)
    constant = np.full(table.scores.shape, 0.5)
    report = evaluate(
        table,
        {"informed": informed, "constant": constant},
        [("m-large", "m-small"), ("m-mid", "m-small")],
        resamples=200,
    )
    s, w = table.scores[:, 2].tolist(), table.scores[:, 0].tolist()
    gain = informed[:, 2] - informed[:, 0]
    pair = report.figures["pairs"][0]
    router = pair["routers"]["informed"]
    # APGR by hand, with the router's order and with the realised gains' order (the oracle).
    by_prediction = sorted(range(len(s)), key=lambda i: -gain[i])
    assert router["apgr"] == pytest.approx(plain_apgr(by_prediction, s, w), abs=1e-4)
    realised = [a - b for a, b in zip(s, w, strict=True)]
    by_outcome = sorted(range(len(s)), key=lambda i: -realised[i])
    assert pair["oracle"]["apgr"] == pytest.approx(plain_apgr(by_outcome, s, w), abs=1e-4)
    # A constant predictor is random routing, exactly.
    assert pair["routers"]["constant"]["apgr"] == pytest.approx(0.5)
    assert pair["random"] == {"apgr": 0.5, "cpt50": 0.5, "cpt80": 0.8}
    assert pair["oracle"]["apgr"] >= router["apgr"] > 0.5
    assert pair["oracle"]["cpt50"] <= router["cpt50"] < 0.5
    lo, hi = router["apgr_ci95"]
    assert lo <= router["apgr"] <= hi
    assert pair["difference"]["of"] == ["informed", "constant"]

    cost = report.figures["cost_quality"]
    quality = table.scores.mean(axis=0)
    assert cost["best_single"]["model"] == "m-large"
    assert cost["best_single"]["quality"] == pytest.approx(quality[2], abs=1e-4)
    assert cost["best_single"]["cost"] == pytest.approx(table.costs[:, 2].mean(), abs=1e-4)  # type: ignore[index]
    ours, oracle, rnd = cost["routers"]["informed"], cost["oracle"], cost["random"]
    assert oracle["aiq"] >= ours["aiq"] > rnd["aiq"]
    assert oracle["savings_at_best_quality"] >= ours["savings_at_best_quality"] > 0
    assert rnd["savings_at_best_quality"] == pytest.approx(0.0)
    # Savings and the cost to match agree with each other.
    assert ours["savings_at_best_quality"] == pytest.approx(
        1 - ours["cost_to_match_best"] / cost["best_single"]["cost"], abs=1e-3
    )
    lo, hi = ours["savings_ci95"]
    assert lo <= ours["savings_at_best_quality"] <= hi
    assert cost["bootstrap"] == {"resamples": 200, "seed": 7, "confidence": 0.95}


def test_perfect_information_scores_like_the_oracle() -> None:
    table = synthetic_table(seed=2)
    report = evaluate(table, {"knows": table.scores.copy()}, [("m-large", "m-mid")], resamples=0)
    pair = report.figures["pairs"][0]
    knows = pair["routers"]["knows"]
    for key in ("apgr", "cpt50", "cpt80"):
        assert knows[key] == pair["oracle"][key]
    assert knows["apgr_share_of_oracle"] == pytest.approx(1.0)
    cost = report.figures["cost_quality"]
    assert cost["routers"]["knows"]["aiq"] == cost["oracle"]["aiq"]
    assert "apgr_ci95" not in knows and "bootstrap" not in cost


def test_weighted_apgr_with_unit_weights_is_the_curve_apgr_even_with_ties() -> None:
    table = synthetic_table(seed=3)
    gain = np.round(np.random.default_rng(4).random(300), 1)  # many ties
    s, w = table.scores[:, 2], table.scores[:, 0]
    report = evaluate(table, {"r": np.c_[gain * 0, gain * 0, gain]}, [("m-large", "m-small")])
    ones = np.ones((1, 300))
    assert weighted_apgr(gain, s, w, ones)[0] == pytest.approx(
        report.figures["pairs"][0]["routers"]["r"]["apgr"], abs=1e-4
    )
    # Counts of 2 everywhere are the same sample twice over.
    assert weighted_apgr(gain, s, w, 2 * ones)[0] == pytest.approx(
        weighted_apgr(gain, s, w, ones)[0]
    )


def test_bootstrap_is_seeded() -> None:
    a, b, c = resample_counts(50, 20, 1), resample_counts(50, 20, 1), resample_counts(50, 20, 2)
    assert np.array_equal(a, b) and not np.array_equal(a, c)
    assert (a.sum(axis=1) == 50).all()
    # Never-reached resamples (−inf) make the lower bound None; NaN ones are left out.
    # 100 values: the upper bound is the 98th smallest (index ceil(0.975 · 99) = 97).
    samples = np.r_[np.full(10, -np.inf), np.linspace(0, 1, 90), np.nan]
    assert interval(samples) == [None, round(87 / 89, 4)]


def test_unknown_models_and_ties_are_reported() -> None:
    table = synthetic_table()
    with pytest.raises(ReportError, match="unknown model 'gpt'; known: m-small, m-mid, m-large"):
        evaluate(table, {}, [("gpt", "m-small")])
    tied = EvalTable(("a", "b"), ("x", "y"), np.array([[1.0, 0.0], [0.0, 1.0]]), None, None)
    report = evaluate(tied, {"r": np.zeros((2, 2))}, [("x", "y")], resamples=0)
    assert "same mean score" in report.figures["pairs"][0]["skipped"]
    assert "no prices" in report.figures["cost_quality"]["skipped"]
    assert report.pairs == [] and report.cost is None


def row(i: int, results: dict[str, ModelResult], prompt: str = "abcd" * 10) -> EvalRow:
    return EvalRow(f"r{i}", prompt, results=results)


def test_costs_from_prices_with_recorded_or_estimated_tokens_else_from_rows() -> None:
    rows = [
        row(0, {"m-small": ModelResult(1.0), "m-large": ModelResult(0.0)}),
        row(1, {"m-small": ModelResult(0.0, input_tokens=100, output_tokens=50)}),
    ]
    table = build_table(rows, ["m-small", "m-large"], PRICES)
    # 40 characters ≈ 10 tokens in, OUTPUT_TOKENS out, USD per 1,000 prompts.
    assert table.costs is not None
    assert table.costs[0, 0] == pytest.approx((10 * 0.1 + OUTPUT_TOKENS * 0.1) / 1e6 * 1000)
    assert table.costs[1, 0] == pytest.approx((100 * 0.1 + 50 * 0.1) / 1e6 * 1000)
    assert np.isnan(table.scores[1, 1]) and np.isnan(table.costs[1, 1])
    recorded = [row(0, {"a": ModelResult(1.0, cost_usd=0.002), "b": ModelResult(0.0)})]
    table = build_table(recorded, ["a", "b"], None)
    assert table.cost_source == "rows"
    assert table.costs is not None and table.costs[0, 0] == pytest.approx(2.0)
    assert build_table([row(0, {"a": ModelResult(1.0)})], ["a"], None).costs is None


def test_a_model_without_costs_is_left_out_of_the_cost_part() -> None:
    rows = [
        row(i, {"a": ModelResult(float(i % 2), cost_usd=0.001), "b": ModelResult(1.0, cost_usd=0.01),
                "c": ModelResult(0.5)})
        for i in range(10)
    ]  # fmt: skip
    table = build_table(rows, ["a", "b", "c"], None)
    report = evaluate(table, {"r": np.zeros((10, 3))}, [("b", "a")], resamples=10)
    cost = report.figures["cost_quality"]
    assert cost["models"] == ["a", "b"] and cost["unpriced_models"] == ["c"]
    assert default_pair(table) == ("b", "a")  # best score; cheapest other


def test_the_in_domain_split_is_seeded_disjoint_and_complete() -> None:
    rows = [row(i, {"a": ModelResult(1.0)}) for i in range(100)]
    rows.append(EvalRow("unscored", "no results"))
    train, report = in_domain_split(rows, 0.1, seed=7)
    again = in_domain_split(rows, 0.1, seed=7)
    other = in_domain_split(rows, 0.1, seed=8)
    ids = [r.id for r in train], [r.id for r in report]
    assert ids == ([r.id for r in again[0]], [r.id for r in again[1]])
    assert ids[0] != [r.id for r in other[0]]
    assert len(ids[0]) == 10 and len(ids[1]) == 90
    assert not set(ids[0]) & set(ids[1])
    assert set(ids[0]) | set(ids[1]) == {f"r{i}" for i in range(100)}
    with pytest.raises(ReportError, match="too few"):
        in_domain_split(rows[:4], 0.1, seed=7)


def test_a_price_file_may_start_with_a_byte_order_mark(tmp_path: Path) -> None:
    path = tmp_path / "models.json"
    path.write_bytes(b'\xef\xbb\xbf{"m": {"input_usd_per_mtok": 0.2, "output_usd_per_mtok": 0.6}}')
    assert read_prices(path) == {"m": Price(0.2, 0.6)}
    path.write_text('{"m": {"input_usd_per_mtok": "cheap"}}', encoding="utf-8")
    with pytest.raises(ReportError, match="input_usd_per_mtok"):
        read_prices(path)
