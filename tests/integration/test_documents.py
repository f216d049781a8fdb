"""PDF documents through a real gateway with both official SDKs: each API's document form
reaches either upstream (an Anthropic document block becomes an OpenAI file part and back), and
a model without the ``documents`` capability is never given one."""

from __future__ import annotations

import base64
from collections.abc import Iterator

import anthropic
import openai
import pytest

from .conftest import CLIENT_KEY, Proc

pytestmark = pytest.mark.integration

PDF = base64.b64encode(b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF").decode()
QUESTION = "What does this report conclude?"


@pytest.fixture
def oa(gateway: Proc) -> Iterator[openai.OpenAI]:
    with openai.OpenAI(base_url=f"{gateway.url}/v1", api_key=CLIENT_KEY, max_retries=0) as c:
        yield c


@pytest.fixture
def an(gateway: Proc) -> Iterator[anthropic.Anthropic]:
    with anthropic.Anthropic(base_url=gateway.url, api_key=CLIENT_KEY, max_retries=0) as c:
        yield c


def anthropic_document() -> list[dict[str, object]]:
    source = {"type": "base64", "media_type": "application/pdf", "data": PDF}
    return [{"type": "document", "source": source, "title": "report.pdf"},
            {"type": "text", "text": QUESTION}]  # fmt: skip


def openai_file() -> list[dict[str, object]]:
    file = {"filename": "report.pdf", "file_data": f"data:application/pdf;base64,{PDF}"}
    return [{"type": "file", "file": file}, {"type": "text", "text": QUESTION}]


# claude-small: an Anthropic upstream (the document goes as sent); medium: an OpenAI-compatible
# one (it becomes a file part). Both have the documents capability.
@pytest.mark.parametrize("model", ["claude-small", "medium"])
def test_anthropic_sdk_document(an: anthropic.Anthropic, model: str) -> None:
    raw = an.messages.with_raw_response.create(
        model=model, max_tokens=100,
        messages=[{"role": "user", "content": anthropic_document()}],  # type: ignore[typeddict-item]
    )  # fmt: skip
    assert raw.headers["x-routeyard-model"] == model
    message = raw.parse()
    assert message.content[0].type == "text" and message.content[0].text
    assert message.usage.input_tokens > 0


@pytest.mark.parametrize("model", ["claude-small", "medium"])
def test_openai_sdk_file_part(oa: openai.OpenAI, model: str) -> None:
    raw = oa.chat.completions.with_raw_response.create(
        model=model,
        messages=[{"role": "user", "content": openai_file()}],  # type: ignore[misc,list-item]
    )
    assert raw.headers["x-routeyard-model"] == model
    assert raw.parse().choices[0].message.content


def test_routing_keeps_documents_to_capable_models(oa: openai.OpenAI) -> None:
    """Route general's candidates are small, medium, large; only medium reads documents."""
    raw = oa.chat.completions.with_raw_response.create(
        model="auto:general",
        messages=[{"role": "user", "content": openai_file()}],  # type: ignore[misc,list-item]
    )
    assert raw.headers["x-routeyard-model"] == "medium"


def test_a_model_without_the_capability_is_refused(oa: openai.OpenAI) -> None:
    with pytest.raises(openai.BadRequestError) as err:
        oa.chat.completions.create(
            model="small",
            messages=[{"role": "user", "content": openai_file()}],  # type: ignore[misc,list-item]
        )
    assert "lacks capability 'documents'" in str(err.value)


def test_a_file_id_cannot_reach_anthropic(oa: openai.OpenAI) -> None:
    part = {"type": "file", "file": {"file_id": "file-abc123"}}
    with pytest.raises(openai.BadRequestError) as err:
        oa.chat.completions.create(
            model="claude-small",
            messages=[{"role": "user", "content": [part, {"type": "text", "text": "Hi"}]}],  # type: ignore[misc,list-item]
        )
    assert "file_id" in str(err.value)
