"""Fault injection against real processes: one ``routeyard simulate`` for the whole package, and
``routeyard serve`` gateways whose configs each module tailors to its faults (short breaker
cooldowns, small timeouts), so the issue's durations shrink from tens of seconds to a few.

Each module starts its own gateway(s), so one module's open breakers or spent retry budget
cannot change another's outcome; inside a module, tests use their own gateway model names (or
switch off the mechanisms they do not test) for the same reason. The simulator's faults and
counters are reset before every test. Tests run one at a time (no xdist): counters are exact.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import aiohttp
import anthropic
import openai
import pytest
import yaml
from aiohttp import web

from ..conftest import CLIENT_KEY, Proc, free_port, http, set_fault, start

# Every sim model a module may use. Fast by default: no time to first token, no pacing.
SIM_SPEC: dict[str, Any] = {
    "seed": 7,
    "models": [
        # 1: outage under load
        {"name": "sim-primary", "answer_tokens": 8},
        {"name": "sim-backup", "answer_tokens": 8},
        # 2: passthrough / auth
        {"name": "sim-strict", "answer_tokens": 8},
        {"name": "sim-spare", "answer_tokens": 8},
        # 3: rate limits
        {"name": "sim-limited", "answer_tokens": 8},
        {"name": "sim-relief", "answer_tokens": 8},
        # 4: flaky under load (a little latency so requests overlap)
        {"name": "sim-half-a", "answer_tokens": 8, "ttft_ms": 20},
        {"name": "sim-half-b", "answer_tokens": 8, "ttft_ms": 20},
        # 5: broken transports
        {"name": "sim-broken", "answer_tokens": 40},
        {"name": "sim-sound", "answer_tokens": 8},
        # 6: context window and content filter
        {"name": "sim-tiny-window", "answer_tokens": 8, "context_window": 100},
        {"name": "sim-filtered", "answer_tokens": 8},
        {"name": "sim-roomy", "answer_tokens": 8},
        # 7: cycles
        {"name": "sim-cyc-a", "answer_tokens": 8},
        {"name": "sim-cyc-b", "answer_tokens": 8},
        # 9: single model down
        {"name": "sim-solo", "answer_tokens": 8},
        # 10: streams (20 chunks/s: a stream takes a few hundred ms, slow enough to interrupt)
        {"name": "sim-stream", "answer_tokens": 12, "tokens_per_s": 40},
        {"name": "sim-stream-backup", "answer_tokens": 12, "tokens_per_s": 200},
        {"name": "sim-crawl", "answer_tokens": 200, "tokens_per_s": 10},
        {"name": "sim-late", "answer_tokens": 12, "ttft_ms": 5000, "tokens_per_s": 100},
    ],
}


def wait_until(predicate: Callable[[], bool], within: float, every: float = 0.02) -> bool:
    """Poll ``predicate`` until it holds or ``within`` seconds pass; its last answer."""
    deadline = time.monotonic() + within
    while True:
        if predicate():
            return True
        if time.monotonic() >= deadline:
            return False
        time.sleep(every)


@dataclass
class Sim:
    """The package's simulator process and its control API."""

    proc: Proc

    @property
    def url(self) -> str:
        return self.proc.url

    def faults(self, model: str, **faults: Any) -> None:
        set_fault(self.url, model, faults)

    def reset(self) -> None:
        assert http("POST", f"{self.url}/_sim/reset").status == 200

    def state(self) -> dict[str, dict[str, Any]]:
        models: dict[str, dict[str, Any]] = http("GET", f"{self.url}/_sim/state").json()["models"]
        return models

    def requests(self, *models: str) -> dict[str, int]:
        state = self.state()
        return {m: int(state[m]["requests"]) for m in models}

    def count(self, model: str) -> int:
        return int(self.state()[model]["requests"])

    def active(self, model: str) -> int:
        return int(self.state()[model]["active"])

    async def acount(self, session: aiohttp.ClientSession, model: str) -> int:
        async with session.get(f"{self.url}/_sim/state") as resp:
            return int((await resp.json())["models"][model]["requests"])

    async def astate(self, session: aiohttp.ClientSession) -> dict[str, dict[str, Any]]:
        async with session.get(f"{self.url}/_sim/state") as resp:
            models: dict[str, dict[str, Any]] = (await resp.json())["models"]
            return models


@dataclass
class Gateway:
    """One ``routeyard serve`` process."""

    proc: Proc

    @property
    def url(self) -> str:
        return self.proc.url

    @property
    def log(self) -> str:
        return "".join(self.proc.stderr_lines)

    def openai(self, timeout: float = 20.0) -> openai.OpenAI:
        return openai.OpenAI(
            base_url=f"{self.url}/v1", api_key=CLIENT_KEY, max_retries=0, timeout=timeout
        )

    def anthropic(self, timeout: float = 20.0) -> anthropic.Anthropic:
        return anthropic.Anthropic(
            base_url=self.url, api_key=CLIENT_KEY, max_retries=0, timeout=timeout
        )

    def aopenai(self, timeout: float = 20.0) -> openai.AsyncOpenAI:
        return openai.AsyncOpenAI(
            base_url=f"{self.url}/v1", api_key=CLIENT_KEY, max_retries=0, timeout=timeout
        )


AUTH = {"authorization": f"Bearer {CLIENT_KEY}", "content-type": "application/json"}


def chat_body(model_name: str, content: str = "Say hello.", **extra: Any) -> dict[str, Any]:
    return {"model": model_name, "messages": [{"role": "user", "content": content}], **extra}


def anthropic_body(model_name: str, content: str = "Say hello.", **extra: Any) -> dict[str, Any]:
    return {
        "model": model_name,
        "max_tokens": 64,
        "messages": [{"role": "user", "content": content}],
        **extra,
    }


@dataclass
class Result:
    status: int
    headers: dict[str, str]
    body: bytes
    elapsed: float

    def json(self) -> Any:
        return json.loads(self.body)

    @property
    def attempts(self) -> int:
        return int(self.headers["x-routeyard-attempts"])


async def post(
    session: aiohttp.ClientSession,
    url: str,
    body: dict[str, Any],
    headers: dict[str, str] | None = None,
    limit_s: float = 20.0,
) -> Result:
    """POST through aiohttp (no SDK retries, any status), timed."""
    started = time.monotonic()
    async with session.post(
        url,
        data=json.dumps(body).encode(),
        headers={**AUTH, **(headers or {})},
        timeout=aiohttp.ClientTimeout(total=limit_s),
    ) as resp:
        raw = await resp.read()
        return Result(
            resp.status,
            {k.lower(): v for k, v in resp.headers.items()},
            raw,
            time.monotonic() - started,
        )


def model(sim_model: str, provider: str = "oa", **extra: Any) -> dict[str, Any]:
    """A gateway model entry served by ``sim_model`` of the package simulator."""
    return {"provider": provider, "model": sim_model, "price": {"input": 1, "output": 1}, **extra}


def gateway_config(
    sim_url: str,
    *,
    models: dict[str, dict[str, Any]],
    routes: dict[str, list[str]] | None = None,
    resilience: dict[str, Any] | None = None,
    timeouts: dict[str, Any] | None = None,
    providers: dict[str, dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """A gateway config: providers ``oa``/``an`` (the simulator over the OpenAI and Anthropic
    wires), ``dead`` (a closed port) plus ``providers``; one route per ``routes`` entry."""
    routes = routes or {}
    route_list = [{"name": name, "candidates": cands} for name, cands in routes.items()]
    if not route_list:
        route_list = [{"name": "default", "candidates": [next(iter(models))]}]
    config: dict[str, Any] = {
        "version": 1,
        "server": {
            "client_keys": [
                {"id": "tests", "sha256": hashlib.sha256(CLIENT_KEY.encode()).hexdigest()}
            ],
            "drain_delay_s": 0,
            "shutdown_grace_s": 0.5,
        },
        "providers": {
            "oa": {"kind": "openai", "base_url": f"{sim_url}/v1", "api_key": PROVIDER_KEY},
            "an": {"kind": "anthropic", "base_url": sim_url, "api_key": PROVIDER_KEY_ANTHROPIC},
            "dead": {"kind": "openai", "base_url": f"http://127.0.0.1:{free_port()}/v1"},
            **(providers or {}),
        },
        "models": models,
        "policy": {"default_route": route_list[0]["name"], "routes": route_list},
    }
    if resilience is not None:
        config["resilience"] = resilience
    if timeouts is not None:
        config["timeouts"] = timeouts
    return config


PROVIDER_KEY = "sk-provider-secret-0penai-123456"
PROVIDER_KEY_ANTHROPIC = "sk-ant-provider-secret-987654"


StartGateway = Callable[..., Gateway]


@pytest.fixture(scope="package")
def sim(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sim]:
    path = tmp_path_factory.mktemp("resilience-sim") / "spec.yaml"
    path.write_text(yaml.safe_dump(SIM_SPEC))
    proc = start(["simulate", "--spec", str(path), "--port", "0"])
    yield Sim(proc)
    _stop(proc)


@pytest.fixture(autouse=True)
def _fresh_sim(request: pytest.FixtureRequest) -> None:
    """Clear faults and counters before each test that uses the simulator."""
    if "sim" in request.fixturenames:
        request.getfixturevalue("sim").reset()


@pytest.fixture(scope="module")
def start_gateway(sim: Sim, tmp_path_factory: pytest.TempPathFactory) -> Iterator[StartGateway]:
    """Start gateways for this module (``gateway_config`` keywords); all stop at its end."""
    procs: list[Proc] = []

    def start_one(**kwargs: Any) -> Gateway:
        path = tmp_path_factory.mktemp("resilience-gw") / "routeyard.yaml"
        path.write_text(yaml.safe_dump(gateway_config(sim.url, **kwargs), sort_keys=False))
        proc = start(["serve", "-c", str(path), "--port", "0"])
        procs.append(proc)
        return Gateway(proc)

    yield start_one
    for proc in procs:
        proc.proc.terminate()
    for proc in procs:
        _wait(proc)


def _stop(proc: Proc) -> None:
    proc.proc.terminate()
    _wait(proc)


def _wait(proc: Proc) -> None:
    try:
        proc.proc.wait(timeout=10)
    except Exception:
        proc.proc.kill()
        proc.proc.wait(timeout=5)


@pytest.fixture(scope="package")
def blackhole() -> Iterator[str]:
    """An address that accepts TCP connections (the kernel completes the handshake) and never
    answers: nothing ever reads from the listening socket."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(512)
    port = sock.getsockname()[1]
    yield f"http://127.0.0.1:{port}"
    sock.close()


class ThreadedServer:
    """An aiohttp app served from a thread with its own event loop, so synchronous SDK calls in
    a test can reach it; ``url`` has no trailing slash."""

    def __init__(self, app: web.Application) -> None:
        self._app = app
        self._loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._runner: web.AppRunner | None = None
        self.url = ""
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        asyncio.set_event_loop(self._loop)
        self._loop.run_until_complete(self._start())
        self._ready.set()
        self._loop.run_forever()
        self._loop.run_until_complete(self._cleanup())
        self._loop.close()

    async def _start(self) -> None:
        self._runner = web.AppRunner(self._app, handler_cancellation=True, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.url = f"http://127.0.0.1:{self._runner.addresses[0][1]}"

    async def _cleanup(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    def __enter__(self) -> ThreadedServer:
        self._thread.start()
        assert self._ready.wait(10), "the test upstream did not start"
        return self

    def __exit__(self, *exc: object) -> None:
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)
