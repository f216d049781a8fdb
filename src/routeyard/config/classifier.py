"""Settings of the learned layers of classification: the local model and the LLM classifier.

The cascade runs rules first (always), then the local model (when enabled), then the LLM
classifier (when configured, and only where the local model is unsure). A layer that fails or
runs late is skipped, never fatal: the request is routed on what the earlier layers said.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class LocalModelConfig(_Strict):
    """A small model on the CPU: static embeddings plus trained heads, well under a millisecond.

    It predicts the prompt's category, a model-agnostic ``difficulty`` in [0, 1] (how likely a
    small model is to fail on it) and, for each model in its training data, the expected quality
    of that model's answer. Routes use them through ``when.category``, ``when.min_difficulty`` /
    ``max_difficulty`` and the ``quality`` / ``utility`` strategies.
    """

    enabled: bool = Field(
        default=False,
        description="Run the local model on every routed request (the embedded default does).",
    )
    path: str | None = Field(
        default=None,
        description="A model directory written by `routeyard train`; omit for the one shipped "
        "in the package (trained on the shared routing data).",
    )
    max_chars: int = Field(
        default=2048,
        gt=0,
        description="Only the start of the last user message is read, which bounds the time "
        "per request; the model then reads at most the tokens it was trained on (256 for the "
        "shipped one).",
    )
    min_confidence: float = Field(
        default=0.5,
        ge=0,
        le=1,
        description="A category predicted with less probability than this does not match "
        "`when.category`, and counts as unsure for the LLM classifier.",
    )


class LlmClassifierConfig(_Strict):
    """A cheap configured model asked for the category and difficulty, as a last, optional layer.

    The rubric is the system prompt; the caller's text goes only inside the user turn, fenced,
    and the answer must be JSON with known keys, so a prompt that argues with the rubric can at
    worst change its own category, never which models its key may reach.
    """

    model: str = Field(
        description="A configured model (e.g. the cheapest) that answers the rubric."
    )
    when: str = Field(
        default="unsure",
        pattern=r"^(unsure|always)$",
        description="unsure: only when the local model's category confidence is below "
        "min_confidence (or it is off); always: every routed request.",
    )
    budget_ms: float = Field(
        default=300.0,
        gt=0,
        description="Give up after this long and route on the earlier layers.",
    )
    cache_size: int = Field(
        default=10_000,
        ge=0,
        description="Answers remembered by prompt hash (0: no cache).",
    )
    max_chars: int = Field(
        default=4000, gt=0, description="Characters of the last user message sent to it."
    )
