"""Build one provider adapter per configured provider."""

from __future__ import annotations

from routeyard.config.schema import Config, ProviderConfig
from routeyard.providers.anthropic import AnthropicProvider
from routeyard.providers.base import Provider
from routeyard.providers.openai_compat import OpenAICompatibleProvider
from routeyard.providers.transport import Transport


def build_provider(
    config: ProviderConfig, transport: Transport, simulator_url: str | None
) -> Provider:
    if config.kind == "anthropic":
        assert config.base_url is not None
        return AnthropicProvider(config, transport, config.base_url)
    if config.kind == "simulator":
        url = config.base_url or simulator_url
        if url is None:
            raise RuntimeError("a simulator provider needs the embedded simulator's address")
        return OpenAICompatibleProvider(config, transport, url.rstrip("/") + "/v1")
    assert config.base_url is not None
    return OpenAICompatibleProvider(config, transport, config.base_url)


def build_providers(
    config: Config, transport: Transport, simulator_url: str | None = None
) -> dict[str, Provider]:
    return {
        name: build_provider(p, transport, simulator_url) for name, p in config.providers.items()
    }
