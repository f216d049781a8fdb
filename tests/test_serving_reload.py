"""The router swap behind config reloads, in process: requests run wholly on the router that was
live when they arrived, an old router closes only after its last request, a bad config changes
nothing, and settings that need a restart are reported and kept."""

from __future__ import annotations

import asyncio
import gc
import weakref
from typing import cast

import aiohttp

from routeyard.config import Config, ConfigError, Problem, default_config
from routeyard.config.default import default_config_text
from routeyard.config.loader import parse_config
from routeyard.ingress import GatewayApp
from routeyard.ingress.httpd import Request, Responder
from routeyard.serving import Reloader, RouterSlot, restart_only_changes, running_gateway


class FakeRouter:
    def __init__(self) -> None:
        self.closed = False
        self.adopted_from: FakeRouter | None = None

    def adopt_request_log(self, old: FakeRouter) -> None:
        self.adopted_from = old

    async def aclose(self) -> None:
        self.closed = True


class FakeApp:
    """Answers by recording which app ran the request; ``gate`` holds requests open."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.router = FakeRouter()
        self.dashboard = None
        self.ready = True
        self.on_reload = None
        self.gate = asyncio.Event()
        self.gate.set()
        self.served: list[str] = []

    async def __call__(self, request: Request, resp: Responder) -> None:
        await self.gate.wait()
        self.served.append(request.path)


def _closed(app: FakeApp) -> bool:  # a call, so mypy does not narrow across awaits
    return app.router.closed


def _request(path: str) -> Request:
    return cast(Request, type("R", (), {"path": path})())


async def test_in_flight_requests_finish_on_the_old_app_which_closes_after_them() -> None:
    old, new = FakeApp("old"), FakeApp("new")
    old.gate.clear()
    slot = RouterSlot(cast(GatewayApp, old))
    resp = cast(Responder, None)
    slow = asyncio.create_task(slot(_request("/slow"), resp))
    await asyncio.sleep(0)
    old.ready = False  # carried over: a draining gateway stays not ready
    slot.swap(cast(GatewayApp, new))
    await slot(_request("/after"), resp)
    assert new.served == ["/after"] and old.served == []
    assert new.router.adopted_from is old.router and not new.ready
    await asyncio.sleep(0.01)
    assert not _closed(old)  # its request is still running
    assert slot.draining == 1
    old.gate.set()
    await slow
    await asyncio.sleep(0.01)
    assert old.served == ["/slow"] and _closed(old) and not _closed(new)
    assert slot.draining == 0
    await slot.aclose()
    assert _closed(new)


async def test_an_idle_old_app_closes_at_once() -> None:
    old, new = FakeApp("old"), FakeApp("new")
    slot = RouterSlot(cast(GatewayApp, old))
    slot.swap(cast(GatewayApp, new))
    await asyncio.sleep(0.01)
    assert old.router.closed and slot.app is cast(GatewayApp, new)


async def test_an_invalid_config_keeps_the_live_router() -> None:
    app = FakeApp("live")
    slot = RouterSlot(cast(GatewayApp, app))

    def broken() -> Config:
        raise ConfigError("gw.yaml", [Problem("policy.routes.0.candidates", 12, "unknown model")])

    outcome = await Reloader(slot, broken, simulator_url=None, worker=None).reload()
    assert not outcome.reloaded
    assert outcome.as_json()["errors"] == ["policy.routes.0.candidates (line 12): unknown model"]
    assert slot.app is cast(GatewayApp, app) and not app.router.closed


def test_settings_that_need_a_restart_are_named() -> None:
    old = default_config()
    text = default_config_text().replace("port: 8080", "port: 9090")
    text = text.replace("kind: simulator ", "kind: simulator\n    simulator_spec: other.yaml ")
    new = parse_config(text + "observe:\n  request_log: {backend: 'off'}\n", env={})
    assert restart_only_changes(old, old) == []
    assert restart_only_changes(old, new) == [
        "server.port (8080 → 9090)",
        "observe.request_log",
        "the embedded simulator (providers of kind simulator without base_url)",
    ]


async def test_reload_of_the_embedded_default_in_process() -> None:
    """With the local model on: the new router routes with the new policy, the old one's
    transport is closed, and the port and request log settings stay as they were."""
    base = parse_config(
        default_config_text() + "observe:\n  request_log: {backend: 'off'}\n", env={}
    )
    changed_text = (
        default_config_text()
        .replace("version: default-1", "version: reloaded-2")
        .replace("candidates: [sim-small, sim-medium, sim-large]", "candidates: [sim-large]")
        + "observe:\n  request_log: {backend: sqlite}\n"
    )
    changed = parse_config(changed_text, env={})
    async with running_gateway(base, "127.0.0.1", 0, load=lambda: changed) as gw:
        assert gc.get_freeze_count() > 0  # startup's objects are out of the collector's way
        first = weakref.ref(gw.router)
        assert gw.reloader is not None
        outcome = await gw.reloader.reload()
        assert outcome.reloaded and outcome.version == "reloaded-2"
        assert outcome.ignored == ["observe.request_log"]
        assert gw.router is not first()
        assert gw.router.config.observe.request_log.backend == "off"  # kept
        assert gw.router.policy.version == "reloaded-2"
        body = {"model": "auto", "messages": [{"role": "user", "content": "hi"}]}
        async with (
            aiohttp.ClientSession() as s,
            s.post(f"{gw.url}/v1/chat/completions", json=body) as resp,
        ):
            assert resp.status == 200
            assert resp.headers["x-routeyard-route"] == "general"
            assert resp.headers["x-routeyard-model"] == "sim-large"
        await asyncio.sleep(0.05)
        assert gw.slot.draining == 0  # the first router had nothing in flight: closed
        gc.collect()
        assert first() is None  # frozen at startup, yet freed once it closed
    assert gc.get_freeze_count() == 0  # a stopped gateway leaves nothing frozen
