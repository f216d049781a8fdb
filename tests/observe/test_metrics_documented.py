"""Every metric family the gateway serves is in README.md's table, with its type and labels."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from routeyard.config.default import default_config
from routeyard.router import Router

README = Path(__file__).resolve().parents[2] / "README.md"
_ROW = re.compile(r"^\| `(routeyard_[a-z0-9_]+)` \| (counter|gauge|histogram) \|([^|]*)\|")


def _documented() -> dict[str, tuple[str, tuple[str, ...]]]:
    text = README.read_text(encoding="utf-8")
    section = text[text.index("### Metrics") : text.index("### Traces")]
    found = {}
    for line in section.splitlines():
        m = _ROW.match(line)
        if m:
            labels = tuple(re.findall(r"`([a-z_]+)`", m.group(3)))
            found[m.group(1)] = (m.group(2), labels)
    return found


def _served(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> dict[str, tuple[str, tuple[str, ...]]]:
    monkeypatch.chdir(tmp_path)  # the request log is built (not started) in the folder
    router = Router(default_config(), simulator_url="http://127.0.0.1:9")
    assert router.metrics is not None
    return {name: (kind, labels) for name, kind, labels in router.metrics.registry.families()}


def test_every_metric_is_documented_with_its_type_and_labels(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    served, documented = _served(monkeypatch, tmp_path), _documented()
    assert sorted(set(served) - set(documented)) == [], "served but not in README.md"
    assert sorted(set(documented) - set(served)) == [], "in README.md but not served"
    for name, (kind, labels) in served.items():
        assert documented[name] == (kind, labels), name


def test_names_follow_prometheus_conventions(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    for name, (kind, labels) in _served(monkeypatch, tmp_path).items():
        assert re.fullmatch(r"routeyard_[a-z0-9_]+", name), name
        assert (kind == "counter") == name.endswith("_total"), name
        if kind == "histogram":
            assert name.endswith("_seconds"), name  # base units
        assert not {"ms", "milliseconds", "us", "cents"} & set(name.split("_")), name
        assert all(re.fullmatch(r"[a-z_]+", label) and label != "le" for label in labels), name
