"""statistik.xlsx for a funder whose profile asks for more: its ladder and its own columns.

`reportgen init --förbund vasteras` starts from reportgen's workbook
(`reportgen.workbook_template`) and adapts it to the profile: the process
ladder's drop-downs offer the profile's step names ("Introduktion", "Kom i
gång" …; the reader also takes the numbers), the columns a funder adds
("Vidare FS AF-FK", "Ordinarie insats efter avslut", "Mottagande part vid
avslut") get a column with a drop-down each, and the Instruktioner sheet
explains both. The definitions are the reader's own
(`reportgen.sources.excel.funder_columns`), so the two cannot drift apart.
"""

from __future__ import annotations

from copy import copy
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reportgen.profile import Profile
from reportgen.sources.excel import columns as cols
from reportgen.sources.excel.funder_columns import FUNDER_COLUMNS
from reportgen.workbook_template import VALIDATED_ROWS, build_workbook

if TYPE_CHECKING:
    from openpyxl import Workbook

STEP_COLUMNS = ("steg_start", "steg_slut")
_NOTE_MARKS = ("Stegen i ", "Prövotid:", *(spec.key for spec in FUNDER_COLUMNS))


def uses_funder_columns(profile: Profile) -> bool:
    """A profile whose results need the funder's columns (it places result blocks)."""
    wanted = {"forstarkt_samverkan", "ordinarie_verksamhet"}
    return any(wanted & set(section.blocks) for section in profile.sections)


def build_profile_workbook(profile: Profile) -> Workbook:
    workbook = build_workbook()
    if profile.ladder is not None:
        _named_steps(workbook, profile.ladder.steps, profile.ladder.name)
    if uses_funder_columns(profile):
        _funder_columns(workbook)
    if profile.trial_months is not None:
        _note(
            workbook,
            f"Prövotid: avslut inom {profile.trial_months} månader från startdatum räknas inte "
            "till resultaten i rapporten (antalet anges). Skriv ändå in dem, med avslutskod.",
        )
    return workbook


def write_profile_workbook(path: Path, profile: Profile) -> None:
    from reportgen.files import write_atomically

    workbook = build_profile_workbook(profile)
    write_atomically(path, lambda tmp: workbook.save(str(tmp)))


def _lists_column(workbook: Workbook, key: str, values: tuple[str, ...]) -> str:
    """A new column of the hidden Listor sheet; returns its absolute range."""
    from openpyxl.utils import get_column_letter

    lists = workbook[cols.LISTS_SHEET]
    column = lists.max_column + 1
    letter = get_column_letter(column)
    lists.cell(row=1, column=column, value=key)
    for offset, value in enumerate(values, start=2):
        lists.cell(row=offset, column=column, value=value)
    return f"{cols.LISTS_SHEET}!${letter}$2:${letter}${len(values) + 1}"


def _list_validation(formula: str, prompt_title: str, prompt: str, values: tuple[str, ...]) -> Any:
    from openpyxl.worksheet.datavalidation import DataValidation

    validation = DataValidation(type="list", formula1=formula, allow_blank=True)
    validation.showErrorMessage = True
    validation.errorStyle = "stop"
    validation.errorTitle = "Värdet finns inte i listan"
    validation.error = f"Välj ett av värdena i listan: {', '.join(values)}."[:255]
    validation.promptTitle = prompt_title[:32]
    validation.prompt = prompt[:255]
    validation.showInputMessage = True
    return validation


def _named_steps(workbook: Workbook, steps: tuple[str, ...], ladder: str) -> None:
    """The step columns' drop-downs offer the ladder's names, lowest first."""
    from openpyxl.utils import get_column_letter

    sheet = workbook[cols.PARTICIPANT_SHEET]
    formula = _lists_column(workbook, "processtrappa", steps)
    numbered = ", ".join(f"{n} = {name}" for n, name in enumerate(steps, start=1))
    headers = {cell.value: cell.column for cell in sheet[1]}
    for key in STEP_COLUMNS:
        letter = get_column_letter(headers[key])
        area = f"{letter}2:{letter}{VALIDATED_ROWS + 1}"
        for validation in list(sheet.data_validations.dataValidation):
            if any(str(r) == area for r in validation.sqref.ranges):
                sheet.data_validations.dataValidation.remove(validation)
        when = "vid start" if key == "steg_start" else "vid avslut (pågående: senaste bedömningen)"
        validation = _list_validation(formula, key, f"Steg i {ladder} {when}: {numbered}.", steps)
        validation.add(area)
        sheet.add_data_validation(validation)
    _note(
        workbook,
        f"Stegen i {ladder} ({', '.join(STEP_COLUMNS)}): {numbered}. Skriv namnet eller numret.",
    )


def _funder_columns(workbook: Workbook) -> None:
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    sheet = workbook[cols.PARTICIPANT_SHEET]
    header = sheet.cell(row=1, column=1)
    for spec in FUNDER_COLUMNS:
        column = len(cols.COLUMNS) + 1 + FUNDER_COLUMNS.index(spec)
        letter = get_column_letter(column)
        cell = sheet.cell(row=1, column=column, value=spec.key)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor=header.fill.fgColor.rgb)
        cell.alignment = copy(header.alignment)
        sheet.column_dimensions[letter].width = spec.width
        formula = _lists_column(workbook, spec.key, spec.shown_values)
        validation = _list_validation(formula, spec.key, spec.description, spec.shown_values)
        if spec.key == "mottagande_part_vid_avslut":
            validation.errorStyle = "information"  # other combinations (AF-RV …) are fine
        validation.add(f"{letter}2:{letter}{VALIDATED_ROWS + 1}")
        sheet.add_data_validation(validation)
        _note(
            workbook,
            f"{spec.key}: {spec.description} Tillåtna värden: "
            f"{', '.join(spec.shown_values).rstrip('.')}.",
        )
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(cols.COLUMNS) + len(FUNDER_COLUMNS))}1"


def _note(workbook: Workbook, text: str) -> None:
    """A line at the end of the Instruktioner sheet, spanning its three columns."""
    from openpyxl.styles import Alignment

    sheet = workbook[cols.INSTRUCTIONS_SHEET]
    last = sheet.cell(row=sheet.max_row, column=1).value
    first_note = not str(last or "").startswith(_NOTE_MARKS)
    row = sheet.max_row + (2 if first_note else 1)  # a blank line before the first note
    cell = sheet.cell(row=row, column=1, value=text)
    sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=3)
    cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.row_dimensions[row].height = 32
