"""Judging routers on a routing-eval file (issue #7, design §6), against random and oracle routing.

``evaluate`` takes an ``EvalTable`` (scores and costs, prompts × models) and one or more
routers' predicted scores on the same prompts, and gives:

* per strong/weak pair: APGR, CPT(50 %), CPT(80 %) for each router, random routing (APGR 0.5,
  CPT(x) = x) and the oracle (the realised gains as predictions), with a bootstrap interval on
  each router's APGR;
* for the priced models: each router's cost–quality curve (design §6's λ sweep) and AIQ, the
  same for random mixtures of single models and for the oracle, the cost at which each reaches
  the best single model's quality, and the saving at that quality against the best single
  model, with a bootstrap interval (prompts resampled with replacement, seeded);
* with two routers, paired differences (first − second) on the same resamples.

A router's choices at each λ depend on the prompt alone, so a resample only reweights prompts:
the bootstrap costs a few matrix products and one hull per resample.

    >>> report = evaluate(table, {"router": predicted}, [("strong", "weak")])  # doctest: +SKIP
    >>> report.figures["pairs"][0]["routers"]["router"]["apgr"]                # doctest: +SKIP
    0.71
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

from routeyard.evals.metrics import (
    CostQualityCurve,
    PGRCurve,
    breakeven_lambdas,
    cost_quality_curve,
    oracle_cost_quality,
    pgr_curve,
    random_cost_quality,
    single_model_points,
    sweep_picks,
    upper_hull,
)
from routeyard.evals.router_report_data import COST_UNIT, F64, EvalTable, ReportError

Progress = Callable[[str], None]
CONFIDENCE = 0.95
ORACLE_POINTS = 2000  # λs in the oracle's sweep (a router's: metrics' default, 200)
DIGITS = 4


@dataclass(frozen=True, slots=True)
class PairCurves:
    strong: str
    weak: str
    curves: dict[str, PGRCurve]  # "oracle" and each router


@dataclass(frozen=True, slots=True)
class CostCurves:
    models: tuple[str, ...]
    single_costs: F64
    single_qualities: F64
    random: CostQualityCurve
    oracle: CostQualityCurve
    routers: dict[str, CostQualityCurve]


@dataclass(slots=True)
class Report:
    """``figures`` is JSON-ready; the curves are for the plot."""

    figures: dict[str, Any]
    pairs: list[PairCurves] = field(default_factory=list)
    cost: CostCurves | None = None


def _r(value: float | None) -> float | None:
    if value is None or not math.isfinite(value):
        return None
    return round(float(value), DIGITS)


# ---------------------------------------------------------------- bootstrap


def resample_counts(n: int, resamples: int, seed: int) -> F64:
    """How often each of ``n`` prompts is drawn in each resample (resamples × n)."""
    rng = np.random.default_rng(seed)
    counts = np.zeros((resamples, n))
    if resamples and n:
        draws = rng.integers(0, n, size=(resamples, n))
        np.add.at(counts, (np.arange(resamples)[:, None], draws), 1.0)
    return counts


def interval(samples: F64) -> list[float | None]:
    """The central ``CONFIDENCE`` percentile interval; −inf (never reached) gives None, NaN
    (undefined on that resample) is left out."""
    values = np.sort(samples[~np.isnan(samples)])
    if values.size == 0:
        return [None, None]
    tail = (1.0 - CONFIDENCE) / 2
    lo = values[math.floor(tail * (values.size - 1))]
    hi = values[math.ceil((1.0 - tail) * (values.size - 1))]
    return [_r(lo), _r(hi)]


def weighted_apgr(gain: F64, strong: F64, weak: F64, counts: F64) -> F64:
    """APGR on each resample (one per row of ``counts``); NaN where the resample's strong and
    weak qualities tie. With all counts 1 this is ``pgr_curve(...).apgr``: the curve is
    linear across each run of tied predictions, so its run ends are enough."""
    order = np.argsort(-gain, kind="stable")
    sorted_gain = gain[order]
    realised = (strong - weak)[order]
    ends = np.flatnonzero(np.r_[sorted_gain[1:] != sorted_gain[:-1], True])
    w = counts[:, order]
    zero = np.zeros((counts.shape[0], 1))
    x = np.c_[zero, np.cumsum(w, axis=1)[:, ends]]
    y = np.c_[zero, np.cumsum(w * realised, axis=1)[:, ends]]
    total = y[:, -1:]
    with np.errstate(invalid="ignore", divide="ignore"):
        pgr = np.where(total != 0, y / np.where(total != 0, total, 1.0), np.nan)
    out: F64 = np.trapezoid(pgr, x / x[:, -1:], axis=1)
    return out


# ---------------------------------------------------------------- strong/weak pairs


def _pgr_figures(curve: PGRCurve) -> dict[str, float | None]:
    return {"apgr": _r(curve.apgr), "cpt50": _r(curve.cpt(0.5)), "cpt80": _r(curve.cpt(0.8))}


def _pgr_at(curve: PGRCurve, points: int = 11) -> list[float | None]:
    shares = np.linspace(0.0, 1.0, points)
    return [_r(v) for v in np.interp(shares, curve.shares, curve.pgr)]


def pair_section(
    table: EvalTable,
    routers: Mapping[str, F64],
    strong: str,
    weak: str,
    resamples: int,
    seed: int,
) -> tuple[dict[str, Any], PairCurves | None]:
    i, j = table.column(strong), table.column(weak)
    keep = ~np.isnan(table.scores[:, i]) & ~np.isnan(table.scores[:, j])
    s, w = table.scores[keep, i], table.scores[keep, j]
    out: dict[str, Any] = {"strong": strong, "weak": weak, "rows": int(keep.sum())}
    if s.size == 0 or s.mean() == w.mean():
        out["skipped"] = (
            "no prompt has both scores"
            if s.size == 0
            else ("the two models have the same mean score: PGR is undefined")
        )
        return out, None
    oracle = pgr_curve(s - w, s, w)
    out.update(
        strong_quality=_r(float(s.mean())),
        weak_quality=_r(float(w.mean())),
        random={"apgr": 0.5, "cpt50": 0.5, "cpt80": 0.8},
        oracle=_pgr_figures(oracle),
    )
    counts = resample_counts(s.size, resamples, seed)
    if resamples:
        # APGR divides by this gap: where its interval nears 0, APGR's is wide.
        out["gap_ci95"] = interval(counts @ (s - w) / s.size)
    curves: dict[str, PGRCurve] = {"oracle": oracle}
    boots: dict[str, F64] = {}
    out["routers"] = {}
    for name, predicted in routers.items():
        gain = predicted[keep, i] - predicted[keep, j]
        curve = pgr_curve(gain, s, w)
        curves[name] = curve
        figures: dict[str, Any] = _pgr_figures(curve)
        if oracle.apgr > 0.5:
            # The share of the oracle's lift over random that the router gets.
            figures["apgr_share_of_oracle"] = _r((curve.apgr - 0.5) / (oracle.apgr - 0.5))
        figures["pgr_at_shares"] = _pgr_at(curve)
        if resamples:
            boots[name] = weighted_apgr(gain, s, w, counts)
            figures["apgr_ci95"] = interval(boots[name])
        out["routers"][name] = figures
    out["oracle"]["pgr_at_shares"] = _pgr_at(oracle)
    if len(boots) == 2:
        (a, first), (b, second) = boots.items()
        delta = out["routers"][a]["apgr"] - out["routers"][b]["apgr"]
        out["difference"] = {
            "of": [a, b],
            "apgr": _r(delta),
            "apgr_ci95": interval(first - second),
        }
    return out, PairCurves(strong, weak, curves)


# ---------------------------------------------------------------- N priced models


def _priced(table: EvalTable) -> tuple[list[int], npt.NDArray[np.bool_]]:
    """Columns with a cost wherever they have a score, and the rows scoring all of them."""
    assert table.costs is not None
    scored = ~np.isnan(table.scores)
    costed = ~np.isnan(table.costs)
    cols = [
        j
        for j in range(len(table.models))
        if scored[:, j].any() and bool(costed[scored[:, j], j].all())
    ]
    rows = scored[:, cols].all(axis=1) if cols else np.zeros(len(table.ids), dtype=bool)
    return cols, np.asarray(rows, dtype=np.bool_)


def _savings(curve: CostQualityCurve, quality: float, cost: float) -> float:
    """1 − (cost to reach ``quality``) / ``cost``; −inf when the curve never reaches it."""
    reach = curve.cost_to_reach(quality)
    if reach is None:
        return -math.inf
    return 1.0 - reach / cost if cost > 0 else math.nan


def _quality_at(curve: CostQualityCurve, cost: float) -> float | None:
    if cost < curve.hull_costs[0]:
        return None
    return float(np.interp(cost, curve.hull_costs, curve.hull_qualities))


def _cost_figures(
    curve: CostQualityCurve, best_q: float, best_c: float, span: tuple[float, float]
) -> dict[str, Any]:
    saving = _savings(curve, best_q, best_c)
    return {
        "aiq": _r(curve.aiq_over(*span)),
        "cost_to_match_best": _r(curve.cost_to_reach(best_q)),
        "savings_at_best_quality": _r(saving),
        "quality_at_best_cost": _r(_quality_at(curve, best_c)),
    }


def _bootstrap_cost(
    p: F64, s: F64, c: F64, counts: F64, best_q: F64, best_c: F64, spans: F64
) -> tuple[F64, F64]:
    """(AIQ, savings) of one router on each resample (``spans``: each resample's cost range
    for AIQ, resamples × 2)."""
    lambdas = breakeven_lambdas(p, c)
    picks = sweep_picks(p, c, lambdas)
    rows = np.arange(s.shape[0])[None, :]
    n = s.shape[0]
    point_costs = counts @ c[rows, picks].T / n  # resamples × λs
    point_qualities = counts @ s[rows, picks].T / n
    aiq = np.empty(counts.shape[0])
    savings = np.empty(counts.shape[0])
    for b in range(counts.shape[0]):
        hc, hq = upper_hull(point_costs[b], point_qualities[b])
        curve = CostQualityCurve(point_costs[b], point_qualities[b], hc, hq)
        aiq[b] = curve.aiq_over(float(spans[b, 0]), float(spans[b, 1]))
        savings[b] = _savings(curve, float(best_q[b]), float(best_c[b]))
    return aiq, savings


def cost_section(
    table: EvalTable,
    routers: Mapping[str, F64],
    resamples: int,
    seed: int,
    progress: Progress,
) -> tuple[dict[str, Any], CostCurves | None]:
    if table.costs is None:
        return {"skipped": "no prices: give --prices (or rows with cost_usd)"}, None
    cols, keep = _priced(table)
    models = tuple(table.models[j] for j in cols)
    unpriced = [m for m in table.models if m not in models]
    out: dict[str, Any] = {"cost_unit": COST_UNIT, "cost_source": table.cost_source}
    if unpriced:
        out["unpriced_models"] = unpriced
    if len(cols) < 2 or not keep.any():
        out["skipped"] = f"{len(cols)} priced model(s): the cost–quality curve needs 2 or more"
        return out, None
    s = table.scores[keep][:, cols]
    c = np.asarray(table.costs)[keep][:, cols]
    single_c, single_q = single_model_points(s, c)
    best = int(np.argmax(single_q))
    best_q, best_c = float(single_q[best]), float(single_c[best])
    # AIQ over the same range for every curve: the cheapest to the dearest single model.
    span = (float(single_c.min()), float(single_c.max()))
    random = random_cost_quality(s, c)
    # The ceiling, swept finely: its hull must not fall below a router's between sweep points.
    oracle = oracle_cost_quality(s, c, breakeven_lambdas(s, c, points=ORACLE_POINTS))
    out.update(
        models=list(models),
        rows=int(keep.sum()),
        single_models=[
            {"model": m, "cost": _r(float(single_c[k])), "quality": _r(float(single_q[k]))}
            for k, m in enumerate(models)
        ],
        best_single={"model": models[best], "quality": _r(best_q), "cost": _r(best_c)},
        aiq_cost_range=[_r(span[0]), _r(span[1])],
        random=_cost_figures(random, best_q, best_c, span),
        oracle=_cost_figures(oracle, best_q, best_c, span),
        routers={},
    )
    counts = resample_counts(s.shape[0], resamples, seed)
    n = s.shape[0]
    boot_q = counts @ s / n
    boot_c = counts @ c / n
    pick = np.argmax(boot_q, axis=1)  # the best single model of each resample
    boot_best_q = boot_q[np.arange(resamples), pick]
    boot_best_c = boot_c[np.arange(resamples), pick]
    boot_spans = np.c_[boot_c.min(axis=1), boot_c.max(axis=1)] if resamples else np.zeros((0, 2))
    curves: dict[str, CostQualityCurve] = {}
    boots: dict[str, tuple[F64, F64]] = {}
    for name, predicted in routers.items():
        p = predicted[keep][:, cols]
        curve = cost_quality_curve(p, s, c)
        curves[name] = curve
        figures = _cost_figures(curve, best_q, best_c, span)
        if resamples:
            progress(f"bootstrap: {resamples} resamples of {n} prompts for {name}")
            boots[name] = _bootstrap_cost(p, s, c, counts, boot_best_q, boot_best_c, boot_spans)
            aiq, savings = boots[name]
            figures["aiq_ci95"] = interval(aiq)
            figures["savings_ci95"] = interval(savings)
            figures["savings_reached_share"] = _r(float(np.mean(np.isfinite(savings))))
        out["routers"][name] = figures
    if resamples:
        out["bootstrap"] = {"resamples": resamples, "seed": seed, "confidence": CONFIDENCE}
    if len(boots) == 2:
        (a, (aiq_a, sav_a)), (b, (aiq_b, sav_b)) = boots.items()
        fa, fb = out["routers"][a], out["routers"][b]
        both = np.isfinite(sav_a) & np.isfinite(sav_b)
        with np.errstate(invalid="ignore"):  # −inf − −inf where neither reaches
            diff_sav = np.where(both, sav_a - sav_b, np.nan)
        out["difference"] = {
            "of": [a, b],
            "aiq": _r(fa["aiq"] - fb["aiq"]),
            "aiq_ci95": interval(aiq_a - aiq_b),
            "savings_at_best_quality": _difference(
                fa["savings_at_best_quality"], fb["savings_at_best_quality"]
            ),
            "savings_ci95": interval(diff_sav),
            "resamples_where_both_reach": int(both.sum()),
        }
    return out, CostCurves(models, single_c, single_q, random, oracle, curves)


def _difference(a: float | None, b: float | None) -> float | None:
    return None if a is None or b is None else _r(a - b)


# ---------------------------------------------------------------- the whole report


def evaluate(
    table: EvalTable,
    routers: Mapping[str, F64],
    pairs: Sequence[tuple[str, str]],
    *,
    resamples: int = 1000,
    seed: int = 7,
    progress: Progress | None = None,
) -> Report:
    """Pairs and the cost–quality part for ``routers`` (name → predicted scores, prompts ×
    ``table.models``)."""
    say = progress or (lambda _m: None)
    if len(table.models) < 2:
        raise ReportError(f"{len(table.models)} model(s) to route between: need at least 2")
    for name, predicted in routers.items():
        if predicted.shape != table.scores.shape:
            raise ReportError(f"{name}: predictions {predicted.shape}, scores {table.scores.shape}")
    for strong, weak in pairs:
        for model in (strong, weak):
            if model not in table.models:
                raise ReportError(f"unknown model {model!r}; known: {', '.join(table.models)}")
        if strong == weak:
            raise ReportError(f"strong and weak are the same model ({strong})")
    report = Report(figures={"models": list(table.models), "rows": len(table.ids)})
    pair_figures = []
    for strong, weak in pairs:
        figures, curves = pair_section(table, routers, strong, weak, resamples, seed)
        pair_figures.append(figures)
        if curves is not None:
            report.pairs.append(curves)
    report.figures["pairs"] = pair_figures
    report.figures["cost_quality"], report.cost = cost_section(table, routers, resamples, seed, say)
    return report


def default_pair(table: EvalTable) -> tuple[str, str]:
    """Strong: the best mean score. Weak: the cheapest other model (the worst-scoring one when
    there are no costs); ties go to the better-scoring model."""
    quality = np.nanmean(table.scores, axis=0)
    strong = int(np.argmax(quality))
    others = [j for j in range(len(table.models)) if j != strong]
    if table.costs is not None and not np.isnan(table.costs[:, others]).all(axis=0).any():
        cost = np.nanmean(table.costs, axis=0)
        weak = min(others, key=lambda j: (cost[j], -quality[j]))
    else:
        weak = min(others, key=lambda j: quality[j])
    return table.models[strong], table.models[weak]
