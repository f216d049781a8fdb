"""The router report's chart: one PNG with a cost–quality panel (each router's λ-sweep points
and hull, random mixtures of single models, the oracle, the single models) and one PGR panel
per strong/weak pair (each router, random, oracle). Drawn with ``png_canvas``."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from routeyard.evals.png_canvas import Canvas, Color
from routeyard.evals.router_report import CostCurves, PairCurves, Report
from routeyard.evals.router_report_data import COST_UNIT, F64

ROUTER_COLORS: tuple[Color, ...] = ((31, 119, 180), (255, 127, 14), (148, 103, 189))
ORACLE: Color = (44, 160, 44)
RANDOM: Color = (120, 120, 120)
SINGLE: Color = (40, 40, 40)
BEST: Color = (214, 39, 40)
GRID: Color = (232, 232, 232)
INK: Color = (0, 0, 0)
PANEL_W, PANEL_H = 660, 570
LEGEND_ROWS = 3  # below each plot, in two columns
LEFT, RIGHT, TOP, BOTTOM = 92, 20, 58, 62 + 20 * LEGEND_ROWS + 10
TEXT = 2  # text scale: 10 × 14 pixel glyphs (18 with descenders)
LABELS = {"with_in_domain": "with in-domain", "without_in_domain": "without in-domain"}


def nice_ticks(lo: float, hi: float, count: int = 5) -> tuple[list[float], int]:
    """Round tick values covering [lo, hi] (steps of 1, 2 or 5 × 10^k), and the decimals to
    print them with."""
    if not hi > lo:
        hi = lo + 1.0
    raw = (hi - lo) / count
    power = 10.0 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    first = math.floor(lo / step + 1e-9) * step
    last = math.ceil(hi / step - 1e-9) * step
    ticks = [first + k * step for k in range(round((last - first) / step) + 1)]
    return ticks, max(0, -math.floor(math.log10(step) + 1e-9))


@dataclass(frozen=True, slots=True)
class Axes:
    """Data coordinates → pixels inside one panel's plot area."""

    canvas: Canvas
    left: int
    top: int
    width: int
    height: int
    x_range: tuple[float, float]
    y_range: tuple[float, float]

    def px(self, x: F64 | Sequence[float]) -> F64:
        lo, hi = self.x_range
        return self.left + (np.asarray(x, dtype=np.float64) - lo) / (hi - lo) * self.width

    def py(self, y: F64 | Sequence[float]) -> F64:
        lo, hi = self.y_range
        share = (np.asarray(y, dtype=np.float64) - lo) / (hi - lo)
        out: F64 = self.top + self.height - share * self.height
        return out

    def plot(
        self,
        x: F64 | Sequence[float],
        y: F64 | Sequence[float],
        color: Color,
        width: int = 2,
        dash: tuple[float, float] | None = None,
    ) -> None:
        px, py = self.px(x), self.py(y)
        self.canvas.line(px, py, color, width, dash)

    def point(self, x: float, y: float, color: Color, size: int = 5, shape: str = "circle") -> None:
        px, py = self.px([x]), self.py([y])
        self.canvas.marker(float(px[0]), float(py[0]), color, size, shape)


def _axes(
    canvas: Canvas,
    origin: tuple[int, int],
    xs: Sequence[float],
    ys: Sequence[float],
    labels: tuple[str, str],
    title: Sequence[str],
) -> Axes:
    ox, oy = origin
    x_ticks, x_dec = nice_ticks(min(xs), max(xs))
    y_ticks, y_dec = nice_ticks(min(ys), max(ys))
    ax = Axes(
        canvas,
        ox + LEFT,
        oy + TOP,
        PANEL_W - LEFT - RIGHT,
        PANEL_H - TOP - BOTTOM,
        (x_ticks[0], x_ticks[-1]),
        (y_ticks[0], y_ticks[-1]),
    )
    right, bottom = ax.left + ax.width, ax.top + ax.height
    for t in x_ticks:
        x = round(float(ax.px([t])[0]))
        canvas.rect(x, ax.top, x, bottom, GRID)
        canvas.rect(x, bottom, x, bottom + 5, INK)
        canvas.text(x, bottom + 9, f"{t:.{x_dec}f}", INK, TEXT, "centre")
    for t in y_ticks:
        y = round(float(ax.py([t])[0]))
        canvas.rect(ax.left, y, right, y, GRID)
        canvas.rect(ax.left - 5, y, ax.left, y, INK)
        canvas.text(ax.left - 9, y - 7, f"{t:.{y_dec}f}", INK, TEXT, "right")
    canvas.rect(ax.left, ax.top, ax.left, bottom, INK)
    canvas.rect(ax.left, bottom, right, bottom, INK)
    canvas.text(ax.left + ax.width // 2, bottom + 34, labels[0], INK, TEXT, "centre")
    canvas.text(ox + 8, ax.top + ax.height // 2, labels[1], INK, TEXT, "centre", vertical=True)
    for k, line in enumerate(title):
        canvas.text(ox + PANEL_W // 2, oy + 6 + 22 * k, line, INK, TEXT, "centre")
    return ax


def _legend(ax: Axes, entries: Sequence[tuple[str, Color, str]]) -> None:
    """Below the plot, outside the data, in two columns: (label, colour, "line" | "dash" |
    "square")."""
    canvas = ax.canvas
    left = ax.left - LEFT + 16
    top = ax.top + ax.height + 62
    column = (PANEL_W - 32) // 2
    for k, (label, color, kind) in enumerate(entries):
        x = left + (k % 2) * column
        y = top + 20 * (k // 2) + 8
        if kind in ("line", "dash"):
            dash = (7.0, 5.0) if kind == "dash" else None
            canvas.line([x, x + 24], [y, y], color, width=3, dash=dash)
        else:
            canvas.marker(x + 12, y, color, 4, "square")
        canvas.text(x + 30, y - 7, label, INK, TEXT)


def _cost_panel(
    canvas: Canvas, origin: tuple[int, int], cost: CostCurves, labels: Mapping[str, str]
) -> None:
    curves = [cost.random, cost.oracle, *cost.routers.values()]
    xs = [0.0, *(float(c.costs.max()) for c in curves), float(cost.single_costs.max())]
    ys = [float(np.min(np.r_[c.qualities, cost.single_qualities])) for c in curves]
    ys += [float(np.max(np.r_[c.qualities, c.hull_qualities])) for c in curves]
    title = ["Cost and quality", f"{len(cost.models)} models; dots: price sweep, lines: hulls"]
    ax = _axes(canvas, origin, xs, ys, (f"mean cost, {COST_UNIT}", "mean quality"), title)
    best = int(np.argmax(cost.single_qualities))
    best_q = float(cost.single_qualities[best])
    # The best single model's quality: how much cheaper the curves reach it.
    canvas.line(ax.px(list(ax.x_range)), ax.py([best_q, best_q]), BEST, 1, (2.0, 4.0))
    ax.plot(cost.random.hull_costs, cost.random.hull_qualities, RANDOM, width=2, dash=(7.0, 5.0))
    ax.plot(cost.oracle.hull_costs, cost.oracle.hull_qualities, ORACLE, width=2)
    entries: list[tuple[str, Color, str]] = []
    for k, (name, curve) in enumerate(cost.routers.items()):
        color = ROUTER_COLORS[k % len(ROUTER_COLORS)]
        for x, y in zip(curve.costs, curve.qualities, strict=True):
            ax.point(float(x), float(y), color, size=2)
        ax.plot(curve.hull_costs, curve.hull_qualities, color, width=3)
        entries.append((labels.get(name, name), color, "line"))
    for k in range(len(cost.models)):
        shape_color = BEST if k == best else SINGLE
        ax.point(
            float(cost.single_costs[k]), float(cost.single_qualities[k]), shape_color, 4, "square"
        )
    bx, by = float(ax.px([cost.single_costs[best]])[0]), float(ax.py([best_q])[0])
    canvas.text(bx + 8, by + 8, cost.models[best], BEST, 1, "right")
    entries += [
        ("oracle", ORACLE, "line"),
        ("random mixtures", RANDOM, "dash"),
        ("single models", SINGLE, "square"),
        ("best single model", BEST, "square"),
    ]
    _legend(ax, entries)


def _pair_panel(
    canvas: Canvas, origin: tuple[int, int], pair: PairCurves, labels: Mapping[str, str]
) -> None:
    values = np.concatenate([c.pgr for c in pair.curves.values()])
    ys = [min(0.0, float(values.min())), max(1.0, float(values.max()))]
    title = [f"strong: {pair.strong}", f"weak: {pair.weak}"]
    ax = _axes(canvas, origin, [0.0, 1.0], ys, ("share of calls to the strong model", "PGR"), title)
    ax.plot([0.0, 1.0], [0.0, 1.0], RANDOM, width=2, dash=(7.0, 5.0))
    oracle = pair.curves["oracle"]
    ax.plot(oracle.shares, oracle.pgr, ORACLE, width=2)
    entries: list[tuple[str, Color, str]] = []
    routers = [(name, c) for name, c in pair.curves.items() if name != "oracle"]
    for k, (name, curve) in enumerate(routers):
        color = ROUTER_COLORS[k % len(ROUTER_COLORS)]
        ax.plot(curve.shares, curve.pgr, color, width=3)
        entries.append((f"{labels.get(name, name)} {curve.apgr:.3f}", color, "line"))
    entries += [(f"oracle {oracle.apgr:.3f}", ORACLE, "line"), ("random 0.500", RANDOM, "dash")]
    _legend(ax, entries)


def plot(report: Report, labels: Mapping[str, str] | None = None) -> Canvas | None:
    """The chart, or None when the report has no curves (every part was skipped)."""
    names = {**LABELS, **(labels or {})}
    panels = ([report.cost] if report.cost is not None else []) + list(report.pairs)
    if not panels:
        return None
    columns = min(2, len(panels))
    rows = math.ceil(len(panels) / columns)
    canvas = Canvas(PANEL_W * columns, PANEL_H * rows)
    for k, panel in enumerate(panels):
        origin = ((k % columns) * PANEL_W, (k // columns) * PANEL_H)
        if isinstance(panel, CostCurves):
            _cost_panel(canvas, origin, panel, names)
        else:
            _pair_panel(canvas, origin, panel, names)
    return canvas
