"""Design §6 metrics on examples small enough to compute by hand."""

from __future__ import annotations

import numpy as np
import pytest

from routeyard.evals.metrics import (
    MetricError,
    apgr,
    breakeven_lambdas,
    cost_quality_curve,
    cost_to_match_best_single,
    cpt,
    oracle_apgr,
    oracle_cost_quality,
    pgr_curve,
    random_apgr,
    random_cost_quality,
    upper_hull,
)

# Four prompts. The strong model gains on prompts 0 and 1 only:
# strong-only quality 3/4, weak-only 1/4, so the gap is 1/2.
STRONG = [1.0, 1.0, 1.0, 0.0]
WEAK = [0.0, 0.0, 1.0, 0.0]


def test_perfect_ranking() -> None:
    # Shares 0, 1/4, 1/2, 3/4, 1 → PGR 0, 1/2, 1, 1, 1; trapezoids: (0+.5+.5+1+1+1+1+1)/8.
    curve = pgr_curve([0.9, 0.8, 0.1, 0.0], STRONG, WEAK)
    np.testing.assert_allclose(curve.pgr, [0, 0.5, 1, 1, 1])
    assert curve.apgr == pytest.approx(0.75)
    assert curve.cpt(0.5) == pytest.approx(0.25)
    assert curve.cpt(0.8) == pytest.approx(0.25 + 0.3 * 0.5)  # on the segment 1/4 → 1/2
    assert oracle_apgr(STRONG, WEAK) == pytest.approx(0.75)


def test_worst_ranking() -> None:
    # Gains come last: PGR 0, 0, 0, 1/2, 1 → trapezoids (0 + 0 + 0.5 + 1.5) / 8 = 0.25.
    curve = pgr_curve([0.0, 0.1, 0.8, 0.9], STRONG, WEAK)
    np.testing.assert_allclose(curve.pgr, [0, 0, 0, 0.5, 1])
    assert curve.apgr == pytest.approx(0.25)
    assert curve.cpt(0.5) == pytest.approx(0.75)


def test_ties_are_averaged_so_a_constant_predictor_is_random() -> None:
    assert apgr([0.3] * 4, STRONG, WEAK) == pytest.approx(random_apgr())
    # Prompts 0 and 3 tie first (realised gains 1 and 0), then 1 and 2 (1 and 0): each prompt
    # counts as its group's mean gain, 1/2, so PGR climbs in steps of 1/4.
    curve = pgr_curve([1.0, 0.0, 0.0, 1.0], STRONG, WEAK)
    np.testing.assert_allclose(curve.pgr, [0, 0.25, 0.5, 0.75, 1])


def test_pgr_exceeds_one_when_the_weak_model_wins_some_prompts() -> None:
    with pytest.raises(MetricError, match="same mean"):
        apgr([1, 0], [1.0, 0.0], [0.0, 1.0])
    strong = [1.0, 0.0, 1.0, 1.0]
    weak = [0.0, 1.0, 1.0, 0.0]  # means 3/4 and 1/2: gap 1/4; realised gains 1, -1, 0, 1
    curve = pgr_curve([1.0, -1.0, 0.0, 0.5], strong, weak)
    # Order 0, 3, 2, 1 → cumulative gains 0, 1, 2, 2, 1 (in quarters of the gap).
    np.testing.assert_allclose(curve.pgr, [0, 1, 2, 2, 1])
    assert curve.apgr == pytest.approx(0.25 * (0.5 + 1.5 + 2 + 1.5))
    assert curve.cpt(1.0) == pytest.approx(0.25)
    assert curve.cpt(0.5) == pytest.approx(0.125)


def test_cpt_unreachable_and_bad_inputs() -> None:
    assert cpt([0.0, 0.1, 0.8, 0.9], STRONG, WEAK, 1.5) is None
    with pytest.raises(MetricError, match="lengths differ"):
        apgr([1, 2], STRONG, WEAK)
    with pytest.raises(MetricError, match="no prompts"):
        apgr([], [], [])


def test_upper_hull_drops_dominated_and_concave_points() -> None:
    costs, quality = upper_hull([0, 1, 2, 3, 4], [0.2, 0.3, 0.6, 0.6, 0.5])
    # (1, 0.3) lies under the chord (0, 0.2)–(2, 0.6); (3, 0.6) and (4, 0.5) add nothing.
    np.testing.assert_allclose(costs, [0, 2])
    np.testing.assert_allclose(quality, [0.2, 0.6])


def test_cost_quality_sweep_and_aiq() -> None:
    # Two prompts, a cheap model (cost 1) and a dear one (cost 3).
    scores = np.array([[1.0, 1.0], [0.0, 1.0]])
    costs = np.array([1.0, 3.0])
    # A perfect predictor: at λ = 0 it calls the dear model on both prompts (tie → cheaper on
    # prompt 0), at large λ the cheap one on both.
    curve = cost_quality_curve(scores, scores, costs)
    np.testing.assert_allclose(curve.hull_costs, [1.0, 2.0])
    np.testing.assert_allclose(curve.hull_qualities, [0.5, 1.0])
    assert curve.aiq == pytest.approx(0.75)
    assert cost_to_match_best_single(curve, scores) == pytest.approx(2.0)
    assert oracle_cost_quality(scores, costs).aiq == pytest.approx(0.75)
    # Random mixtures of the single models: the chord from (1, 0.5) to (3, 1).
    baseline = random_cost_quality(scores, costs)
    assert baseline.aiq == pytest.approx(0.75)
    assert baseline.cost_to_reach(1.0) == pytest.approx(3.0)
    # A predictor that has it backwards never gets the second prompt right.
    backwards = cost_quality_curve(1 - scores, scores, costs)
    assert backwards.cost_to_reach(1.0) is None


def test_the_sweep_finds_every_decision_a_fine_price_grid_finds() -> None:
    # Per-prompt costs (prompt lengths differ), random predictions: every (cost, quality) point
    # of a very fine λ grid is one of the break-even sweep's points.
    rng = np.random.default_rng(3)
    predicted = rng.random((12, 4))
    scores = (rng.random((12, 4)) < 0.5).astype(float)
    costs = np.array([0.1, 0.2, 0.9, 1.2]) * rng.uniform(1.0, 1.3, size=(12, 1))
    swept = cost_quality_curve(predicted, scores, costs)
    fine = cost_quality_curve(predicted, scores, costs, np.r_[0.0, np.geomspace(1e-4, 1e4, 20001)])
    found = {(round(c, 9), round(q, 9)) for c, q in zip(swept.costs, swept.qualities, strict=True)}
    for point in zip(fine.costs, fine.qualities, strict=True):
        assert (round(point[0], 9), round(point[1], 9)) in found
    assert swept.aiq == pytest.approx(fine.aiq)
    assert breakeven_lambdas(predicted, costs, points=10).size <= 10


def test_the_sweep_covers_costs_that_differ_by_a_hair_per_prompt() -> None:
    # Prices differ by 0.1 %: a grid built from the smallest cost gap would jump straight from
    # "best predicted" to "cheapest"; the break-even sweep sees the decisions in between.
    rng = np.random.default_rng(5)
    predicted = rng.random((200, 3))
    scores = predicted + rng.normal(0, 0.1, size=predicted.shape)
    costs = np.array([1.0, 2.0, 3.0]) * (1 + 1e-3 * rng.random((200, 1)))
    curve = cost_quality_curve(predicted, scores, costs)
    assert len(set(curve.costs.round(6))) > 50


def test_aiq_over_a_common_cost_range_extends_the_hull_flat() -> None:
    scores = np.array([[1.0, 1.0], [0.0, 1.0]])
    costs = np.array([1.0, 3.0])
    perfect = cost_quality_curve(scores, scores, costs)  # hull (1, 0.5) → (2, 1)
    baseline = random_cost_quality(scores, costs)  # hull (1, 0.5) → (3, 1)
    # Over [1, 3]: the perfect hull rises to 1 at cost 2 and stays there; the baseline's chord
    # is lower everywhere, although both average 0.75 over their own ranges.
    assert perfect.aiq_over(1.0, 3.0) == pytest.approx((0.75 + 1.0) / 2)
    assert baseline.aiq_over(1.0, 3.0) == pytest.approx(0.75)
    assert perfect.aiq_over(0.0, 1.0) == pytest.approx(0.5)  # flat before its first point
    assert perfect.aiq_over(2.0, 2.0) == pytest.approx(1.0)
