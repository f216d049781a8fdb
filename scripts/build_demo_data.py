"""Build the routing-eval sample that ``routeyard demo --learn`` ships with.

A seeded random sample of the LLMRouter training rows (``shared/data/llmrouter/train.jsonl``,
MIT licence), keeping each row's id, prompt, category, source and the scores of the models the
embedded default's simulated models stand in for (their ``quality_as``). Written gzip-compressed
with a fixed timestamp, so the same input and seed give the same bytes.

    python scripts/build_demo_data.py --data ../shared/data/llmrouter/train.jsonl
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = Path("/work/shared/data/llmrouter/train.jsonl")
DEFAULT_OUT = ROOT / "src/routeyard/demo/data/learn.jsonl.gz"
KEPT = ("id", "prompt", "category", "source")


def data_models() -> list[str]:
    """The ``quality_as`` names of the embedded default's models, in its order."""
    sys.path.insert(0, str(ROOT / "src"))
    from routeyard.config.default import default_config

    return [m.quality_as for m in default_config().models.values() if m.quality_as]


def sample(
    lines: list[str], models: list[str], count: int, seed: int, max_chars: int
) -> list[dict[str, object]]:
    """``count`` rows, each with a score for every model of ``models``, unique prompts of at most
    ``max_chars`` characters; in the order of the input file."""
    eligible: list[dict[str, object]] = []
    seen: set[str] = set()
    for line in lines:
        if not line.strip():
            continue
        raw = json.loads(line)
        prompt = raw.get("prompt")
        results = raw.get("results") or {}
        if not isinstance(prompt, str) or len(prompt) > max_chars:
            continue
        if prompt.strip() in seen or not all(m in results for m in models):
            continue
        seen.add(prompt.strip())
        row: dict[str, object] = {k: raw.get(k) for k in KEPT}
        row["results"] = {m: {"score": results[m]["score"]} for m in models}
        eligible.append(row)
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
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="the .jsonl.gz to write")
    parser.add_argument("--count", type=int, default=400, help="rows to keep (default 400)")
    parser.add_argument("--seed", type=int, default=7, help="the sample's seed (default 7)")
    parser.add_argument(
        "--max-chars", type=int, default=4000, help="longest prompt kept (default 4000)"
    )
    args = parser.parse_args()
    models = data_models()
    lines = args.data.read_text(encoding="utf-8").split("\n")  # not splitlines: U+2028 in text
    rows = sample(lines, models, args.count, args.seed, args.max_chars)
    size = write_gzip(rows, args.out)
    print(f"{len(rows)} rows, scores of {', '.join(models)}: {args.out} ({size:,} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
