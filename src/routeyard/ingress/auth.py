"""Client keys: stored as SHA-256 hashes, never logged."""

from __future__ import annotations

import hashlib

from routeyard.config.schema import ClientKey
from routeyard.errors import AuthenticationFailed
from routeyard.ingress.httpd import Request


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


class ClientAuth:
    def __init__(self, keys: list[ClientKey]) -> None:
        self._by_hash = {k.sha256: k.id for k in keys}
        self._allowed = {k.id: frozenset(k.models) for k in keys if k.models is not None}
        self.enabled = bool(keys)

    def allowed_models(self, key_id: str | None) -> frozenset[str] | None:
        """The models a key may reach, or None for any."""
        return None if key_id is None else self._allowed.get(key_id)

    def authenticate(self, request: Request) -> str | None:
        """The key id of the caller, or None when auth is off; raises when the key is bad."""
        if not self.enabled:
            return None
        key = request.headers.get("x-api-key")
        if key is None:
            auth = request.headers.get("authorization", "")
            scheme, _, value = auth.partition(" ")
            if scheme.lower() == "bearer" and value:
                key = value.strip()
        if not key:
            raise AuthenticationFailed(
                "missing API key: send 'Authorization: Bearer <key>' or 'x-api-key: <key>'"
            )
        # A lookup by digest leaks nothing useful: the attacker cannot steer the hash.
        key_id = self._by_hash.get(hash_key(key))
        if key_id is None:
            raise AuthenticationFailed("invalid API key")
        return key_id
