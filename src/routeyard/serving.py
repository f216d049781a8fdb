"""Running the gateway: the HTTP server, the embedded simulator, graceful stop on signals."""

from __future__ import annotations

import asyncio
import contextlib
import signal
import sys
from collections.abc import AsyncIterator, Callable, Coroutine
from dataclasses import dataclass
from typing import Any, TypeVar

from aiohttp import web

from routeyard.config.schema import Config
from routeyard.ingress import GatewayApp
from routeyard.ingress.errors import reject
from routeyard.ingress.httpd import HttpServer
from routeyard.router import Router

T = TypeVar("T")


@dataclass(slots=True)
class Running:
    url: str
    router: Router
    app: GatewayApp
    server: HttpServer
    simulator_url: str | None


@contextlib.asynccontextmanager
async def _embedded_simulator(config: Config) -> AsyncIterator[str | None]:
    """Start the simulator in this process when a provider is ``kind: simulator`` without a URL."""
    specs = [p for p in config.providers.values() if p.kind == "simulator" and p.base_url is None]
    if not specs:
        yield None
        return
    from routeyard import simulator  # imported only when used

    spec_path = specs[0].simulator_spec
    spec = simulator.load_spec(spec_path) if spec_path else simulator.default_spec()
    runner = web.AppRunner(simulator.build_app(spec), access_log=None, handler_cancellation=True)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = int(runner.addresses[0][1])
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        await runner.cleanup()


@contextlib.asynccontextmanager
async def running_gateway(
    config: Config, host: str, port: int, *, reuse_port: bool = False, worker: int | None = None
) -> AsyncIterator[Running]:
    async with _embedded_simulator(config) as sim_url:
        router = Router(config, simulator_url=sim_url, worker=worker)
        router.start()
        app = GatewayApp(router)
        server = HttpServer(app, reject, max_body=config.server.max_body_bytes)
        await server.start(host, port, reuse_port=reuse_port)
        display_host = f"[{host}]" if ":" in host else host
        try:
            yield Running(f"http://{display_host}:{server.port}", router, app, server, sim_url)
        finally:
            app.ready = False
            await server.shutdown(config.server.shutdown_grace_s)
            await router.aclose()


async def serve_forever(
    config: Config, host: str, port: int, *, reuse_port: bool = False, worker: int | None = None
) -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(sig, stop.set)
    async with running_gateway(config, host, port, reuse_port=reuse_port, worker=worker) as running:
        extra = f" (embedded simulator at {running.simulator_url})" if running.simulator_url else ""
        print(f"routeyard listening on {running.url}{extra}", file=sys.stderr, flush=True)
        await stop.wait()
        # Not ready at once, so load balancers stop sending; keep serving for the drain delay,
        # then stop accepting and give in-flight requests the grace period.
        running.app.ready = False
        print("routeyard draining", file=sys.stderr, flush=True)
        await asyncio.sleep(config.server.drain_delay_s)
        print("routeyard stopping", file=sys.stderr, flush=True)


def run_async(main: Coroutine[Any, Any, T]) -> T:
    """Run on uvloop when it is installed: it cuts the event loop's per-request overhead."""
    factory: Callable[[], asyncio.AbstractEventLoop] | None
    try:
        import uvloop

        factory = uvloop.new_event_loop
    except ImportError:
        factory = None
    with asyncio.Runner(loop_factory=factory) as runner:
        return runner.run(main)
