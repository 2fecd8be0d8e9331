"""The neutral statistics table (`StatTable`) and the one way each of its numbers is written.

Every number goes through reportgen.formatting, and every share is shown with
one decimal, rounded half-up, as the owners' own texts write them ("26,5 %"),
so a share quoted in a goal and the same share in a table never differ.
Columns use the funder's wording: Kvinnor, Män, Totalt (plus "Annat/uppgift
saknas" only when someone is in it).

The tables themselves are built in `render/stats_tables.py` (who took part)
and `render/stats_changes.py` (what changed); `render/stats_blocks.py` lays
them out for the Word template and `render/stats_text.py` for the terminal.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from reportgen.formatting import format_number, format_percent, share_percent
from reportgen.stats import ByGender

MAX_VALUE_COLUMNS = 6
"""The template's table block lays out at most six value columns on 16 cm."""

WOMEN, MEN, OTHER, TOTAL = "Kvinnor", "Män", "Annat/uppgift saknas", "Totalt"
SHARE_DECIMALS = 1
MIN_BASE_FOR_SHARES = 5
"""Below this n a share says nothing (one person is 33,3 % of three) and comes close to
pointing at individuals, so only the counts are shown, with a note saying why."""
SMALL_BASE_NOTE = f"Andelar visas inte när n är mindre än {MIN_BASE_FOR_SHARES}."


class StatRow(NamedTuple):  # not a frozen dataclass: ~0.5 ms less at start-up
    """One row of a statistics table, already formatted for the report."""

    label: str
    values: tuple[str, ...]
    bold: bool = False


class StatTable(NamedTuple):  # not a frozen dataclass: ~0.5 ms less at start-up
    """A statistics table as the template shows it: title, lead, columns, rows and its chart."""

    title: str  # without "Tabell N."
    lead: str
    columns: tuple[str, ...]  # first = the label column's heading
    rows: tuple[StatRow, ...]
    note: str = ""
    chart: str | None = None  # which chart illustrates the table (see `stats_blocks`)


def numbered(tables: Sequence[StatTable]) -> list[tuple[str, StatTable]]:
    return [(f"Tabell {index}. {table.title}", table) for index, table in enumerate(tables, 1)]


# ----------------------------------------------------------------- numbers


def count(value: int) -> str:
    return format_number(value)


def share(part: int, base: int) -> str:
    """`part` of `base` in percent with one decimal; empty for a zero base."""
    return format_percent(share_percent(part, base, SHARE_DECIMALS), SHARE_DECIMALS)


def signed(value: int) -> str:
    return f"+{format_number(value)}" if value > 0 else format_number(value)


def signed_share(part: int, base: int) -> str:
    value = share_percent(part, base, SHARE_DECIMALS)
    if value is None:
        return ""
    text = format_percent(value, SHARE_DECIMALS)
    return f"+{text}" if value > 0 else text


def with_share(part: int, base: int) -> str:
    """ "20 (58,8 %)": a count and its share of `base`, as the funder's tables write them."""
    if base < MIN_BASE_FOR_SHARES:
        return count(part)
    return f"{count(part)} ({share(part, base)})"


def persons(n: int) -> str:
    return f"{count(n)} {'person' if n == 1 else 'personer'}"


def notes(*parts: str) -> str:
    """A table's note from its parts; empty parts are left out."""
    return " ".join(part for part in parts if part)


# ----------------------------------------------------------------- columns by gender


def gender_columns(counts: Sequence[ByGender]) -> tuple[str, ...]:
    """Kvinnor, Män, Totalt, with "Annat/uppgift saknas" only when someone is in it."""
    if any(c.other for c in counts):
        return (WOMEN, MEN, OTHER, TOTAL)
    return (WOMEN, MEN, TOTAL)


def gender_values(value: ByGender, columns: Sequence[str]) -> tuple[str, ...]:
    by_column = {WOMEN: value.women, MEN: value.men, OTHER: value.other, TOTAL: value.total}
    return tuple(count(by_column[c]) for c in columns)


def gender_rows(
    rows: Sequence[tuple[str, ByGender, bool]], first_column: str
) -> tuple[tuple[str, ...], tuple[StatRow, ...]]:
    """Columns and rows of a table of (label, counts by gender, bold) lines."""
    columns = gender_columns([value for _label, value, _bold in rows])
    return (
        (first_column, *columns),
        tuple(StatRow(label, gender_values(value, columns), bold) for label, value, bold in rows),
    )
