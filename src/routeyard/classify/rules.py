"""The rules classifier: features and configured keyword/regex rules become labels."""

from __future__ import annotations

import re
from typing import Any

from routeyard.classify.features import extract_features, last_user_text
from routeyard.classify.types import Classification
from routeyard.config.schema import ClassifierConfig


class _CompiledRule:
    __slots__ = ("label", "pattern")

    def __init__(self, label: str, keywords: list[str], regexes: list[str]) -> None:
        alternatives = [r"\b" + re.escape(k) + r"\b" for k in keywords]
        alternatives += [f"(?:{r})" for r in regexes]
        self.label = label
        self.pattern = re.compile("|".join(alternatives), re.IGNORECASE)


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
        self._rules = [_CompiledRule(r.label, r.keywords, r.regex) for r in config.rules]

    def classify(self, body: dict[str, Any], route_hint: str | None = None) -> Classification:
        f = extract_features(body, route_hint)
        labels: list[str] = []
        evidence: dict[str, str] = {}
        tokens = f.estimated_tokens
        if tokens >= self._long:
            labels.append("long")
            evidence["long"] = f"~{tokens} tokens >= {self._long}"
        elif tokens <= self._short:
            labels.append("short")
            evidence["short"] = f"~{tokens} tokens <= {self._short}"
        for flag, label, why in (
            (f.has_tools, "tools", "request offers tools"),
            (f.json_mode, "json", "response_format asks for JSON"),
            (f.has_images, "vision", "request has images"),
            (f.has_code, "code", "code pattern in prompt"),
            (f.has_math, "math", "math pattern in prompt"),
            (f.turns > 1, "multi_turn", f"{f.turns} user turns"),
            (f.non_english, "non_english", "mostly non-ASCII text"),
        ):
            if flag:
                labels.append(label)
                evidence[label] = why
        if self._rules:
            text = last_user_text(body)
            for rule in self._rules:
                if rule.label in evidence:
                    continue
                m = rule.pattern.search(text)
                if m is not None:
                    labels.append(rule.label)
                    evidence[rule.label] = f"matched {m.group(0)!r}"
        return Classification(features=f, labels=labels, evidence=evidence)
