"""Open statistik.xlsx and stream its sheets, with the work bounded whatever the file says.

A workbook is untrusted: its `<dimension>` may claim two billion rows, one
cell may sit in column XFD, its shared-strings table may be built to be slow,
and a million real rows may follow. openpyxl's read-only worksheets trust the
dimension and pad every row to the widest one (a cell at XFD1 and one at
A2000000000 become billions of empty tuples), so the sheets are streamed here
instead, through expat with Python handlers – no tree is built, which is also
eight times faster than iterparse on a sheet of empty cells – and openpyxl's
own cell parser converts each cell that has content:

* only cells that hold a value are kept, row by row, in a dict keyed by row
  number – a value far away costs one entry, not the rows in between;
* memory does not grow with the rows a sheet has, only with the rows kept
  (at most MAX_ROWS);
* rows with values, the last column with a value, the elements parsed, the
  text of one cell and the size of every XML part are capped, each with a
  finding (F001/F002) that names the sheet and the cell; a DOCTYPE (the way
  XML entity bombs expand) is refused;
* shared strings are read the same lean way (openpyxl takes 7 s for 600 000
  rich-text strings) under a count cap.

Formulas are noted in the same pass: a formula cell without a saved value is
reported by the sheet readers, not read as an empty cell.
"""

from __future__ import annotations

import warnings
import xml.parsers.expat
import zipfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import IO, Any
from xml.etree.ElementTree import Element, SubElement

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
MAX_CELL_CHARS = 32_767
"""What one Excel cell can hold."""
MAX_SHEET_BYTES = 64 * 1024 * 1024
"""A worksheet part unpacked; 20 000 rows of participant data are about 20 MB."""
MAX_STYLES_BYTES = 4 * 1024 * 1024
MAX_PART_BYTES = 16 * 1024 * 1024
"""Any part but the sheets (shared strings, workbook, relations): read whole by openpyxl."""
EXCEL_LAST_ROW = 1_048_576
EXCEL_LAST_COLUMN = 16_384

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_FORMULA = f"{_MAIN}f"
_RAW = _MAIN[1:]  # the same names as expat reports them: "namespace}name"
_RAW_ROW, _RAW_CELL = f"{_RAW}row", f"{_RAW}c"
_RAW_SI, _RAW_T, _RAW_R = f"{_RAW}si", f"{_RAW}t", f"{_RAW}r"
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
            limit = MAX_SHEET_BYTES  # streamed, and its work bounded while streaming
        else:
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
    names: list[str] = []  # open elements inside the current <si>
    chunks: list[str] = []

    def start(name: str, _attrs: dict[str, str]) -> None:
        if names or name == _RAW_SI:
            names.append(name)

    def end(_name: str) -> None:
        if not names:
            return
        names.pop()
        if names:
            return
        # as openpyxl reads it: the runs' texts, phonetic guides (rPh) left out
        strings.append("".join(chunks).replace("x005F_", ""))
        chunks.clear()
        if len(strings) > MAX_SHARED_STRINGS:
            raise _TooMany(
                f"Arbetsboken har fler än {MAX_SHARED_STRINGS} olika texter; filen kan vara "
                f"skadad eller skadlig och läses inte. {_RESAVE}"
            )

    def data(text: str) -> None:
        if names and names[-1] == _RAW_T and (len(names) == 2 or names[-2] == _RAW_R):
            chunks.append(text)

    with reader.archive.open(part.PartName[1:]) as source:
        try:
            _parse(source, start, end, data)
        except _TooMany as exc:
            findings.add("F001", exc.message)
            raise Refused from None
    return strings


class _TooMany(Exception):
    """A cap was reached while parsing; the message is the finding's."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _parse(source: IO[bytes], start: Any, end: Any, data: Any) -> None:
    """Stream `source` through expat with these handlers; no tree is built.

    Names arrive as expat gives them (`namespace}name`, compare with the `_RAW_*`
    names): the handlers run for every element, so nothing is done per element
    that only a few need. A document type declaration (and with it any entity)
    is refused: no Office part has one, and entities are how XML bombs expand.
    """
    parser = xml.parsers.expat.ParserCreate(namespace_separator="}")
    parser.buffer_text = True

    def refuse_doctype(*_args: Any) -> None:
        raise _TooMany(f"En del av arbetsboken har en DOCTYPE-deklaration. {_RESAVE}")

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = data
    parser.StartDoctypeDeclHandler = refuse_doctype
    parser.EntityDeclHandler = refuse_doctype
    parser.ParseFile(source)


def _qualified(name: str) -> str:
    """expat's `namespace}name` as ElementTree (and openpyxl's cell parser) spells it."""
    return "{" + name if "}" in name else name


def _element(name: str, attrs: dict[str, str], parent: Element | None = None) -> Element:
    tag = _qualified(name)
    attributes = {_qualified(k): v for k, v in attrs.items()}
    return Element(tag, attributes) if parent is None else SubElement(parent, tag, attributes)


def _read_sheet(
    archive: zipfile.ZipFile,
    target: str,
    title: str,
    strings: list[str],
    workbook: Any,
    findings: Collector,
    budget: _Budget,
) -> Sheet:
    """Stream one worksheet: each cell that has content is built as a small element and
    converted by openpyxl's own cell parser; empty cells and all else are only counted."""
    from openpyxl.utils import column_index_from_string
    from openpyxl.worksheet._reader import WorkSheetParser

    sheet = Sheet(title, {})
    values: dict[int, dict[int, Any]] = {}
    cells = WorkSheetParser(
        None,
        strings,
        data_only=True,
        epoch=workbook.epoch,
        date_formats=workbook._date_formats,
        timedelta_formats=workbook._timedelta_formats,
    )
    open_cell: list[Element] = []  # the cell being read and its open descendants
    chunks: list[str] = []
    last_reference: list[str | None] = [None]  # of an empty cell that was skipped

    def start(name: str, attrs: dict[str, str]) -> None:
        budget.elements += 1
        if budget.elements > MAX_ELEMENTS:
            raise _TooMany(
                f"Arbetsboken har fler än {MAX_ELEMENTS} celler och rader (också tomma, "
                f"formaterade) – bladet '{printable(title)}' läses inte. Markera de tomma "
                "raderna och kolumnerna utanför tabellen, ta bort dem och spara filen."
            )
        if open_cell:
            _flush(open_cell[-1], chunks)
            open_cell.append(_element(name, attrs, open_cell[-1]))
        elif name == _RAW_CELL:
            open_cell.append(_element(name, attrs))
        elif name == _RAW_ROW:
            number = attrs.get("r")
            cells.row_counter = (
                int(number) if number and number.isdigit() else cells.row_counter + 1
            )
            cells.col_counter = 0
            last_reference[0] = None

    def end(_name: str) -> None:
        if not open_cell:
            return
        _flush(open_cell[-1], chunks)
        element = open_cell.pop()
        if open_cell:
            return
        if len(element) == 0:  # an empty (perhaps formatted) cell: keep the count right
            reference = element.get("r")
            if reference is None:
                cells.col_counter += 1
            last_reference[0] = reference
            return
        if element.get("r") is None and last_reference[0] is not None:
            cells.col_counter = column_index_from_string(
                "".join(c for c in last_reference[0] if c.isalpha())
            )
        last_reference[0] = None
        _read_cell(cells, element, sheet, values, findings)

    def data(text: str) -> None:
        if open_cell:
            chunks.append(text)
            if sum(map(len, chunks)) > MAX_CELL_CHARS:
                raise _TooMany(
                    f"En cell i bladet '{printable(title)}' innehåller mer text än Excel "
                    f"tillåter ({MAX_CELL_CHARS} tecken); filen läses inte. {_RESAVE}"
                )

    with archive.open(target) as source:
        try:
            _parse(source, start, end, data)
        except _TooMany as exc:
            findings.add("F001", exc.message, title)
            raise Refused from None
    sheet.rows = {r: _as_tuple(cells) for r, cells in sorted(values.items())}
    return sheet


def _flush(element: Element, chunks: list[str]) -> None:
    """Text read so far belongs to `element` (as text before its first child, or as its text)."""
    if chunks:
        text = "".join(chunks)
        chunks.clear()
        if len(element):
            last = element[-1]
            last.tail = (last.tail or "") + text
        else:
            element.text = (element.text or "") + text


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
