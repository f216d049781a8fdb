"""Evaluation settings: the judge model, what the eval store keeps, and shadow evaluation.

Shadow evaluation sends a share of a route's live requests to other candidate models after the
client has its answer, judges their outputs and stores them (``source = shadow``) next to the
request log. It never delays or changes the client's answer, and it stops spending at a cap.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

# The names a rubric template may use (``$prompt``, ``${answer}``...); anything else is refused
# when the config loads, so a typo never reaches a judge.
RUBRIC_FIELDS = ("prompt", "answer", "reference", "category")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ShadowConfig(_Strict):
    """Per route: also send a share of live requests to other models, off the client's path."""

    fraction: float = Field(
        ge=0,
        le=1,
        description="Share of the route's requests shadowed (one random draw per request).",
    )
    models: list[str] = Field(
        min_length=1,
        description="Models the shadowed requests are also sent to (the model that served the "
        "request is skipped).",
    )
    scorer: Literal["pairwise", "judge", "json", "recorded", "none"] = Field(
        default="pairwise",
        description="How shadow answers are scored: pairwise (the judge compares each with the "
        "served answer: 1 better, 0.5 tie, 0 worse), judge (the judge grades each on the "
        "rubric, 1-10 → 0-1), json (valid JSON: 1, else 0), recorded (the score "
        "evals.data_files recorded for the model on this prompt: offline, simulated models), "
        "none (stored unscored). Scorers other than pairwise also score the served answer. "
        "Streamed requests have no served answer to compare with: pairwise grades them as "
        "judge does.",
    )


class ShadowLimits(_Strict):
    """Bounds on shadow evaluation across all routes: spending and concurrency."""

    max_usd: float = Field(
        default=1.0,
        ge=0,
        description="Spending cap for shadow calls and their judging, per window and gateway "
        "process (each of --workers has its own; a config reload starts afresh); once reached "
        "no new shadow call starts until the window turns (the skipped ones are counted).",
    )
    window: Literal["hour", "day"] = Field(
        default="hour", description="The window the spending cap applies to."
    )
    max_concurrency: int = Field(
        default=4,
        ge=1,
        description="Shadowed requests evaluated at once; the rest wait in a short queue.",
    )
    max_pending: int = Field(
        default=64,
        ge=0,
        description="Shadowed requests waiting for a slot; past this, new ones are dropped and "
        "counted (never queued without bound behind the client's traffic).",
    )


class EvalsConfig(_Strict):
    """`routeyard eval`, feedback and shadow evaluation share these settings."""

    judge_model: str | None = Field(
        default=None,
        description="The model (a configured name) that judges answers for the judge and "
        "pairwise scorers. Needed by shadow routes that use them.",
    )
    rubric: str | None = Field(
        default=None,
        description="A rubric template for single-answer grading; it may use only $prompt, "
        "$answer, $reference, $category ($$ for a dollar sign). The answer is always fenced "
        "and marked as data. Default: a general helpfulness and correctness rubric.",
    )
    store_outputs: bool = Field(
        default=True,
        description="Keep each evaluated answer's text in eval_results.output (redacted by the "
        "request log's rules, cut to output_max_chars).",
    )
    output_max_chars: int = Field(
        default=4000, ge=0, description="Stored answers are cut to this many characters."
    )
    data_files: list[str] = Field(
        default_factory=list,
        description="Routing-eval JSONL files whose recorded scores the recorded scorer reads "
        "(matched on the prompt's text, models by quality_as or the simulator's data_model); "
        "read on first use.",
    )
    shadow: ShadowLimits = Field(
        default_factory=ShadowLimits,
        description="Spending cap and concurrency of shadow evaluation (routes opt in with "
        "their own `shadow` section).",
    )

    @field_validator("rubric")
    @classmethod
    def _known_fields(cls, value: str | None) -> str | None:
        if value is not None:
            from routeyard.evals.template import TemplateError, check_template

            try:
                check_template(value, RUBRIC_FIELDS)
            except TemplateError as exc:
                raise ValueError(str(exc)) from None
        return value
