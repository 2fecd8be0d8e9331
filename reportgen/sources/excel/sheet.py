"""Primitives shared by the readers of statistik.xlsx's sheets.

A sheet is read once into plain row tuples (`Sheet`); problems are collected
(`Collector`) so one run reports all of them, at most MAX_DETAILED of a kind
per column followed by one summary line, since a sheet of 5 000 rows with the
same mistake must not bury the other findings; `Refused` stops reading when
the workbook cannot be used at all.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from reportgen.codes import finding, severity_of
from reportgen.findings import Finding, Severity
from reportgen.formatting import printable
from reportgen.location import Location
from reportgen.sources.excel.serials import column_letter

MAX_DETAILED = 10
"""Findings of one kind per column before the rest are summarised in one line."""
HEADER_SEARCH_ROWS = 10
"""The header row may sit below a title: it is looked for in the first rows."""

EXCEL_ERRORS = frozenset(
    {"#N/A", "#REF!", "#VALUE!", "#DIV/0!", "#NAME?", "#NUM!", "#NULL!", "#SPILL!", "#CALC!"}
)


@dataclass
class Sheet:
    """One worksheet's values, streamed once (`xlsx.read_sheets`).

    Only rows holding a value are kept, by row number: a value far down the
    sheet costs one entry, not the empty rows before it.
    """

    title: str
    rows: dict[int, tuple[Any, ...]]  # row number -> values from column A; lengths differ
    uncached: set[tuple[int, int]] = field(default_factory=set)  # formulas without a value
    state: str = "visible"  # or hidden, veryHidden: read all the same, named in findings

    def row(self, number: int) -> tuple[Any, ...]:
        return self.rows.get(number, ())

    def head(self) -> list[tuple[int, tuple[Any, ...]]]:
        """The rows where a header may stand (the first HEADER_SEARCH_ROWS)."""
        return [(r, row) for r, row in self.rows.items() if r <= HEADER_SEARCH_ROWS]

    def after(self, header_row: int) -> list[int]:
        """Numbers of the rows below the header that hold a value or an uncached formula."""
        numbers = {r for r in self.rows if r > header_row}
        numbers |= {r for r, _c in self.uncached if r > header_row}
        return sorted(numbers)


class Refused(Exception):
    """The workbook cannot be used at all; the findings say why."""


class Collector:
    """Findings of one workbook, at most MAX_DETAILED of one kind per column, then a summary."""

    def __init__(self, display: str) -> None:
        self.display = display
        self._items: list[Finding] = []
        self._counts: Counter[tuple[str, str, str, Severity]] = Counter()

    def location(self, sheet: str | None = None, cell: str | None = None) -> Location:
        if sheet is None:
            return Location(self.display)
        return Location(self.display, place=f"!{sheet}!{cell}" if cell else f"!{sheet}")

    def add(
        self,
        code: str,
        message: str,
        sheet: str | None = None,
        cell: str | None = None,
        *,
        severity: Severity | None = None,
        group: str = "",
    ) -> None:
        level = severity or severity_of(code)
        key = (code, sheet or "", group, level)
        self._counts[key] += 1
        if self._counts[key] <= MAX_DETAILED:
            self._items.append(finding(code, message, self.location(sheet, cell), severity=level))

    def all(self) -> list[Finding]:
        summaries = []
        for (code, sheet, group, level), count in self._counts.items():
            if count > MAX_DETAILED:
                about = f" i kolumnen '{group}'" if group else ""
                summaries.append(
                    Finding(
                        code,
                        level,
                        f"… och {count - MAX_DETAILED} celler till med samma slags problem"
                        f"{about} ({count} totalt). Rätta dem på samma sätt.",
                        self.location(sheet or None),
                    )
                )
        return [*self._items, *summaries]


def cell_ref(row: int, column: int) -> str:
    return f"{column_letter(column)}{row}"


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def text_of(value: Any) -> str:
    """A cell value as text, whole, for reading: what the user typed, spaces trimmed.

    Values are parsed from this and only quoted with `shown`: a cell is never cut
    before it is read (an income cell of two long sources is 64 characters).
    """
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def shown(value: Any) -> str:
    """A cell value quoted in a message, as the user sees it in Excel: escaped and short."""
    return printable(text_of(value), 60)


def integer(raw: Any) -> int | None:
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        return raw
    if isinstance(raw, float):
        return int(raw) if raw.is_integer() else None
    if isinstance(raw, str):
        text = raw.strip().replace("\u00a0", "")
        if re.fullmatch(r"\d+(?:[.,]0+)?", text):
            return int(re.split(r"[.,]", text)[0])
    return None
