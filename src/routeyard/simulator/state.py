"""The runtime state of one simulator app: live faults, counters, clock and chance."""

from __future__ import annotations

import asyncio
import itertools
import random
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from routeyard.simulator.answers import AnswerBook
from routeyard.simulator.spec import FaultSpec, SimModel, SimulatorSpec


@dataclass(slots=True)
class ModelState:
    model: SimModel
    faults: FaultSpec
    requests: int = 0
    """Requests that reached this model, including those answered with an injected fault."""
    streams: int = 0
    active: int = 0

    def snapshot(self) -> dict[str, Any]:
        return {
            "faults": self.faults.model_dump(mode="json"),
            "requests": self.requests,
            "streams": self.streams,
            "active": self.active,
        }


class SimState:
    """Everything one app mutates; built by ``build_app``, never shared between apps."""

    def __init__(self, spec: SimulatorSpec, clock: Callable[[], float], rng: random.Random) -> None:
        self.spec = spec
        self.models = {m.name: ModelState(m, m.faults) for m in spec.models}
        self.clock = clock
        self.started = clock()
        self.rng = rng
        data_models = {m.data_model for m in spec.models if m.data_model is not None}
        self.book = AnswerBook(spec.data_files, data_models)
        self.stopping = asyncio.Event()
        """Set on app shutdown, to release stalled and hanging streams."""
        self._ids = itertools.count(1)

    def elapsed(self) -> float:
        return self.clock() - self.started

    def next_id(self) -> str:
        return f"sim{next(self._ids):012d}"

    def snapshot(self) -> dict[str, Any]:
        return {"models": {name: state.snapshot() for name, state in self.models.items()}}

    def reset(self) -> None:
        """Clear every model's faults and counters (``active`` keeps counting live requests)."""
        for state in self.models.values():
            state.faults = FaultSpec()
            state.requests = 0
            state.streams = 0
