"""A minimal HTTP/1.1 server for the gateway's hot path (httptools parser, asyncio protocol)."""

from routeyard.ingress.httpd.protocol import Handler, HttpConnection, Rejecter
from routeyard.ingress.httpd.request import Request, Responder
from routeyard.ingress.httpd.server import HttpServer

__all__ = ["Handler", "HttpConnection", "HttpServer", "Rejecter", "Request", "Responder"]
