"""``routeyard demo --learn``: the before/after table, and the same figures as JSON.

``learn-summary.json`` holds the figures and, for each measured request, its id in the request
log and the sample row it sent, so anyone can recompute the table from the database.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import orjson

from routeyard.config.schema import Config
from routeyard.demo.learn_measure import (
    Figures,
    Served,
    figures,
    format_table,
    single_model,
    versus_baseline,
    versus_before,
)
from routeyard.demo.learn_setup import Paths
from routeyard.evals.dataset import EvalRow
from routeyard.evals.tune import RouteResult, TuneResult

SUMMARY = "learn-summary.json"


@dataclass(frozen=True, slots=True)
class Outcome:
    config: Config  # the "before" config
    aliases: dict[str, str]  # configured model → its name in the data
    before: list[tuple[Served, EvalRow]]  # the held-out prompts in phase 1
    after: list[tuple[Served, EvalRow]]  # the same prompts after the reload
    held_rows: list[EvalRow]  # shadow outcomes of the held-out prompts (every model)
    tuned: TuneResult
    new_version: str
    paths: Paths
    target_quality: float
    seconds: float

    @property
    def models(self) -> list[str]:
        return self.config.chat_models()

    @property
    def baseline(self) -> str:
        """The model a client would call without a router (the policy's ``baseline``; else the
        priciest per output token)."""
        name = self.config.policy.baseline
        if name is None:
            name = max(self.models, key=lambda m: self.config.models[m].price.output)
        return name

    def references(self) -> list[tuple[str, Figures]]:
        """Every model alone on the held-out prompts (from the stored shadow outcomes)."""
        return [(m, single_model(self.held_rows, m, self.aliases[m])) for m in self.models]


def print_outcome(o: Outcome) -> None:
    before = figures(o.before, o.aliases)
    after = figures(o.after, o.aliases)
    baseline = dict(o.references())[o.baseline]
    old = o.config.policy.version
    print(
        f"\nbefore and after on the {before.requests} held-out prompts (their outcomes tuned "
        "nothing).\ncost: what the request log charged; quality: the sample's recorded score "
        "(0-1) of the model that answered; baseline: every one of those prompts on "
        f"{o.baseline}, from the shadow outcomes.\n"
    )
    rows = [(f"before: {old}", before), (f"after: {o.new_version}", after)]
    table = format_table(rows, o.models, [(f"baseline: every request on {o.baseline}", baseline)])
    print(table, end="")
    print(versus_before(before, after))
    print(versus_baseline(after, baseline, o.baseline))
    print(
        f"Target, per route on the tuning rows: ≥ {o.target_quality:.0%} of the best model's "
        "quality at the least cost (the report says where it held)."
    )
    p = o.paths
    unused = (
        "" if o.tuned.model.kept == "retrained" else "   (not used: tuning kept the shipped one)"
    )
    files = [
        ("before config", p.before.name),
        ("tuned config", f"{p.tuned.name}   (now served as {p.served.name})"),
        ("tune report", p.report.name),
        ("retrained model", f"{p.model.name}/{unused}"),
        ("request log", f"{p.db.name}   (requests and shadow outcomes)"),
        ("figures", SUMMARY),
    ]
    print(f"\nfiles in {p.root}:")
    for label, name in files:
        print(f"  {label:<16} {name}")
    print(f"done in {o.seconds:.1f}s")


def summary(o: Outcome) -> dict[str, object]:
    """Everything the table shows, and which request sent which sample row."""

    def requests(pairs: Sequence[tuple[Served, EvalRow]]) -> list[dict[str, str]]:
        return [{"request_id": s.request_id, "row_id": row.id} for s, row in pairs]

    refs = o.references()
    return {
        "held_out": len(o.before),
        "target_quality": o.target_quality,
        "before": {"policy_version": o.config.policy.version,
                   **figures(o.before, o.aliases).as_json()},
        "after": {"policy_version": o.new_version, **figures(o.after, o.aliases).as_json()},
        "baseline": o.baseline,
        "single_model": {m: f.as_json() for m, f in refs},
        "tune_split": dict(zip(("train", "tune", "report"), o.tuned.split_sizes, strict=True)),
        "tune_routes": {r.name: _route_json(r) for r in o.tuned.routes},
        "tune_model": _model_json(o.tuned),
        "requests": {"before": requests(o.before), "after": requests(o.after)},
        "seconds": round(o.seconds, 1),
    }  # fmt: skip


def _route_json(r: RouteResult) -> dict[str, object]:
    """What tuning did to one route; ``quality`` and ``best_quality`` are on its tuning rows."""
    after = r.tuned_after
    return {
        "setting": None if r.chosen is None else r.chosen.label,
        "rows": r.rows,
        "met": r.met,
        "best_model": r.best_model,
        "best_quality": round(r.best_quality, 6),
        "quality": None if after is None else round(after.quality, 6),
        "reason": r.reason,
    }


def _model_json(t: TuneResult) -> dict[str, object]:
    """The local model tuning kept (``path`` None: the shipped one), and both models' tuned
    configs on the tune share (``choice_rows``: the rows each model's settings were chosen on:
    the tune share for the retrained model, the train and tune shares for the shipped one;
    ``met`` of ``tuned``: on those rows; ``held`` of ``reached``: on the tune share)."""
    d = t.model
    return {
        "kept": d.kept,
        "path": t.local_model_path,
        "reason": d.reason,
        "tuning_rows": {
            m.which: {"choice_rows": m.choice_rows, "met": m.met, "tuned": m.tuned,
                      "held": m.held, "reached": m.reached,
                      "quality": round(m.tune.quality, 6),
                      "cost_per_1k": round(m.tune.cost_per_1k, 6)}
            for m in d.trials.values()
        },
    }  # fmt: skip


def write_summary(o: Outcome) -> Path:
    path = o.paths.root / SUMMARY
    path.write_bytes(orjson.dumps(summary(o), option=orjson.OPT_INDENT_2))
    return path
