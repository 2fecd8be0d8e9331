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
    """One paragraph of running text or of a table cell, in reading order."""

    text: str
    para: Para
    cell: tuple[int, int] | None = None  # (row, column) when inside a table


def items_of(blocks: Iterable[Block]) -> list[Item]:
    """Paragraphs and table cells as one sequence; filler lines ("-----") dropped."""
    found: list[Item] = []
    for block in blocks:
        if isinstance(block, Para):
            _add_item(found, block, None)
        else:
            for r, row in enumerate(block.rows):
                for c, cell in enumerate(row):
                    if cell.merged_from_above:
                        continue
                    for para in cell.paras:
                        _add_item(found, para, (r, c))
    return found


def _add_item(found: list[Item], para: Para, cell: tuple[int, int] | None) -> None:
    text = para.text.strip()
    if text and not is_rule_line(text):
        found.append(Item(text, para, cell))
    elif para.has_drawing:
        found.append(Item("", para, cell))


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
    key: str
    value: str
    item: Item


def label_values(items: Sequence[Item], labels: Labels) -> list[LabelValue]:
    """Every label with its value: the rest of its item, or the next item that is no label."""
    found: list[LabelValue] = []
    splits = [labels.split(item.text) for item in items]
    index = 0
    while index < len(items):
        item = items[index]
        split = splits[index]
        index += 1
        if split is None:
            continue
        key, value = split
        if not value and index < len(items):
            following = items[index]
            if splits[index] is None and _may_hold_value(item, following):
                value = clean_value(following.text) or (
                    SIGNATURE_IMAGE if following.para.has_drawing else ""
                )
                index += 1
        found.append(LabelValue(key, value, item))
    return found


def _may_hold_value(label: Item, following: Item) -> bool:
    """The next line, or the next cell of the same row, may hold a label's value."""
    if label.cell is None or following.cell is None:
        return label.cell is None and following.cell is None
    same_cell = label.cell == following.cell
    next_cell = label.cell[0] == following.cell[0] and following.cell[1] == label.cell[1] + 1
    return same_cell or next_cell


def label_line(text: str, labels: Labels) -> bool:
    """A label line is short: "Underskrift", "Ort och datum: Sundsvall 2024-01-26"."""
    return len(text) <= 80 and labels.split(text) is not None
