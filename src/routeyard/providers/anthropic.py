"""Anthropic's Messages API, reached natively and translated to and from the canonical format.

A request that came in on routeyard's own ``/v1/messages`` carries the client's body
(``Call.native``). It is sent as the client wrote it, only its ``model`` and ``stream`` set, and
the answer goes back as the upstream wrote it, only its ``model`` set to the configured name:
nothing that a translation through the OpenAI shape would drop is lost (``thinking`` and its
blocks, ``cache_control``, ``top_k``, citations, ``service_tier``…). The translation to OpenAI
chunks still runs beside it, for usage, the executor's checks and the request log."""

from __future__ import annotations

from typing import Any

import orjson

from routeyard.config.schema import ProviderConfig
from routeyard.errors import InvalidRequest, UpstreamError
from routeyard.providers.base import NATIVE_EVENT, Call, ChunkStream, Completion, Usage
from routeyard.providers.http_call import post_for_json, post_json, require_event_stream
from routeyard.providers.sse_stream import SSEChunkStream
from routeyard.providers.transport import Transport
from routeyard.translate import (
    AnthropicToOpenAIStream,
    SSEEvent,
    StreamErrorEvent,
    TranslationError,
    anthropic_response_to_openai,
    encode_anthropic_sse,
    openai_request_to_anthropic,
)


def usage_from_anthropic(data: Any) -> Usage | None:
    if not isinstance(data, dict):
        return None
    inp = data.get("input_tokens")
    out = data.get("output_tokens")
    if not isinstance(inp, int) or not isinstance(out, int):
        return None
    read = data.get("cache_read_input_tokens") or 0
    created = data.get("cache_creation_input_tokens") or 0
    return Usage(inp + read + created, read, out, cache_write_tokens=created)


class AnthropicProvider:
    def __init__(self, config: ProviderConfig, transport: Transport, base_url: str) -> None:
        self._transport = transport
        self._url = base_url.rstrip("/") + "/v1/messages"
        headers = {
            "Content-Type": "application/json",
            "anthropic-version": config.anthropic_version,
            **config.headers,
        }
        if config.api_key is not None:
            headers["x-api-key"] = config.api_key.get_secret_value()
        self._headers = headers

    def _body(self, call: Call, stream: bool) -> dict[str, Any]:
        if call.native is not None:
            return {**call.native, "model": call.upstream_model, "stream": stream}
        try:
            body = openai_request_to_anthropic(call.body, default_max_tokens=call.max_output_tokens)
        except TranslationError as exc:
            raise InvalidRequest(str(exc), param=exc.param) from None
        body["model"] = call.upstream_model
        body["stream"] = stream
        return body

    async def complete(self, call: Call) -> Completion:
        data = await post_for_json(
            self._transport, self._url, self._headers, self._body(call, False),
            connect_s=call.timeouts.connect_s, wait=call.timeouts.total_s,
        )  # fmt: skip
        if data.get("type") != "message":
            raise UpstreamError("protocol", "upstream answer is not a message")
        usage = usage_from_anthropic(data.get("usage")) or Usage(estimated=True)
        response = anthropic_response_to_openai(data, model=call.model)
        if call.native is None:
            return Completion(response, usage)
        return Completion(response, usage, {**data, "model": call.model})

    async def embed(self, call: Call) -> Completion:
        raise InvalidRequest("Anthropic's API has no embeddings endpoint", param="model")

    async def stream(self, call: Call) -> ChunkStream:
        resp = await post_json(
            self._transport, self._url, self._headers, self._body(call, True),
            connect_s=call.timeouts.connect_s, wait=call.timeouts.ttft_s,
        )  # fmt: skip
        require_event_stream(resp)
        translator = AnthropicToOpenAIStream(call.model, include_usage=True)
        native = call.native is not None

        def handle(event: SSEEvent) -> tuple[list[dict[str, Any]], bool]:
            if not event.data:
                return [], False
            try:
                data = orjson.loads(event.data)
            except orjson.JSONDecodeError:
                raise UpstreamError("protocol", "stream event is not JSON") from None
            name = event.event or (data.get("type") if isinstance(data, dict) else None) or ""
            try:
                chunks = translator.feed(name, data)
            except StreamErrorEvent as exc:
                raise UpstreamError("stream_error", f"upstream stream error: {exc}"[:500]) from None
            if native:
                chunks = _carry(chunks, _native_event(name, event.data, data, call.model))
            return chunks, translator.finished

        def usage() -> Usage | None:
            u = translator.usage
            return Usage(
                u.prompt_tokens, u.cached_tokens, u.completion_tokens,
                cache_write_tokens=u.cache_write_tokens,
            )  # fmt: skip

        return SSEChunkStream(resp, handle, call.timeouts, usage)


def _native_event(name: str, raw: str, data: Any, model: str) -> bytes:
    """The upstream's event as it came, with two changes: ``message_start``'s model is the
    configured name, as every other answer shows, and data sent on several ``data:`` lines is
    sent on one (its JSON re-encoded; SSE joins such lines with line breaks)."""
    if name == "message_start" and isinstance(data, dict) and isinstance(data.get("message"), dict):
        return encode_anthropic_sse(name, {**data, "message": {**data["message"], "model": model}})
    if "\n" in raw and isinstance(data, dict):
        return encode_anthropic_sse(name, data)
    return b"event: " + name.encode() + b"\ndata: " + raw.encode() + b"\n\n"


def _carry(chunks: list[dict[str, Any]], event: bytes) -> list[dict[str, Any]]:
    """Attach the event to the first chunk it became; an event that became none (``ping``, a
    thinking delta) travels on an empty chunk of its own."""
    if not chunks:
        return [{"object": "chat.completion.chunk", "choices": [], NATIVE_EVENT: event}]
    chunks[0][NATIVE_EVENT] = event
    return chunks
