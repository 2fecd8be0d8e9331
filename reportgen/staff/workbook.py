"""`reportgen check --format xlsx -o granskning.xlsx`: the review as a workbook staff can sort.

Sheet "Rapporter": one row per checked report (file, intervention, report kind,
period, granted funds, budget, outcome, deviation, signed, errors, warnings,
verdict); sheet "Fynd": one row per finding (file, section, row, column, code,
severity, message, place). Amounts and counts are real numbers with Swedish
display formats, the deviation a real percentage; both sheets have filters and
a frozen header row.

Everything in the cells comes from submitted files, so every text is stored as
text: a name such as `=HYPERLINK(…)` or a cell starting with +, -, @, tab or CR
can never become a formula (type string, and Excel's quote prefix so that
editing the cell keeps it text). The workbook is written atomically.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from reportgen.files import ensure_writable, write_atomically
from reportgen.findings import sort_findings
from reportgen.pipeline import FileCheck
from reportgen.staff.compact import place_in_file
from reportgen.staff.summary import summarise

REPORTS_SHEET = "Rapporter"
FINDINGS_SHEET = "Fynd"
REPORT_HEADERS = (
    ("Fil", 34),
    ("Insats", 34),
    ("Rapporttyp", 13),
    ("Period", 25),
    ("Beviljat (kr)", 14),
    ("Budget (kr)", 14),
    ("Utfall (kr)", 14),
    ("Avvikelse mot budget", 12),
    ("Underskriven", 13),
    ("Fel", 7),
    ("Varningar", 10),
    ("Bedömning", 17),
)
FINDING_HEADERS = (
    ("Fil", 34),
    ("Avsnitt", 9),
    ("Rad", 18),
    ("Kolumn", 14),
    ("Kod", 7),
    ("Allvarlighet", 12),
    ("Meddelande", 90),
    ("Plats", 50),
)
_AMOUNT = "#,##0"
_PERCENT = "0.0%"
_RISKY_START = ("=", "+", "-", "@", "\t", "\r")


def write_findings_workbook(
    checks: Sequence[FileCheck], output: Path, *, force: bool = False
) -> Path:
    """Write the review of `checks` to `output` (.xlsx); never over a file unless `force`."""
    ensure_writable(output, force=force)
    workbook = build_workbook(checks)
    write_atomically(output, lambda temporary: workbook.save(temporary))
    return output


def build_workbook(checks: Sequence[FileCheck]) -> Any:
    from openpyxl import Workbook

    workbook = Workbook()
    reports = workbook.active
    reports.title = REPORTS_SHEET
    _header(reports, REPORT_HEADERS)
    findings = workbook.create_sheet(FINDINGS_SHEET)
    _header(findings, FINDING_HEADERS)
    for check in checks:
        summary = summarise(check)
        row = reports.max_row + 1
        values: list[tuple[Any, str | None]] = [
            (summary.file, None),
            (summary.name, None),
            (summary.kind, None),
            (summary.period, None),
            (summary.granted, _AMOUNT),
            (summary.budget, _AMOUNT),
            (summary.outcome, _AMOUNT),
            (summary.deviation, _PERCENT),
            (summary.signed_text if summary.kind else None, None),
            (summary.errors, None),
            (summary.warnings, None),
            (summary.verdict, None),
        ]
        for column, (value, number_format) in enumerate(values, start=1):
            _put(reports.cell(row, column), value, number_format)
        for finding in sort_findings(check.findings):
            location = finding.location
            row = findings.max_row + 1
            cells = (
                summary.file,
                location.section,
                location.row,
                location.column,
                finding.code,
                str(finding.severity),
                finding.message,
                place_in_file(location),
            )
            for column, value in enumerate(cells, start=1):
                _put(findings.cell(row, column), value, None)
    for sheet in (reports, findings):
        sheet.auto_filter.ref = sheet.dimensions
        sheet.freeze_panes = "A2"
    return workbook


def _header(sheet: Any, headers: Sequence[tuple[str, int]]) -> None:
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    for column, (title, width) in enumerate(headers, start=1):
        cell = sheet.cell(1, column, title)
        cell.font = Font(bold=True)
        sheet.column_dimensions[get_column_letter(column)].width = width


def _put(cell: Any, value: Any, number_format: str | None) -> None:
    """A number as a number; any text as text, never as a formula."""
    if value is None or value == "":
        return
    if isinstance(value, Decimal):
        value = int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, str):
        from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

        value = ILLEGAL_CHARACTERS_RE.sub("\ufffd", value)
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"  # openpyxl would store "=…" as a formula
        if value.startswith(_RISKY_START):
            cell.quotePrefix = True
    elif number_format:
        cell.number_format = number_format
