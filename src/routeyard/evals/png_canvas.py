"""A small RGB raster canvas that writes PNG files with numpy and zlib only (no plotting
library is a dependency): lines (solid or dashed), markers, rectangles and bitmap text.

    >>> canvas = Canvas(200, 100)
    >>> canvas.line([10, 190], [90, 10], (31, 119, 180), width=2)
    >>> canvas.png()[:8] == PNG_SIGNATURE
    True
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import numpy.typing as npt

from routeyard.evals import png_font

Color = tuple[int, int, int]
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
STEP = 0.3  # pixels between the samples that draw a line


class Canvas:
    """Pixels as a height × width × 3 array; (0, 0) is the top left corner."""

    def __init__(self, width: int, height: int, background: Color = (255, 255, 255)) -> None:
        self.width, self.height = width, height
        self.pixels = np.empty((height, width, 3), dtype=np.uint8)
        self.pixels[:] = background

    # ------------------------------------------------------------------ shapes

    def rect(self, x0: int, y0: int, x1: int, y1: int, color: Color) -> None:
        """Fill the rectangle with corners (x0, y0) and (x1, y1), both included."""
        xa, xb = sorted((max(0, x0), min(self.width - 1, x1)))
        ya, yb = sorted((max(0, y0), min(self.height - 1, y1)))
        self.pixels[ya : yb + 1, xa : xb + 1] = color

    def line(
        self,
        xs: Sequence[float] | npt.NDArray[np.float64],
        ys: Sequence[float] | npt.NDArray[np.float64],
        color: Color,
        width: int = 2,
        dash: tuple[float, float] | None = None,
    ) -> None:
        """A polyline through the points; ``dash`` = (on, off) lengths in pixels."""
        x = np.asarray(xs, dtype=np.float64)
        y = np.asarray(ys, dtype=np.float64)
        ok = np.isfinite(x) & np.isfinite(y)
        x, y = x[ok], y[ok]
        if x.size == 0:
            return
        if x.size == 1:
            px, py = x, y
        else:
            seg = np.hypot(np.diff(x), np.diff(y))
            travelled = np.r_[0.0, np.cumsum(seg)]
            px = np.interp(np.arange(0.0, travelled[-1] + STEP, STEP), travelled, x)
            py = np.interp(np.arange(0.0, travelled[-1] + STEP, STEP), travelled, y)
            if dash is not None:
                along = np.arange(0.0, travelled[-1] + STEP, STEP)
                on = (along % (dash[0] + dash[1])) < dash[0]
                px, py = px[on], py[on]
        self._stamp(np.rint(px).astype(np.int64), np.rint(py).astype(np.int64), width, color)

    def marker(
        self, x: float, y: float, color: Color, size: int = 5, shape: str = "circle"
    ) -> None:
        """A filled marker centred on (x, y): ``circle``, ``square`` or ``diamond``."""
        r = np.arange(-size, size + 1)
        dx, dy = np.meshgrid(r, r)
        if shape == "square":
            inside = np.ones_like(dx, dtype=np.bool_)
        elif shape == "diamond":
            inside = np.abs(dx) + np.abs(dy) <= size
        else:
            inside = dx * dx + dy * dy <= size * size + size
        self._put(round(x) + dx[inside], round(y) + dy[inside], color)

    # ------------------------------------------------------------------ text

    @staticmethod
    def text_size(text: str, scale: int = 1) -> tuple[int, int]:
        return png_font.ADVANCE * len(text) * scale, png_font.HEIGHT * scale

    def text(
        self,
        x: float,
        y: float,
        text: str,
        color: Color = (0, 0, 0),
        scale: int = 1,
        anchor: str = "left",
        vertical: bool = False,
    ) -> None:
        """Draw ``text`` with its top edge at ``y`` (its left edge when ``vertical``, which reads
        bottom to top); ``anchor`` (left, centre, right) places it along its reading direction."""
        mask = png_font.render(text, scale)
        if vertical:
            mask = np.rot90(mask)
        h, w = mask.shape
        length = h if vertical else w
        shift = {"left": 0, "centre": length // 2, "right": length}[anchor]
        if vertical:
            top, left = int(y) - length + shift, int(x)
        else:
            top, left = int(y), int(x) - shift
        ys, xs = np.nonzero(mask)
        self._put(xs + left, ys + top, color)

    # ------------------------------------------------------------------ output

    def png(self) -> bytes:
        """The image as PNG bytes (8-bit RGB, no filtering, zlib level 9)."""
        h, w = self.height, self.width
        raw = np.concatenate([np.zeros((h, 1), np.uint8), self.pixels.reshape(h, w * 3)], axis=1)
        header = struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)
        return b"".join(
            [
                PNG_SIGNATURE,
                _chunk(b"IHDR", header),
                _chunk(b"IDAT", zlib.compress(raw.tobytes(), 9)),
                _chunk(b"IEND", b""),
            ]
        )

    def save(self, path: Path) -> None:
        path.write_bytes(self.png())

    # ------------------------------------------------------------------ pixels

    def _stamp(
        self, xs: npt.NDArray[np.int64], ys: npt.NDArray[np.int64], width: int, color: Color
    ) -> None:
        offsets = np.arange(width) - (width - 1) // 2
        for dy in offsets:
            for dx in offsets:
                self._put(xs + dx, ys + dy, color)

    def _put(self, xs: npt.NDArray[np.int64], ys: npt.NDArray[np.int64], color: Color) -> None:
        ok = (xs >= 0) & (xs < self.width) & (ys >= 0) & (ys < self.height)
        self.pixels[ys[ok], xs[ok]] = color


def _chunk(kind: bytes, data: bytes) -> bytes:
    crc = zlib.crc32(kind + data) & 0xFFFFFFFF
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)
