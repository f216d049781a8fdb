"""Candidate reasons: plain text, or a template filled in when read."""

from __future__ import annotations

from routeyard.policy.decision import Candidate, RoutingDecision


def test_a_template_reason_is_formatted_when_read() -> None:
    c = Candidate("m", "predicted quality {:.2f} ≥ {:.2f}", (0.8125, 0.75))
    assert c.reason == "predicted quality 0.81 ≥ 0.75"
    decision = RoutingDecision("general", "default route", [c])
    assert decision.as_dict()["candidates"] == [
        {"model": "m", "reason": "predicted quality 0.81 ≥ 0.75"}
    ]


def test_plain_text_is_never_formatted() -> None:
    # A reason without arguments is taken as it is, braces included (a route named "{x}").
    assert Candidate("m", "candidate 1 of route {x}").reason == "candidate 1 of route {x}"
    # An argument is never itself a template.
    assert Candidate("m", "{}; demoted", ("route {0}",)).reason == "route {0}; demoted"
