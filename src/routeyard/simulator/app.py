"""The composition root: one ``aiohttp`` app per simulator, owning all its state."""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from pathlib import Path

from aiohttp import web

from routeyard.simulator.anthropic_wire import AnthropicWire
from routeyard.simulator.control import add_control_routes
from routeyard.simulator.embeddings import embeddings
from routeyard.simulator.handlers import SIM_STATE, GenerationHandler
from routeyard.simulator.openai_wire import OpenAIWire
from routeyard.simulator.responses import json_response
from routeyard.simulator.spec import SimulatorSpec
from routeyard.simulator.state import SimState

_CREATED = 1704067200  # 2024-01-01: a fixed "created" keeps the model list deterministic.
_MAX_BODY_BYTES = 64 * 1024 * 1024


def build_app(
    spec: SimulatorSpec,
    *,
    clock: Callable[[], float] = time.monotonic,
    rng: random.Random | None = None,
) -> web.Application:
    """An app serving ``spec``; the spec is copied, so later edits to it change nothing.

    ``clock`` (seconds) places outage windows; ``rng`` decides random faults (default: seeded
    with ``spec.seed``). Data files are checked to exist here but read on first use.
    """
    for path in spec.data_files:
        if not Path(path).is_file():
            raise FileNotFoundError(f"simulator data file not found: {path}")
    state = SimState(spec.model_copy(deep=True), clock, rng or random.Random(spec.seed))
    app = web.Application(client_max_size=_MAX_BODY_BYTES)
    app[SIM_STATE] = state
    app.router.add_post("/v1/chat/completions", GenerationHandler(OpenAIWire()).handle)
    app.router.add_post("/v1/messages", GenerationHandler(AnthropicWire()).handle)
    app.router.add_post("/v1/embeddings", embeddings)
    app.router.add_get("/v1/models", _list_models)
    app.router.add_get("/v1/models/{model:.+}", _get_model)
    app.router.add_get("/healthz", _healthz)
    add_control_routes(app)
    app.on_shutdown.append(_release_streams)
    return app


async def _release_streams(app: web.Application) -> None:
    app[SIM_STATE].stopping.set()


async def _healthz(request: web.Request) -> web.Response:
    return json_response({"status": "ok"})


async def _list_models(request: web.Request) -> web.Response:
    names = list(request.app[SIM_STATE].models)
    if "anthropic-version" in request.headers:
        data = [_anthropic_model(name) for name in names]
        last = names[-1] if names else None
        first = names[0] if names else None
        return json_response({"data": data, "has_more": False, "first_id": first, "last_id": last})
    return json_response({"object": "list", "data": [_openai_model(name) for name in names]})


async def _get_model(request: web.Request) -> web.Response:
    name = request.match_info["model"]
    if name not in request.app[SIM_STATE].models:
        message = f"The model `{name}` does not exist."
        if "anthropic-version" in request.headers:
            error = {"type": "not_found_error", "message": message}
            return json_response({"type": "error", "error": error}, 404)
        error = {"message": message, "type": "invalid_request_error"}
        error |= {"param": "model", "code": "model_not_found"}
        return json_response({"error": error}, 404)
    if "anthropic-version" in request.headers:
        return json_response(_anthropic_model(name))
    return json_response(_openai_model(name))


def _openai_model(name: str) -> dict[str, object]:
    return {"id": name, "object": "model", "created": _CREATED, "owned_by": "routeyard-sim"}


def _anthropic_model(name: str) -> dict[str, object]:
    return {"type": "model", "id": name, "display_name": name, "created_at": "2024-01-01T00:00:00Z"}
