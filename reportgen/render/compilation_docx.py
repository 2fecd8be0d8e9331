"""Compilation -> uppfoljning.docx, through the funder's compilation template.

The template (built by templates/sundsvall/build_templates.py) lays out six tables
with fixed columns; this module only turns the compilation's typed cells into
Swedish text ("1 234", "91 %", "–" for no data) and hands the context to the
same sandboxed, atomic docxtpl renderer the reports use.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from reportgen.compilation import Compilation, Table
from reportgen.formatting import format_date
from reportgen.render.docx import render_docx

ROW_TYPES = {"body": "rad", "group": "grupp", "total": "summa", "shares": "andel"}
DRAFT_TEXT = "några rapporter är byggda som utkast trots fel och får inte skickas in"


def compilation_context(
    compilation: Compilation, charts: dict[str, Any] | None = None
) -> dict[str, Any]:
    """The template context: texts only, every number already formatted the Swedish way.

    `charts` (from `render.charts.compilation_charts`) fill the chart slots under
    Tabell 3; without them the slots stay empty.
    """
    context: dict[str, Any] = {
        "titel": compilation.title,
        "forbund": compilation.association,
        "sidhuvud": compilation.page_header,
        "period": compilation.period_text,
        "datum": format_date(compilation.compiled_on),
        "utkast": compilation.draft,
        "utkast_text": DRAFT_TEXT,
        "sammanfattning": list(compilation.summary),
        "diagram_budget": None,
        "diagram_kvot": None,
        **(charts or {}),
    }
    for table in compilation.tables:
        context[table.key] = table_context(table)
    return context


def table_context(table: Table) -> dict[str, Any]:
    return {
        "rubrik": table.caption,
        "kolumner": list(table.columns),
        "over": [header.text for header in table.super_header],
        "rader": [
            {"typ": ROW_TYPES[row.kind], "c": [cell.text() for cell in row.cells]}
            for row in table.rows
        ],
        "noter": list(table.notes),
    }


def render_compilation_docx(
    compilation: Compilation, template: Path, output: Path, *, charts: dict[str, Any] | None = None
) -> Path:
    """Write the compilation; the caller has already decided that `output` may be replaced."""
    return render_docx(template, compilation_context(compilation, charts), output, force=True)
