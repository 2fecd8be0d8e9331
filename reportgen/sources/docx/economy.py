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
from typing import Any

from reportgen.amounts import AmountError, parse_amount
from reportgen.codes import COST_ROWS_DELETED
from reportgen.dates import DateParseError, parse_period
from reportgen.model import CostRow, Period, Totals
from reportgen.profile import CostCategory, Profile
from reportgen.sources.docx.blocks import Table
from reportgen.sources.docx.headings import (
    Tokens,
    clean_value,
    is_rule_line,
    match_prefix,
    strip_phrases,
    words,
)
from reportgen.sources.docx.layout import Part
from reportgen.sources.docx.places import ECONOMY_KEY, Reading, quoted, section_with
from reportgen.sources.docx.text import join_paragraphs, paragraph_pieces

_PERIOD_NOTE = re.compile(r"^\W*utfall(?:et)?\s+avser\b", re.IGNORECASE)
_THOUSANDS = {"tsek", "tkr", "ksek"}
_REMARK_COLUMNS = ("kommentar", "specifikation", "förklaring", "anmärkning")
_INSTRUCTION_START = (("ange",), ("typ", "av"))


@dataclass
class EconomyTable:
    rows: list[CostRow] = field(default_factory=list)
    totals: Totals | None = None


@dataclass(frozen=True)
class _Columns:
    budget: int | None
    outcome: int | None
    remarks: tuple[int, ...]
    names: dict[str, str]  # "budget"/"utfall" -> header as written
    multipliers: dict[int, int]
    header_rows: int


def looks_like_economy_table(table: Table, profile: Profile) -> bool:
    """The funder's cost table: its first header cell, Budget/Utfall headers, or cost rows."""
    if not table.rows or not table.rows[0]:
        return False
    first = tuple(words(table.rows[0][0].text))
    for heading in _column_headings(profile):
        if match_prefix(first, 0, heading, min_ratio=1.0, max_extra=0) is not None:
            return True
    header = " ".join(c.text for c in table.rows[0]).casefold()
    if _word(profile, "budget") in header and _word(profile, "utfall") in header:
        return True
    recognised = sum(1 for row in table.rows if row and _category(row[0].text, profile)[0])
    return recognised >= 2


def read_economy(table: Table, reading: Reading) -> EconomyTable:
    profile = reading.profile
    columns = _columns(table, profile)
    result = EconomyTable()
    present: set[str] = set()
    total_labels = [words(t) for t in (profile.economy.total_label, *profile.reading.total_labels)]
    body = table.rows[columns.header_rows :]
    for position, row in enumerate(body):
        cells = [cell.text for cell in row]
        if not any(cells):
            continue
        label = clean_value(cells[0]) if cells else ""
        first_line = label.split("\n", 1)[0].strip()
        if _is_total(first_line, total_labels) or (
            not label and position == len(body) - 1 and result.totals is None
        ):
            result.totals = _totals(cells, columns, reading)
            continue
        category, rest = _category(label, profile)
        if category is not None:
            present.add(category.category)
        specification = _specification(rest if category else "", category)
        index = len(result.rows) + 1
        name = category.category if category else first_line
        row_place = f"rad {quoted(name)}"
        budget, budget_remark = _amount(cells, columns, "budget", reading, index, row_place)
        outcome, outcome_remark = _amount(cells, columns, "utfall", reading, index, row_place)
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
            reading.locate(f"ekonomi.rader[{index}]{key}", "6", row_place)
    missing = [c.category for c in profile.economy.categories if c.category not in present]
    if missing:
        names = ", ".join(f'"{name}"' for name in missing)
        rows_word = "Raden" if len(missing) == 1 else "Raderna"
        reading.report(
            COST_ROWS_DELETED,
            f"{rows_word} {names} ur förbundets ekonomitabell saknas och räknas som tomma. "
            "Kontrollera att inga kostnader har fallit bort; behåll mallens rader och lämna "
            "oanvända rader tomma.",
            section_id="6",
            detail="tabellen",
        )
    return result


def _has_finding(reading: Reading, index: int) -> bool:
    prefix = f"ekonomi.rader[{index}]."
    return any((f.location.key or "").startswith(prefix) for f in reading.findings)


def _column_headings(profile: Profile) -> list[tuple[str, ...]]:
    spellings = [profile.economy.column_heading, *profile.reading.cost_column_headings]
    return [tuple(words(s)) for s in dict.fromkeys(spellings) if words(s)]


def _word(profile: Profile, key: str) -> str:
    return profile.labels.get(key, key).casefold()


def _columns(table: Table, profile: Profile) -> _Columns:
    """Budget and Utfall columns (and their units) from the header row, if there is one."""
    header = table.rows[0]
    texts = [cell.text for cell in header]
    budget_word, outcome_word = _word(profile, "budget"), _word(profile, "utfall")
    budget = next((i for i, t in enumerate(texts) if i and budget_word in t.casefold()), None)
    outcome = next((i for i, t in enumerate(texts) if i and outcome_word in t.casefold()), None)
    first = tuple(words(texts[0])) if texts else ()
    is_header = budget is not None or outcome is not None
    is_header = is_header or any(
        match_prefix(first, 0, h, min_ratio=1.0, max_extra=0) is not None
        for h in _column_headings(profile)
    )
    if not is_header:
        width = max(len(r) for r in table.rows)
        return _Columns(
            1 if width > 1 else None,
            2 if width > 2 else None,
            (),
            {
                "budget": profile.labels.get("budget", "Budget"),
                "utfall": profile.labels.get("utfall", "Utfall"),
            },
            {},
            0,
        )
    table_unit = 1000 if _THOUSANDS & set(words(texts[0] if texts else "")) else 1
    multipliers = {
        i: 1000 if _THOUSANDS & set(words(t)) else table_unit for i, t in enumerate(texts)
    }
    remarks = tuple(
        i
        for i, t in enumerate(texts)
        if i and i not in (budget, outcome) and any(w in t.casefold() for w in _REMARK_COLUMNS)
    )
    if budget is None and outcome is None:
        budget, outcome = (1 if len(texts) > 1 else None), (2 if len(texts) > 2 else None)
    names = {
        "budget": _first_line(texts, budget) or profile.labels.get("budget", "Budget"),
        "utfall": _first_line(texts, outcome) or profile.labels.get("utfall", "Utfall"),
    }
    return _Columns(budget, outcome, remarks, names, multipliers, 1)


def _first_line(texts: list[str], index: int | None) -> str:
    if index is None or index >= len(texts):
        return ""
    return clean_value(texts[index]).split("\n", 1)[0].strip()


def _is_total(label: str, total_labels: list[tuple[str, ...]]) -> bool:
    tokens = tuple(words(label))
    return bool(tokens) and any(tokens == t for t in total_labels)


def _category(label: str, profile: Profile) -> tuple[CostCategory | None, str]:
    """The profile row a label belongs to (by its leading words), and the text after them."""
    if not label:
        return None, ""
    tokens = Tokens.of(label, 6)
    best: tuple[int, CostCategory] | None = None
    for category in profile.economy.categories:
        for spelling in (category.category, *category.other_spellings):
            spelled = tuple(words(spelling))
            end = match_prefix(tokens.words, 0, spelled, min_ratio=1.0, max_extra=0)
            if end is not None and (best is None or end > best[0]):
                best = (end, category)
    if best is None:
        return None, ""
    return best[1], tokens.rest(best[0]) if label[tokens.ends[best[0] - 1] :].strip() else ""


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
    cells: list[str],
    columns: _Columns,
    column: str,
    reading: Reading,
    index: int,
    row_place: str,
) -> tuple[Decimal | None, str | None]:
    position = columns.budget if column == "budget" else columns.outcome
    key = f"ekonomi.rader[{index}].{column}"
    detail = f"{row_place}, kolumn {columns.names[column]}"
    reading.locate(key, "6", detail)
    if position is None or position >= len(cells):
        return None, None
    return _parse_cell(cells[position], columns.multipliers.get(position, 1), reading, key, detail)


def _totals(cells: list[str], columns: _Columns, reading: Reading) -> Totals:
    label = reading.profile.economy.total_label
    reading.locate("ekonomi.summa", "6", f"rad {quoted(label)}")
    values: dict[str, Decimal | None] = {}
    for column, position in (("budget", columns.budget), ("utfall", columns.outcome)):
        key = f"ekonomi.summa.{column}"
        detail = f"rad {quoted(label)}, kolumn {columns.names[column]}"
        reading.locate(key, "6", detail)
        values[column] = None
        if position is not None and position < len(cells):
            values[column], _ = _parse_cell(
                cells[position], columns.multipliers.get(position, 1), reading, key, detail
            )
    return Totals(budget=values["budget"], outcome=values["utfall"])


def _parse_cell(
    text: str, multiplier: int, reading: Reading, key: str, detail: str
) -> tuple[Decimal | None, str | None]:
    value = clean_value(text)
    if not value or is_rule_line(value):
        return None, None
    try:
        parsed = parse_amount(value, multiplier=multiplier)
    except AmountError as exc:
        reading.report(
            "B005",
            f"{exc.message} Förklaringar hör hemma i texten under tabellen, inte i beloppscellen.",
            key=key,
            section_id="6",
            detail=detail,
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
    economy = section_with(reading.profile, ECONOMY_KEY)
    reading.locate("rapport.period", economy.id if economy else "", "noten under tabellen")
    return Period(start=start, end=end)
