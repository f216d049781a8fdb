"""Running the simulator on a TCP port."""

from __future__ import annotations

import asyncio
import random
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass

from aiohttp import web

from routeyard.simulator.app import build_app
from routeyard.simulator.spec import SimulatorSpec


@dataclass(frozen=True, slots=True)
class RunningSimulator:
    """A started simulator; ``url`` has no trailing slash (OpenAI clients append ``/v1``)."""

    url: str
    port: int
    app: web.Application
    runner: web.AppRunner

    async def close(self) -> None:
        await self.runner.cleanup()


async def start_server(
    spec: SimulatorSpec,
    host: str = "127.0.0.1",
    port: int = 0,
    *,
    clock: Callable[[], float] = time.monotonic,
    rng: random.Random | None = None,
) -> RunningSimulator:
    """Bind and start serving; ``port=0`` picks a free port. Close it with ``close()``."""
    app = build_app(spec, clock=clock, rng=rng)
    # Cancel handlers of clients that hang up, so stalled streams end with them.
    runner = web.AppRunner(app, handler_cancellation=True, access_log=None, shutdown_timeout=1.0)
    await runner.setup()
    try:
        site = web.TCPSite(runner, host, port)
        await site.start()
    except BaseException:
        await runner.cleanup()
        raise
    bound = int(runner.addresses[0][1])
    shown = f"[{host}]" if ":" in host else host
    return RunningSimulator(f"http://{shown}:{bound}", bound, app, runner)


async def serve(spec: SimulatorSpec, host: str, port: int) -> None:
    """Serve until cancelled, announcing the address on stderr once bound."""
    running = await start_server(spec, host, port)
    try:
        print(f"routeyard simulator listening on {running.url}", file=sys.stderr, flush=True)
        await asyncio.Event().wait()
    finally:
        await running.close()
