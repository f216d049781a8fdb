"""Ingress: the HTTP edge (OpenAI and Anthropic wire formats, auth, limits, error shapes)."""

from routeyard.ingress.app import build_app

__all__ = ["build_app"]
