"""The statistik.xlsx skeleton that `reportgen init` writes.

A team that starts from this workbook cannot easily type a value reportgen
will refuse: the coded columns have drop-down lists (kön, remittent,
försörjning, Ja/Nej, avslutskod, steg, utbildning), date columns accept only
dates, the header row stays visible while scrolling, and every cell shows a
short Swedish hint. The `Instruktioner` sheet explains every column in the
words of the funder's forms. Headers, lists and texts come from
`reportgen.sources.excel.columns`, the same definitions the reader uses, so
the skeleton and the reader cannot drift apart.

openpyxl is imported lazily (inside the functions) so that `reportgen --help`
stays fast.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from reportgen.sources.excel import columns as cols

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

__all__ = ["VALIDATED_ROWS", "build_workbook", "write_statistics_workbook"]

VALIDATED_ROWS = 2000
"""Rows 2..VALIDATED_ROWS+1 carry drop-downs; rows below still work, just without lists."""

HEADER_FILL = "DCE6F1"
DATE_FORMAT = "yyyy-mm-dd"

_INCOME_HINT = (
    "Flera försörjningskällor? Skriv dem åtskilda med semikolon, t.ex. 'Försörjningsstöd; "
    "A-kassa'. Annars: välj ett värde i listan."
)

_GENERAL_INSTRUCTIONS = (
    "Så fyller du i deltagarstatistiken",
    "",
    "Bladet Deltagare har en rad per inskrivning: en person i insatsen från start till avslut. "
    "En person som skrivs in på nytt får en ny rad med samma id.",
    "Skriv aldrig personnummer eller namn. Använd ett löpnummer eller en kod som teamet väljer. "
    "reportgen vägrar läsa en fil som innehåller något som liknar ett personnummer.",
    "Datum skrivs ÅÅÅÅ-MM-DD. Slutdatum lämnas tomt så länge deltagaren är kvar i insatsen.",
    "Kolumner med rullista: välj i listan. Kolumnerna för försörjning får ha flera värden "
    "åtskilda med semikolon.",
    "Rubrikraden får inte ändras. Egna kolumner (t.ex. en kommentar) får läggas till till höger; "
    "de läses inte.",
    "Bladet Enkät är frivilligt: en rad per fråga med antal svar och andel positiva svar, redan "
    "sammanräknade. Lämna det tomt om insatsen inte har någon enkät.",
    "Kontrollera filen med 'reportgen stats <insatsmappen>' och 'reportgen check "
    "<insatsmappen>'. reportgen räknar fram alla tabeller i rapporten – inget behöver räknas för "
    "hand.",
)


def build_workbook() -> Workbook:
    """The complete skeleton workbook, not yet saved."""
    from openpyxl import Workbook

    from reportgen.render.sandbox import neutralise_formulas

    workbook = Workbook()
    participants = workbook.active
    assert participants is not None
    participants.title = cols.PARTICIPANT_SHEET
    lists = workbook.create_sheet(cols.LISTS_SHEET)
    ranges = _write_lists(lists)
    _participants_sheet(participants, ranges)
    _survey_sheet(workbook.create_sheet(cols.SURVEY_SHEET))
    _instructions_sheet(workbook.create_sheet(cols.INSTRUCTIONS_SHEET))
    # Lists last and hidden: the drop-downs need them, people do not.
    workbook.move_sheet(lists, offset=len(workbook.sheetnames) - 1 - workbook.index(lists))
    lists.sheet_state = "hidden"
    workbook.active = 0
    workbook.properties.creator = "reportgen"
    workbook.properties.title = "Deltagarstatistik"
    neutralise_formulas(workbook)  # every text a text cell, never a formula
    return workbook


def write_statistics_workbook(path: Path) -> None:
    """Write the skeleton to `path` atomically (never a half-written workbook)."""
    from reportgen.files import write_atomically

    workbook = build_workbook()
    write_atomically(path, lambda tmp: workbook.save(str(tmp)))


def _header_style(sheet: Worksheet, columns: int) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill

    fill = PatternFill("solid", fgColor=HEADER_FILL)
    for cell in sheet[1][:columns]:
        cell.font = Font(bold=True)
        cell.fill = fill
        cell.alignment = Alignment(vertical="top", wrap_text=True)
    sheet.freeze_panes = "A2"


def _write_lists(sheet: Worksheet) -> dict[str, str]:
    """One column per drop-down list; returns column key -> absolute range for validation."""
    from openpyxl.utils import get_column_letter

    ranges: dict[str, str] = {}
    column = 0
    for spec in cols.COLUMNS:
        if not spec.shown_values:
            continue
        column += 1
        letter = get_column_letter(column)
        sheet.cell(row=1, column=column, value=spec.key)
        for offset, value in enumerate(spec.shown_values, start=2):
            number = int(value) if value.isdigit() else None
            sheet.cell(row=offset, column=column, value=number if number is not None else value)
        last = len(spec.shown_values) + 1
        ranges[spec.key] = f"{cols.LISTS_SHEET}!${letter}$2:${letter}${last}"
    return ranges


def _participants_sheet(sheet: Worksheet, ranges: dict[str, str]) -> None:
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    for index, spec in enumerate(cols.COLUMNS, start=1):
        sheet.cell(row=1, column=index, value=spec.key)
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = spec.width
        area = f"{letter}2:{letter}{VALIDATED_ROWS + 1}"
        validation = _validation_for(spec, ranges)
        if spec.key in {"startdatum", "slutdatum"}:
            sheet.column_dimensions[letter].number_format = DATE_FORMAT
        if validation is None:
            validation = DataValidation(type="custom", formula1="TRUE", allow_blank=True)
            validation.showErrorMessage = False
        validation.promptTitle = spec.key[:32]
        validation.prompt = spec.description[:255]
        validation.showInputMessage = True
        validation.add(area)
        sheet.add_data_validation(validation)
    _header_style(sheet, len(cols.COLUMNS))
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(cols.COLUMNS))}1"


def _validation_for(spec: cols.ColumnSpec, ranges: dict[str, str]) -> object | None:
    from openpyxl.worksheet.datavalidation import DataValidation

    if spec.key in ranges:
        # Stored formulas carry no leading "=" in the file format (as Excel writes them).
        validation = DataValidation(type="list", formula1=ranges[spec.key], allow_blank=True)
        validation.showErrorMessage = True
        if spec.key.startswith("försörjning"):
            validation.errorStyle = "information"  # several sources, ";"-separated, are fine
            validation.errorTitle = "Flera värden?"
            validation.error = _INCOME_HINT
        else:
            validation.errorStyle = "stop"
            validation.errorTitle = "Värdet finns inte i listan"
            validation.error = f"Välj ett av värdena i listan: {', '.join(spec.shown_values)}."
        return validation
    if spec.key in {"startdatum", "slutdatum"}:
        validation = DataValidation(
            type="date",
            operator="between",
            formula1="DATE(2000,1,1)",
            formula2="DATE(2099,12,31)",
            allow_blank=True,
        )
        validation.showErrorMessage = True
        validation.errorTitle = "Inget datum"
        validation.error = "Skriv datumet som ÅÅÅÅ-MM-DD, t.ex. 2025-03-17."
        return validation
    if spec.key == "födelseår":
        validation = DataValidation(
            type="whole", operator="between", formula1="1900", formula2="2099", allow_blank=True
        )
        validation.showErrorMessage = True
        validation.errorTitle = "Inget årtal"
        validation.error = "Skriv födelseåret med fyra siffror, t.ex. 1994."
        return validation
    return None


def _survey_sheet(sheet: Worksheet) -> None:
    widths = (60, 12, 16)
    for index, (column, width) in enumerate(zip(cols.SURVEY_COLUMNS, widths, strict=True), 1):
        sheet.cell(row=1, column=index, value=column.key)
        sheet.column_dimensions["ABC"[index - 1]].width = width
    sheet.column_dimensions["C"].number_format = "0%"
    _header_style(sheet, len(cols.SURVEY_COLUMNS))


def _instructions_sheet(sheet: Worksheet) -> None:
    from openpyxl.styles import Alignment, Font

    wrap = Alignment(wrap_text=True, vertical="top")
    sheet.column_dimensions["A"].width = 28
    sheet.column_dimensions["B"].width = 10
    sheet.column_dimensions["C"].width = 90
    row = 1
    for index, text in enumerate(_GENERAL_INSTRUCTIONS):
        cell = sheet.cell(row=row, column=1, value=text or None)
        if index == 0:
            cell.font = Font(bold=True, size=14)
        else:
            sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=3)
            cell.alignment = wrap
            sheet.row_dimensions[row].height = 32
        row += 1
    row += 1
    row = _column_table_header(sheet, row, "Kolumn i bladet Deltagare")
    for spec in cols.COLUMNS:
        text = spec.description
        if spec.shown_values and not spec.key.startswith("avslutskod"):
            text += f" Tillåtna värden: {', '.join(spec.shown_values)}."
        if spec.synonyms:
            text += f" Andra rubriker som också läses: {', '.join(spec.synonyms)}."
        sheet.cell(row=row, column=1, value=spec.key).alignment = wrap
        sheet.cell(row=row, column=2, value="Ja" if spec.required else "Nej").alignment = wrap
        sheet.cell(row=row, column=3, value=text).alignment = wrap
        row += 1
    row += 1
    row = _column_table_header(sheet, row, "Kolumn i bladet Enkät")
    for survey_column in cols.SURVEY_COLUMNS:
        sheet.cell(row=row, column=1, value=survey_column.key)
        sheet.cell(row=row, column=2, value="Ja")
        sheet.cell(row=row, column=3, value=survey_column.description).alignment = wrap
        row += 1


def _column_table_header(sheet: Worksheet, row: int, first: str) -> int:
    """The bold header of a table that explains a sheet's columns; returns the next row."""
    from openpyxl.styles import Font

    for column, header in enumerate((first, "Krävs", "Vad du skriver"), 1):
        sheet.cell(row=row, column=column, value=header).font = Font(bold=True)
    return row + 1
