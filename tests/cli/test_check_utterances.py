"""``routeyard check`` and ``routeyard serve`` print each utterance route's fitted threshold;
a config without utterance routes prints nothing more and loads no embedding."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest
import yaml

from routeyard import serving
from routeyard.classify.utterances import UtteranceClassifier
from routeyard.cli.main import main
from routeyard.config import parse_config
from routeyard.learn.embedding import ArtefactError, StaticEmbedder
from routeyard.learn.model import LocalModel
from tests.policy._utterances import CONFIG

WITHOUT_UTTERANCES = """
version: 1
providers: {sim: {kind: simulator}}
models:
  small: {provider: sim, price: {input: 0.1, output: 0.1}}
classifier:
  local_model: {enabled: true}
policy:
  default_route: general
  routes:
    - name: general
      candidates: [small]
"""

# A quick start and stop, and no request log file, for the serve tests.
SERVE = """
server: {drain_delay_s: 0}
observe: {request_log: {backend: "off"}}
"""


def write(tmp_path: Path, text: str) -> str:
    path = tmp_path / "config.yaml"
    path.write_text(text, encoding="utf-8")
    return str(path)


def expected_lines() -> list[str]:
    thresholds = UtteranceClassifier.fit(parse_config(CONFIG % {"local": "false"}, env={}).policy)
    return [
        f"utterance route {name}: threshold {cut:.2f} (5 utterances, 5 negatives)"
        for name, cut in thresholds.thresholds.items()
    ]


def refuse_to_load(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> StaticEmbedder:
        raise AssertionError("an embedding was loaded")

    monkeypatch.setattr(StaticEmbedder, "load", refuse)
    monkeypatch.setattr(LocalModel, "load", refuse)


def test_check_prints_each_fitted_threshold(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", "-c", write(tmp_path, CONFIG % {"local": "false"})]) == 0
    out, err = capsys.readouterr()
    assert yaml.safe_load(out)["policy"]["default_route"] == "general"  # stdout stays YAML
    lines = err.splitlines()
    assert lines[0].startswith("ok: ") and lines[0].endswith("4 routes")
    assert lines[1:] == expected_lines()
    assert [line.split(":")[0] for line in lines[1:]] == [
        "utterance route billing",
        "utterance route weather",
    ]


def test_check_counts_in_the_singular(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = WITHOUT_UTTERANCES.replace("enabled: true", "enabled: false").replace(
        "  routes:\n",
        "  utterance_negatives: [write a haiku about autumn]\n"
        "  routes:\n"
        "    - name: billing\n"
        "      when: {utterances: [I was charged twice for my order]}\n"
        "      candidates: [small]\n",
    )
    assert main(["check", "-c", write(tmp_path, text)]) == 0
    line = capsys.readouterr().err.splitlines()[-1]
    assert line.startswith("utterance route billing: threshold 0.")
    assert line.endswith(" (1 utterance, 1 negative)")


def test_check_without_utterance_routes_prints_and_loads_nothing_more(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    refuse_to_load(monkeypatch)  # the local model is on, but check has no use for it
    assert main(["check", "-c", write(tmp_path, WITHOUT_UTTERANCES)]) == 0
    assert main(["check"]) == 0
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 2 and all(line.startswith("ok: ") for line in lines)


def test_check_fails_when_the_thresholds_cannot_be_fitted(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> StaticEmbedder:
        raise ArtefactError("vectors.npy: missing")

    monkeypatch.setattr(StaticEmbedder, "load", broken)
    assert main(["check", "-c", write(tmp_path, CONFIG % {"local": "false"})]) == 1
    err = capsys.readouterr().err
    assert err == "routeyard: utterance routes: vectors.npy: missing\n"


def serve_once(
    config_file: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> list[str]:
    """Run ``routeyard serve`` in this process until it has printed its start-up text."""
    real = serving.status

    def status(text: str) -> None:
        real(text)
        if "listening on" in text:
            os.kill(os.getpid(), signal.SIGTERM)  # handled by serve: drain and stop

    monkeypatch.setattr(serving, "status", status)
    assert main(["serve", "-c", config_file, "--port", "0"]) == 0
    return capsys.readouterr().err.splitlines()


def test_serve_prints_each_fitted_threshold_at_start_up(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    lines = serve_once(write(tmp_path, CONFIG % {"local": "false"} + SERVE), capsys, monkeypatch)
    assert lines[0].startswith("routeyard listening on http://127.0.0.1:")
    assert lines[1:3] == expected_lines()
    assert lines[3:] == ["routeyard draining", "routeyard stopping"]


def test_serve_without_utterance_routes_prints_only_where_it_listens(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    text = WITHOUT_UTTERANCES.replace("enabled: true", "enabled: false") + SERVE
    refuse_to_load(monkeypatch)
    lines = serve_once(write(tmp_path, text), capsys, monkeypatch)
    assert lines[0].startswith("routeyard listening on ")
    assert lines[1:] == ["routeyard draining", "routeyard stopping"]
