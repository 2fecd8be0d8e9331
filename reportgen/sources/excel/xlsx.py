"""Open statistik.xlsx and stream its sheets, with the work bounded whatever the file says.

A workbook is untrusted: its `<dimension>` may claim two billion rows, one
cell may sit in column XFD, its shared-strings table may be built to be slow,
and a million real rows may follow. The sheets are therefore streamed through
expat with Python handlers – no tree is built – and each cell is converted
here, as openpyxl's reader converted it (numbers, shared and inline strings,
booleans, dates by their cell style, formulas by their saved value), without
importing openpyxl: the parts around the sheets are read by `package`, Excel's
serial dates and cell references by `serials`.

* only cells that hold a value are kept, row by row, in a dict keyed by row
  number – a value far away costs one entry, not the rows in between;
* memory does not grow with the rows a sheet has, only with the rows kept
  (at most MAX_ROWS);
* rows with values, the last column with a value, the elements parsed, the
  text of one cell and the size of every XML part are capped, each with a
  finding (F001/F002) that names the sheet and the cell; a DOCTYPE (the way
  XML entity bombs expand) is refused;
* shared strings are read the same lean way under a count cap.

Formulas are noted in the same pass: a formula cell without a saved value is
reported by the sheet readers, not read as an empty cell.

A regular sheet of up to a megabyte (as Excel, LibreOffice and openpyxl write
them) is read by `fast_sheet` instead, with the same result in a third of the
time; anything it does not handle exactly as the streaming reader does is
streamed here, so every finding is worded here.
"""

from __future__ import annotations

import zipfile
from datetime import datetime
from pathlib import Path
from typing import Any

from reportgen.formatting import describe_character, forbidden_character, printable
from reportgen.sources.excel import package
from reportgen.sources.excel import values as cell_values
from reportgen.sources.excel.fast_sheet import FAST_MAX_BYTES, Caps, read_regular_sheet
from reportgen.sources.excel.package import RESAVE, Damaged, SheetEntry, TooMany, parse
from reportgen.sources.excel.serials import KNOWN_COLUMNS, BadReference, parse_reference
from reportgen.sources.excel.sheet import Collector, Refused, Sheet, cell_ref
from reportgen.sources.excel.values import Styles, dated, missing_string, other_value

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
"""Any part but the sheets (shared strings, workbook, relations): parsed in one go."""
EXCEL_LAST_ROW = 1_048_576
EXCEL_LAST_COLUMN = 16_384


class _Budget:
    """Parsing work left for all sheets together."""

    def __init__(self) -> None:
        self.elements = 0


def read_sheets(path: Path, findings: Collector) -> tuple[dict[str, Sheet], datetime]:
    """Every worksheet's values (title -> Sheet) and the workbook's date epoch.

    Raises Refused after adding the finding that says why the file is not used.
    """
    try:
        with zipfile.ZipFile(path) as archive:
            _check_part_sizes(archive, findings)
            parts = package.read_workbook_parts(archive)
            count = len(parts.sheets) if parts.listed <= package.MAX_SHEET_ENTRIES else parts.listed
            if count > MAX_SHEETS:
                findings.add(
                    "F002",
                    f"Arbetsboken har {count} blad; reportgen läser högst {MAX_SHEETS}. "
                    "Ta bort blad som inte hör till deltagarstatistiken.",
                )
                raise Refused
            if parts.styles is not None:
                _check_size(archive.getinfo(parts.styles), MAX_STYLES_BYTES, findings)
            styles = Styles(*package.read_styles(archive, parts.styles))
            strings = package.read_shared_strings(
                archive, parts.shared_strings, parts.namespace, MAX_SHARED_STRINGS
            )
            budget = _Budget()
            sheets = {
                entry.title: _read_sheet(archive, entry, parts, strings, styles, findings, budget)
                for entry in parts.sheets
            }
            return sheets, parts.epoch
    except Refused:
        raise
    except TooMany as exc:
        findings.add("F001", exc.message)
        raise Refused from None
    except Damaged as exc:
        findings.add("F001", f"Arbetsboken kunde inte läsas ({printable(exc, 160)}). {RESAVE}")
        raise Refused from None
    except Exception as exc:  # a damaged part inside a valid zip: any parser error
        findings.add(
            "F001",
            f"Arbetsboken kunde inte läsas ({type(exc).__name__}: {printable(exc, 160)}). {RESAVE}",
        )
        raise Refused from None


def _check_part_sizes(archive: zipfile.ZipFile, findings: Collector) -> None:
    """Parts are refused by their unpacked size before a byte of them is parsed."""
    for info in archive.infolist():
        name = info.filename
        if name.startswith("xl/worksheets/") and name.endswith(".xml"):
            limit = MAX_SHEET_BYTES  # streamed, and its work bounded while streaming
        else:
            limit = MAX_STYLES_BYTES if name == "xl/styles.xml" else MAX_PART_BYTES
        if name.endswith((".xml", ".rels")):
            _check_size(info, limit, findings)


def _check_size(info: zipfile.ZipInfo, limit: int, findings: Collector) -> None:
    if info.file_size > limit:
        findings.add(
            "F001",
            f"Delen {printable(info.filename)} i arbetsboken packas upp till "
            f"{info.file_size // (1024 * 1024)} MB, mer än gränsen {limit // (1024 * 1024)} "
            f"MB; filen kan vara skadad eller skadlig och läses inte. {RESAVE}",
        )
        raise Refused


def _read_sheet(
    archive: zipfile.ZipFile,
    entry: SheetEntry,
    parts: package.WorkbookParts,
    strings: list[str],
    styles: Styles,
    findings: Collector,
    budget: _Budget,
) -> Sheet:
    """Stream one worksheet; each cell that has content is converted and kept by row,
    empty cells and everything else are only counted.

    The handlers run for every element of the sheet, so they do as little as they
    can: the common cell (a number, a shared or inline string, a reference in
    `r`) is read and stored in line; anything unusual goes through `_value` and
    `_keep`, which also word the findings.
    """
    title = entry.title
    sheet = Sheet(title, {}, state=entry.state)
    fast = _read_regular(archive, entry, parts, strings, styles, budget)
    if fast is not None:
        values, sheet.uncached = fast
        sheet.rows = {r: _as_tuple(cells) for r, cells in sorted(values.items())}
        return sheet
    values = {}
    ns = parts.namespace + "}"
    cell_tag, row_tag, value_tag, formula_tag = f"{ns}c", f"{ns}row", f"{ns}v", f"{ns}f"
    inline_tag, text_tag, run_tag = f"{ns}is", f"{ns}t", f"{ns}r"
    # the caps as they are when reading starts (tests lower them)
    max_elements, max_chars, max_rows, max_columns = (
        MAX_ELEMENTS,
        MAX_CELL_CHARS,
        MAX_ROWS,
        MAX_COLUMNS,
    )
    epoch, dates = parts.epoch, bool(styles.dates)
    known_columns = KNOWN_COLUMNS
    # where the reading is: the row's number, the last cell's column, and the reference of
    # an empty cell passed since (its column is only worked out if a cell without one follows)
    row_number = column = size = depth = 0
    passed: str | None = None
    elements = budget.elements  # parsed so far in the workbook's other sheets
    cell: dict[str, str] | None = None  # the attributes of the cell being read
    value_text = inline_text = ""  # of its <v>, of its <is>
    inline = False  # whether it has an <is>
    row_suffix = ""  # the row's number as the cells' references end
    target = 0  # where character data goes now: 1 <v>, 2 <is>'s text, 0 nowhere
    formula = in_inline = in_run = False

    def start(name: str, attrs: dict[str, str]) -> None:
        nonlocal elements, cell, row_number, column, passed, target, formula, inline_text
        nonlocal size, depth, in_inline, in_run, value_text, inline, row_suffix
        elements += 1
        if elements > max_elements:
            raise TooMany(
                f"Arbetsboken har fler än {MAX_ELEMENTS} celler och rader (också tomma, "
                f"formaterade) – bladet '{printable(title)}' läses inte. Markera de tomma "
                "raderna och kolumnerna utanför tabellen, ta bort dem och spara filen."
            )
        if cell is not None:
            depth += 1
            if depth == 1:
                if name == value_tag:
                    target = 1
                elif name == inline_tag:
                    inline = in_inline = True
                elif name == formula_tag:
                    formula = True
            elif in_inline:
                if name == text_tag and (depth == 2 or (depth == 3 and in_run)):
                    target = 2
                elif depth == 2 and name == run_tag:
                    in_run = True
        elif name == cell_tag:
            cell = attrs
            value_text = inline_text = ""
            formula = inline = False
            size = 0
        elif name == row_tag:
            given = attrs.get("r")
            row_number = int(given) if given and given.isdigit() else row_number + 1
            row_suffix = str(row_number)
            column = 0
            passed = None

    def end(_name: str) -> None:
        nonlocal cell, target, column, passed, depth, in_inline, in_run
        if cell is None:
            return
        target = 0
        if depth:
            if depth == 1:
                in_inline = False
            elif depth == 2:
                in_run = False
            depth -= 1
            return
        attrs, cell = cell, None
        kind = attrs.get("t", "n")
        value: Any = None
        if kind == "inlineStr":  # its <is>, whatever else it has (as openpyxl read it)
            if inline:
                value = inline_text
        elif not value_text:
            pass
        elif kind == "s":
            index = int(value_text) if value_text.strip().isdecimal() else -1
            value = strings[index] if 0 <= index < len(strings) else missing_string(value_text)
        elif kind == "n":
            value = int(value_text) if value_text.isdecimal() else cell_values.number(value_text)
            if dates and "s" in attrs:
                value = dated(value, attrs["s"], styles, epoch)
        else:
            value = other_value(kind, value_text)
        reference = attrs.get("r")
        if value is None and not formula:  # an empty (perhaps formatted) cell
            if reference is None:
                column = _column_after(column, passed)
                passed = None
            else:
                passed = reference
            return
        if reference is None:
            column, row = _column_after(column, passed), row_number
        elif reference.endswith(row_suffix) and (
            found := known_columns.get(reference[: -len(row_suffix)])
        ):
            column, row = found, row_number  # the usual `B17` in row 17, read in one look-up
        else:
            row, column = parse_reference(reference)
        passed = None
        if (
            column > max_columns
            or row > EXCEL_LAST_ROW
            or (row not in values and len(values) >= max_rows)
            or formula
            or (
                value.__class__ is str
                and not value.isprintable()  # printable text has no forbidden character
                and forbidden_character(value) is not None
            )
        ):
            _keep(row, column, value, formula, sheet, values, findings)
        elif row in values:
            values[row][column] = value
        else:
            values[row] = {column: value}

    def data(text: str) -> None:
        nonlocal size, value_text, inline_text
        if cell is not None:
            size += len(text)
            if size > max_chars:
                raise TooMany(
                    f"En cell i bladet '{printable(title)}' innehåller mer text än Excel "
                    f"tillåter ({MAX_CELL_CHARS} tecken); filen läses inte. {RESAVE}"
                )
            if target == 1:
                value_text += text
            elif target == 2:
                inline_text += text

    try:
        with archive.open(entry.part) as source:
            parse(source, start, end, data)
    except TooMany as exc:
        findings.add("F001", exc.message, title)
        raise Refused from None
    except (Damaged, BadReference) as exc:
        findings.add(
            "F001", f"Arbetsboken kunde inte läsas ({printable(exc, 160)}). {RESAVE}", title
        )
        raise Refused from None
    finally:
        budget.elements = elements
    sheet.rows = {r: _as_tuple(cells) for r, cells in sorted(values.items())}
    return sheet


def _read_regular(
    archive: zipfile.ZipFile,
    entry: SheetEntry,
    parts: package.WorkbookParts,
    strings: list[str],
    styles: Styles,
    budget: _Budget,
) -> tuple[dict[int, dict[int, Any]], set[tuple[int, int]]] | None:
    """The sheet read by the fast lane (`fast_sheet`), or None: then it is streamed."""
    if archive.getinfo(entry.part).file_size > FAST_MAX_BYTES:
        return None
    try:
        data = archive.read(entry.part)
    except Exception:  # a damaged member: the streaming reader meets it and words it
        return None
    caps = Caps(MAX_ELEMENTS, MAX_CELL_CHARS, MAX_ROWS, MAX_COLUMNS)
    found = read_regular_sheet(
        data, parts.namespace, strings, styles, parts.epoch, caps, budget.elements
    )
    if found is None:
        return None
    values, uncached, elements = found
    budget.elements += elements
    return values, uncached


def _column_after(column: int, passed: str | None) -> int:
    """The column of a cell without a reference: one right of the cell before it."""
    if passed is not None:
        column = parse_reference(passed)[1]
    return column + 1


def _keep(
    row: int,
    column: int,
    value: Any,
    formula: bool,
    sheet: Sheet,
    values: dict[int, dict[int, Any]],
    findings: Collector,
) -> None:
    if row > EXCEL_LAST_ROW or column > EXCEL_LAST_COLUMN:
        findings.add(
            "F002",
            f"Bladet '{printable(sheet.title)}' har en cell på rad {row}, kolumn {column}, "
            f"utanför ett Excel-blad; filen är skadad. {RESAVE}",
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
