"""``routeyard demo --learn``: cost and quality of what the gateway served, and the table.

Cost is what the gateway's request log charged for each request; quality is the score the
sample recorded for the model that served it (through ``quality_as``). The single-model
references ("every request on sim-large") come from the shadow outcomes the gateway stored for
the same prompts: each prompt was answered by every model there.

    served = logged(store, request_ids)                        # request id → Served
    before = figures([served[i] for i in ids], prompts, aliases)
    print(format_table([("before", before), ("after", after)], models), end="")
    print(versus_before(before, after))
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from routeyard.evals.dataset import EvalRow
from routeyard.evals.store import EvalStore, StoreUnavailable


@dataclass(frozen=True, slots=True)
class Served:
    """One request as the request log has it."""

    request_id: str
    model: str | None
    cost_usd: float
    policy_version: str | None
    route: str
    status: str


def logged(store: EvalStore, request_ids: Iterable[str]) -> dict[str, Served]:
    """The request log's rows for ``request_ids`` (those written so far)."""
    wanted = set(request_ids)
    try:
        rows = store.db.query(
            "SELECT request_id, model, cost_usd, policy_version, route, status FROM requests"
        )
    except StoreUnavailable as exc:
        if "no such table" in str(exc):
            return {}  # nothing written yet
        raise
    out = {}
    for rid, model, cost, version, route, status in rows:
        if rid in wanted:
            out[str(rid)] = Served(str(rid), model, float(cost or 0.0), version, route, status)
    return out


@dataclass(slots=True)
class Figures:
    """Requests, what they cost and how good the answers were (by the recorded scores)."""

    requests: int = 0
    cost_usd: float = 0.0
    quality_sum: float = 0.0
    scored: int = 0
    models: Counter[str] = field(default_factory=Counter)

    @property
    def cost_per_1k(self) -> float:
        """USD per 1,000 requests."""
        return 1000 * self.cost_usd / self.requests if self.requests else 0.0

    @property
    def quality(self) -> float:
        """Mean recorded score of the answers (0-1) over the requests that have one."""
        return self.quality_sum / self.scored if self.scored else 0.0

    def share(self, model: str) -> float:
        return self.models[model] / self.requests if self.requests else 0.0

    def as_json(self) -> dict[str, object]:
        return {
            "requests": self.requests,
            "cost_usd": round(self.cost_usd, 10),
            "cost_per_1k": round(self.cost_per_1k, 6),
            "quality": round(self.quality, 6),
            "scored": self.scored,
            "models": dict(sorted(self.models.items())),
        }


def figures(served: Iterable[tuple[Served, EvalRow]], aliases: Mapping[str, str]) -> Figures:
    """``served``: each logged request with the sample row it sent; ``aliases``: configured
    model → its name in the data (``quality_as``)."""
    f = Figures()
    for request, row in served:
        f.requests += 1
        f.cost_usd += request.cost_usd
        if request.model is None:
            continue
        f.models[request.model] += 1
        result = row.results.get(aliases.get(request.model, request.model))
        if result is not None:
            f.scored += 1
            f.quality_sum += result.score
    return f


def single_model(rows: Iterable[EvalRow], model: str, alias: str) -> Figures:
    """Every row answered by ``model``, as shadow evaluation stored it (rows whose results
    lack the model are left out)."""
    f = Figures()
    for row in rows:
        result = row.results.get(alias)
        if result is None:
            continue
        f.requests += 1
        f.cost_usd += result.cost_usd or 0.0
        f.scored += 1
        f.quality_sum += result.score
        f.models[model] += 1
    return f


def split_outcomes(
    stored: Iterable[EvalRow], held_out: Iterable[EvalRow], held_ids: Iterable[str]
) -> tuple[list[EvalRow], list[EvalRow]]:
    """Stored outcomes as (to learn from, of the held-out prompts). A stored row is held out
    when its id is a held-out request's (the store names a prompt by its first request) or its
    prompt is a held-out prompt's: either alone would do, both make sure none leaks."""
    ids = set(held_ids)
    prompts = {row.prompt.strip() for row in held_out}
    learn: list[EvalRow] = []
    held: list[EvalRow] = []
    for row in stored:
        (held if row.id in ids or row.prompt.strip() in prompts else learn).append(row)
    return learn, held


def _pct(part: float, whole: float) -> str:
    return f"{100 * part / whole:.0f}%" if whole else "-"


def versus_before(before: Figures, after: Figures) -> str:
    """One sentence: how cost and quality moved from ``before`` to ``after``."""
    # Rounded first and + 0.0: a difference of float noise prints as +0, never as -0.
    dc = round(after.cost_per_1k - before.cost_per_1k, 4) + 0.0
    pct = round(100 * dc / before.cost_per_1k) + 0.0 if before.cost_per_1k else None
    rel = "" if pct is None else f", {pct:+.0f}%"
    dq = round(after.quality - before.quality, 3) + 0.0
    return (
        f"After vs before: USD per 1,000 requests {before.cost_per_1k:.4f} → "
        f"{after.cost_per_1k:.4f} ({dc:+.4f}{rel}), quality {before.quality:.3f} → "
        f"{after.quality:.3f} ({dq:+.3f})."
    )


def versus_baseline(after: Figures, baseline: Figures, name: str) -> str:
    """One sentence: the share of the baseline's cost ``after`` saves (or adds), at what share
    of its quality."""
    what = f"After vs the baseline (every request on {name}):"
    if not baseline.cost_per_1k or not baseline.quality:
        return f"{what} no figures for the baseline."
    saved = 1 - after.cost_per_1k / baseline.cost_per_1k
    cost = f"{saved:.0%} of its cost saved" if saved >= 0 else f"{-saved:.0%} more than its cost"
    return f"{what} {cost}, at {_pct(after.quality, baseline.quality)} of its quality."


def format_table(
    rows: Sequence[tuple[str, Figures]],
    models: Sequence[str],
    references: Sequence[tuple[str, Figures]] = (),
) -> str:
    """One line per labelled ``rows`` entry; ``references`` under a rule."""
    width = max(len(label) for label, _ in [*rows, *references])
    head = f"{'':<{width}}  {'requests':>8}  {'USD/1k req':>10}  {'quality':>7}"
    head += "".join(f"  {m:>10}" for m in models)

    def line(label: str, f: Figures) -> str:
        text = f"{label:<{width}}  {f.requests:>8}  {f.cost_per_1k:>10.4f}  {f.quality:>7.3f}"
        return text + "".join(f"  {100 * f.share(m):>9.0f}%" for m in models)

    lines = [head, *(line(label, f) for label, f in rows)]
    if references:
        lines.append("-" * len(head))
        lines += [line(label, f) for label, f in references]
    return "\n".join(lines) + "\n"
