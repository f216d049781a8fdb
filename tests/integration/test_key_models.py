"""A client key limited to some models never reaches another, whatever its prompt says."""

from __future__ import annotations

import openai
import pytest

from tests.integration.conftest import LIMITED_KEY, Proc

pytestmark = pytest.mark.integration


def client(gateway: Proc) -> openai.OpenAI:
    return openai.OpenAI(base_url=f"{gateway.url}/v1", api_key=LIMITED_KEY, max_retries=0)


def test_auto_routes_only_to_the_keys_models(gateway: Proc) -> None:
    raw = client(gateway).chat.completions.with_raw_response.create(
        model="auto", messages=[{"role": "user", "content": "What is the capital of France?"}]
    )
    assert raw.http_response.status_code == 200
    assert raw.headers["x-routeyard-model"] == "small"


def test_a_route_with_none_of_the_keys_models_is_refused(gateway: Proc) -> None:
    # The code route's candidates are medium and large: classification cannot widen the key.
    with pytest.raises(openai.PermissionDeniedError) as info:
        client(gateway).chat.completions.create(
            model="auto",
            messages=[{"role": "user", "content": "Write a Python function that sorts a list."}],
        )
    assert info.value.code == "model_not_allowed"


def test_naming_a_model_outside_the_key_is_refused(gateway: Proc) -> None:
    with pytest.raises(openai.PermissionDeniedError) as info:
        client(gateway).chat.completions.create(
            model="large", messages=[{"role": "user", "content": "hi"}]
        )
    assert "large" in info.value.message
