"""`reportgen stats` output: the statistics tables as terminal text and as JSON.

The same `StatTable`s the report shows under 4.4, so what an owner checks in
the terminal is what the report will say.
"""

from __future__ import annotations

import dataclasses
import textwrap
from collections.abc import Sequence
from datetime import date
from typing import Any

from reportgen.render.stats_model import StatTable, numbered
from reportgen.stats import ByGender, Statistics


def tables_text(tables: Sequence[StatTable]) -> str:
    """Plain-text tables for the terminal: labels left, numbers right-aligned."""
    out: list[str] = []
    for caption, table in numbered(tables):
        out.append(caption)
        out.append("=" * len(caption))
        if table.lead:
            out.extend(_wrap(table.lead))
        grid = [table.columns, *((row.label, *row.values) for row in table.rows)]
        widths = [max(len(line[i]) for line in grid) for i in range(len(table.columns))]
        for line in grid:
            cells = [line[0].ljust(widths[0])]
            cells += [cell.rjust(widths[i]) for i, cell in enumerate(line[1:], start=1)]
            out.append("  ".join(cells).rstrip())
        if table.note:
            out.extend(_wrap(table.note))
        out.append("")
    return "\n".join(out)


def tables_json(tables: Sequence[StatTable]) -> list[dict[str, Any]]:
    return [
        {
            "rubrik": caption,
            "ingress": table.lead,
            "kolumner": list(table.columns),
            "rader": [{"etikett": row.label, "varden": list(row.values)} for row in table.rows],
            "not": table.note,
        }
        for caption, table in numbered(tables)
    ]


def _wrap(text: str, width: int = 96) -> list[str]:
    return textwrap.wrap(text, width) or [""]


def statistics_json(statistics: Statistics) -> dict[str, Any]:
    """The computed figures as JSON-ready data (dates ISO, sets sorted, codes as keys)."""

    def plain(value: Any) -> Any:
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            data = {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
            if isinstance(value, ByGender):
                data["total"] = value.total
            return data
        if isinstance(value, dict):
            return {str(key): plain(item) for key, item in value.items()}
        if isinstance(value, list | tuple):
            return [plain(item) for item in value]
        if isinstance(value, frozenset | set):
            return sorted(plain(item) for item in value)
        if isinstance(value, date):
            return value.isoformat()
        return value

    data: dict[str, Any] = plain(statistics)
    for item in data.get("survey", []):
        item.pop("row", None)
    return data
