"""Ingress: the HTTP edge (OpenAI and Anthropic wire formats, auth, limits, error shapes)."""

from routeyard.ingress.app import GatewayApp

__all__ = ["GatewayApp"]
