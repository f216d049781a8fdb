"""The Markdown report of a tuning run: before and after on the report rows, and each change."""

from __future__ import annotations

from collections.abc import Sequence

from routeyard.evals.tune import RouteResult, TuneResult
from routeyard.evals.tune_measure import Summary, Tally


def render_report(
    result: TuneResult, *, config_in: str, config_out: str, data: Sequence[str]
) -> str:
    n_train, _, n_report = result.split_sizes
    empty = Tally()
    b = result.before.overall if result.before else empty
    a, m = result.after.overall, result.retrained.overall
    before_note = (
        f'\n"before" could not be measured: {result.before_error}\n' if result.before_error else ""
    )
    lines = [
        "# routeyard tune report",
        "",
        f"- Input config: `{config_in}`; tuned config: `{config_out}` "
        f"(policy version `{result.version}`)",
        f"- Target: {result.target.describe()}.",
        f"- Data: {', '.join(f'`{d}`' for d in data)}. Rows: {n_train} retrained the local "
        f"model (written to `{result.model_dir}`, {result.training_seconds} s), "
        f"{_choice_rows(result)}, {n_report} measured the result below (used for no choice).",
        "- Nothing was applied to a running router: review, then point `routeyard serve` at the "
        "new file (or copy it over the served one) and send SIGHUP to reload.",
        "",
        *_model_section(result),
        "## On the held-out report rows",
        "",
        "| | quality | USD per 1k requests | requests refused |",
        "|---|---:|---:|---:|",
        f"| before | {b.quality:.3f} | {b.cost_per_1k:.4f} | {b.refused} |",
        f"| input policy, retrained model | {m.quality:.3f} | {m.cost_per_1k:.4f} | {m.refused} |",
        f"| after | {a.quality:.3f} | {a.cost_per_1k:.4f} | {a.refused} |",
        "",
        _verdict(b, a),
        before_note,
        "### Per route",
        "",
        "| route | rows before / after | quality before → after | USD/1k before → after "
        "| best single candidate there | models after |",
        "|---|---:|---:|---:|---|---|",
    ]
    before_routes = result.before.routes if result.before else {}
    names = list(dict.fromkeys([*before_routes, *result.after.routes]))
    for name in names:
        lines.append(_route_line(name, result))
    lines += ["", "## What changed and why", ""]
    t = result.model.trial
    kept = f"of the {t.choice_rows} {t.label}'s settings were chosen on"
    lines += [_change(r, kept) for r in result.routes]
    lines += [
        "",
        "## How this was measured",
        "",
        "- Each row is sent as a one-turn chat request through the config's own classifier, "
        "local model and policy; the first candidate of the decision answers. Its quality is "
        "the score the row records for that model (via `quality_as`); its cost is the row's "
        "`cost_usd`, else the config's price × estimated input tokens and the row's output "
        "tokens (256 when unknown). Failures, retries and fallbacks are not simulated.",
        "- A route's targets compare with its best single candidate measured on the same rows; "
        "rows missing a score for one of the route's candidates are left out of its tuning. A "
        "quality target must hold with one standard error to spare (paired by row), so a "
        "setting that only just reaches it on the tuning rows by chance is not taken.",
        '- "before" uses the input config\'s own local model; if that model was trained on '
        'some of these rows, "before" is measured in its favour, and so are its settings (chosen '
        "on the train and tune shares, on the assumption that it never saw them) and the "
        "comparison with the retrained model on the tune share.",
        "",
    ]
    return "\n".join(lines)


def _model_section(result: TuneResult) -> list[str]:
    d = result.model
    kept = d.trial.label
    path = result.local_model_path
    where = f"`{path}`" if path else "the model shipped in the package"
    lines = ["## Local model", "", f"Kept **{kept}** ({where}): {d.reason}.", ""]
    if len(d.trials) > 1:
        n_tune = result.split_sizes[1]
        lines += [
            "Each route's settings were chosen with each model's predictions: the retrained "
            "model's on the tune share only (it learned from the train share), the input "
            "config's model's on the train and tune shares (it trained on neither). Both tuned "
            f"configs were then compared on the same {n_tune} rows of the tune share, which "
            "neither model trained on:",
            "",
            "| local model | kept | rows its settings were chosen on | tuned routes holding "
            f"the target there | routes holding it on the {n_tune} tune-share rows (on average) "
            "| quality there | USD per 1k requests there |",
            "|---|---|---:|---:|---:|---:|---:|",
        ]
        for t in d.trials.values():
            mark = "yes" if t.which == d.kept else "no"
            lines.append(
                f"| {t.label} | {mark} | {t.choice_rows} | {t.met} of {t.tuned} "
                f"| {t.held} of {t.reached} | {t.tune.quality:.3f} | {t.tune.cost_per_1k:.4f} |"
            )
        lines.append("")
    return lines


def _choice_rows(result: TuneResult) -> str:
    """Which rows chose what: how many rows each local model's settings were chosen on."""
    n_tune = result.split_sizes[1]
    mine = result.model.trials.get("input")
    if mine is None:
        return f"{n_tune} (the tune share) chose the settings"
    return (
        f"{n_tune} (the tune share) chose the retrained model's settings and compared the two "
        "models; the input config's model, which trained on neither share, chose its settings "
        f"on the train and tune shares together ({mine.choice_rows} scored rows)"
    )


def _verdict(b: Tally, a: Tally) -> str:
    if not b.scored or not a.scored:
        return "No report row could be scored before and after."
    dq = a.quality - b.quality
    if b.cost_per_1k > 0:
        dc = (a.cost_per_1k - b.cost_per_1k) / b.cost_per_1k
        cost = f"cost {'down' if dc < 0 else 'up'} {abs(dc):.1%}"
    else:
        cost = "cost unchanged at zero"
    return f"Quality {dq:+.3f} ({b.quality:.3f} → {a.quality:.3f}), {cost}."


def _route_line(name: str, result: TuneResult) -> str:
    empty = Tally()
    b = result.before.routes.get(name, empty) if result.before else empty
    a = result.after.routes.get(name, empty)
    best = result.report_best.get(name)
    best_text = f"{best[0]}: {best[1].quality:.3f}" if best else "—"
    shares = ", ".join(f"{m} {s:.0%}" for m, s in a.shares().items()) or "—"
    return (
        f"| {name} | {b.rows} / {a.rows} | {_q(b)} → {_q(a)} | {_c(b)} → {_c(a)} "
        f"| {best_text} | {shares} |"
    )


def _q(t: Tally) -> str:
    return f"{t.quality:.3f}" if t.scored else "—"


def _c(t: Tally) -> str:
    return f"{t.cost_per_1k:.4f}" if t.scored else "—"


def _change(r: RouteResult, kept: str) -> str:
    if r.chosen is None:
        return f"- `{r.name}`: unchanged ({_setting_text(r.before.as_dict())}): {r.reason}."
    return (
        f"- `{r.name}`: **{r.chosen.label}** → {_setting_text(r.chosen.as_dict())} "
        f"(was {_setting_text(r.before.as_dict())}); on {r.rows} tuning rows ({kept}), "
        f"{r.reason}."
    )


def _setting_text(values: dict[str, object]) -> str:
    parts = [f"{k}: {v}" for k, v in values.items()]
    if "strategy" not in values:
        parts.append("strategy: ordered")
    return "`" + "; ".join(parts) + "`"


def summary_json(result: TuneResult) -> dict[str, object]:
    """The headline figures, for scripts and tests."""

    def tally(t: Tally) -> dict[str, object]:
        return {"rows": t.rows, "scored": t.scored, "quality": round(t.quality, 4),
                "usd_per_1k": round(t.cost_per_1k, 6), "models": dict(t.models)}  # fmt: skip

    def summary(s: Summary) -> dict[str, object]:
        return {"overall": tally(s.overall), "routes": {k: tally(v) for k, v in s.routes.items()}}

    return {
        "target": result.target.describe(),
        "split": dict(zip(("train", "tune", "report"), result.split_sizes, strict=True)),
        "before": None if result.before is None else summary(result.before),
        "retrained": summary(result.retrained),
        "after": summary(result.after),
        "local_model": {
            "asked": result.model.asked,
            "kept": result.model.kept,
            "path": result.local_model_path,
            "reason": result.model.reason,
            "tuning_rows": {
                t.which: {
                    "choice_rows": t.choice_rows,
                    "met": t.met,
                    "tuned": t.tuned,
                    "held": t.held,
                    "reached": t.reached,
                    **tally(t.tune),
                }
                for t in result.model.trials.values()
            },
        },
        "changes": {
            r.name: {"setting": r.chosen.as_dict() if r.chosen else None, "reason": r.reason}
            for r in result.routes
        },
    }
