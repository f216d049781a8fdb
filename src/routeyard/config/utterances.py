"""Checks on utterance routes: the example requests of each route and the negatives.

A route's ``when.utterances`` are matched by similarity, with thresholds fitted from the examples
when the router is built (``routeyard.classify.utterances``). What makes a fit meaningless is
caught here, at load time, with the route named: an empty example, a list pasted from a data set,
and the same example twice (in one route it would count as its own nearest neighbour; in two
routes, or as a negative too, it says two contradicting things). Examples are compared as the
embedding reads them: case and runs of whitespace do not matter.
"""

from __future__ import annotations

from collections.abc import Sequence

MAX_UTTERANCES = 200  # per route
MAX_NEGATIVES = 1000
MAX_CHARS = 1000  # per example; the embedding reads at most the first 2048 characters


def normalised(text: str) -> str:
    """The form duplicates are compared in: case-folded, whitespace collapsed."""
    return " ".join(text.casefold().split())


def utterance_problems(
    routes: Sequence[tuple[str, Sequence[str]]], negatives: Sequence[str]
) -> list[str]:
    """``routes``: (name, utterances) in ``policy.routes`` order, empty lists included. Returns
    ``dotted.path: message`` strings, as ``CrossReferenceError`` wants them."""
    problems: list[str] = []
    owner: dict[str, str] = {}  # normalised utterance → the first route that has it
    for i, (name, utterances) in enumerate(routes):
        path = f"policy.routes.{i}.when.utterances"
        if len(utterances) > MAX_UTTERANCES:
            problems.append(
                f"{path}: route {name!r} has {len(utterances)} utterances, at most "
                f"{MAX_UTTERANCES} are allowed (a few dozen typical requests fit a threshold "
                "as well as a data set does)"
            )
            continue
        seen: dict[str, int] = {}
        for j, text in enumerate(utterances):
            key = normalised(text)
            problem = _text_problem(text, key, "utterance")
            if problem is None and key in seen:
                problem = f"{text!r} repeats utterance {seen[key]} of this route"
            elif problem is None and owner.get(key, name) != name:
                problem = f"{text!r} is also an utterance of route {owner[key]!r}"
            if problem is not None:
                problems.append(f"{path}.{j}: route {name!r}: {problem}")
                continue
            seen[key] = j
            owner.setdefault(key, name)
    fitted = any(utterances for _, utterances in routes)
    problems.extend(_negative_problems(negatives, owner, fitted))
    return problems


def _negative_problems(negatives: Sequence[str], owner: dict[str, str], fitted: bool) -> list[str]:
    path = "policy.utterance_negatives"
    if not negatives:
        return []
    if not fitted:
        return [
            f"{path}: no route has when.utterances; negatives are used only to fit those "
            "routes' thresholds"
        ]
    if len(negatives) > MAX_NEGATIVES:
        return [f"{path}: {len(negatives)} negatives, at most {MAX_NEGATIVES} are allowed"]
    problems: list[str] = []
    seen: dict[str, int] = {}
    for j, text in enumerate(negatives):
        key = normalised(text)
        problem = _text_problem(text, key, "negative")
        if problem is None and key in seen:
            problem = f"{text!r} repeats negative {seen[key]}"
        elif problem is None and key in owner:
            problem = f"{text!r} is an utterance of route {owner[key]!r}"
        if problem is not None:
            problems.append(f"{path}.{j}: {problem}")
        else:
            seen[key] = j
    return problems


def _text_problem(text: str, key: str, what: str) -> str | None:
    if not key:
        return f"empty {what}"
    if len(text) > MAX_CHARS:
        return f"{what} of {len(text)} characters; at most {MAX_CHARS} are allowed"
    return None
