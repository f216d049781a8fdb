from typing import Any

import pytest

from routeyard.classify import RulesClassifier, estimate_tokens
from routeyard.config import default_config
from routeyard.config.schema import ClassifierConfig, Rule


def body(text: str, **extra: Any) -> dict[str, Any]:
    return {"model": "auto", "messages": [{"role": "user", "content": text}], **extra}


@pytest.fixture
def classifier() -> RulesClassifier:
    return RulesClassifier(default_config().classifier)


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("Write a Python function that reverses a string.", "code"),
        ("```\nprint(1)\n```", "code"),
        ("Solve for x: 3x + 7 = 25.", "math"),
        ("What is 17 * 23?", "math"),
        ("Extract the names from this sentence.", "extraction"),
        ("Explain step by step how TLS works.", "reasoning"),
        ("Quelle est la capitale? 東京はどこですか。東京はどこですか。東京は", "non_english"),
    ],
)
def test_labels(classifier: RulesClassifier, text: str, label: str) -> None:
    assert label in classifier.classify(body(text)).labels


@pytest.mark.parametrize(
    ("text", "maths"),
    [
        ("Compute the sum of the first 50 odd numbers.", True),
        ("compute the area of a circle of radius r", True),
        ("A quick one, don't burn compute on it: who wrote Dracula?", False),
        ("Our compute budget is tight; who wrote Dracula?", False),
        ("How much compute does it take to train a 7B model?", False),
    ],
)
def test_compute_as_a_noun_is_not_maths(
    classifier: RulesClassifier, text: str, maths: bool
) -> None:
    assert ("math" in classifier.classify(body(text)).labels) is maths


def test_a_keyword_in_the_writers_own_statement_is_not_a_request(
    classifier: RulesClassifier,
) -> None:
    own = "Let me explain why it matters: my board decides on it. What is the capital of Peru?"
    assert "reasoning" not in classifier.classify(body(own)).labels
    both = "Let me explain why I ask. Then explain why the sky is blue."
    assert "reasoning" in classifier.classify(body(both)).labels
    assert "reasoning" in classifier.classify(body("Explain why the sky is blue.")).labels


def test_plain_question_is_only_short(classifier: RulesClassifier) -> None:
    c = classifier.classify(body("What is the capital of France?"))
    assert c.labels == ["short"]


def test_request_shape_labels(classifier: RulesClassifier) -> None:
    tools = [{"type": "function", "function": {"name": "f", "parameters": {}}}]
    c = classifier.classify(
        {
            "messages": [
                {"role": "user", "content": "hi"},
                {"role": "assistant", "content": "hello"},
                {
                    "role": "user",
                    "content": [
                        {"type": "text", "text": "what is this?"},
                        {"type": "image_url", "image_url": {"url": "data:image/png;base64,AA=="}},
                    ],
                },
            ],
            "tools": tools,
            "response_format": {"type": "json_object"},
        }
    )
    assert {"tools", "json", "vision", "multi_turn"} <= set(c.labels)
    assert c.evidence["multi_turn"] == "2 user turns"


def test_tool_choice_none_is_not_tools(classifier: RulesClassifier) -> None:
    tools = [{"type": "function", "function": {"name": "f"}}]
    assert "tools" not in classifier.classify(body("x", tools=tools, tool_choice="none")).labels


def test_long_prompt(classifier: RulesClassifier) -> None:
    c = classifier.classify(body("word " * 2000))
    assert "long" in c.labels
    assert c.features.estimated_tokens >= 1500


def test_custom_rule_regex_and_evidence() -> None:
    cfg = ClassifierConfig(rules=[Rule(label="ticket", regex=[r"\bJIRA-\d+\b"])])
    c = RulesClassifier(cfg).classify(body("please look at JIRA-1234 today"))
    assert "ticket" in c.labels
    assert c.evidence["ticket"] == "matched 'jira-1234'"


def test_keywords_match_whole_words_only() -> None:
    cfg = ClassifierConfig(rules=[Rule(label="legal", keywords=["tort"])])
    clf = RulesClassifier(cfg)
    assert "legal" not in clf.classify(body("a chocolate torte")).labels
    assert "legal" in clf.classify(body("Is this a TORT?")).labels


def test_estimate_tokens_counts_all_turns_and_tools() -> None:
    short = estimate_tokens(body("a" * 400))
    longer = estimate_tokens(
        {
            "messages": [
                {"role": "system", "content": "b" * 400},
                {"role": "user", "content": "a" * 400},
            ],
            "tools": [{"type": "function", "function": {"name": "x" * 100}}],
        }
    )
    assert 100 <= short <= 110
    assert longer > 2 * short


@pytest.mark.parametrize(
    ("text", "maths"),
    [
        ("(part 2/2) Who wrote Dracula?", False),
        ("Page 3/10 of the minutes: who chaired the meeting?", False),
        ("Step 1/4: open the box. What colour is the cable?", False),
        ("What is 1/2 + 1/3?", True),
        ("Part 2/2: what is 3 + 4?", True),
    ],
)
def test_a_counter_is_not_a_division(classifier: RulesClassifier, text: str, maths: bool) -> None:
    assert ("math" in classifier.classify(body(text)).labels) is maths
