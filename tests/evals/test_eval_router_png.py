"""The PNG writer, its font and the report's chart layout."""

from __future__ import annotations

import zlib

import numpy as np
import pytest

from routeyard.evals import png_font
from routeyard.evals.png_canvas import PNG_SIGNATURE, Canvas
from routeyard.evals.router_report import evaluate
from routeyard.evals.router_report_data import EvalTable
from routeyard.evals.router_report_plot import PANEL_H, PANEL_W, nice_ticks, plot


def decode(data: bytes) -> np.ndarray:
    """The pixels of an 8-bit RGB PNG without filters (what ``Canvas.png`` writes)."""
    assert data[:8] == PNG_SIGNATURE
    width = int.from_bytes(data[16:20], "big")
    height = int.from_bytes(data[20:24], "big")
    idat_len = int.from_bytes(data[33:37], "big")
    assert data[37:41] == b"IDAT"
    raw = np.frombuffer(zlib.decompress(data[41 : 41 + idat_len]), dtype=np.uint8)
    rows = raw.reshape(height, 1 + 3 * width)
    assert (rows[:, 0] == 0).all()
    return rows[:, 1:].reshape(height, width, 3)


def test_the_canvas_round_trips_through_png() -> None:
    canvas = Canvas(40, 20)
    canvas.line([0, 39], [10, 10], (255, 0, 0), width=1)
    canvas.marker(5, 5, (0, 0, 255), size=2, shape="square")
    pixels = decode(canvas.png())
    assert pixels.shape == (20, 40, 3)
    assert (pixels[10, :] == (255, 0, 0)).all()
    assert (pixels[3:8, 3:8] == (0, 0, 255)).all()
    assert (pixels[0, 20] == (255, 255, 255)).all()


def test_dashes_leave_gaps_and_text_inks_its_glyphs() -> None:
    canvas = Canvas(100, 30)
    canvas.line([0, 99], [2, 2], (0, 0, 0), width=1, dash=(5.0, 5.0))
    row = canvas.pixels[2, :, 0]
    assert 30 < (row == 0).sum() < 70
    canvas.text(50, 10, "AIQ", (0, 0, 0), scale=2, anchor="centre")
    ink = np.argwhere(canvas.pixels[:, :, 0] == 0)
    text = ink[ink[:, 0] >= 10]
    assert text[:, 1].min() >= 50 - 18 and text[:, 1].max() < 50 + 18


def test_every_glyph_is_five_by_nine() -> None:
    for char, bitmap in png_font.BITMAPS.items():
        assert bitmap.shape == (png_font.HEIGHT, png_font.WIDTH), char
    assert (png_font.glyph("λ") == png_font.glyph("?")).all()
    assert png_font.render("ab", scale=2).shape == (18, 24)


@pytest.mark.parametrize(
    ("lo", "hi", "ticks", "decimals"),
    [(0.0, 1.0, [0.0, 0.2, 0.4, 0.6, 0.8, 1.0], 1), (0.034, 0.31, [0.0, 0.1, 0.2, 0.3, 0.4], 1),
     (-0.04, 1.93, [-0.5, 0.0, 0.5, 1.0, 1.5, 2.0], 1), (3.0, 3.0, [3.0, 3.2, 3.4, 3.6, 3.8, 4.0], 1)],
)  # fmt: skip
def test_nice_ticks(lo: float, hi: float, ticks: list[float], decimals: int) -> None:
    got, dec = nice_ticks(lo, hi)
    assert got == pytest.approx(ticks) and dec == decimals


def test_one_panel_for_costs_and_one_per_pair() -> None:
    rng = np.random.default_rng(0)
    scores = (rng.random((60, 3)) < [0.3, 0.5, 0.8]).astype(float)
    costs = np.broadcast_to(np.array([1.0, 2.0, 5.0]), scores.shape).copy()
    table = EvalTable(tuple(map(str, range(60))), ("a", "b", "c"), scores, costs, "prices")
    routers = {"r": scores + rng.normal(0, 0.3, scores.shape), "q": rng.random((60, 3))}
    report = evaluate(table, routers, [("c", "a"), ("b", "a")], resamples=0)
    canvas = plot(report)
    assert canvas is not None
    assert canvas.pixels.shape == (2 * PANEL_H, 2 * PANEL_W, 3)
    # Each router's colour is drawn.
    for color in ((31, 119, 180), (255, 127, 14)):
        assert (canvas.pixels == color).all(axis=2).sum() > 100
    # The fourth cell of the 2 × 2 grid stays empty.
    assert (canvas.pixels[PANEL_H:, PANEL_W:] == 255).all()
