"""Cost of one call from its usage and the model's price (USD per million tokens)."""

from __future__ import annotations

from routeyard.config.schema import Price
from routeyard.providers.base import Usage


def cost_usd(price: Price, usage: Usage) -> float:
    cached = min(usage.cached_input_tokens, usage.input_tokens)
    cached_price = price.input if price.cached_input is None else price.cached_input
    return (
        (usage.input_tokens - cached) * price.input
        + cached * cached_price
        + usage.output_tokens * price.output
    ) / 1_000_000
