"""Documents (PDF and text) across the two chat APIs."""

from __future__ import annotations

import base64
from typing import Any

import pytest

from routeyard.translate import (
    TranslationError,
    anthropic_request_to_openai,
    openai_request_to_anthropic,
)

PDF = base64.b64encode(b"%PDF-1.4 tiny").decode()


def anthropic_body(*blocks: dict[str, Any]) -> dict[str, Any]:
    content = [*blocks, {"type": "text", "text": "Summarise it."}]
    return {"model": "m", "max_tokens": 10, "messages": [{"role": "user", "content": content}]}


def openai_body(*parts: dict[str, Any]) -> dict[str, Any]:
    content = [*parts, {"type": "text", "text": "Summarise it."}]
    return {"model": "m", "messages": [{"role": "user", "content": content}]}


def test_a_pdf_document_becomes_a_file_part_and_back() -> None:
    block = {
        "type": "document",
        "title": "report.pdf",
        "source": {"type": "base64", "media_type": "application/pdf", "data": PDF},
        "cache_control": {"type": "ephemeral"},
        "citations": {"enabled": True},
    }
    part = anthropic_request_to_openai(anthropic_body(block))["messages"][0]["content"][0]
    assert part == {
        "type": "file",
        "file": {"filename": "report.pdf", "file_data": f"data:application/pdf;base64,{PDF}"},
    }
    back = openai_request_to_anthropic(openai_body(part))["messages"][0]["content"][0]
    assert back == {
        "type": "document",
        "source": {"type": "base64", "media_type": "application/pdf", "data": PDF},
        "title": "report.pdf",
    }


def test_an_untitled_pdf_gets_a_file_name() -> None:
    block = {"type": "document", "source": {"type": "base64", "media_type": "application/pdf",
                                            "data": PDF}}  # fmt: skip
    part = anthropic_request_to_openai(anthropic_body(block))["messages"][0]["content"][0]
    assert part["file"]["filename"] == "document.pdf"


def test_text_documents_become_text() -> None:
    plain = {"type": "document", "source": {"type": "text", "media_type": "text/plain",
                                            "data": "The minutes."}}  # fmt: skip
    blocks = {"type": "document", "source": {"type": "content", "content": [
        {"type": "text", "text": "Page one."}, {"type": "image", "source": {}},
        {"type": "text", "text": "Page two."}]}}  # fmt: skip
    content = anthropic_request_to_openai(anthropic_body(plain, blocks))["messages"][0]["content"]
    assert content[:2] == [
        {"type": "text", "text": "The minutes."},
        {"type": "text", "text": "Page one.\nPage two."},
    ]
    text_file = {"type": "file", "file": {
        "file_data": "data:text/plain;base64," + base64.b64encode("Zürich".encode()).decode()}}  # fmt: skip
    block = openai_request_to_anthropic(openai_body(text_file))["messages"][0]["content"][0]
    assert block["source"] == {"type": "text", "media_type": "text/plain", "data": "Zürich"}


@pytest.mark.parametrize(
    ("block", "param"),
    [
        ({"type": "document", "source": {"type": "url", "url": "https://x/a.pdf"}},
         "messages.0.content.0.source.type"),
        ({"type": "document", "source": {"type": "file", "file_id": "file_1"}},
         "messages.0.content.0.source.type"),
        ({"type": "document", "source": {"type": "base64", "media_type": "image/png", "data": "x"}},
         "messages.0.content.0.source.media_type"),
    ],
)  # fmt: skip
def test_anthropic_documents_openai_cannot_take(block: dict[str, Any], param: str) -> None:
    with pytest.raises(TranslationError) as info:
        anthropic_request_to_openai(anthropic_body(block))
    assert info.value.param == param


@pytest.mark.parametrize(
    ("file", "param", "words"),
    [
        ({"file_id": "file-abc"}, "messages.0.content.0.file.file_id", "stored with OpenAI"),
        ({"file_data": "https://x/a.pdf"}, "messages.0.content.0.file.file_data", "data URL"),
        ({"file_data": "data:application/msword;base64,AAAA"},
         "messages.0.content.0.file.file_data", "not supported"),
        ({"file_data": "data:text/plain;base64,!!!"},
         "messages.0.content.0.file.file_data", "not base64"),
    ],
)  # fmt: skip
def test_openai_files_anthropic_cannot_take(file: dict[str, Any], param: str, words: str) -> None:
    with pytest.raises(TranslationError) as info:
        openai_request_to_anthropic(openai_body({"type": "file", "file": file}))
    assert info.value.param == param
    assert words in str(info.value)
