"""``POST /v1/embeddings``: deterministic unit vectors, so embedding calls can be tested offline.

Every simulated model answers. A text's vector depends only on the model and the text (so the
same text gets the same vector, and different texts almost surely different ones); its length is
``dimensions`` or ``DEFAULT_DIMENSIONS``. ``encoding_format: "base64"`` (what the ``openai`` SDK
asks for by default) packs the floats as little-endian float32. The model's refusal faults
(outage, error and rate-limit rates) apply, as for a chat; latency and stream faults do not.
"""

from __future__ import annotations

import base64
import hashlib
import math
import struct
from typing import Any

import orjson
from aiohttp import web

from routeyard.simulator.faults import decide_refusal
from routeyard.simulator.handlers import SIM_STATE
from routeyard.simulator.responses import json_response

DEFAULT_DIMENSIONS = 64
MAX_DIMENSIONS = 4096


def vector(model: str, text: str, dimensions: int) -> list[float]:
    """A unit vector for ``text``: SHA-256 in counter mode, as signed bytes, normalised."""
    raw = b""
    counter = 0
    seed = f"{model}\x00{text}".encode()
    while len(raw) < dimensions:
        raw += hashlib.sha256(seed + counter.to_bytes(4, "little")).digest()
        counter += 1
    values = [b - 127.5 for b in raw[:dimensions]]
    norm = math.sqrt(sum(v * v for v in values))
    return [v / norm for v in values]


def _problem(status: int, message: str, param: str | None = None) -> web.Response:
    error = {"message": message, "type": "invalid_request_error", "param": param, "code": None}
    return json_response({"error": error}, status)


def _inputs(given: Any) -> list[str] | None:
    """Each input as text (token arrays as their JSON), or None when the shape is wrong."""
    if isinstance(given, str):
        return [given]
    if not isinstance(given, list) or not given:
        return None
    if all(isinstance(s, str) for s in given):
        return list(given)
    if all(isinstance(t, int) for t in given):
        return [orjson.dumps(given).decode()]
    if all(isinstance(t, list) for t in given):
        return [orjson.dumps(t).decode() for t in given]
    return None


async def embeddings(request: web.Request) -> web.Response:
    sim = request.app[SIM_STATE]
    try:
        body = orjson.loads(await request.read())
    except orjson.JSONDecodeError:
        return _problem(400, "The request body is not valid JSON.")
    if not isinstance(body, dict):
        return _problem(400, "The request body must be a JSON object.")
    name = body.get("model")
    state = sim.models.get(name) if isinstance(name, str) else None
    if state is None:
        return _problem(404, f"The model `{name}` does not exist.", "model")
    state.requests += 1
    refusal = decide_refusal(state.faults, sim.elapsed(), sim.rng)
    if refusal is not None:
        return json_response(
            {"error": {"message": refusal.message, "type": "server_error", "code": refusal.code}},
            refusal.status,
            refusal.retry_headers(),
        )
    texts = _inputs(body.get("input"))
    if texts is None:
        return _problem(400, "input: a string or a non-empty list is required.", "input")
    dimensions = body.get("dimensions", DEFAULT_DIMENSIONS)
    if not isinstance(dimensions, int) or not 0 < dimensions <= MAX_DIMENSIONS:
        return _problem(400, f"dimensions: an integer from 1 to {MAX_DIMENSIONS}.", "dimensions")
    as_base64 = body.get("encoding_format") == "base64"
    data = []
    for i, text in enumerate(texts):
        values = vector(state.model.name, text, dimensions)
        encoded: Any = values
        if as_base64:
            encoded = base64.b64encode(struct.pack(f"<{dimensions}f", *values)).decode()
        data.append({"object": "embedding", "index": i, "embedding": encoded})
    tokens = sum(max(1, -(-len(text) // 4)) for text in texts)
    usage = {"prompt_tokens": tokens, "total_tokens": tokens}
    return json_response({"object": "list", "data": data, "model": name, "usage": usage})
