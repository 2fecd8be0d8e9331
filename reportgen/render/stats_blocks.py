"""The 4.4 statistics tables as the Word template's generic table block reads them (`tabeller`).

Labels and values become RichText so a Summa row can be bold in Word; with
charts on, the participant, exit-reason and income tables carry their chart
(`bild`, a ChartImage that the renderer embeds).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from reportgen.render.stats_model import StatTable, numbered
from reportgen.render.stats_tables import build_tables
from reportgen.stats import EXIT_REASONS, INCOME_SOURCES, Statistics

if TYPE_CHECKING:
    from reportgen.loaded import LoadedReport
    from reportgen.render.charts import ChartImage


def tables_for(loaded: LoadedReport, *, charts: bool) -> list[dict[str, Any]]:
    """The 4.4 table blocks for the Word template (`tabeller`); empty without statistics."""
    from docxtpl import RichText

    if loaded.statistics is None:
        return []
    statistics = loaded.statistics
    blocks = []
    for caption, table in numbered(build_tables(statistics)):
        blocks.append(
            {
                "rubrik": caption,
                "ingress": table.lead,
                "kolumner": list(table.columns),
                "rader": [
                    {
                        "etikett": RichText(row.label, bold=row.bold),
                        "varden": [RichText(value, bold=row.bold) for value in row.values],
                    }
                    for row in table.rows
                ],
                "not": table.note,
                "bild": _chart_for(table, statistics) if charts else None,
            }
        )
    return blocks


def _chart_for(table: StatTable, statistics: Statistics) -> ChartImage | None:
    """The chart under a table: participants by gender, exit reasons, income before/after."""
    if table.chart is None:
        return None
    from reportgen.render import charts

    if table.chart == "participants":
        return charts.gender_chart(statistics.period)
    if table.chart == "exit_reasons":
        return charts.exit_reasons_chart(statistics.period.exit_reasons, EXIT_REASONS)
    if table.chart == "income":
        return charts.income_chart(statistics.income, INCOME_SOURCES)
    raise ValueError(f"unknown chart {table.chart!r}")
