"""Open statistik.xlsx and stream its sheets, with the work bounded whatever the file says.

A workbook is untrusted: its `<dimension>` may claim two billion rows, one
cell may sit in column XFD, its shared-strings table may be built to be slow,
and a million real rows may follow. openpyxl's read-only worksheets trust the
dimension and pad every row to the widest one (a cell at XFD1 and one at
A2000000000 become billions of empty tuples), so the sheets are streamed here
instead, with openpyxl's own cell parser for the values:

* only cells that hold a value are kept, row by row, in a dict keyed by row
  number – a value far away costs one entry, not the rows in between;
* each XML element is dropped as soon as it is read, so memory does not grow
  with the rows a sheet has, only with the rows kept (at most MAX_ROWS);
* rows with values, the last column with a value, the elements parsed and the
  size of every XML part are capped, each with a finding (F001/F002) that
  names the sheet and the cell;
* shared strings are read with a lean reader (openpyxl's takes 7 s for 600 000
  rich-text strings) under a count cap.

Formulas are noted in the same pass: a formula cell without a saved value is
reported by the sheet readers, not read as an empty cell.
"""

from __future__ import annotations

import warnings
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import IO, Any
from xml.etree.ElementTree import Element, iterparse

from reportgen.formatting import describe_character, forbidden_character, printable
from reportgen.sources.excel.sheet import Collector, Refused, Sheet, cell_ref

__all__ = ["MAX_COLUMNS", "MAX_ROWS", "read_sheets"]

MAX_SHEETS = 50
MAX_ROWS = 20_000
"""Rows holding a value, per sheet; one intervention's participants are a few hundred."""
MAX_COLUMNS = 200
"""The last column that may hold a value (GR); the participant sheet has 14."""
MAX_ELEMENTS = 1_200_000
"""XML elements parsed in all sheets together, empty cells and rows included."""
MAX_SHARED_STRINGS = 200_000
MAX_STYLES_BYTES = 4 * 1024 * 1024
MAX_PART_BYTES = 16 * 1024 * 1024
"""Any part but the sheets (shared strings, workbook, relations): read whole by openpyxl."""
EXCEL_LAST_ROW = 1_048_576
EXCEL_LAST_COLUMN = 16_384

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_ROW, _CELL, _FORMULA = f"{_MAIN}row", f"{_MAIN}c", f"{_MAIN}f"
_SI, _T, _R = f"{_MAIN}si", f"{_MAIN}t", f"{_MAIN}r"
_SHARED_STRINGS_TYPE = (
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
)
_RESAVE = "Öppna den i Excel, spara den som Excel-arbetsbok (.xlsx) och försök igen."


@dataclass
class _Budget:
    elements: int = 0


def read_sheets(path: Path, findings: Collector) -> tuple[dict[str, Sheet], datetime]:
    """Every worksheet's values (title -> Sheet) and the workbook's date epoch.

    Raises Refused after adding the finding that says why the file is not used.
    """
    from openpyxl.reader.excel import ExcelReader
    from openpyxl.styles.stylesheet import apply_stylesheet

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            reader = ExcelReader(str(path), read_only=True, data_only=True, keep_links=False)
            _check_part_sizes(reader.archive, findings)
            reader.read_manifest()
            strings = _shared_strings(reader, findings)
            reader.read_workbook()
            apply_stylesheet(reader.archive, reader.wb)
            workbook = reader.wb
            targets = [
                (sheet.name, rel.target)
                for sheet, rel in reader.parser.find_sheets()
                if rel.target in reader.valid_files and "chartsheet" not in rel.Type
            ]
            if len(targets) > MAX_SHEETS:
                findings.add(
                    "F002",
                    f"Arbetsboken har {len(targets)} blad; reportgen läser högst {MAX_SHEETS}. "
                    "Ta bort blad som inte hör till deltagarstatistiken.",
                )
                raise Refused
            budget = _Budget()
            sheets = {
                title: _read_sheet(
                    reader.archive, target, title, strings, workbook, findings, budget
                )
                for title, target in targets
            }
            return sheets, workbook.epoch
    except Refused:
        raise
    except Exception as exc:  # a damaged part inside a valid zip: any parser error
        findings.add(
            "F001",
            f"Arbetsboken kunde inte läsas ({type(exc).__name__}: {printable(exc, 160)}). "
            f"{_RESAVE}",
        )
        raise Refused from None


def _check_part_sizes(archive: zipfile.ZipFile, findings: Collector) -> None:
    """Parts openpyxl reads whole are refused by their size before a byte is parsed."""
    for info in archive.infolist():
        name = info.filename
        if name.startswith("xl/worksheets/") and name.endswith(".xml"):
            continue  # streamed, and bounded while streaming
        limit = MAX_STYLES_BYTES if name == "xl/styles.xml" else MAX_PART_BYTES
        if name.endswith((".xml", ".rels")) and info.file_size > limit:
            findings.add(
                "F001",
                f"Delen {printable(name)} i arbetsboken packas upp till "
                f"{info.file_size // (1024 * 1024)} MB, mer än gränsen {limit // (1024 * 1024)} "
                f"MB; filen kan vara skadad eller skadlig och läses inte. {_RESAVE}",
            )
            raise Refused


def _shared_strings(reader: Any, findings: Collector) -> list[str]:
    """The shared-strings table, read lean (plain and rich text alike) under a count cap."""
    part = reader.package.find(_SHARED_STRINGS_TYPE)
    if part is None:
        return []
    strings: list[str] = []
    with reader.archive.open(part.PartName[1:]) as source:
        for _event, node in _elements(source, _Budget(), keep=_SI):
            if node.tag != _SI:
                continue
            plain = node.find(_T)
            if plain is not None:
                text = plain.text or ""
            else:  # rich text: the runs' texts; phonetic guides (rPh) are not text
                text = "".join(run.findtext(_T) or "" for run in node.iterfind(_R))
            strings.append(text.replace("x005F_", ""))  # as openpyxl reads it
            if len(strings) > MAX_SHARED_STRINGS:
                findings.add(
                    "F001",
                    f"Arbetsboken har fler än {MAX_SHARED_STRINGS} olika texter; filen kan vara "
                    f"skadad eller skadlig och läses inte. {_RESAVE}",
                )
                raise Refused
    return strings


def _elements(
    source: IO[bytes], budget: _Budget, keep: str | None = None, starts: str | None = None
) -> Iterator[tuple[str, Element]]:
    """("end", element) for every element, ("start", element) for `starts` elements.

    Each element is dropped once seen, so memory stays flat: children of a `keep`
    element (a cell's value and formula) survive until the `keep` element itself
    has been seen; every other element is removed from its parent right after it
    is yielded. The budget counts elements across calls.
    """
    stack: list[Element] = []
    kept = 0  # how many `keep` elements are open
    for event, element in iterparse(source, events=("start", "end")):
        if event == "start":
            stack.append(element)
            kept += element.tag == keep
            if element.tag == starts:
                yield event, element
            continue
        stack.pop()
        budget.elements += 1
        if budget.elements > MAX_ELEMENTS:
            raise _TooManyElements
        yield event, element
        if element.tag == keep:
            kept -= 1
        if kept:
            continue  # a cell's children: its end event needs them
        element.clear()
        if stack:
            stack[-1].remove(element)


class _TooManyElements(Exception):
    pass


def _read_sheet(
    archive: zipfile.ZipFile,
    target: str,
    title: str,
    strings: list[str],
    workbook: Any,
    findings: Collector,
    budget: _Budget,
) -> Sheet:
    from openpyxl.worksheet._reader import WorkSheetParser

    with archive.open(target) as source:
        parser = WorkSheetParser(
            source,
            strings,
            data_only=True,
            epoch=workbook.epoch,
            date_formats=workbook._date_formats,
            timedelta_formats=workbook._timedelta_formats,
        )
        sheet = Sheet(title, {})
        values: dict[int, dict[int, Any]] = {}
        try:
            for event, element in _elements(source, budget, keep=_CELL, starts=_ROW):
                if event == "start":
                    _start_row(parser, element)
                elif element.tag == _CELL:
                    _read_cell(parser, element, sheet, values, findings)
        except _TooManyElements:
            findings.add(
                "F001",
                f"Arbetsboken har fler än {MAX_ELEMENTS} celler och rader (också tomma, "
                f"formaterade) – bladet '{printable(title)}' läses inte. Markera de tomma raderna "
                "och kolumnerna utanför tabellen, ta bort dem och spara filen.",
                title,
            )
            raise Refused from None
    sheet.rows = {r: _as_tuple(cells) for r, cells in sorted(values.items())}
    return sheet


def _start_row(parser: Any, row: Element) -> None:
    """Cells without a reference take their row from here (as openpyxl's parser does)."""
    number = row.get("r")
    parser.row_counter = int(number) if number and number.isdigit() else parser.row_counter + 1
    parser.col_counter = 0


def _read_cell(
    parser: Any,
    element: Element,
    sheet: Sheet,
    values: dict[int, dict[int, Any]],
    findings: Collector,
) -> None:
    cell = parser.parse_cell(element)
    row, column, value = cell["row"], cell["column"], cell["value"]
    formula = element.find(_FORMULA) is not None
    if value is None and not formula:
        return
    if row > EXCEL_LAST_ROW or column > EXCEL_LAST_COLUMN:
        findings.add(
            "F002",
            f"Bladet '{printable(sheet.title)}' har en cell på rad {row}, kolumn {column}, "
            f"utanför ett Excel-blad; filen är skadad. {_RESAVE}",
            sheet.title,
        )
        raise Refused
    if column > MAX_COLUMNS:
        findings.add(
            "F002",
            f"Bladet '{printable(sheet.title)}' har ett värde långt till höger om tabellen; "
            f"reportgen läser kolumn A–{cell_ref(1, MAX_COLUMNS)[:-1]}. Ta bort innehållet i "
            "den här cellen (och andra långt ut till höger) och spara filen.",
            sheet.title,
            cell_ref(row, column),
        )
        raise Refused
    if row not in values and len(values) >= MAX_ROWS:
        findings.add(
            "F002",
            f"Bladet '{printable(sheet.title)}' har fler än {MAX_ROWS} rader med innehåll; "
            f"reportgen läser högst {MAX_ROWS} per blad. En rad per inskrivning räcker – ta bort "
            "andra uppgifter, eller dela upp filen per insats.",
            sheet.title,
            cell_ref(row, column),
        )
        raise Refused
    if formula and value is None:
        sheet.uncached.add((row, column))
    if isinstance(value, str):
        value = _clean_text(value, sheet.title, row, column, findings)
    values.setdefault(row, {})[column] = value


def _clean_text(value: str, title: str, row: int, column: int, findings: Collector) -> str:
    """Text that cannot stand in a report loses the offending characters, with a finding."""
    index = forbidden_character(value)
    if index is None:
        return value
    findings.add(
        "F002",
        f"Cellen innehåller tecknet {describe_character(value[index])}, som inte kan stå i en "
        "rapport; det läses som om det inte fanns. Ta bort det i Excel.",
        title,
        cell_ref(row, column),
    )
    while index is not None:
        value = value[:index] + value[index + 1 :]
        index = forbidden_character(value)
    return value


def _as_tuple(cells: dict[int, Any]) -> tuple[Any, ...]:
    """A row from column A to its last value, None where a cell is empty."""
    row: list[Any] = [None] * max(cells)
    for column, value in cells.items():
        row[column - 1] = value
    return tuple(row)
