"""The router report as Markdown, from its JSON figures (``routeyard eval-router``)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

LABELS = {
    "router": "router",
    "with_in_domain": "trained with the in-domain share",
    "without_in_domain": "trained without it",
}

READING = [
    "**PGR** at a share of strong-model calls = (quality − weak-only quality) / (strong-only −"
    " weak-only quality); the router sends the prompts with the largest predicted gain to the"
    " strong model first. **APGR** is the area under PGR over shares 0–1: random routing gets"
    " 0.5; it exceeds 1 when the weak model wins some prompts the strong one loses (the"
    " oracle's APGR shows how far that goes on this data). *Share of oracle lift* ="
    " (APGR − 0.5) / (oracle APGR − 0.5). **CPT(x)** is the smallest share of strong calls"
    " that reaches PGR x (lower is better).",
    "**Cost–quality:** for each price of quality λ every prompt goes to the model maximising"
    " predicted quality − λ·cost; each λ gives one (mean cost, mean quality) point. The upper"
    " hull of those points is what mixing two settings reaches. **AIQ** is the mean quality"
    " under that hull over its cost range. *Random mixtures* = the hull of the single"
    " models; *oracle* = the sweep with the realised scores as predictions.",
    "**Savings at the best single model's quality** = 1 − (cost at which the hull reaches the"
    " best single model's mean quality) / (that model's mean cost). The 95 % interval"
    " resamples prompts with replacement (the best single model is chosen again on each"
    " resample); a bound of *not reached* means that on at least 2.5 % of resamples the"
    " router never matched the best single model.",
]


def _f(value: float | None, digits: int = 3, signed: bool = False) -> str:
    if value is None:
        return "—"
    return f"{value:+.{digits}f}" if signed else f"{value:.{digits}f}"


def _pct(value: float | None, signed: bool = False) -> str:
    if value is None:
        return "not reached"
    return f"{100 * value:+.1f} %" if signed else f"{100 * value:.1f} %"


def _ci(bounds: Sequence[float | None] | None, fmt: Any = _f, **kw: Any) -> str:
    if not bounds:
        return "—"
    return f"{fmt(bounds[0], **kw)} … {fmt(bounds[1], **kw)}"


def _label(name: str, labels: Mapping[str, str]) -> str:
    return labels.get(name, LABELS.get(name, name))


def _header(r: Mapping[str, Any]) -> list[str]:
    lines = [f"# Router evaluation: {r['data']['file']}", ""]
    d = r["data"]
    lines.append(f"* Data: `{d['file']}`, {d['rows']} rows; {r['report']['rows']} reported on.")
    if r["mode"] == "in-domain":
        p = r["in_domain"]
        lines += [
            f"* In-domain protocol (seed {p['seed']}): {p['in_domain_rows']} rows"
            f" ({100 * p['share']:.0f} %) of the file were added to the training data"
            f" ({', '.join(f'`{f}`' for f in p['train_files'])}, {p['train_rows']} rows);"
            f" the figures are on the other {p['report_rows']} rows, for the model trained"
            " with them and the model trained without them.",
        ]
    else:
        lines.append(f"* Router model: `{r['model']}`.")
    lines.append(f"* Models compared: {', '.join(r['report']['models'])}.")
    lines += [f"* Note: {note}" for note in r.get("notes", [])]
    return lines


def _pairs(pairs: Sequence[Mapping[str, Any]], labels: Mapping[str, str]) -> list[str]:
    lines = ["", "## Strong/weak pairs", ""]
    for p in pairs:
        lines.append(f"### {p['strong']} vs {p['weak']}")
        lines.append("")
        if "skipped" in p:
            lines += [f"Skipped: {p['skipped']}.", ""]
            continue
        gap = p.get("gap_ci95")
        unsure = gap is not None and None not in gap and gap[0] <= 0 <= gap[1]
        lines += [
            f"{p['rows']} prompts; mean quality strong {p['strong_quality']:.3f},"
            f" weak {p['weak_quality']:.3f} (gap 95 % CI {_ci(gap)})."
            + (
                " The gap's interval includes 0: PGR divides by it, so APGR is unstable here."
                if unsure
                else ""
            ),
            "",
            "| routing | APGR | APGR 95 % CI | share of oracle lift | CPT(50 %) | CPT(80 %) |",
            "|---|---|---|---|---|---|",
        ]
        for name, m in p["routers"].items():
            lines.append(
                f"| {_label(name, labels)} | **{_f(m['apgr'])}** | {_ci(m.get('apgr_ci95'))}"
                f" | {_f(m.get('apgr_share_of_oracle'))} | {_f(m['cpt50'])} | {_f(m['cpt80'])} |"
            )
        rnd, orc = p["random"], p["oracle"]
        lines.append(f"| random | 0.500 | — | 0.000 | {_f(rnd['cpt50'])} | {_f(rnd['cpt80'])} |")
        lines.append(
            f"| oracle | {_f(orc['apgr'])} | — | 1.000 | {_f(orc['cpt50'])} | {_f(orc['cpt80'])} |"
        )
        if "difference" in p:
            d = p["difference"]
            a, b = (_label(n, labels) for n in d["of"])
            lines += [
                "",
                f"APGR, {a} − {b}: **{_f(d['apgr'], signed=True)}**"
                f" (95 % CI {_ci(d['apgr_ci95'], signed=True)}, paired resamples).",
            ]
        lines.append("")
    return lines


def _costs(c: Mapping[str, Any], labels: Mapping[str, str]) -> list[str]:
    lines = ["## Cost and quality", ""]
    if "skipped" in c:
        return [*lines, f"Skipped: {c['skipped']}.", ""]
    best = c["best_single"]
    source = {
        "prices": "list prices × (recorded tokens, else prompt characters / 4 in and"
        f" {c.get('output_tokens_assumed', '?')} out)",
        "rows": "the rows' recorded `cost_usd`",
    }.get(c["cost_source"], str(c["cost_source"]))
    lines += [
        f"{c['rows']} prompts, {len(c['models'])} models; costs in {c['cost_unit']} from"
        f" {source}. Best single model: **{best['model']}**, quality {best['quality']:.3f} at"
        f" {best['cost']:.4f}.",
        "",
        "| routing | AIQ | AIQ 95 % CI | cost to match the best | savings at its quality"
        " | savings 95 % CI | quality at its cost |",
        "|---|---|---|---|---|---|---|",
    ]
    rows = [(name, _label(name, labels), m) for name, m in c["routers"].items()]
    rows += [("random", "random mixtures", c["random"]), ("oracle", "oracle", c["oracle"])]
    for key, label, m in rows:
        aiq = _f(m["aiq"]) if key in ("random", "oracle") else f"**{_f(m['aiq'])}**"
        lines.append(
            f"| {label} | {aiq} | {_ci(m.get('aiq_ci95'))}"
            f" | {_f(m['cost_to_match_best'], 4)} | {_pct(m['savings_at_best_quality'])}"
            f" | {_ci(m.get('savings_ci95'), _pct)} | {_f(m['quality_at_best_cost'])} |"
        )
    if "difference" in c:
        d = c["difference"]
        a, b = (_label(n, labels) for n in d["of"])
        both = d["resamples_where_both_reach"]
        total = c.get("bootstrap", {}).get("resamples", 0)
        if d["savings_at_best_quality"] is None or both < total / 2:
            savings = (
                "savings not compared: both reach the best single model's quality on only"
                f" {both} of {total} resamples."
            )
        else:
            savings = (
                f"savings **{_pct(d['savings_at_best_quality'], signed=True)}** (95 % CI"
                f" {_ci(d['savings_ci95'], _pct, signed=True)}, over the {both} resamples where"
                " both reach it)."
            )
        lines += [
            "",
            f"{a} − {b}: AIQ **{_f(d['aiq'], signed=True)}** (95 % CI"
            f" {_ci(d['aiq_ci95'], signed=True)}); {savings}",
        ]
    lines += ["", "| model | mean cost | mean quality |", "|---|---|---|"]
    for m in c["single_models"]:
        lines.append(f"| {m['model']} | {m['cost']:.4f} | {m['quality']:.3f} |")
    if "bootstrap" in c:
        b = c["bootstrap"]
        lines += [
            "",
            f"Intervals: {b['resamples']} bootstrap resamples of prompts, seed {b['seed']}.",
        ]
    return [*lines, ""]


def markdown(r: Mapping[str, Any], labels: Mapping[str, str] | None = None) -> str:
    """The summary page; ``r`` is what ``routeyard eval-router --json`` prints."""
    names = dict(labels or {})
    lines = _header(r)
    lines += _pairs(r["report"]["pairs"], names)
    lines += _costs(r["report"]["cost_quality"], names)
    if r.get("files", {}).get("png"):
        lines += ["![cost–quality and PGR curves](" + r["files"]["png_name"] + ")", ""]
    lines += ["## How to read the figures", ""]
    lines += [f"* {text}" for text in READING]
    lines += ["", f"Generated {r['generated_at']} by `{r['command']}`.", ""]
    return "\n".join(lines)
