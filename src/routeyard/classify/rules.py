"""The rules classifier: features and configured keyword/regex rules become labels."""

from __future__ import annotations

import re
from typing import Any

from routeyard.classify.directives import GATE_WORDS, strip_claims, strip_metadata
from routeyard.classify.features import WATCHED_WORDS, WORD_BREAKS, extract_features, scan_text
from routeyard.classify.lexicon import WordFinder
from routeyard.classify.types import Classification
from routeyard.config.schema import ClassifierConfig, Rule

# A keyword in the writer's own statement ("let me explain why it matters", "I'll analyse the
# results myself") is not a request for that work, so it does not label the request.
_OWN_WORDS = re.compile(
    r"\b(?:let me|let us|let's|i'll|i will|i am going to|i'm going to|i'd like to)\s+$",
    re.IGNORECASE,
)


class _CompiledRule:
    """One rule, matched cheaply: keywords by set lookups in the text's word set.

    A single-word keyword is a lookup; a phrase (``step by step``, ``trade-offs``) needs all of
    its words in the set. The regex (word-bounded keywords plus the rule's own regexes) runs only
    when that cheap test says a keyword may be there, or when the rule has regexes of its own.
    The word set splits on ASCII punctuation, so a keyword glued to other symbols
    (``+step by step``) is not seen; that is the price of not scanning the text per phrase.
    """

    __slots__ = ("has_regex", "label", "pattern", "phrases", "words")

    def __init__(self, rule: Rule) -> None:
        keywords = [k.lower() for k in rule.keywords]
        self.label = rule.label
        self.words = frozenset(k for k in keywords if re.fullmatch(r"[a-z][a-z0-9+#]*", k))
        self.phrases = tuple(
            frozenset(k.translate(WORD_BREAKS).split()) for k in keywords if k not in self.words
        )
        self.has_regex = bool(rule.regex)
        alternatives = [r"\b" + re.escape(k) + r"\b" for k in keywords]
        alternatives += [f"(?:{r})" for r in rule.regex]
        self.pattern = re.compile("|".join(alternatives), re.IGNORECASE)

    def match(self, text: str, lower: str, words: frozenset[str]) -> str | None:
        maybe = self.has_regex or not words.isdisjoint(self.words)
        if not maybe:
            maybe = any(words.issuperset(p) for p in self.phrases)
        if not maybe:
            return None
        for m in self.pattern.finditer(text):
            at = m.start()
            if at < 3 or _OWN_WORDS.search(text, max(0, at - 24), at) is None:
                return m.group(0)
        return None


class RulesClassifier:
    """Labels a request from cheap features and configured rules.

    >>> from routeyard.config.schema import ClassifierConfig, Rule
    >>> c = RulesClassifier(ClassifierConfig(rules=[Rule(label="legal", keywords=["contract"])]))
    >>> c.classify({"messages": [{"role": "user", "content": "Review this contract"}]}).labels
    ['short', 'legal']
    """

    def __init__(self, config: ClassifierConfig) -> None:
        self._long = config.long_prompt_tokens
        self._short = config.short_prompt_tokens
        self._rules = [_CompiledRule(r) for r in config.rules]
        self._ignore_directives = config.ignore_directives
        watched = set(WATCHED_WORDS | GATE_WORDS)
        for rule in self._rules:
            watched.update(rule.words, *rule.phrases)
        self._finder = WordFinder(watched)

    def classify(
        self, body: dict[str, Any], route_hint: str | None = None, text: str | None = None
    ) -> Classification:
        """``text``: what to read instead of the last user message (the planner's segment
        filter's output); the request's size, turns, tools and images still come from ``body``."""
        lower, scanned = scan_text(body, self._finder.words, text)
        words, set_aside = scanned, 0
        if self._ignore_directives:
            lower, words, set_aside = strip_metadata(lower, scanned)
            lower, words, claims = strip_claims(lower, words)
            set_aside += claims
        f = extract_features(body, route_hint, (lower, words))
        labels: list[str] = []
        evidence: dict[str, str] = {}
        tokens = f.estimated_tokens
        if tokens >= self._long:
            labels.append("long")
            evidence["long"] = f"~{tokens} tokens >= {self._long}"
        elif tokens <= self._short:
            labels.append("short")
            evidence["short"] = f"~{tokens} tokens <= {self._short}"
        if f.has_tools:
            labels.append("tools")
            evidence["tools"] = "request offers tools"
        if f.json_mode:
            labels.append("json")
            evidence["json"] = "response_format asks for JSON"
        if f.has_images:
            labels.append("vision")
            evidence["vision"] = "request has images"
        if f.has_documents:
            labels.append("documents")
            evidence["documents"] = "request has documents (file parts)"
        if f.has_code:
            labels.append("code")
            evidence["code"] = "code markers in prompt"
        if f.has_math:
            labels.append("math")
            evidence["math"] = "math terms or expressions in prompt"
        if f.turns > 1:
            labels.append("multi_turn")
            evidence["multi_turn"] = f"{f.turns} user turns"
        if f.non_english:
            labels.append("non_english")
            evidence["non_english"] = "mostly non-ASCII text"
        if self._rules:
            text = lower  # rules are case-insensitive; the scan already lower-cased the text
            for rule in self._rules:
                if rule.label in evidence:
                    continue
                hit = rule.match(text, lower, words)
                if hit is not None:
                    labels.append(rule.label)
                    evidence[rule.label] = f"matched {hit!r}"
        return Classification(
            features=f,
            labels=labels,
            evidence=evidence,
            set_aside=set_aside,
            layers=["rules"],
            words=scanned,
        )
