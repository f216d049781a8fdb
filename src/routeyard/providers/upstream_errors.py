"""Turning an upstream's non-2xx answer into an ``UpstreamError`` that is safe to show."""

from __future__ import annotations

import email.utils
import time
from collections.abc import Mapping
from typing import Any

import orjson

from routeyard.errors import UpstreamError

MAX_RETRY_AFTER_S = 3600.0


def parse_retry_after(headers: Mapping[str, str], *, now: float | None = None) -> float | None:
    """Seconds to wait from ``retry-after-ms`` or ``Retry-After`` (seconds or an HTTP date)."""
    ms = headers.get("retry-after-ms")
    if ms:
        try:
            return min(max(float(ms) / 1000.0, 0.0), MAX_RETRY_AFTER_S)
        except ValueError:
            pass
    value = headers.get("retry-after")
    if not value:
        return None
    try:
        return min(max(float(value), 0.0), MAX_RETRY_AFTER_S)
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    current = time.time() if now is None else now
    return min(max(when.timestamp() - current, 0.0), MAX_RETRY_AFTER_S)


def status_error(status: int, headers: Mapping[str, str], body: bytes) -> UpstreamError:
    retry_after = parse_retry_after(headers)
    if status in (401, 403):
        # Never relay the provider's text: it can echo part of the key.
        return UpstreamError("status", f"upstream rejected our credentials ({status})", status)
    message, code = _error_fields(body)
    if not message:
        message = f"upstream answered {status}"
    return UpstreamError("status", message[:500], status, retry_after, code)


def _error_fields(body: bytes) -> tuple[str, str | None]:
    try:
        data: Any = orjson.loads(body)
    except orjson.JSONDecodeError:
        return "", None
    if not isinstance(data, dict):
        return "", None
    err = data.get("error")
    if isinstance(err, dict):
        message = err.get("message")
        code = err.get("code") or err.get("type")
        return (str(message) if message else ""), (str(code) if code else None)
    if isinstance(err, str):
        return err, None
    return "", None
