"""The gateway's request dispatcher: routes, error shapes, and the small read-only endpoints."""

from __future__ import annotations

import logging
import time
import urllib.parse
from collections.abc import Awaitable, Callable

import orjson

from routeyard.errors import GatewayError, MethodNotAllowed, NotFound
from routeyard.evals.feedback import FeedbackEndpoint
from routeyard.ingress.dashboard import DashboardEndpoints
from routeyard.ingress.embeddings import EmbeddingsEndpoint
from routeyard.ingress.errors import api_of, send_error
from routeyard.ingress.gateway import Gateway
from routeyard.ingress.httpd import Request, Responder
from routeyard.observe.dashboard_page import ASSETS
from routeyard.observe.prometheus import CONTENT_TYPE as PROMETHEUS_CONTENT_TYPE
from routeyard.router import Router

log = logging.getLogger("routeyard.ingress")

Endpoint = Callable[[Request, Responder], Awaitable[None]]
MODEL_PATH = "/v1/models/"  # GET /v1/models/{id}
# Reloads the served config: (HTTP status, JSON body saying what happened).
Reload = Callable[[], Awaitable[tuple[int, dict[str, object]]]]


class GatewayApp:
    """Dispatches one request to its endpoint; every error leaves in the ingress API's shape."""

    def __init__(self, router: Router) -> None:
        self.router = router
        self.gateway = Gateway(router)
        self.ready = True
        self._created = int(time.time())
        g = self.gateway
        self._routes: dict[tuple[str, str], Endpoint] = {
            ("POST", "/v1/chat/completions"): g.chat_completions,
            ("POST", "/chat/completions"): g.chat_completions,
            ("POST", "/v1/messages"): g.messages,
            ("POST", "/v1/messages/count_tokens"): g.count_tokens,
            ("POST", "/v1/responses"): g.responses,
            ("POST", "/v1/completions"): g.completions,
            ("POST", "/completions"): g.completions,
            ("POST", "/v1/embeddings"): EmbeddingsEndpoint(g),
            ("POST", "/embeddings"): EmbeddingsEndpoint(g),
            ("POST", "/v1/feedback"): FeedbackEndpoint(router.eval_store, g.auth),
            ("GET", "/v1/models"): self.models,
            ("GET", "/healthz"): self.healthz,
            ("GET", "/readyz"): self.readyz,
            ("GET", "/routeyard/stats"): self.stats,
            ("POST", "/routeyard/reload"): self.reload,
        }
        self.on_reload: Reload | None = None  # set by a server that has a config file
        if router.metrics is not None:
            self._routes[("GET", router.config.observe.metrics.path)] = self.metrics
        self.dashboard: DashboardEndpoints | None = None
        if router.config.server.dashboard:
            self.dashboard = d = DashboardEndpoints(router, g.auth)
            self._routes[("GET", "/dashboard")] = d.page
            self._routes[("GET", "/routeyard/dashboard.json")] = d.data
            for name in ASSETS:  # the page's files, by name: nothing else can be asked for
                if name != "index.html":
                    self._routes[("GET", f"/dashboard/{name}")] = d.asset_endpoint(name)
        self._methods: dict[str, list[str]] = {}
        for method, path in self._routes:
            self._methods.setdefault(path, []).append(method)

    async def __call__(self, request: Request, resp: Responder) -> None:
        endpoint = self._routes.get((request.method, request.path))
        if endpoint is None and request.method == "GET" and request.path.startswith(MODEL_PATH):
            endpoint = self.model
        try:
            if endpoint is None:
                self._no_route(request)
            else:
                await endpoint(request, resp)
        except GatewayError as err:
            if not resp.started:
                send_error(resp, err, api_of(request.path))
        except Exception:
            log.exception("unhandled error on %s %s", request.method, request.path)
            if not resp.started:
                send_error(resp, GatewayError("internal error"), api_of(request.path))

    def _no_route(self, request: Request) -> None:
        allowed = self._methods.get(request.path)
        if allowed is None:
            raise NotFound(f"no such endpoint: {request.method} {request.path}")
        err = MethodNotAllowed(
            f"method {request.method} is not allowed here; use {', '.join(sorted(allowed))}"
        )
        err.headers["allow"] = ", ".join(sorted(allowed))
        raise err

    def _model_list(self, request: Request) -> list[dict[str, object]]:
        """What the caller's key may ask for (a key limited to some models sees only those
        and the routes), each entry readable by both APIs' SDKs: OpenAI's fields (``object``,
        ``created``, ``owned_by``) and Anthropic's (``type``, ``display_name``,
        ``created_at``)."""
        auth, router = self.gateway.auth, self.router
        allowed = auth.allowed_models(auth.authenticate(request))
        owners = [("auto", "routeyard")]
        owners += [(f"auto:{r}", "routeyard") for r in sorted(router.policy.route_names)]
        owners += [
            (name, m.provider)
            for name, m in router.config.models.items()
            if allowed is None or name in allowed
        ]
        created = self._created
        created_at = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(created))
        return [
            {
                "id": name,
                "object": "model",
                "created": created,
                "owned_by": owner,
                "type": "model",
                "display_name": name,
                "created_at": created_at,
            }
            for name, owner in owners
        ]

    async def models(self, request: Request, resp: Responder) -> None:
        """``GET /v1/models``: one page holds them all (Anthropic's paging fields say so)."""
        data = self._model_list(request)
        page = {
            "object": "list",
            "data": data,
            "has_more": False,
            "first_id": data[0]["id"],
            "last_id": data[-1]["id"],
        }
        resp.send(200, orjson.dumps(page))

    async def model(self, request: Request, resp: Responder) -> None:
        """``GET /v1/models/{id}``: one entry of the list, or 404."""
        entries = self._model_list(request)
        wanted = urllib.parse.unquote(request.path[len(MODEL_PATH) :])
        for entry in entries:
            if entry["id"] == wanted:
                resp.send(200, orjson.dumps(entry))
                return
        raise NotFound(f"unknown model {wanted!r}: GET /v1/models lists them")

    async def healthz(self, request: Request, resp: Responder) -> None:
        resp.send(200, b'{"status":"ok"}')

    async def readyz(self, request: Request, resp: Responder) -> None:
        if self.ready:
            resp.send(200, b'{"status":"ready"}')
        else:
            resp.send(503, b'{"status":"draining"}', (("retry-after", "1"),))

    async def metrics(self, request: Request, resp: Responder) -> None:
        assert self.router.metrics is not None
        resp.send(200, self.router.metrics.render(), content_type=PROMETHEUS_CONTENT_TYPE)

    async def stats(self, request: Request, resp: Responder) -> None:
        self.gateway.auth.authenticate(request)
        resp.send(200, orjson.dumps(self.router.snapshot()))

    async def reload(self, request: Request, resp: Responder) -> None:
        """Re-read the config file (as SIGHUP does); needs a client key like the stats."""
        self.gateway.auth.authenticate(request)
        if self.on_reload is None:
            raise NotFound("this gateway was started without a config file: nothing to reload")
        status, body = await self.on_reload()
        resp.send(status, orjson.dumps(body))
