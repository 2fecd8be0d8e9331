"""The economy table of section 6, as owners really fill it in.

Rows are recognised by their leading words (the profile's cost categories and
their known misspellings, such as "Reskostnader"), so a row renamed to
"Material IT och telefoni" is still Material with the specification "IT och
telefoni". Unknown rows are kept under their own label (a rule reports them);
rows deleted from the template are reported here and count as empty. Amounts
are read with `reportgen.amounts` in every form of domain.md §4.1, with "TSEK"
or "tkr" in a header multiplying its column; a remark after an amount
("15 000 kr (it och telefoni)") becomes part of the specification. A cell that
is no amount ("Se separat redovisning", "?") is a B005 finding quoting it, and
the model holds None there, exactly as the YAML source does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, NamedTuple

from reportgen.amounts import AmountError, parse_amount
from reportgen.codes import COST_ROWS_DELETED, COST_TOTAL_MISSING
from reportgen.dates import DateParseError, parse_period
from reportgen.model import CostRow, Period, Totals
from reportgen.profile import CostCategory, Profile, Role
from reportgen.sources.docx.blocks import Cell, Table
from reportgen.sources.docx.economy_columns import (
    EconomyColumns,
    category_of,
    find_columns,
    is_total,
    looks_like_economy_table,
)
from reportgen.sources.docx.headings import clean_value, is_rule_line, strip_phrases, words
from reportgen.sources.docx.layout import Part
from reportgen.sources.docx.places import Anchor, Reading, quoted, section_id_for
from reportgen.sources.docx.text import join_paragraphs, paragraph_pieces

_PERIOD_NOTE = re.compile(r"^\W*utfall(?:et)?\s+avser\b", re.IGNORECASE)
_INSTRUCTION_START = (("ange",), ("typ", "av"))


@dataclass
class EconomyTable:
    """The cost rows and the stated totals, as read from the economy table."""

    rows: list[CostRow] = field(default_factory=list)
    totals: Totals | None = None


class _Row(NamedTuple):  # not a frozen dataclass: ~0.5 ms less at start-up
    """One body row: its texts by grid column, and the cells to anchor findings at."""

    texts: list[str]
    cells: dict[int, Cell]
    name: str  # as a reviewer names the row: its category or its label

    def anchor(self, column: int | None, column_name: str | None = None) -> Anchor:
        cell = self.cells.get(column if column is not None else 0) or self.cells.get(0)
        para = cell.paras[0] if cell is not None and cell.paras else None
        return Anchor(para, self.name, column_name)


def read_economy(table: Table, reading: Reading) -> EconomyTable:
    profile = reading.profile
    section_id = _economy_id(reading)
    columns = find_columns(table, profile)
    result = EconomyTable()
    present: set[str] = set()
    body = range(columns.header_rows, len(table.rows))
    for position in body:
        cells = table.grid_texts(position)
        if not any(cells):
            continue
        label = clean_value(cells[0]) if cells else ""
        first_line = label.split("\n", 1)[0].strip()
        by_column = {cell.column: cell for cell in table.rows[position]}
        if is_total(first_line, profile) or (
            not label and position == body[-1] and result.totals is None
        ):
            row = _Row(cells, by_column, profile.economy.total_label)
            result.totals = _totals(row, columns, reading, section_id)
            continue
        category, rest = category_of(label, profile)
        if category is not None:
            present.add(category.category)
        specification = _specification(rest if category else "", category)
        index = len(result.rows) + 1
        row = _Row(cells, by_column, category.category if category else first_line)
        row_place = f"rad {quoted(row.name)}"
        budget, budget_remark = _amount(row, columns, "budget", reading, index, section_id)
        outcome, outcome_remark = _amount(row, columns, "utfall", reading, index, section_id)
        remarks = [specification, budget_remark, outcome_remark]
        remarks += [clean_value(cells[i]) for i in columns.remarks if i < len(cells)]
        joined = "; ".join(dict.fromkeys(r for r in remarks if r)) or None
        unused = budget is None and outcome is None and not joined
        if unused and not _has_finding(reading, index):
            continue  # a template row left empty: nothing was spent there
        result.rows.append(
            CostRow(
                category=category.category if category else label.replace("\n", " ").strip(),
                specification=joined,
                budget=budget,
                outcome=outcome,
            )
        )
        for key in ("", ".kostnadsslag", ".specifikation"):
            reading.locate(f"ekonomi.rader[{index}]{key}", section_id, row_place, at=row.anchor(0))
    _report_missing_rows(profile, present, reading, section_id, table)
    if result.totals is None and result.rows:
        label = profile.economy.total_label
        reading.report(
            COST_TOTAL_MISSING,
            f'Ekonomitabellen saknar raden "{label}". Förbundets mall kräver en summarad: '
            f'lägg till raden "{label}" med summan av budgeten och av utfallet.',
            key="ekonomi.summa",
            section_id=section_id,
            detail="tabellen",
            at=_last_row_anchor(table),
        )
    return result


def _economy_id(reading: Reading) -> str:
    return section_id_for(reading.profile, Role.ECONOMY)


def _last_row_anchor(table: Table) -> Anchor:
    cells = table.rows[-1] if table.rows else []
    para = cells[0].paras[0] if cells and cells[0].paras else None
    return Anchor(para)


def _report_missing_rows(
    profile: Profile, present: set[str], reading: Reading, section_id: str, table: Table
) -> None:
    missing = [c.category for c in profile.economy.categories if c.category not in present]
    if not missing:
        return
    names = ", ".join(f'"{name}"' for name in missing)
    rows_word = "Raden" if len(missing) == 1 else "Raderna"
    first = table.rows[0][0].paras[0] if table.rows and table.rows[0][0].paras else None
    reading.report(
        COST_ROWS_DELETED,
        f"{rows_word} {names} ur förbundets ekonomitabell saknas och räknas som tomma. "
        "Kontrollera att inga kostnader har fallit bort; behåll mallens rader och lämna "
        "oanvända rader tomma.",
        section_id=section_id,
        detail="tabellen",
        at=Anchor(first),
    )


def _has_finding(reading: Reading, index: int) -> bool:
    prefix = f"ekonomi.rader[{index}]."
    return any((f.location.key or "").startswith(prefix) for f in reading.findings)


def _specification(rest: str, category: CostCategory | None) -> str | None:
    """What the owner wrote after the category, without the template's own instruction."""
    text = rest.strip()
    if not text:
        return None
    parts: list[str] = []
    match = re.match(r"^\((.*?)\)(.*)$", text, re.DOTALL)
    if match:
        inner, text = match.group(1).strip(), match.group(2)
        if inner and not _is_instruction(inner, category):
            parts.append(inner)
    text = " ".join(text.split()).strip(" :;,-–")
    if text:
        parts.append(text)
    return "; ".join(parts) or None


def _is_instruction(inner: str, category: CostCategory | None) -> bool:
    """ "(ange typ av material)", "(typ av köpt tjänst)", or a shortened form of them."""
    spelled = tuple(words(inner))
    if any(spelled[: len(start)] == start for start in _INSTRUCTION_START):
        return True
    if category is None:
        return False
    template = category.label[len(category.category) :]
    wanted = tuple(words(template))
    return bool(wanted) and strip_phrases(inner, [wanted], min_ratio=0.7)[1] == 1


def _amount(
    row: _Row,
    columns: EconomyColumns,
    column: str,
    reading: Reading,
    index: int,
    section_id: str,
) -> tuple[Decimal | None, str | None]:
    position = columns.budget if column == "budget" else columns.outcome
    key = f"ekonomi.rader[{index}].{column}"
    name = columns.names[column]
    detail = f"rad {quoted(row.name)}, kolumn {name}"
    at = row.anchor(position, name)
    reading.locate(key, section_id, detail, at=at)
    if position is None or position >= len(row.texts):
        return None, None
    multiplier = columns.multipliers.get(position, 1)
    return _parse_cell(row.texts[position], multiplier, reading, key, (section_id, detail, at))


def _totals(row: _Row, columns: EconomyColumns, reading: Reading, section_id: str) -> Totals:
    label = reading.profile.economy.total_label
    reading.locate("ekonomi.summa", section_id, f"rad {quoted(label)}", at=row.anchor(0))
    values: dict[str, Decimal | None] = {}
    for column, position in (("budget", columns.budget), ("utfall", columns.outcome)):
        key = f"ekonomi.summa.{column}"
        name = columns.names[column]
        detail = f"rad {quoted(label)}, kolumn {name}"
        at = row.anchor(position, name)
        reading.locate(key, section_id, detail, at=at)
        values[column] = None
        if position is not None and position < len(row.texts):
            multiplier = columns.multipliers.get(position, 1)
            place = (section_id, detail, at)
            values[column], _ = _parse_cell(row.texts[position], multiplier, reading, key, place)
    return Totals(budget=values["budget"], outcome=values["utfall"])


def _parse_cell(
    text: str, multiplier: int, reading: Reading, key: str, place: tuple[str, str, Anchor]
) -> tuple[Decimal | None, str | None]:
    value = clean_value(text)
    if not value or is_rule_line(value):
        return None, None
    try:
        parsed = parse_amount(value, multiplier=multiplier)
    except AmountError as exc:
        section_id, detail, at = place
        reading.report(
            "B005",
            f"{exc.message} Förklaringar hör hemma i texten under tabellen, inte i beloppscellen.",
            key=key,
            section_id=section_id,
            detail=detail,
            at=at,
        )
        return None, None
    return parsed.value, parsed.remark


# ----------------------------------------------------------------- into the report's data


def fill_economy(part: Part | None, reading: Reading, data: dict[str, Any]) -> None:
    if part is None:
        return
    table = next(
        (
            b
            for b in part.blocks
            if isinstance(b, Table) and looks_like_economy_table(b, reading.profile)
        ),
        None,
    )
    economy = read_economy(table, reading) if table is not None else EconomyTable()
    comment, period = economy_text(part, reading)
    data["ekonomi"] = {"rader": economy.rows, "summa": economy.totals, "kommentar": comment or None}
    if period is not None:
        data["rapport"]["period"] = period


def economy_text(part: Part, reading: Reading) -> tuple[str, Period | None]:
    """The comment in section 6 (without the template's instruction), and a stated period.

    reportgen's delrapport notes "Utfall avser utfall hittills under perioden …"
    under the table; that note is the report period, not a comment.
    """
    instruction = tuple(words(reading.profile.labels.get("ekonomi_instruktion", "")))
    pieces: list[tuple[bool, str]] = []
    period: Period | None = None
    for is_item, text in paragraph_pieces(part):
        if instruction:
            rest, found = strip_phrases(text, [instruction], min_ratio=0.6, max_extra=4)
            text = rest if found else text
        if not text:
            continue
        if _PERIOD_NOTE.match(text):
            period = period or stated_period(text, reading)
            continue
        pieces.append((is_item, text))
    return join_paragraphs(pieces), period


def stated_period(text: str, reading: Reading) -> Period | None:
    """ "Utfall avser utfall hittills under perioden 2026-01-01 – 2026-06-30." -> the period."""
    after = re.split(r"\bperioden\b", text, maxsplit=1, flags=re.IGNORECASE)[-1]
    try:
        start, end = parse_period(after.strip().rstrip("."))
    except DateParseError:
        return None
    reading.locate("rapport.period", _economy_id(reading), "noten under tabellen")
    return Period(start=start, end=end)
