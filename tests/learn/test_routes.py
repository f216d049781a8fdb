"""Utterance routes: thresholds fitted from examples, matching by similarity."""

from __future__ import annotations

import pytest

from routeyard.learn.embedding import StaticEmbedder
from routeyard.learn.routes import UtteranceRouter, best_threshold, fit_utterance_routes

ROUTES = {
    "billing": [
        "I was charged twice for my order",
        "please refund my payment",
        "update the credit card on my account",
        "why is my invoice so high this month",
    ],
    "weather": [
        "will it rain tomorrow",
        "what is the forecast for Paris this weekend",
        "how hot will it be today",
    ],
}
NEGATIVES = [
    "write a haiku about autumn",
    "explain quicksort in python",
    "who won the football world cup in 1998",
]


def test_best_threshold_by_hand() -> None:
    # Cut 0.775: precision 1, recall 2/3 → F0.5 = 0.909; cut 0.45 (all three in, one negative):
    # precision 3/4, recall 1 → F0.5 = 0.789. Precision wins.
    assert best_threshold([0.9, 0.8, 0.7], [0.2, 0.75]) == pytest.approx(0.775)
    assert best_threshold([0.9, 0.8], [0.1, 0.2]) == pytest.approx(0.5)
    assert best_threshold([0.6], []) == pytest.approx(0.55)


@pytest.fixture(scope="module")
def router(embedder: StaticEmbedder) -> UtteranceRouter:
    return fit_utterance_routes(ROUTES, embedder, negatives=NEGATIVES)


def test_matches_paraphrases_and_rejects_unrelated_prompts(router: UtteranceRouter) -> None:
    match = router.match("my card was charged two times, refund it")
    assert match is not None
    assert match.route == "billing"
    assert match.score >= match.threshold
    weather = router.match("is it going to rain tomorrow in Paris?")
    assert weather is not None
    assert weather.route == "weather"
    assert router.match("implement a binary search tree in rust") is None


def test_every_threshold_separates_its_own_examples_from_the_negatives(
    router: UtteranceRouter, embedder: StaticEmbedder
) -> None:
    for name, cut in router.thresholds.items():
        for text in NEGATIVES:
            assert router.scores(text)[name] < cut


def test_round_trip_through_a_dict(router: UtteranceRouter, embedder: StaticEmbedder) -> None:
    again = UtteranceRouter.from_dict(router.as_dict(), embedder)
    assert again.thresholds == router.thresholds
    assert again.match("refund my order") == router.match("refund my order")


def test_a_route_needs_utterances(embedder: StaticEmbedder) -> None:
    with pytest.raises(ValueError, match="no utterances"):
        fit_utterance_routes({"empty": []}, embedder)
