"""Scorers: how good one model's answer to one prompt is, as a number in [0, 1].

Each scorer is a small object with an async ``score(item)``; a registry maps names to
factories so ``routeyard eval --scorer NAME`` and shadow evaluation pick them from config, and a
project can register its own::

    registry = default_registry()
    scorer = registry.create("numeric", ScorerContext())
    result = await scorer.score(ScoreInput(prompt="2+2?", output="... #### 4", reference="4"))
    assert result.score == 1.0

Reference scorers (``exact``, ``normalised``, ``contains``, ``numeric``, ``choice``) need the
prompt's reference answer (``reference`` or ``answer`` in a routing-eval line); ``regex`` needs a
pattern; ``json`` checks the answer is JSON (and matches ``schema`` when the line carries one);
``recorded`` reads the score the data file recorded for the model (offline evals on the
simulator); ``judge`` and ``pairwise`` ask the configured judge model (``scorers_judge``).
"""

from __future__ import annotations

import re
import string
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Protocol

import orjson

from routeyard.evals.scorers_json import SchemaError, validate


@dataclass(frozen=True, slots=True)
class ScoreInput:
    """One answer to judge, with whatever the data knows about the prompt."""

    prompt: str
    output: str
    model: str = ""
    reference: str | None = None
    category: str | None = None
    schema: Any = None  # a JSON schema the answer must match (json scorer)
    recorded: float | None = None  # the score the data file recorded for this model
    other: str | None = None  # the answer to compare with (pairwise: the served one)


@dataclass(frozen=True, slots=True)
class ScoreResult:
    """``score`` is None when the scorer could not decide (no reference, judge gave no verdict);
    ``detail`` says why, briefly."""

    score: float | None
    detail: str = ""
    judge_model: str | None = None
    judge_cost_usd: float = 0.0


class Scorer(Protocol):
    name: str

    async def score(self, item: ScoreInput) -> ScoreResult: ...


class ScorerError(ValueError):
    """A scorer cannot be built as asked (unknown name, missing judge, bad pattern)."""


# ---------------------------------------------------------------------------------------------
# Reference answers


_ARTICLES = re.compile(r"\b(a|an|the)\b")
_PUNCT = str.maketrans("", "", string.punctuation)


def normalise(text: str) -> str:
    """Lower case, no punctuation, no articles, single spaces.

    >>> normalise("  The Eiffel-Tower! ")
    'eiffeltower'
    """
    text = _ARTICLES.sub(" ", text.lower().translate(_PUNCT))
    return " ".join(text.split())


_NUMBER = r"-?\$?\s?\d[\d,]*(?:\.\d+)?(?:\s*/\s*\d+)?|-?\.\d+"
_GSM8K_FINAL = re.compile(r"####\s*(" + _NUMBER + ")")
_BOXED = re.compile(r"\\boxed\{\s*(" + _NUMBER + r")\s*\}")
_ANSWER_IS = re.compile(r"(?i)answer\s*(?:is|:|=)\s*\**\s*(" + _NUMBER + ")")
_ANY_NUMBER = re.compile(_NUMBER)


def _to_number(text: str) -> Fraction | None:
    cleaned = text.replace(",", "").replace("$", "").replace(" ", "")
    try:
        if "/" in cleaned:
            num, den = cleaned.split("/", 1)
            return Fraction(num) / Fraction(den) if Fraction(den) != 0 else None
        return Fraction(cleaned)
    except (ValueError, ZeroDivisionError):
        return None


def extract_number(text: str) -> Fraction | None:
    """The final numeric answer: GSM8K's ``#### 42``, then ``\\boxed{42}``, then
    "the answer is 42", then the last number in the text.

    >>> extract_number("3 apples and 4 pears: 7 fruits.\\n#### 7")
    Fraction(7, 1)
    >>> extract_number("It costs $1,250.50 in total") == Fraction("1250.50")
    True
    """
    for pattern in (_GSM8K_FINAL, _BOXED, _ANSWER_IS):
        found = pattern.findall(text)
        if found:
            return _to_number(found[-1])
    numbers = _ANY_NUMBER.findall(text)
    return _to_number(numbers[-1]) if numbers else None


_CHOICE_PATTERNS = (
    re.compile(r"(?i)answer\s*(?:is|:)?\s*(?:option\s*)?\(?\**([A-J])\**\)?(?![A-Za-z])"),
    re.compile(r"\(([A-J])\)"),
    re.compile(r"^\s*([A-J])(?:[.):]|\s*$)"),
)


def extract_choice(text: str) -> str | None:
    """A multiple-choice letter (A–J): "The answer is (C)", "Answer: C", "C) ...", "(C)".

    >>> extract_choice("Let me think. The answer is (b).")
    'B'
    >>> extract_choice("C. Paris")
    'C'
    """
    for pattern in _CHOICE_PATTERNS:
        found = pattern.findall(text)
        if found:
            return str(found[-1]).upper()
    return None


@dataclass(slots=True)
class ReferenceScorer:
    """1.0 when ``compare(output, reference)`` holds, else 0.0; None without a reference."""

    name: str
    compare: Callable[[str, str], bool]

    async def score(self, item: ScoreInput) -> ScoreResult:
        if item.reference is None:
            return ScoreResult(None, "no reference answer")
        return ScoreResult(1.0 if self.compare(item.output, item.reference) else 0.0)


def _exact(output: str, reference: str) -> bool:
    return output.strip() == reference.strip()


def _normalised(output: str, reference: str) -> bool:
    return normalise(output) == normalise(reference)


def _contains(output: str, reference: str) -> bool:
    ref = normalise(reference)
    return bool(ref) and f" {ref} " in f" {normalise(output)} "


def _numeric(output: str, reference: str) -> bool:
    want = extract_number(reference)
    got = extract_number(output)
    if want is None or got is None:
        return False
    scale = max(Fraction(1), abs(want))
    return bool(abs(got - want) <= scale / 10**6)


def _choice(output: str, reference: str) -> bool:
    want = extract_choice(reference) or reference.strip().upper()[:1]
    return extract_choice(output) == want


@dataclass(slots=True)
class RegexScorer:
    """1.0 when the pattern (the scorer's, else the prompt's reference) matches the answer."""

    pattern: re.Pattern[str] | None = None
    name: str = "regex"

    async def score(self, item: ScoreInput) -> ScoreResult:
        pattern = self.pattern
        if pattern is None:
            if item.reference is None:
                return ScoreResult(None, "no pattern")
            try:
                pattern = re.compile(item.reference)
            except re.error as exc:
                return ScoreResult(None, f"bad pattern: {exc}")
        return ScoreResult(1.0 if pattern.search(item.output) else 0.0)


_FENCED = re.compile(r"^\s*```[A-Za-z0-9_-]*\s*\n(.*?)\n?```\s*$", re.DOTALL)


@dataclass(slots=True)
class JsonScorer:
    """1.0 for a JSON answer (a Markdown code fence around it is allowed) that matches the
    schema (the scorer's, else the prompt's), 0.0 otherwise."""

    schema: Any = None
    name: str = "json"

    async def score(self, item: ScoreInput) -> ScoreResult:
        text = item.output
        fenced = _FENCED.match(text)
        if fenced:
            text = fenced.group(1)
        try:
            value = orjson.loads(text)
        except orjson.JSONDecodeError:
            return ScoreResult(0.0, "not JSON")
        schema = self.schema if self.schema is not None else item.schema
        if schema is None:
            return ScoreResult(1.0)
        try:
            problems = validate(value, schema)
        except SchemaError as exc:
            return ScoreResult(None, f"unusable schema: {exc}")
        return ScoreResult(0.0, problems[0]) if problems else ScoreResult(1.0)


@dataclass(slots=True)
class RecordedScorer:
    """The score the routing-eval data recorded for this model on this prompt."""

    name: str = "recorded"

    async def score(self, item: ScoreInput) -> ScoreResult:
        if item.recorded is None:
            return ScoreResult(None, "no recorded score for this model")
        return ScoreResult(item.recorded)


# ---------------------------------------------------------------------------------------------
# The registry


# The judge: messages in, (answer text, cost in USD) out.
JudgeFn = Callable[[list[dict[str, Any]]], Awaitable[tuple[str, float]]]


@dataclass(slots=True)
class ScorerContext:
    """What a factory may use: the judge (a call to the configured judge model), its name, a
    rubric template, and scorer options (``pattern`` for regex, ``schema`` for json)."""

    judge: JudgeFn | None = None
    judge_model: str | None = None
    rubric: str | None = None
    options: dict[str, Any] = field(default_factory=dict)


ScorerFactory = Callable[[ScorerContext], Scorer]


class ScorerRegistry:
    def __init__(self) -> None:
        self._factories: dict[str, ScorerFactory] = {}

    def register(self, name: str, factory: ScorerFactory) -> None:
        self._factories[name] = factory

    @property
    def names(self) -> list[str]:
        return sorted(self._factories)

    def create(self, name: str, ctx: ScorerContext) -> Scorer:
        factory = self._factories.get(name)
        if factory is None:
            raise ScorerError(f"unknown scorer {name!r}; choose one of {', '.join(self.names)}")
        return factory(ctx)


def _regex(ctx: ScorerContext) -> Scorer:
    pattern = ctx.options.get("pattern")
    if pattern is None:
        return RegexScorer()
    try:
        return RegexScorer(re.compile(str(pattern)))
    except re.error as exc:
        raise ScorerError(f"regex scorer: bad pattern: {exc}") from None


def _reference_factory(name: str, compare: Callable[[str, str], bool]) -> ScorerFactory:
    def factory(ctx: ScorerContext) -> Scorer:
        return ReferenceScorer(name, compare)

    return factory


def default_registry() -> ScorerRegistry:
    """A fresh registry with every built-in scorer (fresh, so registering one of your own
    never changes another router's)."""
    from routeyard.evals.scorers_judge import PairwiseScorer, RubricScorer

    registry = ScorerRegistry()
    references: tuple[tuple[str, Callable[[str, str], bool]], ...] = (
        ("exact", _exact),
        ("normalised", _normalised),
        ("contains", _contains),
        ("numeric", _numeric),
        ("choice", _choice),
    )
    for name, compare in references:
        registry.register(name, _reference_factory(name, compare))
    registry.register("normalized", lambda ctx: ReferenceScorer("normalised", _normalised))
    registry.register("regex", _regex)
    registry.register("json", lambda ctx: JsonScorer(ctx.options.get("schema")))
    registry.register("recorded", lambda ctx: RecordedScorer())
    registry.register("judge", RubricScorer.from_context)
    registry.register("pairwise", PairwiseScorer.from_context)
    return registry
