"""Running the gateway: the HTTP server, the embedded simulator, graceful stop on signals, and
config reloads.

A reload (SIGHUP, or ``POST /routeyard/reload``) re-reads the config file. An invalid file
changes nothing (its problems are logged and returned). A valid one becomes a new ``Router``
that is swapped in at once: requests that arrive from then on use it, requests in flight
finish on the old one, which is closed when the last of them ends. What a running process
cannot change — the address it listens on, the body limit its server enforces, the request
log (one writer per file) and the embedded simulator — keeps its old value, and the reload
says so. The old and new routers share the request log's writer; nothing else.
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import os
import signal
import sys
from collections.abc import AsyncIterator, Callable, Coroutine, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from aiohttp import web

from routeyard import heap
from routeyard.classify.lexicon import lexicon_type
from routeyard.config.loader import ConfigError
from routeyard.config.schema import Config
from routeyard.ingress import GatewayApp
from routeyard.ingress.errors import reject
from routeyard.ingress.httpd import HttpServer, Request, Responder
from routeyard.router import Router

T = TypeVar("T")
GIL_SWITCH_INTERVAL_S = 0.0005  # CPython default 0.005
LoadConfig = Callable[[], Config]


class _Generation:
    """One router's app and the requests still running on it."""

    __slots__ = ("app", "idle", "in_flight", "retired")

    def __init__(self, app: GatewayApp) -> None:
        self.app = app
        self.in_flight = 0
        self.retired = False
        self.idle = asyncio.Event()


class RouterSlot:
    """The server's handler: sends each request to the live router's app, and swaps routers.

    The swap is one assignment on the event loop, so every request runs wholly on one router:
    the one that was live when it arrived.
    """

    def __init__(self, app: GatewayApp) -> None:
        self._live = _Generation(app)
        self._retiring: set[asyncio.Task[None]] = set()

    @property
    def app(self) -> GatewayApp:
        return self._live.app

    async def __call__(self, request: Request, resp: Responder) -> None:
        gen = self._live
        gen.in_flight += 1
        try:
            await gen.app(request, resp)
        finally:
            gen.in_flight -= 1
            if gen.in_flight == 0 and gen.retired:
                gen.idle.set()

    def swap(self, app: GatewayApp) -> None:
        """Make ``app`` live; the old one closes once its requests are done."""
        old = self._live
        app.ready = old.app.ready
        app.on_reload = old.app.on_reload
        app.router.adopt_request_log(old.app.router)
        self._live = _Generation(app)
        old.retired = True
        if old.in_flight == 0:
            old.idle.set()
        task = asyncio.get_running_loop().create_task(_retire(old))
        self._retiring.add(task)
        task.add_done_callback(self._retiring.discard)

    @property
    def draining(self) -> int:
        """Old routers still finishing requests."""
        return len(self._retiring)

    async def aclose(self, wait_s: float = 30.0) -> None:
        """After the server stopped: let old routers close, then close the live one."""
        if self._retiring:
            await asyncio.wait(set(self._retiring), timeout=wait_s)
        await _close_app(self._live.app)


async def _retire(gen: _Generation) -> None:
    await gen.idle.wait()
    await _close_app(gen.app)
    del gen
    heap.resettle()  # the old router was frozen with the rest at startup: let it be freed


async def _close_app(app: GatewayApp) -> None:
    if app.dashboard is not None:
        await asyncio.to_thread(app.dashboard.close)
    await app.router.aclose()


def restart_only_changes(old: Config, new: Config) -> list[str]:
    """Settings a running process keeps from its start (a reload reports and ignores them)."""
    out = []
    for key in ("host", "port", "max_body_bytes"):
        before, after = getattr(old.server, key), getattr(new.server, key)
        if before != after:
            out.append(f"server.{key} ({before!r} → {after!r})")
    if old.observe.request_log != new.observe.request_log:
        out.append("observe.request_log")
    if _embedded_specs(old) != _embedded_specs(new):
        out.append("the embedded simulator (providers of kind simulator without base_url)")
    return out


def _embedded_specs(config: Config) -> list[str | None]:
    return [
        p.simulator_spec
        for p in config.providers.values()
        if p.kind == "simulator" and p.base_url is None
    ]


def _keep_restart_only(old: Config, new: Config) -> Config:
    server = new.server.model_copy(
        update={k: getattr(old.server, k) for k in ("host", "port", "max_body_bytes")}
    )
    observe = new.observe.model_copy(update={"request_log": old.observe.request_log})
    return new.model_copy(update={"server": server, "observe": observe})


@dataclass(slots=True)
class ReloadOutcome:
    reloaded: bool
    problems: list[str] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)
    version: str | None = None

    def as_json(self) -> dict[str, object]:
        return {
            "reloaded": self.reloaded,
            "policy_version": self.version,
            "errors": self.problems,
            "restart_needed_for": self.ignored,
        }


class Reloader:
    """Builds a router from the re-read config and swaps it in (one reload at a time)."""

    def __init__(
        self,
        slot: RouterSlot,
        load: LoadConfig,
        *,
        simulator_url: str | None,
        worker: int | None,
    ) -> None:
        self.slot = slot
        self._load = load
        self._simulator_url = simulator_url
        self._worker = worker
        self._lock = asyncio.Lock()
        self.reloads = 0

    async def reload(self) -> ReloadOutcome:
        async with self._lock:
            outcome = await self._reload()
        _say(outcome)
        return outcome

    async def _reload(self) -> ReloadOutcome:
        old = self.slot.app.router
        try:
            config = await asyncio.to_thread(self._load)
        except ConfigError as exc:
            return ReloadOutcome(False, [str(p) for p in exc.problems])
        except (OSError, ValueError) as exc:
            return ReloadOutcome(False, [str(exc)])
        ignored = restart_only_changes(old.config, config)
        config = _keep_restart_only(old.config, config)
        try:  # the local model loads here: off the event loop
            router = await asyncio.to_thread(self._build, config, old)
        except ConfigError as exc:
            return ReloadOutcome(False, [str(p) for p in exc.problems], ignored)
        except Exception as exc:  # a model that cannot load, a provider that cannot be built
            return ReloadOutcome(False, [f"{type(exc).__name__}: {exc}"], ignored)
        router.start()
        self.slot.swap(GatewayApp(router))
        self.reloads += 1
        return ReloadOutcome(True, [], ignored, config.policy.version)

    def _build(self, config: Config, old: Router) -> Router:
        return Router(config, simulator_url=self._simulator_url, worker=self._worker, inherit=old)


def _local_model_note(running: Running) -> str:
    """Which paths serve the classifiers, so a missing C module is not a silent slowdown."""
    words = ""
    if lexicon_type() is None:
        words = "; words read in Python (C lexicon not built or ROUTEYARD_KERNEL=off)"
    local = running.app.router.planner.local
    if local is None:
        return words
    if local.model.compiled:
        return "; local model on its C kernel" + words
    return "; local model on numpy (C kernel not built or ROUTEYARD_KERNEL=off)" + words


def _start_up_text(running: Running, worker: int | None) -> str:
    """The line saying where the gateway listens, then each utterance route's fitted threshold
    (as ``routeyard check`` prints them): from worker 0 only, as every worker fits the same."""
    extra = f" (embedded simulator at {running.simulator_url})" if running.simulator_url else ""
    lines = [f"routeyard listening on {running.url}{extra}{_local_model_note(running)}"]
    utterances = running.router.planner.utterances
    if utterances is not None and worker in (None, 0):
        lines += utterances.describe()
    return "\n".join(lines)


def status(text: str) -> None:
    """Print a status line (or block) to stderr in one write. With ``--workers N`` the workers
    share the stream, and ``print`` writes the text and its newline separately, so lines from
    two workers could run together ("...:8080routeyard listening..."); one ``write`` of less
    than a pipe's buffer is atomic."""
    try:
        sys.stderr.flush()
        os.write(sys.stderr.fileno(), (text + "\n").encode())
    except (OSError, ValueError, io.UnsupportedOperation):  # no real file behind stderr
        print(text, file=sys.stderr, flush=True)


def _say(outcome: ReloadOutcome) -> None:
    if outcome.reloaded:
        status(f"routeyard reloaded the config (policy version {outcome.version})")
    else:
        problems = "\n".join(f"  - {p}" for p in outcome.problems)
        status(f"routeyard reload failed; still serving the previous config:\n{problems}")
    for item in outcome.ignored:
        status(f"routeyard reload: {item} changed; it takes a restart")


@dataclass(slots=True)
class Running:
    url: str
    slot: RouterSlot
    server: HttpServer
    simulator_url: str | None
    reloader: Reloader | None = None

    @property
    def app(self) -> GatewayApp:
        """The live app (after a reload, the new one)."""
        return self.slot.app

    @property
    def router(self) -> Router:
        return self.slot.app.router


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
    config: Config,
    host: str,
    port: int,
    *,
    reuse_port: bool = False,
    worker: int | None = None,
    load: LoadConfig | None = None,
) -> AsyncIterator[Running]:
    """``load``: re-reads the config for a reload (None: this gateway cannot reload)."""
    async with _embedded_simulator(config) as sim_url:
        router = Router(config, simulator_url=sim_url, worker=worker)
        router.start()
        slot = RouterSlot(GatewayApp(router))
        del router  # the slot holds it: a reload must be able to free it
        server = HttpServer(slot, reject, max_body=config.server.max_body_bytes)
        reloader = None
        if load is not None:
            reloader = Reloader(slot, load, simulator_url=sim_url, worker=worker)
            slot.app.on_reload = _reload_endpoint(reloader, worker)
        await server.start(host, port, reuse_port=reuse_port)
        heap.settle()  # startup's objects live as long as the process: out of the collector's way
        display_host = f"[{host}]" if ":" in host else host
        try:
            yield Running(f"http://{display_host}:{server.port}", slot, server, sim_url, reloader)
        finally:
            slot.app.ready = False
            await server.shutdown(slot.app.router.config.server.shutdown_grace_s)
            await slot.aclose()
            heap.release()  # a process that goes on (tests, embedders) can free it all again


def _reload_endpoint(
    reloader: Reloader, worker: int | None
) -> Callable[[], Coroutine[Any, Any, tuple[int, dict[str, object]]]]:
    async def reload() -> tuple[int, dict[str, object]]:
        if worker is not None:  # every worker must reload: the parent forwards SIGHUP to all
            os.kill(os.getppid(), signal.SIGHUP)
            return 202, {"reloaded": None, "message": "reload requested from every worker"}
        outcome = await reloader.reload()
        return (200 if outcome.reloaded else 422), outcome.as_json()

    return reload


async def serve_forever(
    config: Config,
    host: str,
    port: int,
    *,
    reuse_port: bool = False,
    worker: int | None = None,
    load: LoadConfig | None = None,
    hup_pending: Sequence[int] = (),
) -> None:
    """Serve until SIGINT/SIGTERM; with ``load``, SIGHUP reloads the config. ``hup_pending``:
    SIGHUPs received before serving started (one reload follows at once if it is not empty)."""
    # The request log's writer thread holds the GIL while it encodes a batch; by default the
    # event loop would wait up to 5 ms for it, which is the request path's p99. A shorter
    # switch interval hands the GIL back sooner.
    sys.setswitchinterval(GIL_SWITCH_INTERVAL_S)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(sig, stop.set)
    async with running_gateway(
        config, host, port, reuse_port=reuse_port, worker=worker, load=load
    ) as running:
        reloads: set[asyncio.Task[ReloadOutcome]] = set()
        reloader = running.reloader

        def on_hup() -> None:
            if reloader is None:  # the embedded default: no file to read again
                status("routeyard: started without a config file; nothing to reload")
            elif not stop.is_set():
                task = loop.create_task(reloader.reload())
                reloads.add(task)
                task.add_done_callback(reloads.discard)

        with contextlib.suppress(NotImplementedError, AttributeError):
            loop.add_signal_handler(signal.SIGHUP, on_hup)
        if hup_pending:
            on_hup()
        status(_start_up_text(running, worker))
        await stop.wait()
        # Not ready at once, so load balancers stop sending; keep serving for the drain delay,
        # then stop accepting and give in-flight requests the grace period.
        running.app.ready = False
        status("routeyard draining")
        await asyncio.sleep(running.router.config.server.drain_delay_s)
        if reloads:  # a reload already under way finishes before the routers close
            await asyncio.wait(set(reloads))
            running.app.ready = False
        status("routeyard stopping")


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
