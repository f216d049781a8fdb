"""``GET /dashboard`` and its data, ``GET /routeyard/dashboard.json``.

The page and its scripts hold no data and are served to anyone who can reach the gateway; the
data endpoint asks for a client key exactly like ``/routeyard/stats`` (the page asks the user for
one when it gets a 401 and sends it as ``Authorization: Bearer``).

The data is the request log over a window (``observe.dashboard_query``) plus the router's live
state (breakers, health, in-process counters). Queries never run on the event loop: one
dedicated thread owns a read connection (a backend is single-threaded) and the answer for a
window is kept for ``cache_s``, so any number of open pages cost one query batch a second.
"""

from __future__ import annotations

import asyncio
import logging
import math
import time
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any
from urllib.parse import parse_qs

import orjson

from routeyard.errors import InvalidRequest
from routeyard.ingress.auth import ClientAuth
from routeyard.ingress.httpd import Request, Responder
from routeyard.observe.dashboard_page import ASSETS, read_asset
from routeyard.observe.dashboard_query import query_dashboard
from routeyard.observe.log_backend import LogBackend
from routeyard.observe.stats_query import parse_duration
from routeyard.router import Router

log = logging.getLogger("routeyard.dashboard")

DEFAULT_WINDOW = "1h"
MAX_WINDOW_S = 400 * 86400.0
PAGE_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
    "img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)
_SECURITY_HEADERS = (
    ("cache-control", "no-cache"),
    ("x-content-type-options", "nosniff"),
    ("referrer-policy", "no-referrer"),
)


def parse_window(query: str, now: float) -> tuple[str, float, float]:
    """``(cache key, since, until)`` from ``window=1h`` or ``since=<unix>[&until=<unix>]``.

    >>> parse_window("window=15m", 1000.0)
    ('window=900', 100.0, 1000.0)
    >>> parse_window("since=10&until=20", 1000.0)
    ('since=10.0&until=20.0', 10.0, 20.0)
    """
    params = parse_qs(query, keep_blank_values=True)

    def one(name: str) -> str | None:
        values = params.get(name)
        return None if not values else values[-1]

    since_text, until_text = one("since"), one("until")
    if since_text is None:
        if until_text is not None:
            raise InvalidRequest("'until' needs 'since'", param="until")
        text = one("window") or DEFAULT_WINDOW
        try:
            seconds = parse_duration(text)
        except ValueError as exc:
            raise InvalidRequest(f"window: {exc}", param="window") from None
        if seconds > MAX_WINDOW_S:
            raise InvalidRequest("window: at most 400d", param="window")
        return f"window={seconds:g}", now - seconds, now
    since = _unix(since_text, "since")
    until = now if until_text is None else _unix(until_text, "until")
    if not since < until or until - since > MAX_WINDOW_S:
        raise InvalidRequest("since must be before until, at most 400 days apart", param="since")
    key = f"since={since!r}" + ("" if until_text is None else f"&until={until!r}")
    return key, since, until


def _unix(text: str, name: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise InvalidRequest(f"{name}: not a Unix time in seconds", param=name) from None
    if not math.isfinite(value) or value < 0:
        raise InvalidRequest(f"{name}: not a Unix time in seconds", param=name)
    return value


class DashboardEndpoints:
    """The page, its files and its data for one gateway (one router)."""

    def __init__(
        self,
        router: Router,
        auth: ClientAuth,
        *,
        cache_s: float = 1.0,
        recent: int = 25,
        clock: Callable[[], float] = time.monotonic,
        wall_clock: Callable[[], float] = time.time,
    ) -> None:
        self.router = router
        self.auth = auth
        self.cache_s = cache_s
        self.recent = recent
        self._clock = clock
        self._wall = wall_clock
        self._log_cfg = router.config.observe.request_log
        self._assets: dict[str, bytes] = {}
        self._cache: dict[str, tuple[float, bytes]] = {}
        self._lock: asyncio.Lock | None = None
        self._executor: ThreadPoolExecutor | None = None
        self._backend: LogBackend | None = None  # used only on the executor's one thread

    # -- files ----------------------------------------------------------------------------------

    def _asset(self, name: str) -> bytes:
        body = self._assets.get(name)
        if body is None:
            body = self._assets[name] = read_asset(name)
        return body

    async def page(self, request: Request, resp: Responder) -> None:
        headers = (*_SECURITY_HEADERS, ("content-security-policy", PAGE_CSP))
        resp.send(200, self._asset("index.html"), headers, content_type=ASSETS["index.html"])

    def asset_endpoint(self, name: str) -> Callable[[Request, Responder], Awaitable[None]]:
        async def send(request: Request, resp: Responder) -> None:
            resp.send(200, self._asset(name), _SECURITY_HEADERS, content_type=ASSETS[name])

        return send

    # -- data -----------------------------------------------------------------------------------

    async def data(self, request: Request, resp: Responder) -> None:
        self.auth.authenticate(request)
        key, since, until = parse_window(request.query, self._wall())
        if self._lock is None:
            self._lock = asyncio.Lock()
        async with self._lock:  # one query batch at a time; waiters then read the cache
            hit = self._cache.get(key)
            now = self._clock()
            if hit is not None and now - hit[0] < self.cache_s:
                body = hit[1]
            else:
                body = orjson.dumps(await self.build(since, until))
                self._cache = {k: v for k, v in self._cache.items() if now - v[0] < self.cache_s}
                self._cache[key] = (self._clock(), body)
        resp.send(200, body, (("cache-control", "no-store"),))

    async def build(self, since: float, until: float) -> dict[str, Any]:
        """The dashboard's JSON document for a window (see the README)."""
        cfg = self._log_cfg
        log_state: dict[str, Any] = {
            "backend": cfg.backend,
            "enabled": cfg.backend != "off",
            "readable": False,
            "error": None,
        }
        report: dict[str, Any] | None = None
        if cfg.backend != "off":
            if self._executor is None:
                self._executor = ThreadPoolExecutor(1, thread_name_prefix="routeyard-dashboard")
            loop = asyncio.get_running_loop()
            try:
                report = await loop.run_in_executor(self._executor, self._query, since, until)
                log_state["readable"] = True
            except Exception as exc:  # the page still shows the live state
                log.warning("dashboard: cannot read the request log: %s", exc)
                log_state["error"] = f"the request log cannot be read now ({type(exc).__name__})"
        snapshot = self.router.snapshot()
        log_state["writer"] = snapshot.get("request_log")
        return {
            "generated_at": self._wall(),
            "window": {"since": since, "until": until, "seconds": until - since},
            "baseline_model": self.router.config.policy.baseline,
            "request_log": log_state,
            "log": report,
            "live": {
                k: snapshot[k]
                for k in ("requests", "ok", "cost_usd", "baseline_cost_usd", "decision_us")
            }
            | {"routes": snapshot["routes"]},
            "breakers": self._breakers(snapshot),
            "breaker_transitions": snapshot["breaker_transitions"][-20:][::-1],
        }

    def _breakers(self, snapshot: dict[str, Any]) -> list[dict[str, Any]]:
        """Every configured model's breaker (an untouched one is closed) and live health."""
        states: dict[str, str] = snapshot["breakers"]
        health: dict[str, dict[str, Any]] = snapshot["health"]
        names = sorted(set(self.router.config.models) | set(states))
        return [
            {
                "deployment": name,
                "state": states.get(name, "closed"),
                "used": name in states,
                **health.get(name, {"error_rate": None, "latency_ms": None, "samples": 0}),
            }
            for name in names
        ]

    def _query(self, since: float, until: float) -> dict[str, Any]:
        """On the dashboard thread: the log's report; drops the connection after a failure."""
        if self._backend is None:
            from routeyard.observe.log_factory import build_backend

            self._backend = build_backend(self._log_cfg)
        try:
            return query_dashboard(self._backend, since=since, until=until, recent=self.recent)
        except Exception:
            backend, self._backend = self._backend, None
            backend.close()
            raise

    def close(self) -> None:
        """Close the read connection and stop the thread (idempotent)."""
        executor, self._executor = self._executor, None
        if executor is not None:
            executor.submit(self._close_backend)
            executor.shutdown(wait=True)

    def _close_backend(self) -> None:
        backend, self._backend = self._backend, None
        if backend is not None:
            backend.close()
