"""Charts for reports and the compilation: bar charts that survive a greyscale printer.

matplotlib is imported only when a chart is drawn (it costs ~0.3 s), and only
its object-oriented API with the Agg canvas is used – no pyplot state, so charts
drawn in parallel worker processes never interfere. Series are told apart by
shade *and* hatching, labels are Swedish, numbers use Swedish grouping, and every
chart carries a caption line with the base n it was drawn from.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from reportgen.formatting import format_number

if TYPE_CHECKING:  # without importing them at run time
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    from reportgen.stats import BeforeAfter, ByGender, PeriodFigures

DPI = 200
WIDTH_CM = 15.5
# Greyscale-safe without hatching (which doubles drawing time): the fills differ
# clearly in lightness – about 25 %, 80 % and 55 % – and the light one has an outline.
SERIES_STYLES = (
    {"color": "#2f3e5c", "edgecolor": "#2f3e5c"},
    {"color": "#c5cedb", "edgecolor": "#1b2333"},
    {"color": "#7f8a9e", "edgecolor": "#1b2333"},
)


@dataclass(frozen=True)
class ChartImage:
    """A rendered chart: PNG bytes plus its caption. Becomes a docxtpl InlineImage at render."""

    png: bytes
    caption: str
    width_cm: float = WIDTH_CM


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[float | int | Decimal | None]


def grouped_bars(
    categories: Sequence[str],
    series: Sequence[Series],
    *,
    caption: str,
    value_axis: str,
    horizontal: bool = True,
    percent: bool = False,
    height_cm: float | None = None,
    value_labels: bool = False,
) -> ChartImage:
    """Grouped bars, one group per category; the workhorse behind every chart.

    Bars carry no value labels by default: every chart sits beside the table
    that gives the exact figures, and text is most of a chart's drawing time.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    count = max(1, len(categories))
    height = height_cm or min(16.0, 2.6 + 0.55 * count * max(1, len(series)) ** 0.5)
    figure = Figure(figsize=(WIDTH_CM / 2.54, height / 2.54), dpi=DPI)
    canvas = FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    bar = 0.8 / max(1, len(series))
    positions = list(range(count))
    largest = 0.0
    for index, one in enumerate(series):
        style = SERIES_STYLES[index % len(SERIES_STYLES)]
        values = [float(v) if v is not None else 0.0 for v in one.values]
        largest = max([largest, *values])
        offsets = [p - 0.4 + bar * (index + 0.5) for p in positions]
        draw = axes.barh if horizontal else axes.bar
        bars = draw(
            offsets,
            values,
            bar * 0.95,
            label=one.name,
            color=style["color"],
            edgecolor=style["edgecolor"],
            linewidth=0.5,
        )
        if value_labels:
            labels = [_value_label(v, percent) if v is not None else "–" for v in one.values]
            axes.bar_label(bars, labels=labels, padding=2, fontsize=6.5)
    tick_labels = [_wrap(c) for c in categories]
    number_axis = axes.xaxis if horizontal else axes.yaxis
    number_axis.set_major_formatter(FuncFormatter(lambda v, _pos: _value_label(v, percent)))
    number_axis.set_major_locator(MaxNLocator(nbins=5, integer=True))
    if horizontal:
        axes.set_yticks(positions, tick_labels, fontsize=7)
        axes.invert_yaxis()
        axes.set_xlabel(value_axis, fontsize=7)
        axes.set_xlim(0, largest * 1.05 or 1)
    else:
        axes.set_xticks(positions, tick_labels, fontsize=7)
        axes.set_ylabel(value_axis, fontsize=7)
        axes.set_ylim(0, largest * 1.05 or 1)
    axes.tick_params(labelsize=7)
    axes.spines[["top", "right"]].set_visible(False)
    axes.grid(axis="x" if horizontal else "y", color="#dddddd", linewidth=0.5)
    axes.set_axisbelow(True)
    if len(series) > 1:
        axes.legend(fontsize=7, frameon=False, loc="lower right" if horizontal else "upper right")
    # Fixed margins instead of tight_layout(), which costs a full extra draw.
    longest = max((len(line) for label in tick_labels for line in label.split("\n")), default=8)
    left = min(0.4, 0.05 + 0.0115 * longest) if horizontal else 0.11
    bottom = 0.18 if horizontal else 0.08 + 0.045 * max(t.count("\n") + 1 for t in tick_labels)
    bottom = bottom * 7.0 / height
    figure.subplots_adjust(left=left, right=0.97, top=1 - 0.25 / height, bottom=min(0.4, bottom))
    return ChartImage(png=_png(canvas), caption=caption)


def _png(canvas: FigureCanvasAgg) -> bytes:
    """Draw once and encode the pixels directly.

    `savefig` would draw the figure a second time; RGB with light compression
    is a third of the encoding time of RGBA at the default level.
    """
    from PIL import Image

    canvas.draw()
    width, height = canvas.get_width_height()
    image = Image.frombuffer("RGBA", (width, height), canvas.buffer_rgba()).convert("RGB")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", compress_level=1, dpi=(DPI, DPI))
    return buffer.getvalue()


def _value_label(value: float | int | Decimal, percent: bool) -> str:
    if percent:
        return f"{format_number(value)} %"
    return format_number(value)


def _wrap(text: str, width: int = 24) -> str:
    words, lines, current = text.split(), [], ""
    for word in words:
        if current and len(current) + 1 + len(word) > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}".strip()
    if current:
        lines.append(current)
    return "\n".join(lines)


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
        f"Underlag: {len(categories)} kostnadsslag, budget {format_number(total_budget)} kr, "
        f"{outcome_label.lower()} {format_number(total_outcome)} kr."
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
