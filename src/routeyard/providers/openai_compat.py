"""OpenAI-compatible upstreams: OpenAI, Azure OpenAI, vLLM, Ollama, OpenRouter, Together, Groq…"""

from __future__ import annotations

from typing import Any

import orjson

from routeyard.config.schema import ProviderConfig
from routeyard.errors import UpstreamError
from routeyard.providers.base import Call, ChunkStream, Completion, Usage
from routeyard.providers.http_call import post_for_json, post_json, require_event_stream
from routeyard.providers.sse_stream import SSEChunkStream
from routeyard.providers.transport import Transport
from routeyard.translate import SSEEvent


def usage_from_openai(data: Any) -> Usage | None:
    if not isinstance(data, dict):
        return None
    prompt = data.get("prompt_tokens")
    completion = data.get("completion_tokens")
    if not isinstance(prompt, int) or not isinstance(completion, int):
        return None
    details = data.get("prompt_tokens_details")
    if not isinstance(details, dict):
        return Usage(prompt, 0, completion)
    cached = details.get("cached_tokens")
    written = details.get("cache_write_tokens")  # not OpenAI's; some compatible servers send it
    return Usage(
        prompt,
        cached if isinstance(cached, int) else 0,
        completion,
        cache_write_tokens=written if isinstance(written, int) else 0,
    )


class OpenAICompatibleProvider:
    def __init__(self, config: ProviderConfig, transport: Transport, base_url: str) -> None:
        self._transport = transport
        base = base_url.rstrip("/")
        query = "?" + "&".join(f"{k}={v}" for k, v in config.query.items()) if config.query else ""
        self._url = base + "/chat/completions" + query
        self._embeddings_url = base + "/embeddings" + query
        headers = {"Content-Type": "application/json", **config.headers}
        if config.api_key is not None:
            key = config.api_key.get_secret_value()
            if config.auth == "api-key":
                headers["api-key"] = key
            else:
                headers["Authorization"] = f"Bearer {key}"
        self._headers = headers

    async def _answer(self, url: str, body: dict[str, Any], call: Call, key: str) -> Any:
        """The upstream's JSON answer, which must hold a list under ``key``; its model is set to
        the configured name."""
        data = await post_for_json(
            self._transport, url, self._headers, body,
            connect_s=call.timeouts.connect_s, wait=call.timeouts.total_s,
        )  # fmt: skip
        if not isinstance(data.get(key), list):
            raise UpstreamError("protocol", f"upstream answer has no {key}")
        data["model"] = call.model
        return data

    async def complete(self, call: Call) -> Completion:
        body = {**call.body, "model": call.upstream_model, "stream": False}
        body.pop("stream_options", None)
        data = await self._answer(self._url, body, call, "choices")
        usage = usage_from_openai(data.get("usage")) or Usage(estimated=True)
        return Completion(data, usage)

    async def embed(self, call: Call) -> Completion:
        body = {**call.body, "model": call.upstream_model}
        data = await self._answer(self._embeddings_url, body, call, "data")
        usage = data.get("usage")
        tokens = usage.get("prompt_tokens") if isinstance(usage, dict) else None
        if isinstance(tokens, int) and not isinstance(tokens, bool):
            return Completion(data, Usage(input_tokens=tokens))
        return Completion(data, Usage(estimated=True))

    async def stream(self, call: Call) -> ChunkStream:
        body = {
            **call.body,
            "model": call.upstream_model,
            "stream": True,
            # Always ask for usage: cost accounting needs it even when the client does not.
            "stream_options": {"include_usage": True},
        }
        resp = await post_json(
            self._transport, self._url, self._headers, body,
            connect_s=call.timeouts.connect_s, wait=call.timeouts.ttft_s,
        )  # fmt: skip
        require_event_stream(resp)
        state = _OpenAIStreamState(call.model)
        return SSEChunkStream(resp, state.handle, call.timeouts, lambda: state.usage)


class _OpenAIStreamState:
    __slots__ = ("model", "usage")

    def __init__(self, model: str) -> None:
        self.model = model
        self.usage: Usage | None = None

    def handle(self, event: SSEEvent) -> tuple[list[dict[str, Any]], bool]:
        data = event.data
        if data == "[DONE]":
            return [], True
        if not data:
            return [], False
        try:
            chunk = orjson.loads(data)
        except orjson.JSONDecodeError:
            raise UpstreamError(
                "protocol", "upstream sent a stream event that is not JSON"
            ) from None
        if not isinstance(chunk, dict):
            raise UpstreamError("protocol", "upstream sent a stream event that is not an object")
        err = chunk.get("error")
        if err is not None:
            message = err.get("message") if isinstance(err, dict) else str(err)
            raise UpstreamError("stream_error", f"upstream stream error: {message}"[:500])
        usage = usage_from_openai(chunk.get("usage"))
        if usage is not None:
            self.usage = usage
        chunk["model"] = self.model
        return [chunk], False
