"""Answers over HTTP: determinism, and data-backed answers with ``x-sim-score``."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest

from routeyard.simulator import RunningSimulator, SimModel, SimulatorSpec, build_app

from .conftest import TEST_JSONL, StartSim, anthropic_client, openai_client


def messages(text: str) -> list[dict[str, str]]:
    return [{"role": "user", "content": text}]


async def openai_answer(sim: RunningSimulator, model: str, text: str) -> str:
    async with openai_client(sim) as client:
        done = await client.chat.completions.create(model=model, messages=messages(text))
    return done.choices[0].message.content or ""


async def test_same_request_same_answer_across_servers_and_apis(start_sim: StartSim) -> None:
    spec = SimulatorSpec(models=[SimModel(name="a"), SimModel(name="b")], seed=1)
    one, two = await start_sim(spec), await start_sim(spec)
    first = await openai_answer(one, "a", "What is a river?")
    assert first == await openai_answer(two, "a", "What is a river?")
    assert first != await openai_answer(one, "b", "What is a river?")
    assert first != await openai_answer(one, "a", "What is a lake?")
    reseeded = await start_sim(spec.model_copy(update={"seed": 2}))
    assert first != await openai_answer(reseeded, "a", "What is a river?")
    async with anthropic_client(one) as client:
        message = await client.messages.create(
            model="a", max_tokens=100, messages=messages("What is a river?")
        )
    assert message.content[0].type == "text"
    assert message.content[0].text == first


async def test_recorded_output_and_score_are_served(start_sim: StartSim, tmp_path: Path) -> None:
    data = tmp_path / "evals.jsonl"
    record = {
        "id": "x-1",
        "prompt": "What is 6 times 7?",
        "category": "math",
        "source": "unit",
        "results": {"small-llm": {"score": 0.75, "output": "It is 42, of course."}},
    }
    data.write_bytes(orjson.dumps(record) + b"\n")
    model = SimModel(name="m", data_model="small-llm")
    sim = await start_sim(SimulatorSpec(models=[model], data_files=[str(data)]))
    async with openai_client(sim) as client:
        raw = await client.chat.completions.with_raw_response.create(
            model="m", messages=messages("  What is 6 times 7?\n")
        )
        done = raw.parse()
        stream = await client.chat.completions.create(
            model="m", messages=messages("What is 6 times 7?"), stream=True
        )
        streamed = "".join([c.choices[0].delta.content or "" async for c in stream])
        other = await client.chat.completions.with_raw_response.create(
            model="m", messages=messages("Something else")
        )
    assert raw.headers["x-sim-score"] == "0.75"
    assert done.choices[0].message.content == "It is 42, of course."
    assert done.usage is not None
    assert done.usage.completion_tokens == 5
    assert streamed == "It is 42, of course."
    assert "x-sim-score" not in other.headers


async def test_score_from_the_shared_routing_data(start_sim: StartSim) -> None:
    if not TEST_JSONL.is_file():
        pytest.skip(f"routing-eval data not found at {TEST_JSONL}")
    records = [orjson.loads(line) for line in TEST_JSONL.read_bytes().splitlines()[:5]]
    strong = "llama-3.1-nemotron-51b-instruct"
    model = SimModel(name="sim-large", data_model=strong, answer_tokens=30)
    sim = await start_sim(SimulatorSpec(models=[model], data_files=[str(TEST_JSONL)]))
    async with anthropic_client(sim) as client:
        for record in records:
            raw = await client.messages.with_raw_response.create(
                model="sim-large", max_tokens=200, messages=messages(record["prompt"])
            )
            message = await raw.parse()
            assert float(raw.headers["x-sim-score"]) == record["results"][strong]["score"]
            assert message.usage.output_tokens == 30  # no recorded output: generated text


def test_missing_data_file_fails_fast(tmp_path: Path) -> None:
    spec = SimulatorSpec(models=[SimModel(name="m")], data_files=[str(tmp_path / "none.jsonl")])
    with pytest.raises(FileNotFoundError, match=r"none\.jsonl"):
        build_app(spec)
