"""Build the routing-eval sample that ``routeyard demo --learn`` ships with.

The LLMRouter *test* rows (``shared/data/llmrouter/test.jsonl``, MIT licence), less every row
whose prompt is also in the training rows (``--exclude``, by default ``train.jsonl``): the local
model shipped in the package was trained on the training rows, and the LLMRouter test split
repeats 119 of their prompts (all of GPQA and HumanEval, part of MBPP), so a demo tuned and
measured on them would flatter it. Each row keeps its id, prompt, category, source and the
scores of the models the embedded default's simulated models stand in for (their
``quality_as``). By default every eligible row is kept; ``--count`` takes a seeded random
subset. Written gzip-compressed with a fixed timestamp, so the same inputs, count and seed give
the same bytes.

    python scripts/build_demo_data.py --data ../shared/data/llmrouter/test.jsonl
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path("/work/shared/data/llmrouter")
DEFAULT_DATA = SHARED / "test.jsonl"
DEFAULT_EXCLUDE = SHARED / "train.jsonl"
DEFAULT_OUT = ROOT / "src/routeyard/demo/data/learn.jsonl.gz"
KEPT = ("id", "prompt", "category", "source")


def data_models() -> list[str]:
    """The ``quality_as`` names of the embedded default's models, in its order."""
    sys.path.insert(0, str(ROOT / "src"))
    from routeyard.config.default import default_config

    return [m.quality_as for m in default_config().models.values() if m.quality_as]


def read_lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").split("\n")  # not splitlines: U+2028 in text


def normal(prompt: str) -> str:
    """A prompt compared with whitespace runs collapsed and case folded."""
    return re.sub(r"\s+", " ", prompt).strip().casefold()


def prompts_of(lines: list[str]) -> set[str]:
    return {normal(json.loads(line)["prompt"]) for line in lines if line.strip()}


def sample(
    lines: list[str],
    models: list[str],
    count: int | None,
    seed: int,
    max_chars: int,
    exclude: set[str] | None = None,
) -> list[dict[str, object]]:
    """``count`` rows (None: all), each with a score for every model of ``models``, unique
    prompts of at most ``max_chars`` characters and none of ``exclude`` (``normal`` form); in
    the order of the input file."""
    eligible: list[dict[str, object]] = []
    seen: set[str] = set(exclude or ())
    for line in lines:
        if not line.strip():
            continue
        raw = json.loads(line)
        prompt = raw.get("prompt")
        results = raw.get("results") or {}
        if not isinstance(prompt, str) or len(prompt) > max_chars:
            continue
        if normal(prompt) in seen or not all(m in results for m in models):
            continue
        seen.add(normal(prompt))
        row: dict[str, object] = {k: raw.get(k) for k in KEPT}
        row["results"] = {m: {"score": results[m]["score"]} for m in models}
        eligible.append(row)
    if count is None:
        return eligible
    if len(eligible) < count:
        raise SystemExit(f"only {len(eligible)} eligible rows, fewer than {count}")
    picked = sorted(random.Random(seed).sample(range(len(eligible)), count))
    return [eligible[i] for i in picked]


def write_gzip(rows: list[dict[str, object]], path: Path) -> int:
    buf = io.BytesIO()
    # mtime=0 and no file name in the header: the bytes depend on the rows only.
    with gzip.GzipFile(filename="", mode="wb", fileobj=buf, compresslevel=9, mtime=0) as gz:
        for row in rows:
            gz.write(json.dumps(row, ensure_ascii=False, separators=(",", ":")).encode() + b"\n")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(buf.getvalue())
    return len(buf.getvalue())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="routing-eval JSONL")
    parser.add_argument(
        "--exclude", type=Path, action="append", metavar="FILE.jsonl",
        help="leave out rows whose prompt is in this routing-eval file (repeatable; default: "
        "the LLMRouter training rows, which the shipped local model was trained on)",
    )  # fmt: skip
    parser.add_argument(
        "--no-exclude", action="store_true", help="keep rows whose prompt is in --exclude files"
    )
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="the .jsonl.gz to write")
    parser.add_argument(
        "--count", type=int, default=None, help="rows to keep (default: every eligible row)"
    )
    parser.add_argument("--seed", type=int, default=7, help="the subset's seed (default 7)")
    parser.add_argument(
        "--max-chars", type=int, default=4000, help="longest prompt kept (default 4000)"
    )
    args = parser.parse_args()
    models = data_models()
    excluded: set[str] = set()
    if not args.no_exclude:
        for path in args.exclude or [DEFAULT_EXCLUDE]:
            excluded |= prompts_of(read_lines(path))
    lines = read_lines(args.data)
    rows = sample(lines, models, args.count, args.seed, args.max_chars, excluded)
    size = write_gzip(rows, args.out)
    print(f"{len(rows)} rows, scores of {', '.join(models)}: {args.out} ({size:,} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
