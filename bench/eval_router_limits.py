"""What the shared LLMRouter data allow a router to reach (issue #7's two unmet bars).

    .venv/bin/python bench/eval_router_limits.py [--data ../shared/data] [--seeds 7 8 9]

1. **Inside one benchmark** (GSM8K: 500 prompts; MMLU: the 512 distinct prompts of both
   files), against llama-3.1-nemotron-51b-instruct, for every weak model it leads by at least
   0.05: APGR of routers that see far more than a prompt's text, to bound what any router could
   reach there:

   * *others' outcomes*: a ridge regression of the realised gain (strong − weak) on the graded
     outcomes of the other seven models on the same prompt, cross-fitted (5 folds × 3
     shuffles). No router has these before it routes; a text router can only estimate them;
   * *others' count, in-sample*: the mean gain among prompts that the same number of the other
     seven models solved, computed on the rows it is judged on (so optimistic);
   * *prompt length* (longer first) and the *oracle*.

2. **In-domain rows on the shared test split**: the 249 prompts of ``test.jsonl`` that are
   not in ``train.jsonl``, each predicted by a model trained on ``train.jsonl`` plus the other
   nine tenths of them (10 folds: nine times the protocol's 10 % share), against the model
   trained on ``train.jsonl`` alone, with the same ``train()`` and ``evaluate()`` as
   ``routeyard eval-router``.

Writes ``bench/results/eval_router/limits.json`` and prints Markdown tables. Takes about a
minute per seed of part 2.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from routeyard.evals.dataset import EvalRow, read_rows
from routeyard.evals.metrics import apgr
from routeyard.evals.router_report import evaluate
from routeyard.evals.router_report_data import build_table, predict, read_prices

F64 = npt.NDArray[np.float64]
ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "results" / "eval_router" / "limits.json"
STRONG = "llama-3.1-nemotron-51b-instruct"
BENCHMARKS = ("gsm8k", "mmlu")
MIN_GAP = 0.05
FOLDS = 5
SHUFFLES = 3
RIDGE = 1.0
CROSS_FIT_FOLDS = 10
TEST_PAIRS = ("llama-3.1-8b-instruct", "qwen2.5-7b-instruct", "gemma-2-9b-it")


def log(message: str) -> None:
    print(f"eval_router_limits: {message}", file=sys.stderr, flush=True)


def distinct(rows: list[EvalRow], category: str) -> list[EvalRow]:
    seen: set[str] = set()
    out = []
    for row in rows:
        if row.category == category and row.prompt not in seen:
            seen.add(row.prompt)
            out.append(row)
    return out


def cross_fitted(features: F64, target: F64) -> F64:
    """Ridge predictions of ``target``, each row predicted by a fit that did not see it,
    averaged over shuffles of the folds."""
    x = np.c_[np.ones(len(target)), features]
    out = np.zeros(len(target))
    for shuffle in range(SHUFFLES):
        order = np.random.default_rng(shuffle).permutation(len(target))
        for part in np.array_split(order, FOLDS):
            fit = np.setdiff1d(order, part)
            a = x[fit].T @ x[fit] + RIDGE * np.eye(x.shape[1])
            out[part] += x[part] @ np.linalg.solve(a, x[fit].T @ target[fit]) / SHUFFLES
    return out


def within_benchmark(rows: list[EvalRow]) -> list[dict[str, Any]]:
    out = []
    for name in BENCHMARKS:
        bench = distinct(rows, name)
        models = sorted(bench[0].results)
        scores = np.array([[row.results[m].score for m in models] for row in bench], dtype=float)
        pairs = [(a, b) for a in range(len(models)) for b in range(a + 1, len(models))]
        correlations = [
            float(np.corrcoef(scores[:, a], scores[:, b])[0, 1])
            for a, b in pairs
            if scores[:, a].std() > 0 and scores[:, b].std() > 0
        ]
        length = np.array([len(row.prompt) for row in bench], dtype=float)
        s_col = models.index(STRONG)
        strong = scores[:, s_col]
        section: dict[str, Any] = {
            "benchmark": name,
            "prompts": len(bench),
            "mean_outcome_correlation_between_models": round(float(np.mean(correlations)), 3),
            "pairs": [],
        }
        for w_col, weak_name in enumerate(models):
            weak = scores[:, w_col]
            gap = float(strong.mean() - weak.mean())
            if w_col == s_col or gap < MIN_GAP:
                continue
            others = scores[:, [c for c in range(len(models)) if c not in (s_col, w_col)]]
            gain = strong - weak
            solved = others.sum(axis=1).astype(int)
            cell = np.array(
                [
                    gain[solved == k].mean() if (solved == k).any() else 0.0
                    for k in range(others.shape[1] + 1)
                ]
            )
            section["pairs"].append(
                {
                    "weak": weak_name,
                    "gap": round(gap, 3),
                    "oracle": round(apgr(gain, strong, weak), 3),
                    "others_outcomes_cross_fitted": round(
                        apgr(cross_fitted(others, gain), strong, weak), 3
                    ),
                    "others_count_in_sample": round(apgr(cell[solved], strong, weak), 3),
                    "prompt_length": round(apgr(length, strong, weak), 3),
                }
            )
        out.append(section)
    return out


def in_domain_ceiling(
    train_rows: list[EvalRow], test_rows: list[EvalRow], prices_path: Path, seed: int
) -> dict[str, Any]:
    from routeyard.learn.embedding import StaticEmbedder
    from routeyard.learn.train import TrainConfig, train

    seen = {row.prompt for row in train_rows}
    rows = [row for row in test_rows if row.results and row.prompt not in seen]
    models = sorted({m for row in rows for m in row.results})
    embedder = StaticEmbedder.load()
    config = TrainConfig(cv_folds=3)
    log(f"seed {seed}: training on train.jsonl alone ({len(train_rows)} rows)")
    without = predict(train(train_rows, config, embedder=embedder), rows, models)
    crossed = np.zeros_like(without)
    order = np.random.default_rng(seed).permutation(len(rows))
    for k, part in enumerate(np.array_split(order, CROSS_FIT_FOLDS)):
        held = set(part.tolist())
        extra = [row for i, row in enumerate(rows) if i not in held]
        log(f"seed {seed}: fold {k + 1}/{CROSS_FIT_FOLDS}, {len(extra)} in-domain rows")
        model = train([*train_rows, *extra], config, embedder=embedder)
        crossed[part] = predict(model, [rows[i] for i in part], models)
    table = build_table(rows, models, read_prices(prices_path))
    pairs = [(STRONG, weak) for weak in TEST_PAIRS]
    figures = evaluate(
        table, {"with_90pct": crossed, "without": without}, pairs, resamples=1000, seed=seed
    ).figures
    cost = figures["cost_quality"]
    return {
        "seed": seed,
        "report_rows": len(rows),
        "pairs": [
            {
                "weak": pair["weak"],
                "with_90pct": pair["routers"]["with_90pct"]["apgr"],
                "without": pair["routers"]["without"]["apgr"],
                "difference": pair["difference"]["apgr"],
                "difference_ci95": pair["difference"]["apgr_ci95"],
            }
            for pair in figures["pairs"]
        ],
        "aiq": {
            "with_90pct": cost["routers"]["with_90pct"]["aiq"],
            "without": cost["routers"]["without"]["aiq"],
            "random_mixtures": cost["random"]["aiq"],
            "difference_ci95": cost["difference"]["aiq_ci95"],
        },
    }


def markdown(result: dict[str, Any]) -> str:
    lines = []
    for section in result["within_benchmark"]:
        lines += [
            f"\n{section['benchmark']} ({section['prompts']} prompts; mean correlation of two "
            f"models' outcomes {section['mean_outcome_correlation_between_models']})\n",
            "| weak model | gap | oracle | others' outcomes (cross-fitted) | others' count "
            "(in-sample) | prompt length |",
            "|---|---|---|---|---|---|",
        ]
        lines += [
            f"| {p['weak']} | {p['gap']:.3f} | {p['oracle']:.3f} | "
            f"{p['others_outcomes_cross_fitted']:.3f} | {p['others_count_in_sample']:.3f} | "
            f"{p['prompt_length']:.3f} |"
            for p in section["pairs"]
        ]
    lines += [
        "\nin-domain ceiling on the shared test split (90 % cross-fitted vs none)\n",
        "| seed | " + " | ".join(TEST_PAIRS) + " | AIQ with / without (random mixtures) |",
        "|---|" + "---|" * (len(TEST_PAIRS) + 1),
    ]
    for run in result["in_domain"]:
        cells = [
            f"{p['with_90pct']:.3f} / {p['without']:.3f}, {p['difference']:+.3f} "
            f"({p['difference_ci95'][0]:+.3f} … {p['difference_ci95'][1]:+.3f})"
            for p in run["pairs"]
        ]
        aiq = run["aiq"]
        lines.append(
            f"| {run['seed']} | " + " | ".join(cells) + f" | {aiq['with_90pct']:.3f} / "
            f"{aiq['without']:.3f} ({aiq['random_mixtures']:.3f}) |"
        )
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--seeds", type=int, nargs="*", default=[7, 8, 9])
    args = parser.parse_args()
    base = args.data / "llmrouter"
    train_rows = list(read_rows(base / "train.jsonl"))
    test_rows = list(read_rows(base / "test.jsonl"))
    log("within one benchmark")
    result: dict[str, Any] = {"within_benchmark": within_benchmark(train_rows + test_rows)}
    result["in_domain"] = [
        in_domain_ceiling(train_rows, test_rows, base / "models.json", seed) for seed in args.seeds
    ]
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(result, indent=1) + "\n")
    print(markdown(result))
    log(f"wrote {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
