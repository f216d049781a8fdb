"""Image content, both directions.

    Anthropic {"type": "image", "source": {"type": "base64", "media_type": M, "data": D}}
        ↔ OpenAI {"type": "image_url", "image_url": {"url": "data:M;base64,D"}}
    Anthropic {"type": "image", "source": {"type": "url", "url": U}}
        ↔ OpenAI {"type": "image_url", "image_url": {"url": U}}

OpenAI's ``detail`` hint has no Anthropic counterpart and is dropped. Anthropic ``file`` sources
(Files API ids) cannot be resolved here and raise ``TranslationError``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ._fields import as_mapping, as_str
from .errors import TranslationError

__all__ = [
    "ANTHROPIC_IMAGE_MEDIA_TYPES",
    "anthropic_image_from_openai",
    "openai_image_from_anthropic",
]

ANTHROPIC_IMAGE_MEDIA_TYPES: frozenset[str] = frozenset(
    {"image/jpeg", "image/png", "image/gif", "image/webp"}
)


def openai_image_from_anthropic(block: Mapping[str, Any], param: str) -> dict[str, Any]:
    source = as_mapping(block.get("source"), f"{param}.source")
    kind = source.get("type")
    if kind == "base64":
        media_type = as_str(source.get("media_type"), f"{param}.source.media_type")
        data = as_str(source.get("data"), f"{param}.source.data")
        url = f"data:{media_type};base64,{data}"
    elif kind == "url":
        url = as_str(source.get("url"), f"{param}.source.url")
    else:
        raise TranslationError(
            f"image source type {kind!r} cannot be sent to an OpenAI-compatible model",
            f"{param}.source.type",
        )
    return {"type": "image_url", "image_url": {"url": url}}


def anthropic_image_from_openai(part: Mapping[str, Any], param: str) -> dict[str, Any]:
    image_url = part.get("image_url")
    # Some clients send the URL as a bare string; the API documents an object.
    if isinstance(image_url, Mapping):
        url = as_str(image_url.get("url"), f"{param}.image_url.url")
    else:
        url = as_str(image_url, f"{param}.image_url")
    if url.startswith("data:"):
        header, sep, data = url[5:].partition(",")
        media_type, _, encoding = header.partition(";")
        if not sep or encoding != "base64":
            raise TranslationError("image data URLs must be base64-encoded", f"{param}.image_url")
        if media_type not in ANTHROPIC_IMAGE_MEDIA_TYPES:
            raise TranslationError(
                f"image media type {media_type!r} is not supported by Anthropic models "
                "(use jpeg, png, gif or webp)",
                f"{param}.image_url",
            )
        source: dict[str, Any] = {"type": "base64", "media_type": media_type, "data": data}
    elif url.startswith(("http://", "https://")):
        source = {"type": "url", "url": url}
    else:
        raise TranslationError("image URLs must be http(s) or data: URLs", f"{param}.image_url")
    return {"type": "image", "source": source}
