"""The compilation's table vocabulary: typed cells, rows, tables and each table's fixed shape.

A cell keeps its value as a number (or date, or share) until the very end, so
the .xlsx gets real numbers and the .docx gets Swedish formatting of the same
values. `LAYOUTS` is the one description of the six tables' columns: their
kind, their width in the Word template, and the spans of the header row above
the column headings. The tables built here and the template builder
(templates/sundsvall/build_templates.py) both read it, so the template always
has as many columns as the tables fill.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Literal

from reportgen.formatting import format_amount, format_number, format_percent, share_percent

ValueKind = Literal["text", "date", "amount", "count", "share"]
RowKind = Literal["body", "group", "total", "shares"]


@dataclass(frozen=True)
class Share:
    """part ÷ whole, kept as both numbers so each renderer can round its own way."""

    part: Decimal | int
    whole: Decimal | int

    @property
    def fraction(self) -> float | None:
        return None if not self.whole else float(Decimal(self.part) / Decimal(self.whole))

    def percent_text(self) -> str:
        return format_percent(share_percent(self.part, self.whole))  # type: ignore[arg-type]


CellValue = str | int | Decimal | date | Share | None


@dataclass(frozen=True)
class Cell:
    value: CellValue
    kind: ValueKind = "text"

    def text(self) -> str:
        """The value as the Word document shows it (Swedish formatting, "–" for no data)."""
        value = self.value
        if value is None:
            return "" if self.kind == "text" else "–"
        if self.kind == "amount":
            return format_amount(value)  # type: ignore[arg-type]
        if self.kind == "count":
            return format_number(value)  # type: ignore[arg-type]
        if self.kind == "share":
            assert isinstance(value, Share)
            return value.percent_text() if value.whole else "–"
        if self.kind == "date":
            assert isinstance(value, date)
            return value.isoformat()
        return str(value)


@dataclass(frozen=True)
class Row:
    cells: tuple[Cell, ...]
    kind: RowKind = "body"


@dataclass(frozen=True)
class HeaderCell:
    text: str
    span: int = 1


@dataclass(frozen=True)
class Table:
    """One numbered table: caption, one or two header rows, typed rows and notes."""

    key: str  # "t1" … "t6": the template's placeholder prefix
    number: int
    title: str
    sheet: str  # the .xlsx sheet name (at most 31 characters)
    columns: tuple[str, ...]
    kinds: tuple[ValueKind, ...]  # the kind of each column's body cells
    rows: tuple[Row, ...]
    super_header: tuple[HeaderCell, ...] = ()
    notes: tuple[str, ...] = ()

    @property
    def caption(self) -> str:
        return f"Tabell {self.number}. {self.title}"


@dataclass(frozen=True)
class Column:
    kind: ValueKind  # of the column's body cells: decides alignment and formatting
    width_cm: float  # in the Word template


@dataclass(frozen=True)
class Layout:
    """A table's fixed shape: its number, title, sheet name and columns.

    `super_spans` are the column spans of the optional header row above the
    column headers; a span-1 cell with no text there is merged with the header
    cell below it. Widths add up to the compilation template's text width
    (17 cm) and are measured for DejaVu Sans, LibreOffice's stand-in for
    Calibri and the widest likely font.
    """

    number: int
    title: str
    sheet: str
    columns: tuple[Column, ...]
    super_spans: tuple[int, ...] = ()

    @property
    def kinds(self) -> tuple[ValueKind, ...]:
        return tuple(column.kind for column in self.columns)

    @property
    def widths_cm(self) -> tuple[float, ...]:
        return tuple(column.width_cm for column in self.columns)


def _columns(*pairs: tuple[ValueKind, float]) -> tuple[Column, ...]:
    return tuple(Column(kind, width) for kind, width in pairs)


LAYOUTS: dict[str, Layout] = {
    "t1": Layout(
        1,
        "Insatser",
        "Tabell 1 Insatser",
        _columns(("text", 4.7), ("date", 2.4), ("date", 2.4), ("text", 2.5), ("text", 5.0)),
    ),
    "t2": Layout(
        2,
        "Resultat av i insatsen angivna mål",
        "Tabell 2 Mål",
        _columns(("text", 6.5), *(("count", 2.1),) * 5),
        (1, 1, 4),
    ),
    "t3": Layout(
        3,
        "Utfall av beviljad budget",
        "Tabell 3 Budget",
        _columns(
            ("text", 5.0),
            ("amount", 2.5),
            ("amount", 2.5),
            ("amount", 2.5),
            ("share", 1.8),
            ("amount", 2.7),
        ),
    ),
    "t4": Layout(
        4,
        "Utfall för deltagare",
        "Tabell 4 Deltagare",
        _columns(("text", 4.4), *(("count", 1.4),) * 9),
        (1, 3, 3, 3),
    ),
    "t5": Layout(
        5,
        "Avslutningsanledningar",
        "Tabell 5 Avslut",
        _columns(
            ("text", 1.2),
            ("text", 8.2),
            ("count", 1.6),
            ("count", 1.6),
            ("count", 1.8),
            ("share", 2.6),
        ),
    ),
    "t6": Layout(
        6,
        "Granskning av rapporterna",
        "Tabell 6 Granskning",
        _columns(("text", 4.2), ("text", 2.2), ("text", 7.2), ("count", 1.2), ("count", 2.2)),
    ),
}


def laid_out(
    key: str,
    columns: tuple[str, ...],
    rows: list[Row],
    *,
    notes: tuple[str, ...] = (),
    super_header: tuple[HeaderCell, ...] = (),
) -> Table:
    """A table in its layout: number, title, sheet and column kinds come from `LAYOUTS`."""
    layout = LAYOUTS[key]
    if len(columns) != len(layout.columns):
        raise ValueError(f"{key}: {len(columns)} column headings for {len(layout.columns)}")
    return Table(
        key=key,
        number=layout.number,
        title=layout.title,
        sheet=layout.sheet,
        columns=columns,
        kinds=layout.kinds,
        rows=tuple(rows),
        super_header=super_header,
        notes=notes,
    )
