"""A deterministic HTTP server that plays LLMs behind the OpenAI and Anthropic wire formats.

Point the official SDKs at it (``base_url``) to test routing, retries and fallbacks without keys::

    running = await start_server(default_spec())
    client = openai.AsyncOpenAI(base_url=running.url + "/v1", api_key="x")

Faults (errors, 429s, outages, hangs, broken streams) come from each model's ``FaultSpec`` and
can be changed at run time through ``PUT /_sim/faults/{model}``.
"""

from routeyard.simulator.app import build_app
from routeyard.simulator.server import RunningSimulator, serve, start_server
from routeyard.simulator.spec import (
    FaultSpec,
    SimModel,
    SimulatorSpec,
    default_spec,
    load_spec,
)

__all__ = [
    "FaultSpec",
    "RunningSimulator",
    "SimModel",
    "SimulatorSpec",
    "build_app",
    "default_spec",
    "load_spec",
    "serve",
    "start_server",
]
