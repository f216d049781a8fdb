"""What the policy decides, and why."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True, frozen=True)
class Candidate:
    """A model to try and why. With ``args``, ``text`` is a ``str.format`` template filled in
    only when the reason is read (by the request log's writer, off the request path): the
    numbers behind a decision cost microseconds to format and most are never shown."""

    model: str
    text: str
    args: tuple[object, ...] = ()

    @property
    def reason(self) -> str:
        return self.text.format(*self.args) if self.args else self.text


@dataclass(slots=True, frozen=True)
class Skipped:
    model: str
    reason: str


@dataclass(slots=True)
class RoutingDecision:
    """An ordered list of candidates to try, each with the reason it is there."""

    route: str
    route_reason: str
    candidates: list[Candidate]
    skipped: list[Skipped] = field(default_factory=list)
    policy_version: str = "1"
    hedge_after_s: float | None = None  # race the second candidate after this long (route)

    def as_dict(self) -> dict[str, object]:
        return {
            "route": self.route,
            "route_reason": self.route_reason,
            "policy_version": self.policy_version,
            "candidates": [{"model": c.model, "reason": c.reason} for c in self.candidates],
            "skipped": [{"model": s.model, "reason": s.reason} for s in self.skipped],
        }
