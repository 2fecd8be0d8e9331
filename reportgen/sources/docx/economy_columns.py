"""Where the cost table's header, Budget and Utfall columns and total row are.

Hand-filled cost tables put a merged title row above the header ("Ekonomisk
redovisning 2023"), or a two-row header with a group cell ("Kostnader 2023
(kr)") over "Budget" and "Utfall"; merged cells shift the cells of a row, so
columns are found by their grid position, never by counting cells. The header
is the last of the first rows that names Budget/Utfall or starts with the
column heading ("Kostnadslag"); everything above it belongs to the header too,
so "Budget" and "Utfall" are read as column names, never as amounts.

Total rows are labelled in many ways ("Summa", "Summa totalt", "Totalt",
"Summa kostnader", "S:a", "Total"): any label that starts with one of the
profile's total labels, or with "Total", and is no cost category.
"""

from __future__ import annotations

from typing import NamedTuple

from reportgen.profile import CostCategory, Profile
from reportgen.sources.docx.blocks import Table
from reportgen.sources.docx.headings import Tokens, match_prefix, words

_THOUSANDS = {"tsek", "tkr", "ksek"}
_REMARK_COLUMNS = ("kommentar", "specifikation", "förklaring", "anmärkning")
_HEADER_SEARCH = 4  # rows at the top of a table that may be (part of) its header
_TOTAL_WORDS = (("total",), ("totalt",), ("summa",))
_TOTAL_TAILS = {"totalt", "total", "kostnader", "kostnad", "kr", "kronor", "sek", "tkr", "tsek"}


class EconomyColumns(NamedTuple):  # not a frozen dataclass: ~0.5 ms less at start-up
    """Where the cost table keeps budget, outcome and remarks, and how many header rows it has."""

    budget: int | None  # grid columns
    outcome: int | None
    remarks: tuple[int, ...]
    names: dict[str, str]  # "budget"/"utfall" -> header as written
    multipliers: dict[int, int]
    header_rows: int  # rows above the first cost row


def column_headings(profile: Profile) -> list[tuple[str, ...]]:
    spellings = [profile.economy.column_heading, *profile.reading.cost_column_headings]
    return [tuple(words(s)) for s in dict.fromkeys(spellings) if words(s)]


def label_word(profile: Profile, key: str) -> str:
    return profile.labels.get(key, key).casefold()


def _names_column(text: str, profile: Profile) -> bool:
    folded = text.casefold()
    return label_word(profile, "budget") in folded or label_word(profile, "utfall") in folded


def _starts_with_heading(text: str, profile: Profile) -> bool:
    first = tuple(words(text))
    return any(
        match_prefix(first, 0, heading, min_ratio=1.0, max_extra=0) is not None
        for heading in column_headings(profile)
    )


def header_index(table: Table, profile: Profile) -> int | None:
    """The last header row among the first rows (None: the table has no header)."""
    found: int | None = None
    for index in range(min(_HEADER_SEARCH, len(table.rows))):
        texts = table.grid_texts(index)
        if texts and category_of(texts[0], profile)[0] is not None:
            break  # the first cost row: the header is above it
        if any(_names_column(t, profile) for t in texts[1:]) or (
            texts and _starts_with_heading(texts[0], profile)
        ):
            found = index
    return found


def looks_like_economy_table(table: Table, profile: Profile) -> bool:
    """The funder's cost table: its column heading, Budget/Utfall headers, or cost rows."""
    if not table.rows or not table.rows[0]:
        return False
    for index in range(min(_HEADER_SEARCH, len(table.rows))):
        texts = table.grid_texts(index)
        if texts and _starts_with_heading(texts[0], profile):
            return True
        named = " ".join(texts[1:]).casefold()
        if label_word(profile, "budget") in named and label_word(profile, "utfall") in named:
            return True
    recognised = sum(1 for row in table.rows if row and category_of(row[0].text, profile)[0])
    return recognised >= 2


def find_columns(table: Table, profile: Profile) -> EconomyColumns:
    """Budget and Utfall columns (and their units) from the header rows, if there are any."""
    defaults = {
        "budget": profile.labels.get("budget", "Budget"),
        "utfall": profile.labels.get("utfall", "Utfall"),
    }
    last = header_index(table, profile)
    width = table.width
    if last is None:
        return EconomyColumns(
            1 if width > 1 else None, 2 if width > 2 else None, (), defaults, {}, 0
        )
    budget_word, outcome_word = label_word(profile, "budget"), label_word(profile, "utfall")
    budget = outcome = None
    names = dict(defaults)
    multipliers: dict[int, int] = {}
    remarks: list[int] = []
    for index in range(last, -1, -1):  # the lowest header row names the columns
        for cell in table.rows[index]:
            text, column = cell.text.casefold(), cell.column
            if _THOUSANDS & set(words(text)):  # "Budget TSEK", or a group cell over both
                multipliers.update({c: 1000 for c in range(column, column + cell.span)})
            if column == 0:
                continue
            if budget is None and budget_word in text:
                budget, names["budget"] = column, _first_line(cell.text)
            elif outcome is None and outcome_word in text:
                outcome, names["utfall"] = column, _first_line(cell.text)
            elif index == last and any(w in text for w in _REMARK_COLUMNS):
                remarks.append(column)
    if 0 in multipliers:  # "Kostnadslag (tkr)": the whole table is in thousands
        multipliers = {column: 1000 for column in range(width)}
    if budget is None and outcome is None:
        budget, outcome = (1 if width > 1 else None), (2 if width > 2 else None)
    remarks = [c for c in remarks if c not in (budget, outcome)]
    return EconomyColumns(budget, outcome, tuple(remarks), names, multipliers, last + 1)


def _first_line(text: str) -> str:
    return text.strip().strip("*_").strip().split("\n", 1)[0].strip()


def is_total(label: str, profile: Profile) -> bool:
    """ "Summa", "Summa totalt", "Totalt", "Summa kostnader", "S:a", "Total" (not a category)."""
    tokens = tuple(words(label))
    if not tokens:
        return False
    labels = [tuple(words(t)) for t in (profile.economy.total_label, *profile.reading.total_labels)]
    for spelled in [*labels, *_TOTAL_WORDS]:
        if spelled and tokens[: len(spelled)] == spelled:
            return all(word in _TOTAL_TAILS for word in tokens[len(spelled) :])
    return False


def category_of(label: str, profile: Profile) -> tuple[CostCategory | None, str]:
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
