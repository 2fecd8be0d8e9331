"""Small statistik.xlsx workbooks built in code, for the Excel, stats and CLI tests.

Tests name their rows by intent (`row("P1", "K", "2025-02-01", …)`) and get a
real .xlsx written with openpyxl, so the reader is exercised exactly as with a
team's file. `intervention` writes a complete intervention folder (a valid
insats.yaml naming the workbook) for end-to-end tests.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from openpyxl import Workbook

from reportgen.sources.excel.columns import COLUMNS
from tests.checks_support import VALID_FINAL

HEADERS = tuple(column.key for column in COLUMNS)  # the workbook reportgen writes

KEYS = {
    "born": "födelseår",
    "referrer": "remittent",
    "before": "försörjning_före",
    "after": "försörjning_efter",
    "seeking_before": "aktivt_arbetssökande_före",
    "seeking_after": "aktivt_arbetssökande_efter",
    "code": "avslutskod",
    "step_start": "steg_start",
    "step_end": "steg_slut",
    "education": "utbildning",
}


def row(person: Any, gender: Any, start: Any, end: Any = None, **values: Any) -> dict[str, Any]:
    """One sheet row by column key; keyword names are the English ones in KEYS."""
    cells = {"id": person, "kön": gender, "startdatum": start, "slutdatum": end}
    for name, value in values.items():
        cells[KEYS[name]] = value
    return cells


def write_workbook(
    path: Path,
    rows: Iterable[dict[str, Any]],
    *,
    headers: Sequence[str] = HEADERS,
    title: str = "Deltagare",
    header_row: int = 1,
    survey: Sequence[Sequence[Any]] | None = None,
    extra_sheets: dict[str, Sequence[Sequence[Any]]] | None = None,
) -> Path:
    """Write rows under `headers` (rows are dicts keyed by canonical column names).

    `headers` may be spelled as a team would; row keys always use HEADERS'
    names and map onto the header at the same position.
    """
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = title
    if header_row > 1:
        sheet.cell(row=1, column=1, value="Deltagarförteckning 2025")
    for column, header in enumerate(headers, start=1):
        sheet.cell(row=header_row, column=column, value=header)
    canonical = list(HEADERS) + [h for h in headers if h not in HEADERS]
    for offset, cells in enumerate(rows, start=header_row + 1):
        for key, value in cells.items():
            column = canonical.index(key) + 1 if key in canonical else None
            if column is None:
                raise KeyError(key)
            if column <= len(headers):
                sheet.cell(row=offset, column=column, value=value)
    if survey is not None:
        enkat = workbook.create_sheet("Enkät")
        enkat.append(["fråga", "antal svar", "andel positiva"])
        for line in survey:
            enkat.append(list(line))
    for name, lines in (extra_sheets or {}).items():
        extra = workbook.create_sheet(name)
        for line in lines:
            extra.append(list(line))
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(path)
    return path


def add_cached_value(path: Path, cell: str, value: str) -> None:
    """Give the formula in `cell` a saved value, as Excel does when it saves a file."""
    with zipfile.ZipFile(path) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    sheet = parts["xl/worksheets/sheet1.xml"].decode("utf-8")
    start = sheet.index(f'<c r="{cell}"')
    end = sheet.index("</c>", start)
    cell_xml = sheet[start:end]
    sheet = sheet[:start] + cell_xml.replace("</f>", f"</f><v>{value}</v>") + sheet[end:]
    parts["xl/worksheets/sheet1.xml"] = sheet.encode("utf-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)


def insats_yaml(extra: str = "", *, period: tuple[str, str] = ("2025-01-01", "2025-12-31")) -> str:
    """A valid final report naming statistik.xlsx; `extra` is appended (e.g. `deltagare:`)."""
    text = VALID_FINAL.replace(
        "tidsperiod: {från: 2025-01-01, till: 2025-12-31}",
        f"tidsperiod: {{från: {period[0]}, till: {period[1]}}}",
    )
    return text + "statistik: statistik.xlsx\n" + extra


def intervention(
    folder: Path,
    rows: Iterable[dict[str, Any]],
    *,
    extra_yaml: str = "",
    period: tuple[str, str] = ("2025-01-01", "2025-12-31"),
    **workbook_options: Any,
) -> Path:
    """An intervention folder with insats.yaml and statistik.xlsx."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "insats.yaml").write_text(insats_yaml(extra_yaml, period=period), encoding="utf-8")
    write_workbook(folder / "statistik.xlsx", rows, **workbook_options)
    return folder


def d(text: str) -> date:
    return date.fromisoformat(text)
