"""The compilation's charts (under Tabell 3): budget against outcome, and burn rate.

One bar group per intervention, drawn by `render.charts.grouped_bars` like the
report's own charts, so both documents look alike.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING

from reportgen.render.alt_text import short_name
from reportgen.render.charts import ChartImage, Series, grouped_bars

if TYPE_CHECKING:
    from reportgen.figures import InterventionFigures

COMPILATION_CHART_LIMIT = 30
"""More bars than this are unreadable on a page; the largest budgets are shown."""


def compilation_charts(figures: Sequence[InterventionFigures]) -> dict[str, ChartImage | None]:
    """Budget against outcome, and burn rate, per intervention (compilation, Tabell 3).

    Interventions without a budget are left out, and with many interventions only
    the largest budgets.
    """
    usable = [f for f in figures if f.budget]
    if not usable:
        return {"diagram_budget": None, "diagram_kvot": None}
    shown = sorted(usable, key=_budget, reverse=True)[:COMPILATION_CHART_LIMIT]
    names = [short_name(f.name or "(namn saknas)") for f in shown]
    base = f"Underlag: {len(shown)} insatser med budget"
    if len(shown) < len(usable):
        base = (
            f"Underlag: de {len(shown)} insatser som har störst budget, av {len(usable)} med budget"
        )
    budget = grouped_bars(
        names,
        [Series("Budget", [f.budget for f in shown]), Series("Utfall", [f.outcome for f in shown])],
        caption=f"Diagram: Budget och utfall per insats (kr). {base}.",
        value_axis="kronor",
    )
    burn = grouped_bars(
        names,
        [
            Series(
                "Förbrukningskvot",
                [
                    round(float(f.outcome) / float(_budget(f)) * 100, 1)
                    if f.outcome is not None
                    else None
                    for f in shown
                ],
            )
        ],
        caption=(
            "Diagram: Förbrukningskvot per insats (utfall ÷ budget, %). "
            f"{base}; en insats utan utfall visas utan stapel."
        ),
        value_axis="procent av budget",
        percent=True,
    )
    return {"diagram_budget": budget, "diagram_kvot": burn}


def _budget(figures: InterventionFigures) -> Decimal:
    """The budget of an intervention the charts show (they leave out those without one)."""
    return figures.budget or Decimal(0)
