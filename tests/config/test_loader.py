from pathlib import Path

import pytest

from routeyard.config import ConfigError, default_config, load_config, parse_config

ROOT = Path(__file__).resolve().parents[2]

GOOD = """\
version: 1
providers:
  openai:
    kind: openai
    base_url: https://api.openai.com/v1
    api_key: ${OPENAI_API_KEY}
models:
  small:
    provider: openai
    model: gpt-4o-mini
    price: {input: 0.15, output: 0.6}
  big:
    provider: openai
    price: {input: 2.5, output: 10}
policy:
  default_route: general
  routes:
    - name: general
      candidates: [small, big]
"""


def test_good_config_interpolates_env() -> None:
    cfg = parse_config(GOOD, env={"OPENAI_API_KEY": "sk-test-123"})
    key = cfg.providers["openai"].api_key
    assert key is not None and key.get_secret_value() == "sk-test-123"
    assert cfg.models["small"].model == "gpt-4o-mini"
    # secrets never appear in a dump
    assert "sk-test-123" not in str(cfg.model_dump(mode="json"))


def test_env_default_syntax() -> None:
    text = GOOD.replace("${OPENAI_API_KEY}", "${OPENAI_API_KEY:-fallback}")
    cfg = parse_config(text, env={})
    key = cfg.providers["openai"].api_key
    assert key is not None and key.get_secret_value() == "fallback"


def test_missing_env_names_path_and_line() -> None:
    with pytest.raises(ConfigError) as info:
        parse_config(GOOD, env={})
    (problem,) = info.value.problems
    assert problem.path == "providers.openai.api_key"
    assert problem.line == 6
    assert "OPENAI_API_KEY" in problem.message


def test_unknown_key_is_rejected_with_line() -> None:
    text = GOOD.replace("    model: gpt-4o-mini\n", "    model: gpt-4o-mini\n    modle: typo\n")
    with pytest.raises(ConfigError) as info:
        parse_config(text, env={"OPENAI_API_KEY": "k"})
    (problem,) = info.value.problems
    assert problem.path == "models.small.modle"
    assert problem.line == 11
    assert problem.message == "unknown key"


def test_cross_references_are_checked() -> None:
    text = GOOD.replace("candidates: [small, big]", "candidates: [small, huge]").replace(
        "default_route: general", "default_route: nowhere"
    )
    with pytest.raises(ConfigError) as info:
        parse_config(text, env={"OPENAI_API_KEY": "k"})
    paths = {p.path: p for p in info.value.problems}
    assert "unknown model 'huge'" in paths["policy.routes.0.candidates"].message
    assert paths["policy.routes.0.candidates"].line == 19
    assert "unknown route 'nowhere'" in paths["policy.default_route"].message


def test_bad_values_and_version() -> None:
    text = GOOD.replace("version: 1", "version: 2").replace("input: 0.15", "input: -1")
    with pytest.raises(ConfigError) as info:
        parse_config(text, env={"OPENAI_API_KEY": "k"})
    paths = {p.path for p in info.value.problems}
    assert paths == {"version", "models.small.price.input"}


def test_yaml_syntax_error_has_line() -> None:
    with pytest.raises(ConfigError) as info:
        parse_config("version: 1\nproviders: [\n", env={})
    assert info.value.problems[0].line is not None


def test_duplicate_keys_rejected() -> None:
    text = GOOD.replace("  big:\n", "  small:\n")
    with pytest.raises(ConfigError) as info:
        parse_config(text, env={"OPENAI_API_KEY": "k"})
    assert any(p.message == "duplicate key" for p in info.value.problems)


def test_reserved_model_names() -> None:
    text = GOOD.replace("  big:\n", "  auto:\n").replace("[small, big]", "[small]")
    with pytest.raises(ConfigError) as info:
        parse_config(text, env={"OPENAI_API_KEY": "k"})
    assert "reserved" in str(info.value)


def test_unauthenticated_non_loopback_refused() -> None:
    text = GOOD + "server:\n  host: 0.0.0.0\n"
    with pytest.raises(ConfigError) as info:
        parse_config(text, env={"OPENAI_API_KEY": "k"})
    assert "client_keys" in str(info.value)


def test_embedded_default_is_valid() -> None:
    cfg = default_config()
    assert cfg.chat_models() == ["sim-small", "sim-medium", "sim-large"]
    assert set(cfg.models) == {*cfg.chat_models(), "sim-embed"}
    assert cfg.policy.baseline == "sim-large"


def test_shipped_example_is_valid() -> None:
    env = {
        "OPENAI_API_KEY": "sk-x",
        "ANTHROPIC_API_KEY": "sk-ant-x",
        "ROUTEYARD_CLIENT_KEY_SHA256": "0" * 64,
    }
    cfg = load_config(ROOT / "examples" / "real-providers.yaml", env=env)
    assert {p.kind for p in cfg.providers.values()} == {"openai", "anthropic"}


def test_unreadable_file() -> None:
    with pytest.raises(ConfigError, match="cannot read"):
        load_config("/nonexistent/routeyard.yaml")


def test_embedding_models_stay_out_of_routes_and_off_anthropic() -> None:
    text = GOOD.replace(
        "    price: {input: 2.5, output: 10}\n",
        "    price: {input: 2.5, output: 10}\n    capabilities: [embeddings]\n",
    )
    with pytest.raises(ConfigError) as info:
        parse_config(text, env={"OPENAI_API_KEY": "k"})
    (problem,) = info.value.problems
    assert problem.path == "policy.routes.0.candidates"
    assert "'big' is an embedding model" in problem.message
    served = text.replace("candidates: [small, big]", "candidates: [small]")
    assert (
        "embeddings" in parse_config(served, env={"OPENAI_API_KEY": "k"}).models["big"].capabilities
    )
    anthropic = served.replace("kind: openai", "kind: anthropic")
    with pytest.raises(ConfigError) as info:
        parse_config(anthropic, env={"OPENAI_API_KEY": "k"})
    assert "no embeddings endpoint" in info.value.problems[0].message


def test_fallbacks_do_not_cross_between_chat_and_embeddings() -> None:
    text = GOOD.replace(
        "    price: {input: 2.5, output: 10}\n",
        "    price: {input: 2.5, output: 10}\n    capabilities: [embeddings]\n",
    ).replace("candidates: [small, big]", "candidates: [small]")
    chat_to_embed = text.replace(
        "    model: gpt-4o-mini\n", "    model: gpt-4o-mini\n    fallbacks: [big]\n"
    )
    with pytest.raises(ConfigError) as info:
        parse_config(chat_to_embed, env={"OPENAI_API_KEY": "k"})
    assert info.value.problems[0].path == "models.small.fallbacks"
    assert "'big' is an embedding model" in info.value.problems[0].message
    cfg = parse_config(text, env={"OPENAI_API_KEY": "k"})
    assert cfg.chat_models() == ["small"]
