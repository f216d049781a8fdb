"""Issue #4 test 1: the primary answers 503 for a while under steady load.

Scaled down about tenfold: a 3.5 s outage instead of 30 s, a 0.5 s breaker cooldown doubling to
1 s (instead of 5 s → 60 s), a 1 s probe timeout. Live-health demotion is switched off here
(``min_samples`` out of reach) so that the circuit breaker alone decides, and what it does can
be measured; the other knobs keep the design's defaults, the retry budget's included.

Eight concurrent clients, more than the retry budget's floor (3): at the outage's onset they all
fail at once and must all be able to move to the backup. A move to another deployment adds no
load to the failing one, so it is held only to the budget's window cap, not to the concurrent
cap that limits plain retries (test_budget.py measures the budget itself).
"""

from __future__ import annotations

import asyncio
import itertools
import time
from dataclasses import dataclass

import aiohttp
import pytest

from .conftest import AUTH, Gateway, Sim, StartGateway, chat_body, model, post

pytestmark = pytest.mark.integration

COOLDOWN_S = 0.5
MAX_COOLDOWN_S = 1.0
TRIP_AFTER = 5  # the design's consecutive_failures
CLIENTS = 8  # concurrent clients, more than the retry budget's floor (see module docstring)
OUTAGE_S = 3.5
POLL_S = 0.01
LAG_S = 0.15  # how late a poll of the simulator may see a call on a busy machine

NO_DEMOTION = {"min_samples": 1_000_000}


@dataclass
class Done:
    sent: float
    status: int
    model: str | None
    body: bytes


@dataclass
class Sample:
    at: float
    primary: int


async def _load(
    gw: Gateway, session: aiohttp.ClientSession, done: list[Done], stop: asyncio.Event
) -> None:
    while not stop.is_set():
        sent = time.monotonic()
        r = await post(session, f"{gw.url}/v1/chat/completions", chat_body("auto:outage"))
        done.append(Done(sent, r.status, r.headers.get("x-routeyard-model"), r.body[:300]))
        await asyncio.sleep(0.005)


async def _watch(
    sim: Sim, session: aiohttp.ClientSession, out: list[Sample], stop: asyncio.Event
) -> None:
    while not stop.is_set():
        out.append(Sample(time.monotonic(), await sim.acount(session, "sim-primary")))
        await asyncio.sleep(POLL_S)


async def _set_faults(session: aiohttp.ClientSession, sim: Sim, **faults: object) -> None:
    async with session.put(f"{sim.url}/_sim/faults/sim-primary", json=faults) as resp:
        assert resp.status == 200


async def test_primary_outage_under_steady_load(sim: Sim, start_gateway: StartGateway) -> None:
    gw = start_gateway(
        models={"primary": model("sim-primary"), "backup": model("sim-backup")},
        routes={"outage": ["primary", "backup"]},
        resilience={
            "breaker": {
                "cooldown_s": COOLDOWN_S,
                "max_cooldown_s": MAX_COOLDOWN_S,
                "probe_timeout_s": 1.0,
            },
            "health": NO_DEMOTION,
        },
    )
    done: list[Done] = []
    samples: list[Sample] = []
    stop = asyncio.Event()
    async with aiohttp.ClientSession() as session:
        tasks = [asyncio.create_task(_load(gw, session, done, stop)) for _ in range(CLIENTS)]
        tasks.append(asyncio.create_task(_watch(sim, session, samples, stop)))
        await asyncio.sleep(0.6)  # steady state: everything on the primary
        before = await sim.acount(session, "sim-primary")
        outage_at = time.monotonic()
        await _set_faults(session, sim, outage=True, retry_after_s=None)
        await asyncio.sleep(OUTAGE_S)
        await _set_faults(session, sim, outage=False)
        recovered_at = time.monotonic()
        # The breaker probes at most MAX_COOLDOWN_S after the last failed probe.
        limit = recovered_at + MAX_COOLDOWN_S + 1.0
        while time.monotonic() < limit:
            recent = [d for d in done if d.sent > recovered_at]
            if sum(d.model == "primary" for d in recent) >= 10:
                break
            await asyncio.sleep(0.05)
        returned_at = time.monotonic()
        await asyncio.sleep(0.2)
        stop.set()
        await asyncio.gather(*tasks)
        async with session.get(f"{gw.url}/routeyard/stats", headers=AUTH) as resp:
            stats = await resp.json()

    # 1. Every client request succeeded (on the backup while the primary was down).
    failed = [d for d in done if d.status != 200]
    assert not failed, f"{len(failed)} of {len(done)} failed, first: {failed[0]}"
    assert sum(d.model == "backup" for d in done) > 50

    # 2. The breaker opened within 5 failures: calls that reached the primary before it
    #    opened are the 5 that tripped it plus at most one in flight per other client.
    transitions = [t for t in stats["breaker_transitions"] if t["deployment"] == "primary"]
    assert transitions[0]["to"] == "open"
    assert transitions[0]["reason"] == "consecutive_failures"
    during = [s for s in samples if outage_at <= s.at < recovered_at]
    first_cooldown = [s for s in during if s.at < outage_at + COOLDOWN_S * 0.9]
    tripped_after = first_cooldown[-1].primary - before
    # Up to one attempt in flight per other client when it trips; and a request that reached the
    # primary just before the outage began may still report a success in the middle of the
    # first failures, which restarts the consecutive count: one more per other client.
    assert TRIP_AFTER <= tripped_after <= TRIP_AFTER + 2 * (CLIENTS - 1)

    # 3. While open: at most one probe per cooldown. Every later rise of the primary's counter
    #    is one probe (one call), at least a cooldown after the one before.
    probes: list[float] = []
    last = first_cooldown[-1].primary
    for s in during[len(first_cooldown) :]:
        assert s.primary - last <= 1, "more than one call to an open deployment at once"
        if s.primary > last:
            probes.append(s.at)
        last = s.primary
    gaps = [b - a for a, b in itertools.pairwise(probes)]
    assert all(g >= COOLDOWN_S - LAG_S for g in gaps), gaps
    assert len(probes) <= OUTAGE_S / COOLDOWN_S + 1

    # 4. Traffic returned to the primary after recovery, within one (max) cooldown.
    assert returned_at - recovered_at <= MAX_COOLDOWN_S + 1.0
    assert [t["to"] for t in transitions][-1] == "closed"
    assert transitions[-1]["reason"] == "probe_succeeded"


async def test_failed_probe_does_not_leak_retry_budget(
    sim: Sim, start_gateway: StartGateway
) -> None:
    """Deterministic reproduction of the leak behind test 1's 502s.

    The primary's breaker trips on one failure, so each request's first failure opens it and
    its retry (which took a budget slot for the backoff wait) finds the breaker open. Only the
    concurrent budget cap is on (``budget_window_s: null``) and requests are sequential, so at
    most one slot is ever needed at a time: every request must fail over to the spare.
    """
    gw = start_gateway(
        models={"leaky": model("sim-primary"), "spare": model("sim-backup")},
        routes={"leaky": ["leaky", "spare"]},
        resilience={
            "breaker": {"consecutive_failures": 1, "cooldown_s": 0.2, "max_cooldown_s": 0.2},
            "retry": {"budget_window_s": None},
            "health": NO_DEMOTION,
        },
    )
    sim.faults("sim-primary", outage=True, retry_after_s=None)
    statuses: list[int] = []
    async with aiohttp.ClientSession() as session:
        for _ in range(5):
            r = await post(session, f"{gw.url}/v1/chat/completions", chat_body("auto:leaky"))
            statuses.append(r.status)
            await asyncio.sleep(0.25)  # past the cooldown: the next request probes
    assert sim.requests("sim-primary", "sim-backup") == {"sim-primary": 5, "sim-backup": 5}
    assert statuses == [200] * 5
