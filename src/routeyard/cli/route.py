"""``routeyard route``: explain the decision for a prompt without calling any model."""

from __future__ import annotations

import argparse
import sys
from typing import Any

import orjson

from routeyard.cli.common import add_config_flag, config_from
from routeyard.errors import GatewayError
from routeyard.planner import Plan, Planner


def register(sub: Any) -> None:
    p: argparse.ArgumentParser = sub.add_parser(
        "route",
        help="show how a prompt would be classified and routed (no model is called)",
        description="Classify a prompt (rules, and the local model when enabled) and print the "
        "routing decision with the reason for each candidate. No model is called, so a "
        "configured LLM classifier is not asked.",
    )
    add_config_flag(p)
    p.add_argument("prompt", help="the user prompt ('-' reads standard input)")
    p.add_argument("--model", default="auto", help="'auto', 'auto:<route>' or a model name")
    p.add_argument("--system", help="a system prompt")
    p.add_argument("--route-hint", help="a caller route hint, as sent in metadata.route")
    p.add_argument("--json", action="store_true", help="print JSON for machines")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    config = config_from(args)
    prompt = sys.stdin.read() if args.prompt == "-" else args.prompt
    messages = [{"role": "user", "content": prompt}]
    if args.system:
        messages.insert(0, {"role": "system", "content": args.system})
    body: dict[str, Any] = {"model": args.model, "messages": messages}
    try:
        planner = Planner(config)
        plan = planner.plan(body, args.model, args.route_hint)
    except GatewayError as err:
        print(f"routeyard: {err.message}", file=sys.stderr)
        return 1
    c = plan.classification
    # The gateway runs the local model only when the chosen route needs it; show its view
    # anyway, and whether the decision used it.
    used = c.pending is None and c.prediction is not None
    c.predicted()
    utterances = _utterances(planner, plan, body)
    out = {
        "labels": c.labels,
        "evidence": c.evidence,
        "features": {
            "estimated_tokens": c.features.estimated_tokens,
            "code": c.features.has_code,
            "math": c.features.has_math,
            "tools": c.features.has_tools,
            "json_mode": c.features.json_mode,
            "images": c.features.has_images,
            "non_english": c.features.non_english,
        },
        "set_aside": c.set_aside,
        # What the classifiers read of the message once that was set aside (None: all of it).
        "read": _read(planner, plan, body) if c.set_aside else None,
        "prediction": _prediction(plan),
        "prediction_used": used,
        "utterances": utterances,
        "layers": c.layers,
        "decision": plan.decision.as_dict(),
        "decision_us": round(plan.decision_us, 1),
    }
    if args.json:
        sys.stdout.write(orjson.dumps(out, option=orjson.OPT_INDENT_2).decode() + "\n")
        return 0
    d = plan.decision
    print(f"labels:   {', '.join(c.labels) or '(none)'}")
    for label, why in c.evidence.items():
        print(f"  {label:<12} {why}")
    if c.set_aside:
        print(
            f"set aside: {c.set_aside} piece(s) of the message that address its routing, "
            "not read by the classifiers (classifier.ignore_directives, segment_filter)"
        )
        if out["read"] is not None:
            print(f"  read:     {_clip(out['read'])!r}")
    p = c.prediction
    if p is not None:
        confidence = p.category_scores.get(p.category, 0.0)
        sure = "" if c.confident else "  (unsure)"
        cat = f"{p.category} ({confidence:.2f}){sure}"
        note = "" if used else "   (not needed by this decision: not run when serving)"
        print(f"local:    category {cat}, difficulty {p.difficulty:.2f}{note}")
        if p.predicted:
            best = sorted(p.predicted.items(), key=lambda kv: -kv[1])
            print("  predicted quality: " + ", ".join(f"{m} {q:.2f}" for m, q in best))
    if utterances is not None:
        unused = "   (not needed by this decision: not run when serving)"
        note = "" if utterances["used"] else unused
        print(f"utterances: {utterances['match'] or 'no route reaches its threshold'}{note}")
        routes = utterances["routes"].items()
        print("  " + ", ".join(f"{n} {v['score']:.2f} (threshold {v['threshold']:.2f})"
                               for n, v in routes))  # fmt: skip
    print(f"route:    {d.route}  ({d.route_reason})   policy {d.policy_version}")
    print("candidates:")
    for i, cand in enumerate(d.candidates, 1):
        price = config.models[cand.model].price
        print(f"  {i}. {cand.model:<20} {cand.reason}  [${price.input}/${price.output} per Mtok]")
    for s in d.skipped:
        print(f"  -  {s.model:<20} skipped: {s.reason}")
    print(f"decided in {plan.decision_us:.1f} µs")
    return 0


def _read(planner: Planner, plan: Plan, body: dict[str, Any]) -> str | None:
    """What the learned layers read of the message, without what was set aside; None without
    the local model (the rules then set aside only metadata, and keep no copy of the rest)."""
    if planner.local is None:
        return None
    return planner.learned_text(plan.classification, body)


def _clip(text: object, limit: int = 200) -> str:
    s = str(text)
    return s if len(s) <= limit else s[: limit - 1] + "…"


def _utterances(planner: Planner, plan: Plan, body: dict[str, Any]) -> dict[str, Any] | None:
    """Every utterance route's similarity to the prompt and fitted threshold, and the match."""
    layer = planner.utterances
    if layer is None:
        return None
    c = plan.classification
    used = c.utterance_pending is None and "utterances" in c.layers
    text = planner.learned_text(c, body)
    match = layer.match(text)
    scores = layer.scores(text)
    return {
        "match": None if match is None else match.route,
        "used": used,
        "routes": {
            name: {"score": round(scores.get(name, 0.0), 4), "threshold": round(cut, 4)}
            for name, cut in layer.thresholds.items()
        },
    }


def _prediction(plan: Plan) -> dict[str, Any] | None:
    p = plan.classification.prediction
    if p is None:
        return None
    return {
        "category": p.category,
        "category_scores": {k: round(v, 4) for k, v in p.category_scores.items()},
        "confident": plan.classification.confident,
        "difficulty": round(p.difficulty, 4),
        "predicted": {k: round(v, 4) for k, v in p.predicted.items()},
    }
