"""The aiohttp application: routes, the error middleware, and the small read-only endpoints."""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable

import orjson
from aiohttp import web

from routeyard.errors import GatewayError, InvalidRequest, NotFound, PayloadTooLarge
from routeyard.ingress.errors import error_response
from routeyard.ingress.gateway import Gateway
from routeyard.router import Router

log = logging.getLogger("routeyard.ingress")

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
ROUTER_KEY = web.AppKey("router", Router)
STATE_KEY = web.AppKey("state", dict[str, bool])


def _api_of(request: web.Request) -> str:
    return "anthropic" if request.path.startswith("/v1/messages") else "openai"


@web.middleware
async def _errors(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Every error leaves in the ingress API's shape: no stack traces, no framework pages."""
    try:
        return await handler(request)
    except GatewayError as err:
        return error_response(err, _api_of(request))
    except web.HTTPRequestEntityTooLarge:
        return error_response(PayloadTooLarge("request body exceeds the limit"), _api_of(request))
    except web.HTTPMethodNotAllowed as exc:
        allowed = ", ".join(sorted(exc.allowed_methods))
        bad_method = InvalidRequest(f"method {request.method} is not allowed here; use {allowed}")
        resp = error_response(bad_method, _api_of(request))
        resp.set_status(405)
        resp.headers["Allow"] = ",".join(sorted(exc.allowed_methods))
        return resp
    except web.HTTPNotFound:
        return error_response(
            NotFound(f"no such endpoint: {request.method} {request.path}"), _api_of(request)
        )
    except web.HTTPException as exc:
        resp = error_response(InvalidRequest(exc.reason), _api_of(request))
        resp.set_status(exc.status)
        return resp
    except Exception:
        log.exception("unhandled error on %s %s", request.method, request.path)
        return error_response(GatewayError("internal error"), _api_of(request))


def _json(data: object, status: int = 200) -> web.Response:
    return web.Response(body=orjson.dumps(data), status=status, content_type="application/json")


def build_app(router: Router) -> web.Application:
    gateway = Gateway(router)
    app = web.Application(
        middlewares=[_errors], client_max_size=router.config.server.max_body_bytes
    )
    app[ROUTER_KEY] = router
    app[STATE_KEY] = {"ready": True}
    created = int(time.time())

    async def models(request: web.Request) -> web.Response:
        gateway.auth.authenticate(request)
        data = [{"id": "auto", "object": "model", "created": created, "owned_by": "routeyard"}]
        data += [
            {"id": f"auto:{r}", "object": "model", "created": created, "owned_by": "routeyard"}
            for r in sorted(router.policy.route_names)
        ]
        data += [
            {"id": name, "object": "model", "created": created, "owned_by": m.provider}
            for name, m in router.config.models.items()
        ]
        return _json({"object": "list", "data": data})

    async def healthz(request: web.Request) -> web.Response:
        return _json({"status": "ok"})

    async def readyz(request: web.Request) -> web.Response:
        if app[STATE_KEY]["ready"]:
            return _json({"status": "ready"})
        resp = _json({"status": "draining"}, status=503)
        resp.headers["Retry-After"] = "1"
        return resp

    async def stats(request: web.Request) -> web.Response:
        gateway.auth.authenticate(request)
        return _json(router.stats.snapshot())

    app.router.add_post("/v1/chat/completions", gateway.chat_completions)
    app.router.add_post("/chat/completions", gateway.chat_completions)
    app.router.add_post("/v1/messages", gateway.messages)
    app.router.add_get("/v1/models", models)
    app.router.add_get("/healthz", healthz)
    app.router.add_get("/readyz", readyz)
    app.router.add_get("/routeyard/stats", stats)
    return app
