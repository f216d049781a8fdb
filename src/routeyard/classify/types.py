"""What classification produces."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True)
class Features:
    """Cheap facts about a request, computed once, in microseconds."""

    estimated_tokens: int
    turns: int
    has_code: bool
    has_math: bool
    has_tools: bool
    json_mode: bool
    has_images: bool
    non_english: bool
    route_hint: str | None = None


@dataclass(slots=True)
class Classification:
    features: Features
    labels: list[str]
    # Why each label is there, e.g. {"extraction": "keyword 'extract'"}.
    evidence: dict[str, str] = field(default_factory=dict)
