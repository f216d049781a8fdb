"""``routeyard route`` shows every utterance route's similarity and fitted threshold."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from routeyard.cli.main import main
from tests.policy._utterances import BILLING, CONFIG, UNRELATED


@pytest.fixture
def config_file(tmp_path: Path) -> str:
    path = tmp_path / "utterances.yaml"
    path.write_text(CONFIG % {"local": "false"}, encoding="utf-8")
    return str(path)


def test_route_json_lists_scores_and_thresholds(
    config_file: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["route", "-c", config_file, "--json", BILLING[0]]) == 0
    data = json.loads(capsys.readouterr().out)
    utterances = data["utterances"]
    assert utterances["match"] == "billing" and utterances["used"]
    assert set(utterances["routes"]) == {"billing", "weather"}
    billing = utterances["routes"]["billing"]
    assert billing["score"] >= billing["threshold"] > 0
    assert data["decision"]["route"] == "billing"
    assert "utterances: billing" in data["decision"]["route_reason"]


def test_route_text_shows_thresholds_even_when_unused(
    config_file: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["route", "-c", config_file, "--model", "small", UNRELATED[0]]) == 0
    out = capsys.readouterr().out
    assert "utterances: no route reaches its threshold   (not needed by this decision" in out
    assert "billing 0." in out and "(threshold 0." in out


def test_route_without_utterance_routes_says_nothing_of_them(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["route", "--json", "hello"]) == 0
    assert json.loads(capsys.readouterr().out)["utterances"] is None
