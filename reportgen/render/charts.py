"""Charts for reports and the compilation: bar charts that survive a greyscale printer.

A chart is data, not a picture: `ChartImage` carries the categories, the series,
the caption and the alt text, and the renderer writes it into the report as a
native Word chart (render/chart_xml.py, render/pictures.py) that Word and
LibreOffice draw themselves – editable in Word, vector in the PDF, and well
under a millisecond to write where a PNG drawn with matplotlib cost 20–40 ms.

Series are told apart by lightness (readable in greyscale), labels are Swedish,
numbers use Swedish grouping, and every chart has a caption with its base n.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from typing import TYPE_CHECKING, NamedTuple

from reportgen.formatting import format_number

if TYPE_CHECKING:  # without importing them at run time
    from reportgen.stats import BeforeAfter, ByGender, PeriodFigures

WIDTH_CM = 15.5


class Series(NamedTuple):  # not a frozen dataclass: ~0.5 ms less at start-up
    name: str
    values: Sequence[float | int | Decimal | None]


@dataclass(frozen=True)
class ChartImage:
    """A chart to place in a document: its data, its caption and its alt text.

    Becomes a native Word chart at render; `alt_text` is the drawing's `descr`, the
    /Alt a screen reader reads in the PDF, and `title` the drawing's title.
    """

    caption: str
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    value_axis: str
    percent: bool = False
    width_cm: float = WIDTH_CM
    alt_text: str = field(default="", compare=False)

    @property
    def title(self) -> str:
        from reportgen.render.alt_text import chart_title

        return chart_title(self.caption)

    @property
    def height_cm(self) -> float:
        from reportgen.render.chart_xml import chart_height_cm

        return chart_height_cm(self.categories, self.series)

    @cached_property
    def xml(self) -> bytes:
        """The chart part (`word/charts/chartN.xml`), written once however often it is placed."""
        from reportgen.render.chart_xml import chart_xml

        return chart_xml(
            self.categories, self.series, value_axis=self.value_axis, percent=self.percent
        )


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

    return ChartImage(
        caption=caption,
        categories=tuple(categories),
        series=tuple(Series(s.name, tuple(s.values)) for s in series),
        value_axis=value_axis,
        percent=percent,
        alt_text=describe_chart(caption, categories, series),
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
