"""Document (PDF and plain text) content, both directions.

    Anthropic {"type": "document", "title": T,
               "source": {"type": "base64", "media_type": "application/pdf", "data": D}}
        ↔ OpenAI {"type": "file",
                  "file": {"filename": T, "file_data": "data:application/pdf;base64,D"}}
    Anthropic {"type": "document", "source": {"type": "text", "data": S}}
        → OpenAI {"type": "text", "text": S}
    Anthropic {"type": "document", "source": {"type": "content", "content": [text blocks]}}
        → OpenAI {"type": "text", "text": the blocks' text}
    OpenAI file_data of media type text/plain → Anthropic {"type": "document", "source": {"type":
        "text", "media_type": "text/plain", "data": the decoded text}}

Anthropic ``url`` and ``file`` sources (a URL, a Files API id) and OpenAI ``file_id`` (an id in
OpenAI's file store) mean nothing to the other provider and raise ``TranslationError``; so do
media types other than PDF and plain text. ``citations``, ``context`` and ``cache_control``
have no OpenAI counterpart and are dropped.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Mapping
from typing import Any

from ._fields import as_list, as_mapping, as_str
from .errors import TranslationError

__all__ = ["anthropic_document_from_openai", "openai_document_from_anthropic"]

PDF = "application/pdf"
TEXT = "text/plain"
DEFAULT_FILENAME = "document.pdf"


def openai_document_from_anthropic(block: Mapping[str, Any], param: str) -> dict[str, Any]:
    source = as_mapping(block.get("source"), f"{param}.source")
    kind = source.get("type")
    if kind == "base64":
        media_type = as_str(source.get("media_type"), f"{param}.source.media_type")
        if media_type != PDF:
            raise TranslationError(
                f"document media type {media_type!r}: only {PDF} is sent as a file",
                f"{param}.source.media_type",
            )
        data = as_str(source.get("data"), f"{param}.source.data")
        title = block.get("title")
        filename = title if isinstance(title, str) and title else DEFAULT_FILENAME
        file = {"filename": filename, "file_data": f"data:{PDF};base64,{data}"}
        return {"type": "file", "file": file}
    if kind == "text":
        return {"type": "text", "text": as_str(source.get("data"), f"{param}.source.data")}
    if kind == "content":
        texts = []
        for j, raw in enumerate(as_list(source.get("content"), f"{param}.source.content")):
            inner = as_mapping(raw, f"{param}.source.content.{j}")
            if inner.get("type") == "text":
                texts.append(as_str(inner.get("text"), f"{param}.source.content.{j}.text"))
        return {"type": "text", "text": "\n".join(texts)}
    raise TranslationError(
        f"document source type {kind!r} cannot be sent to an OpenAI-compatible model "
        "(use base64 or text)",
        f"{param}.source.type",
    )


def anthropic_document_from_openai(part: Mapping[str, Any], param: str) -> dict[str, Any]:
    file = as_mapping(part.get("file"), f"{param}.file")
    if file.get("file_id") is not None:
        raise TranslationError(
            "file_id names a file stored with OpenAI, which Anthropic models cannot read; "
            "send file_data instead",
            f"{param}.file.file_id",
        )
    url = as_str(file.get("file_data"), f"{param}.file.file_data")
    header, sep, data = url[5:].partition(",") if url.startswith("data:") else ("", "", "")
    media_type, _, encoding = header.partition(";")
    if not sep or encoding != "base64":
        raise TranslationError(
            "file_data must be a base64 data URL (data:application/pdf;base64,…)",
            f"{param}.file.file_data",
        )
    block: dict[str, Any]
    if media_type == PDF:
        block = {"type": "document", "source": {"type": "base64", "media_type": PDF, "data": data}}
    elif media_type == TEXT:
        try:
            text = base64.b64decode(data, validate=True).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError):
            raise TranslationError(
                "file_data is not base64 of UTF-8 text", f"{param}.file.file_data"
            ) from None
        block = {"type": "document", "source": {"type": "text", "media_type": TEXT, "data": text}}
    else:
        raise TranslationError(
            f"file media type {media_type!r} is not supported by Anthropic models "
            f"(use {PDF} or {TEXT})",
            f"{param}.file.file_data",
        )
    filename = file.get("filename")
    if isinstance(filename, str) and filename:
        block["title"] = filename
    return block
