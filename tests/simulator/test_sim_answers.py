"""Deterministic text, placeholder JSON and the routing-eval data index."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest

from routeyard.simulator.answers import AnswerBook
from routeyard.simulator.schema_fill import placeholder
from routeyard.simulator.wordgen import generate_tokens, split_tokens, stable_key

from .conftest import TEST_JSONL


def test_generated_tokens_are_stable_and_keyed() -> None:
    key = stable_key("sim-small", "0", "What is 2+2?")
    tokens = generate_tokens(key, 40)
    assert len(tokens) == 40
    assert tokens == generate_tokens(stable_key("sim-small", "0", "What is 2+2?"), 40)
    assert tokens != generate_tokens(stable_key("sim-large", "0", "What is 2+2?"), 40)
    assert tokens != generate_tokens(stable_key("sim-small", "1", "What is 2+2?"), 40)
    text = "".join(tokens)
    assert text[0].isupper()
    assert text.endswith(".")
    assert split_tokens(text) == tokens


def test_stable_key_does_not_depend_on_process_hash_salt() -> None:
    # A fixed digest: would change if the key were built on Python's salted hash().
    assert stable_key("a", "b").hex() == stable_key("a", "b").hex()
    assert stable_key("ab", "") != stable_key("a", "b")


@pytest.mark.parametrize("count", [1, 2, 6, 7, 15, 100])
def test_generated_length_is_exact(count: int) -> None:
    assert len(generate_tokens(stable_key("k"), count)) == count


def test_split_tokens_round_trips_text() -> None:
    text = "Hello,  world!\nNew line\ttab."
    assert "".join(split_tokens(text)) == text
    assert split_tokens("") == []


def test_placeholder_fills_required_properties_with_typed_values() -> None:
    schema = {
        "type": "object",
        "properties": {
            "city": {"type": "string"},
            "days": {"type": "integer", "minimum": 3},
            "temp": {"type": "number"},
            "metric": {"type": "boolean"},
            "unit": {"type": "string", "enum": ["c", "f"]},
            "when": {"type": "string", "format": "date"},
            "tags": {"type": "array", "items": {"type": "string"}},
            "where": {"$ref": "#/$defs/Place"},
            "note": {"anyOf": [{"type": "null"}, {"type": "integer"}]},
            "kind": {"const": "x"},
            "optional": {"type": "string"},
        },
        "required": [
            *("city", "days", "temp", "metric", "unit"),
            *("when", "tags", "where", "note", "kind"),
        ],
        "$defs": {
            "Place": {
                "type": "object",
                "properties": {"lat": {"type": "number"}},
                "required": ["lat"],
            }
        },
    }
    assert placeholder(schema) == {
        "city": "example",
        "days": 3,
        "temp": 1.0,
        "metric": True,
        "unit": "c",
        "when": "2024-01-01",
        "tags": ["example"],
        "where": {"lat": 1.0},
        "note": 1,
        "kind": "x",
    }


def test_placeholder_survives_recursive_and_odd_schemas() -> None:
    recursive = {
        "$ref": "#/$defs/Node",
        "$defs": {
            "Node": {
                "type": "object",
                "properties": {"next": {"$ref": "#/$defs/Node"}},
                "required": ["next"],
            }
        },
    }
    orjson.dumps(placeholder(recursive))  # terminates and is JSON
    assert placeholder({}) == "example"
    assert placeholder({"type": ["null", "integer"]}) == 1
    assert placeholder({"type": "object"}) == {}


def test_answer_book_reads_nothing_until_asked(tmp_path: Path) -> None:
    path = tmp_path / "evals.jsonl"
    book = AnswerBook([str(path)], data_models={"m"})  # the file does not exist yet
    path.write_bytes(
        orjson.dumps({"prompt": " Hi there \n", "results": {"m": {"score": 0.5, "output": "Yo"}}})
        + b"\n\n"
        + orjson.dumps({"prompt": "Other", "results": {"n": {"score": 1}}})
        + b"\n"
    )
    found = book.lookup("Hi there", "m")
    assert found is not None
    assert (found.score, found.output) == (0.5, "Yo")
    assert book.lookup("Other", "n") is None  # "n" is not a model the simulator plays
    assert book.lookup("Unknown", "m") is None


def test_answer_book_reports_bad_lines(tmp_path: Path) -> None:
    path = tmp_path / "evals.jsonl"
    path.write_text('{"prompt": "a", "results": {}}\nnot json\n')
    book = AnswerBook([str(path)], data_models={"m"})
    with pytest.raises(ValueError, match=r"evals\.jsonl:2"):
        book.lookup("a", "m")


def test_answer_book_on_the_shared_routing_data() -> None:
    if not TEST_JSONL.is_file():
        pytest.skip(f"routing-eval data not found at {TEST_JSONL}")
    record = orjson.loads(TEST_JSONL.read_bytes().splitlines()[0])
    book = AnswerBook([str(TEST_JSONL)], data_models={"llama-3.1-8b-instruct"})
    found = book.lookup(record["prompt"].strip(), "llama-3.1-8b-instruct")
    assert found is not None
    assert found.score == record["results"]["llama-3.1-8b-instruct"]["score"]
    assert found.output is None
