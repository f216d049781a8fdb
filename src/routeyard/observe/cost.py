"""Cost of one call from its usage and the model's price (USD per million tokens)."""

from __future__ import annotations

from routeyard.config.schema import Price
from routeyard.providers.base import Usage

CACHE_WRITE_FACTOR = 1.25
"""A cache write's price over the input price, when the model's price does not say: Anthropic's
for its 5-minute cache (2 for the 1-hour one)."""


def cost_usd(price: Price, usage: Usage) -> float:
    """Input tokens are priced in three parts: read from a cache, written to one, the rest."""
    cached = min(usage.cached_input_tokens, usage.input_tokens)
    written = min(usage.cache_write_tokens, usage.input_tokens - cached)
    cached_price = price.input if price.cached_input is None else price.cached_input
    write_price = price.cache_write
    if write_price is None:
        write_price = price.input * CACHE_WRITE_FACTOR
    return (
        (usage.input_tokens - cached - written) * price.input
        + cached * cached_price
        + written * write_price
        + usage.output_tokens * price.output
    ) / 1_000_000
