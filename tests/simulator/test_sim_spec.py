from __future__ import annotations

from pathlib import Path

import orjson
import pytest
from pydantic import ValidationError

from routeyard.simulator import FaultSpec, SimModel, SimulatorSpec, default_spec, load_spec


def test_default_spec_models() -> None:
    spec = default_spec()
    rows = [
        (m.name, m.ttft_ms, m.tokens_per_s, m.answer_tokens, m.context_window, m.data_model)
        for m in spec.models
    ]
    assert rows == [
        ("sim-small", 20, 400, 40, 16000, "llama-3.1-8b-instruct"),
        ("sim-medium", 60, 150, 60, 64000, "llama-3.3-nemotron-super-49b-v1"),
        ("sim-large", 150, 60, 80, 128000, "llama-3.1-nemotron-51b-instruct"),
        ("sim-embed", 5, 0, 1, 128000, None),
    ]
    assert all(m.faults == FaultSpec() for m in spec.models)


def test_default_spec_answers_as_the_embedded_defaults_quality_as() -> None:
    """A simulated model's data and the local model's predictions name the same model."""
    from routeyard.config.default import default_config

    models = default_config().models
    assert {m.name: m.data_model for m in default_spec().models} == {
        name: m.quality_as for name, m in models.items()
    }


def test_load_yaml_resolves_data_files_next_to_the_spec(tmp_path: Path) -> None:
    (tmp_path / "spec.yaml").write_text(
        "seed: 3\n"
        "data_files: [evals.jsonl]\n"
        "models:\n"
        "  - name: a\n"
        "    faults: {error_rate: 0.5, outage_windows: [[1, 2]]}\n"
    )
    spec = load_spec(str(tmp_path / "spec.yaml"))
    assert spec.seed == 3
    assert spec.data_files == [str(tmp_path / "evals.jsonl")]
    assert spec.models[0].faults.error_rate == 0.5
    assert spec.models[0].faults.outage_windows == [(1.0, 2.0)]


def test_load_json(tmp_path: Path) -> None:
    path = tmp_path / "spec.json"
    path.write_bytes(orjson.dumps({"models": [{"name": "a", "ttft_ms": 5}]}))
    assert load_spec(str(path)).models[0].ttft_ms == 5


def test_load_names_the_file_on_error(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("models: [{name: a, speed: 3}]\n")
    with pytest.raises(ValueError, match=r"(?s)bad\.yaml.*models\.0\.speed"):
        load_spec(str(path))


@pytest.mark.parametrize(
    "raw",
    [
        {"models": []},
        {"models": [{"name": "a"}, {"name": "a"}]},
        {"models": [{"name": "a", "faults": {"error_rate": 1.5}}]},
        {"models": [{"name": "a", "faults": {"outage_windows": [[5, 1]]}}]},
        {"models": [{"name": "a", "faults": {"nonsense": 1}}]},
        {"models": [{"name": "a"}], "chunk_tokens": 0},
    ],
)
def test_invalid_specs_are_rejected(raw: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        SimulatorSpec.model_validate(raw)


def test_models_do_not_share_fault_defaults() -> None:
    a, b = SimModel(name="a"), SimModel(name="b")
    assert a.faults is not b.faults
