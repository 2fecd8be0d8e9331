"""The 4.4 statistics tables as the Word template's generic table block reads them (`tabeller`).

Labels and values become RichText so a Summa row can be bold in Word; with
charts on, the participant, exit-reason and income tables carry their chart
(`bild`, a ChartImage that the renderer embeds) – unless the chart's base is
below the threshold under which the table itself shows no shares: three bars
of one person each say nothing and come close to pointing at individuals.

Without person rows (no workbook, or a Deltagare sheet without rows) the
participants the owner counted (`deltagare`) are the first table.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from reportgen.render.stats_model import MIN_BASE_FOR_SHARES, StatTable, numbered
from reportgen.render.stats_tables import build_tables, counted_participants
from reportgen.render.typography import minus
from reportgen.stats import EXIT_REASONS, INCOME_SOURCES, Statistics

if TYPE_CHECKING:
    from reportgen.loaded import LoadedReport
    from reportgen.model import Report
    from reportgen.render.charts import ChartImage


def tables_for(loaded: LoadedReport, *, charts: bool) -> list[dict[str, Any]]:
    """The 4.4 table blocks for the Word template (`tabeller`)."""
    return statistics_blocks(loaded.report, loaded.statistics, charts=charts)


def table_block(caption: str, table: StatTable, image: Any = None) -> dict[str, Any]:
    """One table as the template's statistics block renders it (caption, lead, rows, note,
    chart); every funder's statistics tables go through here."""
    from reportgen.render.richtext import run_text

    return {
        "rubrik": caption,
        "ingress": table.lead,
        "kolumner": list(table.columns),
        "rader": [
            {
                "etikett": run_text(row.label, bold=row.bold),
                "varden": [run_text(minus(value), bold=row.bold) for value in row.values],
            }
            for row in table.rows
        ],
        "not": table.note,
        "bild": image,
    }


def statistics_blocks(
    report: Report, statistics: Statistics | None, *, charts: bool
) -> list[dict[str, Any]]:
    """Numbered table blocks from the statistics, and the counted participants without rows."""

    tables: list[StatTable] = []
    if statistics is None or not statistics.episodes:
        counted = counted_participants(report.participants, report.report_period)
        if counted is not None:
            tables.append(counted)
    if statistics is not None:
        tables.extend(build_tables(statistics))
    blocks = []
    for caption, table in numbered(tables):
        image = _chart_for(table, statistics) if charts and statistics else None
        blocks.append(table_block(caption, table, image))
    return blocks


def _chart_for(table: StatTable, statistics: Statistics) -> ChartImage | None:
    """The chart under a table: participants by gender, exit reasons, income before/after."""
    if table.chart is None:
        return None
    from reportgen.render import charts

    if table.chart == "participants":
        if statistics.period.persons.total < MIN_BASE_FOR_SHARES:
            return None
        return charts.gender_chart(statistics.period)
    if table.chart == "exit_reasons":
        if statistics.period.exited.total < MIN_BASE_FOR_SHARES:
            return None
        return charts.exit_reasons_chart(statistics.period.exit_reasons, EXIT_REASONS)
    if table.chart == "income":
        if statistics.income.base < MIN_BASE_FOR_SHARES:
            return None
        return charts.income_chart(statistics.income, INCOME_SOURCES)
    raise ValueError(f"unknown chart {table.chart!r}")
