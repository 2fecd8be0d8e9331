"""Charts for reports and the compilation: bar charts that survive a greyscale printer.

Drawn with matplotlib's Agg renderer directly (`RendererAgg`), not through
Figure and Axes: a report has up to four charts and the Figure/Axes layer
(artists, layout, a second draw inside `savefig`) made each cost ~55 ms, more
than the rest of a report. Drawing the few rectangles and labels a bar chart
needs on the renderer keeps matplotlib's text engine, fonts and antialiasing
at ~20 ms a chart. matplotlib is imported only when a chart is drawn, and no
global state is touched, so worker processes never interfere.

Series are told apart by lightness (readable in greyscale), labels are Swedish,
numbers use Swedish grouping, and every chart has a caption with its base n.
"""

from __future__ import annotations

import math
import struct
import textwrap
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Any

from reportgen.formatting import format_number

if TYPE_CHECKING:  # without importing them at run time
    from reportgen.stats import BeforeAfter, ByGender, PeriodFigures

DPI = 200
WIDTH_CM = 15.5
FONT_PT = 7.5
# Fills differ clearly in lightness (about 25 %, 80 % and 55 %), so series stay
# apart on a greyscale printer; every bar has a dark outline.
SERIES_COLOURS = ("#2f3e5c", "#c5cedb", "#7f8a9e")
OUTLINE = "#1b2333"
GRID = "#d9d9d9"
TEXT = "#1a1a1a"


@dataclass(frozen=True)
class ChartImage:
    """A rendered chart: PNG bytes, its caption and its alt text (what it shows, its base).

    Becomes a docxtpl image at render; `alt_text` is the drawing's `descr`, the /Alt a
    screen reader reads in the PDF.
    """

    png: bytes
    caption: str
    width_cm: float = WIDTH_CM
    alt_text: str = ""


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[float | int | Decimal | None]


def _px(points: float) -> float:
    return points * DPI / 72


def grouped_bars(
    categories: Sequence[str],
    series: Sequence[Series],
    *,
    caption: str,
    value_axis: str,
    percent: bool = False,
) -> ChartImage:
    """Horizontal grouped bars, one group per category, legend on top, value axis below."""
    from reportgen.render.alt_text import describe_chart

    canvas = _Canvas(categories, series, value_axis=value_axis, percent=percent)
    return ChartImage(
        png=canvas.png(), caption=caption, alt_text=describe_chart(caption, categories, series)
    )


class _Canvas:
    """Lays out and draws one chart. Coordinates are pixels from the top-left corner."""

    def __init__(
        self,
        categories: Sequence[str],
        series: Sequence[Series],
        *,
        value_axis: str,
        percent: bool,
    ) -> None:
        from matplotlib.backends.backend_agg import RendererAgg

        self.percent = percent
        labels = [textwrap.wrap(c, 30) or [""] for c in categories]
        self.line_height = _px(FONT_PT * 1.25)
        label_width = max(self._width(line) for lines in labels for line in lines)

        self.width = round(WIDTH_CM / 2.54 * DPI)
        bar = _px(7.5)
        group = max(bar * len(series), self.line_height * max(len(ls) for ls in labels))
        gap = _px(6)
        legend = _px(16)
        axis = _px(30)
        self.height = round(legend + len(categories) * (group + gap) + axis)
        self.renderer = RendererAgg(self.width, self.height, DPI)
        self._rect(0, 0, self.width, self.height, fill="#ffffff")

        left = min(label_width + _px(8), self.width * 0.42)
        top = legend
        bottom = self.height - axis
        values = [float(v) for one in series for v in one.values if v is not None]
        ticks = _ticks(max(values, default=0.0))
        # the last tick label is centred on the axis end: leave room for its right half
        right = self.width - max(_px(14), self._width(self._format(ticks[-1])) / 2 + _px(3))
        scale = (right - left) / ticks[-1]

        for tick in ticks:  # grid first, so bars cover it
            x = left + tick * scale
            self._rect(x, top, 1, bottom - top, fill=GRID)
            self._text(self._format(tick), x, bottom + _px(4), align="centre")
        self._text(value_axis, (left + right) / 2, bottom + _px(15), align="centre")

        for index, lines in enumerate(labels):
            y = top + index * (group + gap) + gap / 2
            first = y + group / 2 - self.line_height * len(lines) / 2
            for number, line in enumerate(lines):
                self._text(line, left - _px(5), first + number * self.line_height, align="right")
            offset = (group - bar * len(series)) / 2
            for position, one in enumerate(series):
                value = one.values[index]
                if value:
                    colour = SERIES_COLOURS[position % len(SERIES_COLOURS)]
                    self._rect(
                        left,
                        y + offset + position * bar,
                        float(value) * scale,
                        bar * 0.92,
                        fill=colour,
                        edge=OUTLINE,
                    )
        self._rect(left, top, 1.5, bottom - top, fill=TEXT)  # the value axis' zero line
        self._legend(series, right)

    def _legend(self, series: Sequence[Series], right: float) -> None:
        """Series names right-aligned on the top line, each after its colour swatch."""
        if len(series) < 2:
            return
        x = right
        for position in reversed(range(len(series))):
            name = series[position].name
            x -= self._width(name)
            self._text(name, x, _px(2), align="left")
            x -= _px(12)
            colour = SERIES_COLOURS[position % len(SERIES_COLOURS)]
            self._rect(x, _px(3.5), _px(9), _px(6), fill=colour, edge=OUTLINE)
            x -= _px(10)

    # ----------------------------------------------------------- drawing primitives

    def _rect(
        self, x: float, y: float, w: float, h: float, *, fill: str, edge: str | None = None
    ) -> None:
        from matplotlib.colors import to_rgb
        from matplotlib.path import Path
        from matplotlib.transforms import Affine2D

        gc = self.renderer.new_gc()
        gc.set_antialiased(False)
        gc.set_linewidth(0.5 if edge else 0)
        if edge:
            gc.set_foreground(edge)
        transform = Affine2D().scale(w, h).translate(x, self.height - y - h)
        self.renderer.draw_path(gc, Path.unit_rectangle(), transform, rgbFace=to_rgb(fill))

    def _text(self, text: str, x: float, y: float, *, align: str) -> None:
        """Draw `text` with its top at `y`; `x` is its left edge, centre or right edge."""
        if not text:
            return
        width = self._width(text)
        if align == "right":
            x -= width
        elif align == "centre":
            x -= width / 2
        image = _label_image(text)
        # draw_image measures y from the bottom of the canvas to the image's bottom edge
        bottom = self.height - (y - _LABEL_PAD) - image.shape[0]
        self.renderer.draw_image(
            self.renderer.new_gc(), round(x) - _LABEL_PAD, round(bottom), image
        )

    def _width(self, text: str) -> float:
        return _text_width(text, DPI)

    def _format(self, value: float) -> str:
        return f"{format_number(value)} %" if self.percent else format_number(value)

    def png(self) -> bytes:
        return _encode_png(self.renderer.buffer_rgba(), self.width, self.height)


_LABEL_PAD = 2


@lru_cache(maxsize=4096)
def _label_image(text: str) -> Any:
    """A label drawn once in TEXT colour on a transparent canvas, as an RGBA array.

    The same labels recur in every chart and every report of a batch (ticks,
    category names, legends, axis titles); glyph rendering was over half of a
    chart's drawing time, so each label is rasterised once per process and
    blended into the chart from then on.
    """
    import numpy as np
    from matplotlib.backends.backend_agg import RendererAgg

    width = math.ceil(_text_width(text, DPI)) + 2 * _LABEL_PAD
    height = math.ceil(_px(FONT_PT * 1.3)) + 2 * _LABEL_PAD
    renderer = RendererAgg(width, height, DPI)
    gc = renderer.new_gc()
    gc.set_foreground(TEXT)
    renderer.draw_text(gc, _LABEL_PAD, _LABEL_PAD + _px(FONT_PT), text, _font(FONT_PT), 0)
    # Rows bottom-first, as draw_image expects; shared between charts, only read.
    return np.ascontiguousarray(np.asarray(renderer.buffer_rgba())[::-1])


@cache
def _font(size: float) -> Any:
    from matplotlib.font_manager import FontProperties

    return FontProperties(family="DejaVu Sans", size=size)


@lru_cache(maxsize=4096)
def _text_width(text: str, dpi: int) -> float:
    """Label widths repeat from chart to chart (tick numbers, category names)."""
    width, _height, _descent = _measuring_renderer(dpi).get_text_width_height_descent(
        text, _font(FONT_PT), False
    )
    return float(width)


@cache
def _measuring_renderer(dpi: int) -> Any:
    from matplotlib.backends.backend_agg import RendererAgg

    return RendererAgg(1, 1, dpi)


def _ticks(largest: float) -> list[float]:
    """Round tick values from 0 past the largest value (matplotlib's 'nice numbers')."""
    from matplotlib.ticker import MaxNLocator

    if largest <= 0:
        return [0.0, 1.0]
    ticks = [
        float(t)
        for t in MaxNLocator(nbins=5, steps=[1, 2, 5, 10], integer=True).tick_values(0, largest)
    ]
    ticks = [t for t in ticks if t >= 0]
    while ticks[-1] < largest:
        ticks.append(ticks[-1] + (ticks[1] - ticks[0]))
    return ticks


def _encode_png(rgba: Any, width: int, height: int) -> bytes:
    """RGB PNG with 200 dpi stated, rows unfiltered, fast zlib.

    Charts are mostly flat white, which unfiltered rows and zlib level 1 compress
    well; Pillow's adaptive filtering took half again as long for no smaller file.
    """
    import numpy as np
    from PIL import Image

    # Pillow drops the alpha channel in C; slicing it off in numpy is a slow strided copy.
    rgb = Image.frombuffer("RGBA", (width, height), rgba, "raw", "RGBA", 0, 1).convert("RGB")
    rows = np.zeros((height, width * 3 + 1), dtype=np.uint8)  # column 0: filter "none"
    rows[:, 1:] = np.frombuffer(rgb.tobytes(), dtype=np.uint8).reshape(height, width * 3)
    per_metre = round(DPI / 0.0254)

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    return b"".join(
        (
            b"\x89PNG\r\n\x1a\n",
            chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)),
            chunk(b"pHYs", struct.pack(">IIB", per_metre, per_metre, 1)),
            chunk(b"IDAT", zlib.compress(rows.tobytes(), 1)),
            chunk(b"IEND", b""),
        )
    )


def budget_chart(
    categories: Sequence[str],
    budget: Sequence[Decimal | None],
    outcome: Sequence[Decimal | None],
    *,
    outcome_label: str = "Utfall",
) -> ChartImage:
    """Budget against outcome per cost category (section 6)."""
    total_budget = sum((b for b in budget if b is not None), Decimal(0))
    total_outcome = sum((o for o in outcome if o is not None), Decimal(0))
    caption = (
        f"Diagram: Budget och {outcome_label.lower()} per kostnadsslag (kr). "
        # NBSP before "kr": a caption must never wrap a lone "kr." onto its own line
        f"Underlag: {len(categories)} kostnadsslag, budget {format_number(total_budget)}\u00a0kr, "
        f"{outcome_label.lower()} {format_number(total_outcome)}\u00a0kr."
    )
    return grouped_bars(
        categories,
        [Series("Budget", budget), Series(outcome_label, outcome)],
        caption=caption,
        value_axis="kronor",
    )


# ----------------------------------------------------------------- participant charts


def income_chart(income: BeforeAfter, labels: dict[str, str]) -> ChartImage | None:
    """Income source directly before vs directly after, for the exits measured both times."""
    rows = [r for r in income.rows if r.before or r.after]
    if not rows or not income.base:
        return None
    return grouped_bars(
        [labels.get(r.key, r.key) for r in rows],
        [
            Series("Före insatsen", [r.before for r in rows]),
            Series("Efter", [r.after for r in rows]),
        ],
        caption=(
            "Diagram: Försörjning direkt före och direkt efter insatsen (antal deltagare; en "
            f"deltagare kan ha flera försörjningskällor). Underlag: n = {income.base} avslutade "
            "deltagare med uppgift både före och efter."
        ),
        value_axis="antal deltagare",
    )


def exit_reasons_chart(
    exit_reasons: dict[int, ByGender], labels: dict[int, str]
) -> ChartImage | None:
    """Exit reasons by SUS code, women and men side by side."""
    used = [code for code, count in sorted(exit_reasons.items()) if count.total]
    if not used:
        return None
    counts = [exit_reasons[code] for code in used]
    return grouped_bars(
        [f"{code}. {labels.get(code, '')}" for code in used],
        _gender_series(counts),
        caption=(
            "Diagram: Avslutsanledningar (SUS-kod) per kön. Underlag: "
            f"n = {sum(c.total for c in counts)} avslut."
        ),
        value_axis="antal avslut",
    )


def gender_chart(period: PeriodFigures) -> ChartImage | None:
    """Participants of the period by gender: took part, new, exited, ongoing."""
    if not period.participated.total:
        return None
    names = ["Deltagit", "Nya", "Avslutade", "Pågående vid periodens slut"]
    counts = [period.participated, period.new, period.exited, period.ongoing]
    return grouped_bars(
        names,
        _gender_series(counts),
        caption=(
            "Diagram: Deltagare under perioden per kön (inskrivningar). Underlag: n = "
            f"{period.participated.total} inskrivningar som pågått under perioden."
        ),
        value_axis="antal",
    )


def _gender_series(counts: Sequence[ByGender]) -> list[Series]:
    """Kvinnor and Män always; "Annat/uppgift saknas" only when someone is counted there."""
    series = [Series("Kvinnor", [c.women for c in counts]), Series("Män", [c.men for c in counts])]
    if any(c.other for c in counts):
        series.append(Series("Annat/uppgift saknas", [c.other for c in counts]))
    return series


# ----------------------------------------------------------------- compilation charts
