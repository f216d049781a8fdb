"""A call's cost: uncached input, cache reads, cache writes and output, each at its price."""

from __future__ import annotations

import pytest

from routeyard.config.schema import Price
from routeyard.observe.cost import cost_usd
from routeyard.providers.anthropic import usage_from_anthropic
from routeyard.providers.base import Usage


def test_plain_input_and_output() -> None:
    price = Price(input=3, output=15)
    assert cost_usd(price, Usage(1_000_000, 0, 100_000)) == pytest.approx(3 + 1.5)


def test_cache_reads_at_cached_price_or_input() -> None:
    usage = Usage(1_000_000, 800_000, 0)
    assert cost_usd(Price(input=3, output=15, cached_input=0.3), usage) == pytest.approx(
        0.2 * 3 + 0.8 * 0.3
    )
    assert cost_usd(Price(input=3, output=15), usage) == pytest.approx(3)


def test_cache_writes_default_to_anthropics_surcharge() -> None:
    usage = Usage(1_000_000, 0, 0, cache_write_tokens=600_000)
    assert cost_usd(Price(input=3, output=15), usage) == pytest.approx(0.4 * 3 + 0.6 * 3.75)
    priced = Price(input=3, output=15, cache_write=6)
    assert cost_usd(priced, usage) == pytest.approx(0.4 * 3 + 0.6 * 6)


def test_counts_beyond_the_input_are_clipped() -> None:
    # A malformed report cannot make the cost negative or count a token twice.
    usage = Usage(100, 80, 0, cache_write_tokens=50)
    price = Price(input=1_000_000, output=0, cached_input=0, cache_write=2_000_000)
    assert cost_usd(price, usage) == pytest.approx(20 * 2)


def test_anthropic_usage_carries_reads_and_writes() -> None:
    usage = usage_from_anthropic(
        {
            "input_tokens": 10,
            "cache_read_input_tokens": 300,
            "cache_creation_input_tokens": 1200,
            "output_tokens": 7,
        }
    )
    assert usage == Usage(1510, 300, 7, cache_write_tokens=1200)
    price = Price(input=1, output=5, cached_input=0.1)
    assert cost_usd(price, usage) == pytest.approx((10 + 300 * 0.1 + 1200 * 1.25 + 35) / 1e6)


def test_openai_compatible_usage_may_report_cache_writes() -> None:
    from routeyard.providers.openai_compat import usage_from_openai

    plain = {"prompt_tokens": 100, "completion_tokens": 5}
    assert usage_from_openai(plain) == Usage(100, 0, 5)
    details = {"cached_tokens": 60, "cache_write_tokens": 30}
    usage = usage_from_openai({**plain, "prompt_tokens_details": details})
    assert usage == Usage(100, 60, 5, cache_write_tokens=30)
