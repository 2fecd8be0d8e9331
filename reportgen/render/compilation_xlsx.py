"""Compilation -> uppfoljning.xlsx: the same tables as sheets, with real numbers.

Staff keep working on the compilation in Excel, so every count and amount is
a number cell (never text that only looks like one), shares are fractions
shown with a percent format, and dates are dates. Number formats use Excel's
locale-neutral codes (`#,##0`, `0%`, `yyyy-mm-dd`), which Swedish Excel and
LibreOffice display as "1 234 567", "91%" and "2025-12-31". Cells without data
stay empty rather than holding "–", so Excel's SUM still works over them.
Every text – intervention names included – is written as a text cell
(`put_text`): a name like `=HYPERLINK(...)` is shown, never run.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import Cell as SheetCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from reportgen.compilation import Cell, Compilation, Share, Table
from reportgen.files import write_atomically
from reportgen.render.sandbox import neutralise_formulas, put_text

AMOUNT_FORMAT = "#,##0"
AMOUNT_FORMAT_DECIMALS = "#,##0.00"
COUNT_FORMAT = "#,##0"
SHARE_FORMAT = "0%"
DATE_FORMAT = "yyyy-mm-dd"

HEADER_FILL = PatternFill("solid", fgColor="E7ECF3")
GROUP_FILL = PatternFill("solid", fgColor="F3F5F9")
TOTAL_FILL = PatternFill("solid", fgColor="E7ECF3")
BOLD = Font(bold=True)
TITLE_FONT = Font(bold=True, size=13)
NOTE_FONT = Font(italic=True, size=9)
THIN = Side(style="thin", color="A0A0A0")
DOUBLE = Side(style="double")
MAX_WIDTH = 60
# One object per style, shared by every cell that has it: openpyxl stores a cell's style
# as indexes into the workbook's style lists, so a shared object is safe, and building a
# new one per cell was a third of the time a compilation of 16 interventions took.
ITALIC = Font(italic=True)
RIGHT = Alignment(horizontal="right")
TEXT = Alignment(wrap_text=False, vertical="top")
TEXT_WRAPPED = Alignment(wrap_text=True, vertical="top")
TOTAL_BORDER = Border(top=DOUBLE)
HEADER_BORDER = Border(bottom=THIN)
HEADER_ALIGNMENT = {
    horizontal: Alignment(horizontal=horizontal, vertical="bottom", wrap_text=True)
    for horizontal in ("left", "right", "center")
}


def write_compilation_xlsx(compilation: Compilation, output: Path) -> Path:
    """Write the workbook atomically (a temporary file renamed into place)."""
    workbook = compilation_workbook(compilation)
    write_atomically(output, lambda temporary: workbook.save(str(temporary)))
    return output


def compilation_workbook(compilation: Compilation) -> Workbook:
    workbook = Workbook()
    summary = workbook.active
    assert summary is not None
    _summary_sheet(summary, compilation)
    for table in compilation.tables:
        _table_sheet(workbook.create_sheet(table.sheet), table, compilation)
    workbook.properties.title = f"{compilation.title} {compilation.period_text}"
    workbook.properties.creator = "reportgen"
    neutralise_formulas(workbook)
    return workbook


def _summary_sheet(sheet: Worksheet, compilation: Compilation) -> None:
    sheet.title = "Sammanfattning"
    put_text(sheet["A1"], f"{compilation.title} {compilation.period_text}")
    sheet["A1"].font = TITLE_FONT
    put_text(sheet["A2"], compilation.association)
    put_text(sheet["A3"], f"Sammanställd {compilation.compiled_on.isoformat()} av reportgen")
    sheet["A3"].font = NOTE_FONT
    for offset, sentence in enumerate(compilation.summary):
        cell = put_text(sheet.cell(row=5 + offset, column=1), sentence)
        cell.alignment = TEXT_WRAPPED
    sheet.column_dimensions["A"].width = 110
    first = 5 + len(compilation.summary) + 1
    put_text(sheet.cell(row=first, column=1), "Tabeller").font = BOLD
    for offset, table in enumerate(compilation.tables, start=1):
        put_text(
            sheet.cell(row=first + offset, column=1), f"{table.caption} (bladet {table.sheet})"
        )


def _table_sheet(sheet: Worksheet, table: Table, compilation: Compilation) -> None:
    columns = len(table.columns)
    put_text(sheet["A1"], table.caption)
    sheet["A1"].font = TITLE_FONT
    put_text(
        sheet["A2"], f"{compilation.association} – {compilation.title} {compilation.period_text}"
    )
    sheet["A2"].font = NOTE_FONT
    row = 4
    widths = [len(text) for text in table.columns]

    if table.super_header:
        column = 1
        for header in table.super_header:
            cell = sheet.cell(row=row, column=column)
            if header.text:
                put_text(cell, header.text)
            if header.span > 1:
                sheet.merge_cells(
                    start_row=row,
                    start_column=column,
                    end_row=row,
                    end_column=column + header.span - 1,
                )
            _header_style(cell, centre=header.span > 1)
            for extra in range(column + 1, column + header.span):
                _header_style(sheet.cell(row=row, column=extra), centre=True)
            column += header.span
        row += 1
    for index, text in enumerate(table.columns, start=1):
        cell = put_text(sheet.cell(row=row, column=index), text)
        _header_style(cell, right=table.kinds[index - 1] != "text")
    header_end = row
    row += 1

    for table_row in table.rows:
        if table_row.kind == "group":
            cell = put_text(sheet.cell(row=row, column=1), table_row.cells[0].value)
            sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=columns)
            for index in range(1, columns + 1):
                sheet.cell(row=row, column=index).fill = GROUP_FILL
            cell.font = BOLD
            widths[0] = max(widths[0], len(str(cell.value)))
            row += 1
            continue
        for index, value in enumerate(table_row.cells, start=1):
            cell = sheet.cell(row=row, column=index)
            _put(cell, value)
            if table_row.kind == "total":
                cell.font = BOLD
                cell.fill = TOTAL_FILL
                cell.border = TOTAL_BORDER
            elif table_row.kind == "shares":
                cell.font = ITALIC
            widths[index - 1] = max(widths[index - 1], len(value.text()))
        row += 1

    if table.notes:
        row += 1
        for note in table.notes:
            put_text(sheet.cell(row=row, column=1), note).font = NOTE_FONT
            row += 1

    for index, width in enumerate(widths, start=1):
        minimum = 14 if index == 1 else 8
        sheet.column_dimensions[get_column_letter(index)].width = min(
            MAX_WIDTH, max(minimum, width + 2)
        )
    sheet.freeze_panes = sheet.cell(row=header_end + 1, column=2)
    sheet.page_setup.orientation = "landscape" if columns > 6 else "portrait"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = f"{4}:{header_end}"


def _put(target: SheetCell, cell: Cell) -> None:
    """A typed compilation cell as a real Excel value with its number format."""
    value: Any = cell.value
    if value is None:
        return
    if cell.kind == "amount":
        number = _number(value)
        target.value = number
        target.number_format = AMOUNT_FORMAT if isinstance(number, int) else AMOUNT_FORMAT_DECIMALS
        target.alignment = RIGHT
    elif cell.kind == "count":
        target.value = _number(value)
        target.number_format = COUNT_FORMAT
        target.alignment = RIGHT
    elif cell.kind == "share":
        assert isinstance(value, Share)
        if value.fraction is not None:
            target.value = value.fraction
            target.number_format = SHARE_FORMAT
        target.alignment = RIGHT
    elif cell.kind == "date":
        assert isinstance(value, date)
        target.value = value
        target.number_format = DATE_FORMAT
    else:
        put_text(target, value)
        target.alignment = TEXT_WRAPPED if len(str(value)) > MAX_WIDTH else TEXT


def _number(value: Any) -> int | float:
    if isinstance(value, int):
        return value
    number = Decimal(value)
    return int(number) if number == number.to_integral_value() else float(number)


def _header_style(cell: SheetCell, *, right: bool = False, centre: bool = False) -> None:
    cell.font = BOLD
    cell.fill = HEADER_FILL
    cell.border = HEADER_BORDER
    cell.alignment = HEADER_ALIGNMENT["center" if centre else ("right" if right else "left")]
