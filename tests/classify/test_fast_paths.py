"""The classifier's shortcuts give the same answers as the plain definitions they stand in for.

The shortcuts (word-set gates before a regex, a digit gate before the math regex) exist for
speed only; these properties check them against the straightforward regex search, over texts
made of the keywords themselves, near misses, digits and the punctuation the word scan splits on.
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from routeyard.classify.features import (
    _CODE_MARKERS,
    _CODE_NOUNS,
    _CODE_VERBS,
    _LANGUAGES,
    _MATH_EXPR,
    BREAKS,
    _has_code,
    _has_math_expression,
    scan_text,
)
from routeyard.classify.rules import _CompiledRule
from routeyard.config.schema import Rule

KEYWORDS = ["step by step", "trade-offs", "explain why", "prove", "label the", "c++", "sentiment"]
RULE = Rule(label="x", keywords=KEYWORDS)
PIECES = [
    *KEYWORDS, "step", "by", "trade", "offs", "explain", "why", "label", "the", "proven",
    "3", "12", "+", "-", "=", "%", "x", "and", " ", " ", ". ", ", ", "(", ")", "\n", "?", "a" * 250,
]  # fmt: skip
texts = st.lists(st.sampled_from(PIECES), max_size=40).map(" ".join)


def reference_rule(text: str) -> str | None:
    pattern = re.compile("|".join(r"\b" + re.escape(k) + r"\b" for k in KEYWORDS), re.IGNORECASE)
    m = pattern.search(text)
    return None if m is None else m.group(0)


@settings(max_examples=300, deadline=None)
@given(texts)
def test_rule_gate_never_changes_the_match(text: str) -> None:
    lower, words = scan_text({"messages": [{"role": "user", "content": text}]})
    assert _CompiledRule(RULE).match(lower, lower, words) == reference_rule(lower)


@settings(max_examples=300, deadline=None)
@given(texts)
def test_digit_gate_never_changes_the_math_answer(text: str) -> None:
    lower = text.lower()
    assert _has_math_expression(lower) == (_MATH_EXPR.search(lower) is not None)


def test_long_text_without_digits_skips_the_regex_and_with_digits_finds_the_expression() -> None:
    prose = "the team met to plan the release " * 20
    assert not _has_math_expression(prose)
    assert _has_math_expression(prose + " what is 3 + 4")
    assert _has_math_expression(prose + " a 15% discount")


MARKER_PIECES = [
    *_CODE_MARKERS, "def", "undef", "write", "python", "malfunction", "function", "(", "console", ".log", "std",
    "::", "+", "`", "#", "=>", "{", "<?", "_", "x", " ", "\n", ". ", "a" * 30,
]  # fmt: skip
_STARTS = "[" + re.escape(BREAKS) + r"\s]"


def reference_has_marker(lower: str) -> bool:
    """A marker that starts with a letter counts at a word start, any other marker anywhere."""
    for marker in _CODE_MARKERS:
        start = "" if not marker[0].isalpha() else rf"(?:^|(?<={_STARTS}))"
        if re.search(start + re.escape(marker), lower):
            return True
    return False


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(MARKER_PIECES), max_size=12).map("".join))
def test_code_marker_gates_never_change_the_answer(text: str) -> None:
    lower, words = scan_text({"messages": [{"role": "user", "content": text}]})
    nouns = not words.isdisjoint(_CODE_NOUNS)
    asked = nouns and not (words.isdisjoint(_LANGUAGES) and words.isdisjoint(_CODE_VERBS))
    assert _has_code(lower, words) == (reference_has_marker(lower) or asked)


def test_a_code_marker_inside_a_longer_word_is_not_code() -> None:
    lower, words = scan_text({"messages": [{"role": "user", "content": "A malfunction (x)"}]})
    assert not _has_code(lower, words)
    lower, words = scan_text({"messages": [{"role": "user", "content": "undef x or def"}]})
    assert not _has_code(lower, words)  # the word "def" is there, but "def " only inside undef
    lower, words = scan_text({"messages": [{"role": "user", "content": "call function(x)"}]})
    assert _has_code(lower, words)


def test_dates_ranges_and_phone_numbers_are_not_arithmetic() -> None:
    for text in ("the meeting on 2026-11-26", "it takes 10-20 minutes", "call 555-0100"):
        assert not _has_math_expression(text), text
    for text in ("what is 12 - 5", "compute 12 -5", "3+4", "7 * 6", "a 15% discount"):
        assert _has_math_expression(text), text
