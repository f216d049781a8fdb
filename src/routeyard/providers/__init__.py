"""Providers: one adapter per upstream wire protocol, behind an injectable transport."""

from routeyard.providers.anthropic import AnthropicProvider
from routeyard.providers.base import Call, ChunkStream, Completion, Provider, Usage
from routeyard.providers.openai_compat import OpenAICompatibleProvider
from routeyard.providers.pooled_transport import PooledTransport
from routeyard.providers.registry import build_provider, build_providers
from routeyard.providers.transport import (
    MockResponse,
    MockTransport,
    Transport,
    UpstreamResponse,
)

__all__ = [
    "AnthropicProvider",
    "Call",
    "ChunkStream",
    "Completion",
    "MockResponse",
    "MockTransport",
    "OpenAICompatibleProvider",
    "PooledTransport",
    "Provider",
    "Transport",
    "UpstreamResponse",
    "Usage",
    "build_provider",
    "build_providers",
]
