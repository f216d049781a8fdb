"""Live health per deployment: moving averages the policy reads to demote a deployment early.

A breaker acts on hard evidence (a run of failures); health acts on trends, before that: a
deployment whose averaged error rate reaches ``demote_error_rate``, or whose averaged latency or
time to first token reaches ``demote_latency_factor`` × the fastest healthy peer's, is
*degraded*, and the policy may move it down the candidate list or skip it.

Averages are exponentially weighted per sample (``ewma_alpha`` is the newest sample's weight);
the first sample sets the average. Latency and time to first token are averaged over successful
attempts only: a fast failure is not a fast answer, and it already counts in the error rate.

A deployment with no samples for ``forget_after_s`` starts afresh: once demoted it gets little
traffic, and without forgetting its old numbers it could stay demoted forever.

Which peers to compare against is the caller's choice (``peers=``): a large model is slower than
a small one by nature, so compare deployments that could serve the same request, e.g. the
candidates of one route or the deployments of one model.

>>> from routeyard.config.resilience import HealthConfig
>>> health = HealthTracker(HealthConfig(ewma_alpha=0.5, min_samples=2), clock=lambda: 0.0)
>>> for ok in (True, False, False):
...     health.record("a", ok=ok, latency_s=1.0 if ok else None)
>>> health.snapshot("a").error_rate  # 0 → 0.5 → 0.75
0.75
>>> health.degraded_reason("a")
'error_rate 0.75 ≥ 0.5'
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from routeyard.config.resilience import HealthConfig


@dataclass(slots=True, frozen=True)
class HealthSnapshot:
    """One deployment's averages at ``updated_at`` (clock time of its last sample)."""

    deployment: str
    samples: int
    """Attempts recorded since the averages last started afresh."""
    error_rate: float
    """Averaged share of failed attempts, 0–1."""
    latency_s: float | None
    """Averaged duration of successful attempts (None: no success yet)."""
    latency_samples: int
    ttft_s: float | None
    """Averaged time to first token of successful streams (None: none yet)."""
    ttft_samples: int
    updated_at: float


class _Ewma:
    __slots__ = ("n", "value")

    def __init__(self) -> None:
        self.value: float | None = None
        self.n = 0

    def add(self, x: float, alpha: float) -> None:
        self.value = x if self.value is None else alpha * x + (1.0 - alpha) * self.value
        self.n += 1


class _Stats:
    __slots__ = ("errors", "latency", "ttft", "updated_at")

    def __init__(self, now: float) -> None:
        self.errors = _Ewma()
        self.latency = _Ewma()
        self.ttft = _Ewma()
        self.updated_at = now


class HealthTracker:
    """The live health of every deployment of one router instance."""

    def __init__(self, cfg: HealthConfig, clock: Callable[[], float]) -> None:
        self._cfg = cfg
        self._clock = clock
        self._stats: dict[str, _Stats] = {}

    def record(
        self,
        deployment: str,
        *,
        ok: bool,
        latency_s: float | None = None,
        ttft_s: float | None = None,
    ) -> None:
        """One finished attempt. ``latency_s``/``ttft_s`` count only when ``ok``."""
        now = self._clock()
        stats = self._stats.get(deployment)
        if stats is None or self._stale(stats, now):
            stats = self._stats[deployment] = _Stats(now)
        alpha = self._cfg.ewma_alpha
        stats.errors.add(0.0 if ok else 1.0, alpha)
        if ok and latency_s is not None:
            stats.latency.add(latency_s, alpha)
        if ok and ttft_s is not None:
            stats.ttft.add(ttft_s, alpha)
        stats.updated_at = now

    def snapshot(self, deployment: str) -> HealthSnapshot | None:
        """The deployment's averages, or ``None`` when it has no recent samples."""
        stats = self._stats.get(deployment)
        if stats is None or self._stale(stats, self._clock()):
            return None
        return HealthSnapshot(
            deployment,
            stats.errors.n,
            stats.errors.value or 0.0,
            stats.latency.value,
            stats.latency.n,
            stats.ttft.value,
            stats.ttft.n,
            stats.updated_at,
        )

    def snapshots(self) -> dict[str, HealthSnapshot]:
        """Every deployment with recent samples."""
        out: dict[str, HealthSnapshot] = {}
        for name in self._stats:
            snap = self.snapshot(name)
            if snap is not None:
                out[name] = snap
        return out

    def is_degraded(self, deployment: str, peers: Iterable[str] | None = None) -> bool:
        return self.degraded_reason(deployment, peers) is not None

    def degraded_reason(self, deployment: str, peers: Iterable[str] | None = None) -> str | None:
        """Why ``deployment`` should be demoted, or ``None`` when it looks fine.

        ``peers``: the deployments to compare its speed with (default: every deployment with
        recent samples); ``deployment`` itself is left out of them.
        """
        snap = self.snapshot(deployment)
        if snap is None:
            return None
        reason = self._error_reason(snap)
        if reason is not None:
            return reason
        names = self._stats.keys() if peers is None else peers
        healthy = [
            p
            for p in (self.snapshot(n) for n in names if n != deployment)
            if p is not None and self._error_reason(p) is None
        ]
        return self._slow_reason("latency", _latency, snap, healthy) or self._slow_reason(
            "ttft", _ttft, snap, healthy
        )

    def degraded_reasons(self, names: Sequence[str]) -> list[str | None]:
        """``degraded_reason(name, names)`` for each of ``names``.

        The executor asks this for a decision's candidates on every request, so it reads the
        averages directly and finds each metric's two fastest healthy deployments once, instead
        of comparing every pair (the same verdicts as ``degraded_reason``, in one pass)."""
        cfg = self._cfg
        now = self._clock()
        live: dict[str, _Stats] = {}
        errors: dict[str, str | None] = {}
        for name in names:
            stats = self._stats.get(name)
            if stats is None or self._stale(stats, now):
                continue
            live[name] = stats
            errors[name] = _error_text(stats.errors, cfg)
        factor = cfg.demote_latency_factor
        if factor is None or len(live) < 2:
            return [errors.get(name) for name in names]
        n = cfg.min_samples
        healthy = [(name, st) for name, st in live.items() if errors[name] is None]
        lat = _two_fastest([(name, _judged_ewma(st.latency, n)) for name, st in healthy])
        ttft = _two_fastest([(name, _judged_ewma(st.ttft, n)) for name, st in healthy])
        out: list[str | None] = []
        for name in names:
            stats = live.get(name)
            if stats is None or errors[name] is not None:
                out.append(errors.get(name))
                continue
            out.append(
                _slow_text("latency", _judged_ewma(stats.latency, n), name, lat, factor)
                or _slow_text("ttft", _judged_ewma(stats.ttft, n), name, ttft, factor)
            )
        return out

    def _slow_reason(
        self,
        label: str,
        metric: Callable[[HealthSnapshot], tuple[float | None, int]],
        snap: HealthSnapshot,
        peers: list[HealthSnapshot],
    ) -> str | None:
        n = self._cfg.min_samples
        mine = _judged(metric(snap), n)
        best = min(
            (v for v in (_judged(metric(p), n) for p in peers) if v is not None), default=None
        )
        factor = self._cfg.demote_latency_factor
        if factor is None:
            return None
        if mine is not None and best is not None and mine >= factor * best:
            return _slow_words(label, mine, factor, best)
        return None

    def _error_reason(self, snap: HealthSnapshot) -> str | None:
        return _error_verdict(snap.samples, snap.error_rate, self._cfg)

    def _stale(self, stats: _Stats, now: float) -> bool:
        return now - stats.updated_at >= self._cfg.forget_after_s


def _latency(snap: HealthSnapshot) -> tuple[float | None, int]:
    return snap.latency_s, snap.latency_samples


def _ttft(snap: HealthSnapshot) -> tuple[float | None, int]:
    return snap.ttft_s, snap.ttft_samples


def _judged(metric: tuple[float | None, int], min_samples: int) -> float | None:
    """The average when it rests on enough samples to judge by."""
    value, n = metric
    return value if value is not None and n >= min_samples else None


def _error_verdict(samples: int, rate: float, cfg: HealthConfig) -> str | None:
    if samples >= cfg.min_samples and rate >= cfg.demote_error_rate:
        return f"error_rate {rate:.2g} ≥ {cfg.demote_error_rate:g}"
    return None


def _slow_words(label: str, mine: float, factor: float, best: float) -> str:
    return f"{label} {mine:.3g}s ≥ {factor:g} × {best:.3g}s"


def _error_text(errors: _Ewma, cfg: HealthConfig) -> str | None:
    return _error_verdict(errors.n, errors.value or 0.0, cfg)


def _judged_ewma(avg: _Ewma, min_samples: int) -> float | None:
    return _judged((avg.value, avg.n), min_samples)


# The fastest judged value with its deployment, and the second fastest value (None: none).
_Fastest = tuple[str | None, float | None, float | None]


def _two_fastest(values: list[tuple[str, float | None]]) -> _Fastest:
    who: str | None = None
    best: float | None = None
    second: float | None = None
    for name, v in values:
        if v is None:
            continue
        if best is None or v < best:
            who, best, second = name, v, best
        elif second is None or v < second:
            second = v
    return who, best, second


def _slow_text(
    label: str, mine: float | None, name: str, fastest: _Fastest, factor: float
) -> str | None:
    """Whether ``name`` is ``factor`` × slower than its fastest healthy peer (itself excluded)."""
    who, best, second = fastest
    peer = second if who == name else best
    if mine is not None and peer is not None and mine >= factor * peer:
        return _slow_words(label, mine, factor, peer)
    return None
