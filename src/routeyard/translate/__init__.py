"""Pure translation between the OpenAI Chat Completions and Anthropic Messages wire formats,
and from OpenAI's Responses API in.

routeyard's canonical format is OpenAI's Chat Completions: ingress translates Anthropic and
Responses API requests in, providers translate out to Anthropic upstreams, and responses and
streams come back the same ways. Nothing here does I/O; bodies are plain ``dict`` s as parsed
from JSON.

    request   anthropic_request_to_openai / openai_request_to_anthropic /
              responses_request_to_openai (with responses_echo, what a Response repeats) /
              completions_request_to_openai (the legacy Completions API)
    response  anthropic_response_to_openai / openai_response_to_anthropic /
              openai_response_to_responses / openai_response_to_completion
    stream    AnthropicToOpenAIStream / OpenAIToAnthropicStream / OpenAIToResponsesStream
              (one instance per stream), completion_chunk_from_openai
    SSE       SSEParser (upstream bytes → SSEEvent), encode_openai_sse, encode_anthropic_sse
    errors    TranslationError (→ 400), StreamErrorEvent (in-band upstream error),
              openai_error_body, anthropic_error_body
"""

from .completions import (
    completion_chunk_from_openai,
    completions_request_to_openai,
    openai_response_to_completion,
)
from .errors import (
    ANTHROPIC_ERROR_TYPES,
    StreamErrorEvent,
    TranslationError,
    anthropic_error_body,
    anthropic_error_type,
    openai_error_body,
)
from .requests_anthropic_to_openai import anthropic_request_to_openai
from .requests_openai_to_anthropic import openai_request_to_anthropic
from .requests_responses_to_openai import responses_echo, responses_request_to_openai
from .responses import anthropic_response_to_openai, openai_response_to_anthropic
from .responses_api import OpenAIToResponsesStream, openai_response_to_responses
from .sse import OPENAI_SSE_DONE, SSEEvent, SSEParser, encode_anthropic_sse, encode_openai_sse
from .stop_reasons import finish_reason_from_stop_reason, stop_reason_from_finish_reason
from .streams_anthropic_to_openai import AnthropicToOpenAIStream
from .streams_openai_to_anthropic import OpenAIToAnthropicStream
from .usage import TokenUsage

__all__ = [
    "ANTHROPIC_ERROR_TYPES",
    "OPENAI_SSE_DONE",
    "AnthropicToOpenAIStream",
    "OpenAIToAnthropicStream",
    "OpenAIToResponsesStream",
    "SSEEvent",
    "SSEParser",
    "StreamErrorEvent",
    "TokenUsage",
    "TranslationError",
    "anthropic_error_body",
    "anthropic_error_type",
    "anthropic_request_to_openai",
    "anthropic_response_to_openai",
    "completion_chunk_from_openai",
    "completions_request_to_openai",
    "encode_anthropic_sse",
    "encode_openai_sse",
    "finish_reason_from_stop_reason",
    "openai_error_body",
    "openai_request_to_anthropic",
    "openai_response_to_anthropic",
    "openai_response_to_completion",
    "openai_response_to_responses",
    "responses_echo",
    "responses_request_to_openai",
    "stop_reason_from_finish_reason",
]
