"""Router quality metrics of design §6: PGR curve, APGR, CPT(x), and AIQ for N priced models.

Two-model routing. Prompts are sorted by predicted (strong − weak) gain and the top share goes to
the strong model. With ``n`` prompts the curve has ``n + 1`` points, at shares ``k / n``, joined
by straight lines; prompts whose predicted gains tie are taken together, in the order a fair
coin would give on average, so the curve is a straight line across every tie. Hence a constant
predictor scores exactly 0.5 and an oracle scores the best possible:

* ``PGR(s) = (Q(s) − Q_weak) / (Q_strong − Q_weak)``, ``Q(s)`` the mean realised score;
* ``APGR`` = the area under PGR for s in [0, 1] (trapezoids on the piecewise-linear curve);
* ``CPT(x)`` = the smallest share at which the curve reaches PGR ``x``.

>>> round(apgr([1.0, 0.0], strong=[1.0, 1.0], weak=[0.0, 1.0]), 3)  # doctest: +SKIP
0.75

N models with costs. For each price of quality λ, every prompt goes to
``argmax(predicted − λ · cost)``; that gives a point (mean cost, mean realised score). AIQ is the
area under the non-decreasing upper convex hull of those points over a cost range, divided by
that range (RouterBench's average improvement in quality), so it is a mean score. To compare
curves, take the same range for all (``aiq_over``: e.g. the cheapest to the dearest single model).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

Array = npt.NDArray[np.float64]
ArrayLike = Sequence[float] | npt.NDArray[np.floating]


class MetricError(ValueError):
    """The inputs cannot be scored (shapes differ, or the strong and weak models tie)."""


def _vec(values: ArrayLike, name: str) -> Array:
    out = np.asarray(values, dtype=np.float64)
    if out.ndim != 1:
        raise MetricError(f"{name} must be one-dimensional, got shape {out.shape}")
    return out


@dataclass(frozen=True, slots=True)
class PGRCurve:
    """PGR at shares ``0, 1/n, …, 1`` of prompts sent to the strong model."""

    shares: Array
    pgr: Array
    strong_quality: float
    weak_quality: float

    @property
    def apgr(self) -> float:
        return float(np.trapezoid(self.pgr, self.shares))

    def cpt(self, target: float) -> float | None:
        """Smallest share of strong calls reaching ``target`` PGR (None if never reached)."""
        reached = np.nonzero(self.pgr >= target - 1e-12)[0]
        if reached.size == 0:
            return None
        k = int(reached[0])
        if k == 0:
            return 0.0
        # Linear interpolation on the segment where the curve crosses the target.
        x0, x1 = self.shares[k - 1], self.shares[k]
        y0, y1 = self.pgr[k - 1], self.pgr[k]
        if y1 == y0:
            return float(x1)
        return float(x0 + (target - y0) * (x1 - x0) / (y1 - y0))


def pgr_curve(predicted_gain: ArrayLike, strong: ArrayLike, weak: ArrayLike) -> PGRCurve:
    """The PGR curve for a predicted (strong − weak) gain per prompt and the realised scores."""
    gain = _vec(predicted_gain, "predicted_gain")
    s = _vec(strong, "strong")
    w = _vec(weak, "weak")
    if not gain.shape == s.shape == w.shape:
        raise MetricError(f"lengths differ: {gain.shape[0]}, {s.shape[0]}, {w.shape[0]}")
    n = gain.shape[0]
    if n == 0:
        raise MetricError("no prompts to score")
    q_strong, q_weak = float(s.mean()), float(w.mean())
    if q_strong == q_weak:
        raise MetricError("strong and weak models have the same mean score: PGR is undefined")
    order = np.argsort(-gain, kind="stable")
    sorted_gain = gain[order]
    realised = (s - w)[order]
    # Within a run of tied predictions, each prompt contributes the run's mean realised gain.
    starts = np.flatnonzero(np.r_[True, sorted_gain[1:] != sorted_gain[:-1]])
    run_sums = np.add.reduceat(realised, starts)
    run_lengths = np.diff(np.r_[starts, n])
    realised = np.repeat(run_sums / run_lengths, run_lengths)
    cumulative = np.r_[0.0, np.cumsum(realised)] / n
    pgr = cumulative / (q_strong - q_weak)
    shares = np.arange(n + 1, dtype=np.float64) / n
    return PGRCurve(shares=shares, pgr=pgr, strong_quality=q_strong, weak_quality=q_weak)


def apgr(predicted_gain: ArrayLike, strong: ArrayLike, weak: ArrayLike) -> float:
    """Area under the PGR curve (random routing ≈ 0.5)."""
    return pgr_curve(predicted_gain, strong, weak).apgr


def cpt(
    predicted_gain: ArrayLike, strong: ArrayLike, weak: ArrayLike, target: float
) -> float | None:
    """Smallest share of strong calls reaching PGR ``target`` (e.g. 0.5 for CPT(50 %))."""
    return pgr_curve(predicted_gain, strong, weak).cpt(target)


def random_apgr() -> float:
    """A random router's expected APGR: its PGR grows linearly with the share."""
    return 0.5


def oracle_apgr(strong: ArrayLike, weak: ArrayLike) -> float:
    """APGR of a router that knows the realised gains: the ceiling for this data."""
    s = _vec(strong, "strong")
    w = _vec(weak, "weak")
    return apgr(s - w, s, w)


# ---------------------------------------------------------------- N models with costs


@dataclass(frozen=True, slots=True)
class CostQualityCurve:
    """Points (mean cost, mean quality) from a λ sweep, and their non-decreasing upper hull."""

    costs: Array
    qualities: Array
    hull_costs: Array
    hull_qualities: Array

    @property
    def aiq(self) -> float:
        """Mean hull quality over the swept cost range (the quality of a single point if the
        range is empty)."""
        lo, hi = float(self.hull_costs[0]), float(self.hull_costs[-1])
        if hi <= lo:
            return float(self.hull_qualities.max())
        return float(np.trapezoid(self.hull_qualities, self.hull_costs) / (hi - lo))

    def aiq_over(self, lo: float, hi: float) -> float:
        """Mean hull quality over the cost range [lo, hi], the same for every curve compared
        (e.g. the cheapest to the dearest single model): beyond its last point the hull stays
        flat (spending more need not lose quality), before its first point it is taken flat
        too. ``aiq`` over each curve's own range is not comparable between curves: a curve
        that stops early (the oracle's, which reaches its best quality cheaply) is averaged
        over a narrower range."""
        if hi <= lo:
            return float(np.interp(lo, self.hull_costs, self.hull_qualities))
        inside = (self.hull_costs > lo) & (self.hull_costs < hi)
        x = np.r_[lo, self.hull_costs[inside], hi]
        y = np.interp(x, self.hull_costs, self.hull_qualities)
        return float(np.trapezoid(y, x) / (hi - lo))

    def cost_to_reach(self, quality: float) -> float | None:
        """Least mean cost at which the hull reaches ``quality`` (None if it never does)."""
        reached = np.nonzero(self.hull_qualities >= quality - 1e-12)[0]
        if reached.size == 0:
            return None
        k = int(reached[0])
        if k == 0:
            return float(self.hull_costs[0])
        x0, x1 = self.hull_costs[k - 1], self.hull_costs[k]
        y0, y1 = self.hull_qualities[k - 1], self.hull_qualities[k]
        return float(x0 + (quality - y0) * (x1 - x0) / (y1 - y0))


def upper_hull(costs: ArrayLike, qualities: ArrayLike) -> tuple[Array, Array]:
    """The non-decreasing upper convex hull of cost/quality points, sorted by cost.

    Points that cost more without adding quality are dropped: a router can always mix two
    routers' decisions, and never needs to pay more for less.
    """
    c = _vec(costs, "costs")
    q = _vec(qualities, "qualities")
    order = np.lexsort((-q, c))
    hull: list[tuple[float, float]] = []
    for x, y in zip(c[order], q[order], strict=True):
        if hull and y <= hull[-1][1]:
            continue  # not better than a cheaper point
        while len(hull) >= 2:
            (x1, y1), (x2, y2) = hull[-2], hull[-1]
            # Drop the middle point if it lies on or below the chord from x1 to x.
            if (y2 - y1) * (x - x1) <= (y - y1) * (x2 - x1):
                hull.pop()
            else:
                break
        hull.append((float(x), float(y)))
    return np.array([p[0] for p in hull]), np.array([p[1] for p in hull])


def _curve(costs: Array, qualities: Array) -> CostQualityCurve:
    hc, hq = upper_hull(costs, qualities)
    return CostQualityCurve(costs=costs, qualities=qualities, hull_costs=hc, hull_qualities=hq)


def _matrices(
    scores: npt.ArrayLike, costs: npt.ArrayLike
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    s = np.asarray(scores, dtype=np.float64)
    c = np.asarray(costs, dtype=np.float64)
    if s.ndim != 2:
        raise MetricError(f"scores must be prompts × models, got shape {s.shape}")
    c = np.broadcast_to(c, s.shape) if c.ndim == 1 else c
    if c.shape != s.shape:
        raise MetricError(f"costs have shape {c.shape}, scores {s.shape}")
    return s, c


def breakeven_lambdas(predicted: npt.ArrayLike, costs: npt.ArrayLike, points: int = 200) -> Array:
    """Prices of quality at which some prompt's choice can change, thinned to ``points``.

    A prompt moves from a dearer model ``b`` to a cheaper ``a`` that it predicts worse once
    λ ≥ (predicted_b − predicted_a) / (cost_b − cost_a); between two such break-even prices no
    decision changes. The sweep is λ = 0 (best predicted quality), quantiles of the break-even
    prices (so points fall where decisions change, whatever the cost scale) and one price above
    them all (the cheapest model everywhere).
    """
    p, c = _matrices(predicted, costs)
    parts = []
    step = max(1, 1_000_000 // max(1, p.shape[1] ** 2))
    for start in range(0, p.shape[0], step):
        # Every pair of models on these prompts: prompts × models × models.
        block_p, block_c = p[start : start + step], c[start : start + step]
        dp = block_p[:, None, :] - block_p[:, :, None]
        dc = block_c[:, None, :] - block_c[:, :, None]
        useful = (dc > 0) & (dp > 0)
        parts.append(dp[useful] / dc[useful])
    found = np.unique(np.concatenate(parts)) if parts else np.zeros(0)
    if found.size == 0:
        return np.zeros(1)
    if found.size > points - 2:
        found = np.unique(np.quantile(found, np.linspace(0.0, 1.0, points - 2)))
    out: Array = np.r_[0.0, found, found[-1] * 1.01 + 1e-12]
    return out


def sweep_picks(
    predicted: npt.ArrayLike, costs: npt.ArrayLike, lambdas: ArrayLike
) -> npt.NDArray[np.intp]:
    """The model each prompt goes to at each λ: argmax(predicted − λ·cost), λs × prompts.

    Ties go to the cheaper model, then the lower column. The choices depend on the prompt
    alone, so a bootstrap can reweight prompts without sweeping again.
    """
    p, c = _matrices(predicted, costs)
    sweep = _vec(lambdas, "lambdas")
    picks = np.empty((sweep.size, p.shape[0]), dtype=np.intp)
    chunk = max(1, 2_000_000 // max(1, p.size))  # bound the λ × prompts × models block
    for start in range(0, sweep.size, chunk):
        lam = sweep[start : start + chunk, None, None]
        utility = p[None] - lam * c[None] - 1e-12 * c[None]
        picks[start : start + chunk] = np.argmax(utility, axis=2)
    return picks


def cost_quality_curve(
    predicted: npt.ArrayLike,
    scores: npt.ArrayLike,
    costs: npt.ArrayLike,
    lambdas: ArrayLike | None = None,
) -> CostQualityCurve:
    """Sweep λ: each prompt goes to argmax(predicted − λ·cost); realised (cost, quality) points.

    ``predicted`` and ``scores`` are prompts × models; ``costs`` is the same shape, or one cost
    per model. The default λs are ``breakeven_lambdas``.
    """
    s, c = _matrices(scores, costs)
    p = np.asarray(predicted, dtype=np.float64)
    if p.shape != s.shape:
        raise MetricError(f"predicted has shape {p.shape}, scores {s.shape}")
    sweep = breakeven_lambdas(p, c) if lambdas is None else _vec(lambdas, "lambdas")
    picks = sweep_picks(p, c, sweep)
    rows = np.arange(s.shape[0])[None, :]
    return _curve(c[rows, picks].mean(axis=1), s[rows, picks].mean(axis=1))


def single_model_points(scores: npt.ArrayLike, costs: npt.ArrayLike) -> tuple[Array, Array]:
    """Mean cost and mean quality of always calling each model."""
    s, c = _matrices(scores, costs)
    return c.mean(axis=0), s.mean(axis=0)


def random_cost_quality(scores: npt.ArrayLike, costs: npt.ArrayLike) -> CostQualityCurve:
    """The baseline: single models and random mixtures of them (the hull of their points)."""
    mc, mq = single_model_points(scores, costs)
    return _curve(mc, mq)


def oracle_cost_quality(
    scores: npt.ArrayLike, costs: npt.ArrayLike, lambdas: ArrayLike | None = None
) -> CostQualityCurve:
    """The ceiling: the λ sweep with the realised scores as predictions."""
    s, c = _matrices(scores, costs)
    return cost_quality_curve(s, s, c, lambdas)


def cost_to_match_best_single(curve: CostQualityCurve, scores: npt.ArrayLike) -> float | None:
    """Least mean cost at which ``curve`` reaches the best single model's mean quality."""
    s = np.asarray(scores, dtype=np.float64)
    return curve.cost_to_reach(float(s.mean(axis=0).max()))
