"""Keeping CPython's cycle collector off the request path of a long-running server.

A serving process holds tens of thousands of objects from startup that live until it stops:
modules, classes, the config, the local model, the router. CPython's generational collector
walks every one of them on each full (generation 2) collection. On this project's 2-core
benchmark machine, full collections under load took 120–200 ms of CPU each, several times in
10 s (they also walked a backlog of queued log records, since fixed in ``observe/request_log``):
that pause, with every request waiting behind it, was the gateway's p99 at 32 connections.

``settle()`` runs once the server is built: one full collection, then ``gc.freeze()`` moves
every surviving object into the permanent generation, which the collector skips. Objects made
while serving are still collected as usual; only the startup set is left out, and it is
reference-counted like any other object.

After a config reload the old router's objects are in the permanent generation too, and any
reference cycle among them would never be freed; ``resettle()`` (called once the old router is
closed) unfreezes, collects and freezes again, one pause per reload. ``release()`` (when the
gateway stops) unfreezes, so a process that goes on after it, such as a test run that started
the gateway in-process, can free everything the gateway held.
"""

from __future__ import annotations

import gc


def settle() -> int:
    """Collect once and freeze what survives; returns how many objects are now frozen."""
    gc.collect()
    gc.freeze()
    return gc.get_freeze_count()


def resettle() -> int:
    """After objects frozen earlier became garbage (a retired router): free them, freeze again."""
    gc.unfreeze()
    return settle()


def release() -> None:
    """Give every frozen object back to the collector."""
    gc.unfreeze()
