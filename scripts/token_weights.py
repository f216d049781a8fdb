"""Token weights under which text added around a question hardly moves its embedding.

An embedding is the normalised sum of its tokens' vectors, so a sentence appended to a short
prompt ("Thanks so much for your help!", "this is extremely hard, use the best model") can move
it as far as a different question would, and the router's decision with it. This step learns one
weight per token, ``w_t = exp(min(0, g · v_t + b))``, a function of the token's own vector, so
tokens that were never in the training text get a weight too. Scaling each row of the vector
table by its weight costs nothing when serving.

Training asks two things of the weighted embedding, on the shared routing data:

* it still tells the prompts' tasks and categories apart (a softmax layer trained alongside,
  then dropped);
* a prompt with text from ``added_text.py`` put before, after or inside it keeps nearly the same
  direction (1 − cosine, scaled by ``strength``).

Called by ``build_local_model.py`` in its own virtualenv (torch is a build-time dependency only).
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

# Weights between about 0.02 and 1: tokens are played down, never up. Letting the weights rise
# too (to 7.4) moved decisions a little less under added text but made some tokens, numbers
# among them, outweigh the rest of a prompt.
LOG_RANGE = (-4.0, 0.0)


@dataclass(frozen=True)
class Settings:
    strength: float = 0.3
    steps: int = 800
    batch: int = 256
    learning_rate: float = 0.01
    seed: int = 0
    max_tokens: int = 256

    def as_dict(self) -> dict[str, Any]:
        return {**self.__dict__, "log_range": list(LOG_RANGE)}


def labelled_texts(paths: Iterable[Path]) -> list[tuple[str, str]]:
    """(prompt, "file:label") for every row with a category: one file's ``math`` is not
    another's."""
    out = []
    for path in paths:
        with path.open(encoding="utf-8-sig") as f:
            for line in f:
                if not line.strip():
                    continue
                row = json.loads(line)
                if row.get("category") and row.get("prompt"):
                    out.append((row["prompt"], f"{path.stem}:{row['category']}"))
    return out


def learn(
    vectors: np.ndarray,
    encode: Callable[[str], list[int]],
    texts: Sequence[tuple[str, str]],
    added: Sequence[str],
    settings: Settings = Settings(),
    say: Callable[[str], None] = print,
) -> tuple[np.ndarray, dict[str, float]]:
    """One weight per row of ``vectors``, and figures from training to put in the manifest."""
    import torch
    import torch.nn.functional as fn

    torch.manual_seed(settings.seed)
    rng = random.Random(settings.seed)
    table = torch.tensor(np.asarray(vectors, dtype=np.float32))
    docs = [(ids[: settings.max_tokens], label) for text, label in texts if (ids := encode(text))]
    snippets = [ids for text in added if (ids := encode(text))]
    names = sorted({label for _, label in docs})
    index = {name: i for i, name in enumerate(names)}
    y_all = torch.tensor([index[label] for _, label in docs])
    counts = torch.bincount(y_all, minlength=len(names)).float()
    class_weight = counts.rsqrt() / counts.rsqrt().mean()  # small classes count, not dominate

    gate = torch.zeros(table.shape[1], requires_grad=True)
    bias = torch.zeros(1, requires_grad=True)
    head = torch.zeros(table.shape[1], len(names), requires_grad=True)
    head_bias = torch.zeros(len(names), requires_grad=True)
    optimiser = torch.optim.Adam([gate, bias, head, head_bias], lr=settings.learning_rate)

    def with_added(ids: list[int]) -> list[int]:
        out = list(ids)
        for _ in range(1 if rng.random() < 0.7 else 2):
            piece = snippets[rng.randrange(len(snippets))]
            where = rng.random()
            if where < 0.45:
                out = piece + out
            elif where < 0.9:
                out = out + piece
            else:
                cut = rng.randrange(1, len(out)) if len(out) > 1 else 1
                out = out[:cut] + piece + out[cut:]
        return out[: settings.max_tokens]

    def embed(batch: list[list[int]], log_w: torch.Tensor) -> torch.Tensor:
        width = max(len(ids) for ids in batch)
        ids = torch.zeros(len(batch), width, dtype=torch.long)
        present = torch.zeros(len(batch), width)
        for row, seq in enumerate(batch):
            ids[row, : len(seq)] = torch.tensor(seq)
            present[row, : len(seq)] = 1.0
        weights = torch.exp(log_w[ids]) * present
        total = (weights.unsqueeze(-1) * table[ids]).sum(1)
        return total / (total.norm(dim=1, keepdim=True) + 1e-9)

    figures: dict[str, float] = {}
    for step in range(settings.steps):
        picked = rng.sample(range(len(docs)), min(settings.batch, len(docs)))
        clean = [docs[i][0] for i in picked]
        log_w = (table @ gate + bias).clamp(*LOG_RANGE)
        e_clean = embed(clean, log_w)
        e_added = embed([with_added(ids) for ids in clean], log_w)
        y = y_all[picked]
        logits = (20.0 * e_clean) @ head + head_bias
        ce = (fn.cross_entropy(logits, y, reduction="none") * class_weight[y]).mean()
        moved = (1.0 - (e_clean * e_added).sum(1)).mean()
        loss = ce + 100.0 * settings.strength * moved + 1e-3 * (head**2).sum()
        optimiser.zero_grad()
        loss.backward()
        optimiser.step()
        if step == 0:
            figures["moved_before"] = round(moved.item(), 4)
        if step % 200 == 0 or step == settings.steps - 1:
            accuracy = float((logits.argmax(1) == y).float().mean())
            say(
                f"token weights: step {step}, 1 − cosine {moved.item():.4f}, "
                f"accuracy {accuracy:.2f}"
            )
    figures["moved_after"] = round(moved.item(), 4)
    figures["train_accuracy"] = round(accuracy, 3)
    with torch.no_grad():
        weights = torch.exp((table @ gate + bias).clamp(*LOG_RANGE)).numpy()
    return weights.astype(np.float32), figures
