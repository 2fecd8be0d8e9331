"""Labelled text in a submitted report: "Tidsperiod: …", "Organisation:", "Underskrift".

Hand-filled copies put a value on the label's line ("Tidsperiod: 2023-01-01 –
2023-12-31"), in the next table cell, or on the next line; labels come with or
without a colon, with "-" or "–". A part is therefore read as one sequence of
text items (paragraphs, and table cells row by row) in which a label takes the
rest of its own item, or else the next item that is not a label.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import ClassVar

from reportgen.profile import Profile
from reportgen.sources.docx.blocks import Block, Para
from reportgen.sources.docx.headings import Tokens, clean_value, is_rule_line, match_prefix, words

SIGNATURE_IMAGE = "(underskrift som bild)"
COMPILED_BY = re.compile(r"^\W*rapporten\s+(?:är\s+|har\s+)?sammanställ\w*\s+av\b", re.I)
"""A compiler's line ("Rapporten är sammanställd av …"), which opens a signature block."""


@dataclass
class Item:
    """One line of running text or of a table cell, in reading order.

    A paragraph typed with soft line breaks (Shift+Enter: "Insatsens namn: …",
    "Tidsperiod: …" and "Beviljat medel: …" in one paragraph) gives one item per line.
    """

    text: str
    para: Para
    cell: tuple[int, int] | None = None  # (row, position in the row) when inside a table
    table: int = -1  # which table of the part (tables are counted in reading order)
    column: int = 0  # grid column of the cell (merged cells span several)


def items_of(blocks: Iterable[Block]) -> list[Item]:
    """Paragraphs and table cells as one sequence; filler lines ("-----") dropped."""
    found: list[Item] = []
    tables = 0
    for block in blocks:
        if isinstance(block, Para):
            _add_items(found, block)
            continue
        tables += 1
        for r, row in enumerate(block.rows):
            for c, cell in enumerate(row):
                if cell.merged_from_above:
                    continue
                for para in cell.paras:
                    _add_items(found, para, (r, c), tables, cell.column)
    return found


def _add_items(
    found: list[Item],
    para: Para,
    cell: tuple[int, int] | None = None,
    table: int = -1,
    column: int = 0,
) -> None:
    lines = para.text.split("\n") if "\n" in para.text else [para.text]
    before = len(found)
    for line in lines:
        text = line.strip()
        if text and not is_rule_line(text):
            found.append(Item(text, para, cell, table, column))
    if len(found) == before and para.has_drawing:
        found.append(Item("", para, cell, table, column))


class Labels:
    """A set of labels (profile `etiketter` plus reading variants), longest first."""

    _cache: ClassVar[dict[tuple[int, tuple[str, ...]], Labels]] = {}

    def __init__(self, profile: Profile, keys: Sequence[str]) -> None:
        self.profile = profile
        entries: list[tuple[str, tuple[str, ...]]] = []
        for key in keys:
            spellings = [profile.labels.get(key, ""), *profile.reading.labels.get(key, ())]
            entries.extend((key, words(s)) for s in spellings if words(s))
        self.entries = sorted(dict.fromkeys(entries), key=lambda e: -len(e[1]))
        self.longest = max((len(e[1]) for e in self.entries), default=0)

    @classmethod
    def of(cls, profile: Profile, keys: Sequence[str]) -> Labels:
        """One instance per profile and label set: a batch reads many documents."""
        cache_key = (id(profile), tuple(keys))
        found = cls._cache.get(cache_key)
        if found is None or found.profile is not profile:
            found = cls._cache[cache_key] = cls(profile, keys)
        return found

    def split(self, text: str) -> tuple[str, str] | None:
        """(label key, the rest of the text) if the text starts with one of the labels."""
        tokens = Tokens.of(text, self.longest + 1)
        for key, spelled in self.entries:
            end = match_prefix(tokens.words, 0, spelled, min_ratio=1.0, max_extra=0)
            if end is not None:
                return key, clean_value(tokens.rest(end))
        return None


@dataclass
class LabelValue:
    """A value written after a label (`Ort och datum:`), with where both stood for findings."""

    key: str
    value: str
    item: Item
    image: bool = False  # no text, but a picture on the label's own line (a signature)
    value_item: Item | None = None  # where the value stood, when not on the label's line


def label_values(items: Sequence[Item], labels: Labels) -> list[LabelValue]:
    """Every label with its value: the rest of its item, the next item that is no label
    (the next line, the next cell of the row), or the cell under it when the whole row
    holds labels (labels in one row, values in the row below)."""
    found: list[LabelValue] = []
    splits = [labels.split(item.text) for item in items]
    below = _cells_below(items, splits)
    index = 0
    while index < len(items):
        item = items[index]
        split = splits[index]
        index += 1
        if split is None:
            continue
        key, value = split
        holder: Item | None = None
        if not value and index in below:
            holder = items[below[index]]
            value = clean_value(holder.text) or (SIGNATURE_IMAGE if holder.para.has_drawing else "")
        elif not value and index < len(items):
            following = items[index]
            if splits[index] is None and _may_hold_value(item, following):
                holder = following
                value = clean_value(following.text) or (
                    SIGNATURE_IMAGE if following.para.has_drawing else ""
                )
                index += 1
                while (  # the value's further lines (Shift+Enter) belong to it
                    index < len(items)
                    and items[index].para is following.para
                    and splits[index] is None
                ):
                    value = f"{value}\n{clean_value(items[index].text)}"
                    index += 1
        image = not value and item.para.has_drawing
        found.append(LabelValue(key, value, item, image, holder))
    return found


def _cells_below(items: Sequence[Item], splits: Sequence[tuple[str, str] | None]) -> dict[int, int]:
    """label item index + 1 -> index of the item in the cell under it, for rows of labels."""
    rows: dict[tuple[int, int], list[int]] = {}
    for index, item in enumerate(items):
        if item.cell is not None:
            rows.setdefault((item.table, item.cell[0]), []).append(index)
    found: dict[int, int] = {}
    for (table, row), members in rows.items():
        if len(members) < 2 or not all(_bare_label(splits[i]) for i in members):
            continue  # a row of labels only: "Insatsens namn | Tidsperiod | Beviljat medel"
        under = {items[i].column: i for i in rows.get((table, row + 1), ()) if splits[i] is None}
        for index in members:
            if items[index].column in under:
                found[index + 1] = under.pop(items[index].column)
    return found


def _bare_label(split: tuple[str, str] | None) -> bool:
    return split is not None and not split[1]


def _may_hold_value(label: Item, following: Item) -> bool:
    """The next line, or the next cell of the same row, may hold a label's value."""
    if label.cell is None or following.cell is None:
        return label.cell is None and following.cell is None
    if label.table != following.table:
        return False
    same_cell = label.cell == following.cell
    next_cell = label.cell[0] == following.cell[0] and following.cell[1] == label.cell[1] + 1
    return same_cell or next_cell


def label_line(text: str, labels: Labels) -> bool:
    """A label line is short: "Underskrift", "Ort och datum: Sundsvall 2024-01-26"."""
    return len(text) <= 80 and labels.split(text) is not None
