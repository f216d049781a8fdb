"""``/_sim/*``: read counters and change faults while the simulator runs.

GET  /_sim/state            every model's faults and counters
PUT  /_sim/faults/{model}   merge a partial FaultSpec into that model's faults
POST /_sim/reset            clear all faults and counters
"""

from __future__ import annotations

import orjson
from aiohttp import web
from pydantic import ValidationError

from routeyard.simulator.handlers import SIM_STATE
from routeyard.simulator.responses import json_response
from routeyard.simulator.spec import FaultSpec


def add_control_routes(app: web.Application) -> None:
    app.router.add_get("/_sim/state", _state)
    app.router.add_put("/_sim/faults/{model:.+}", _put_faults)
    app.router.add_post("/_sim/reset", _reset)


async def _state(request: web.Request) -> web.Response:
    return json_response(request.app[SIM_STATE].snapshot())


async def _put_faults(request: web.Request) -> web.Response:
    sim = request.app[SIM_STATE]
    name = request.match_info["model"]
    state = sim.models.get(name)
    if state is None:
        return _problem(404, f"unknown model {name!r}")
    try:
        patch = orjson.loads(await request.read())
    except orjson.JSONDecodeError:
        return _problem(400, "the body is not valid JSON")
    if not isinstance(patch, dict):
        return _problem(400, "the body must be a JSON object of FaultSpec fields")
    try:
        faults = FaultSpec.model_validate({**state.faults.model_dump(), **patch})
    except ValidationError as err:
        return _problem(400, str(err))
    state.faults = faults
    return json_response({"model": name, "faults": faults.model_dump(mode="json")})


async def _reset(request: web.Request) -> web.Response:
    sim = request.app[SIM_STATE]
    sim.reset()
    return json_response(sim.snapshot())


def _problem(status: int, message: str) -> web.Response:
    return json_response({"error": {"message": message, "status": status}}, status)
