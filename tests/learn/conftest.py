"""Shared fixtures: the packaged embedding (loaded once) and the shared routing data."""

from __future__ import annotations

from pathlib import Path

import pytest

from routeyard.learn.embedding import StaticEmbedder

DATA_DIR = Path(__file__).parents[2].parent / "shared" / "data"
TRAIN_JSONL = DATA_DIR / "llmrouter" / "train.jsonl"
TEST_JSONL = DATA_DIR / "llmrouter" / "test.jsonl"
LABELLED_JSONL = DATA_DIR / "categories" / "labelled_prompts.jsonl"


@pytest.fixture(scope="session")
def embedder() -> StaticEmbedder:
    return StaticEmbedder.load()


def first_lines(path: Path, count: int, step: int = 1) -> list[str]:
    """Every ``step``-th line of ``path``, ``count`` of them."""
    if not path.exists():
        pytest.skip(f"shared data not found at {path}")
    lines = path.read_text(encoding="utf-8").splitlines()
    return lines[::step][:count]
