"""Readers for the labelled parts of a submitted report: sections 1, 2 and 7, and table 4.1.

Hand-filled copies put a value on the label's line ("Tidsperiod: 2023-01-01 –
2023-12-31"), in the next table cell, or on the next line; labels come with or
without a colon, with "-" or "–". Each part is therefore read as one sequence
of text items (paragraphs, and table cells row by row) in which a label takes
the rest of its own item, or else the next item that is not a label.

The readers fill the report model exactly as insats.yaml would: a label that is
absent gives None (S001), a label left blank gives "" (S002/U001).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import ClassVar

from reportgen.amounts import AmountError, parse_amount
from reportgen.codes import HEADING_MERGED
from reportgen.dates import DateParseError, find_signature_date, parse_period
from reportgen.model import Goal, Party, Period, Signature, Staff
from reportgen.profile import Profile
from reportgen.sources.docx_blocks import Block, Para, Table
from reportgen.sources.docx_headings import (
    Tokens,
    clean_value,
    fold,
    is_rule_line,
    match_prefix,
    strip_phrases,
    words,
)
from reportgen.sources.docx_places import Reading, quoted

SIGNATURE_IMAGE = "(underskrift som bild)"
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_DATE_WORDS = {"den", "d", "datum", "sista"}


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


# ----------------------------------------------------------------- section 1


@dataclass
class InterventionFields:
    name: str | None = None
    period: Period | None = None
    granted: Decimal | None = None


def read_intervention(blocks: Sequence[Block], reading: Reading) -> InterventionFields:
    """Section 1: "Insatsens namn:", "Tidsperiod:", "Beviljat medel:"."""
    labels = Labels.of(reading.profile, ("insatsens_namn", "tidsperiod", "beviljat_medel"))
    fields = InterventionFields()
    seen: set[str] = set()
    for found in label_values(items_of(blocks), labels):
        if found.key in seen:
            continue
        seen.add(found.key)
        label = reading.profile.labels[found.key].rstrip(":")
        if found.key == "insatsens_namn":
            fields.name = found.value
        elif found.key == "tidsperiod":
            fields.period = _period(found.value, reading, label)
        else:
            fields.granted = _granted(found.value, reading, label)
    return fields


def _period(text: str, reading: Reading, label: str) -> Period | None:
    if not text:
        return None
    try:
        start, end = parse_period(text)
    except DateParseError as exc:
        reading.report(
            "F002",
            exc.message,
            key="insats.tidsperiod",
            section_id="1",
            detail=label,
        )
        return None
    return Period(start=start, end=end)


def _granted(text: str, reading: Reading, label: str) -> Decimal | None:
    if not text:
        return None
    try:
        return parse_amount(text).value
    except AmountError as exc:
        reading.report(
            "B005",
            exc.message,
            key="insats.beviljat_medel",
            section_id="1",
            detail=label,
        )
        return None


# ----------------------------------------------------------------- section 2

_CONTACT_LABELS = (
    "ansvarig_organisation",
    "kontaktperson_insatsagare",
    "organisation",
    "kontaktperson",
    "epost",
)


@dataclass
class Contacts:
    responsible: Party | None
    partners: list[Party]
    found_any: bool


def read_contacts(blocks: Sequence[Block], reading: Reading) -> Contacts:
    """Section 2: the responsible organisation and up to three member slots.

    Slots left entirely blank are dropped, as reportgen itself prints unused
    slots blank; a labelled but blank responsible organisation stays "" (S002).
    """
    labels = Labels.of(reading.profile, _CONTACT_LABELS)
    slots: list[dict[str, str | None]] = []
    for found in label_values(items_of(blocks), labels):
        if found.key in ("ansvarig_organisation", "organisation"):
            slots.append({"organisation": found.value, "contact": None, "email": None})
            continue
        if not slots:
            slots.append({"organisation": None, "contact": None, "email": None})
        slot = slots[-1]
        if found.key in ("kontaktperson_insatsagare", "kontaktperson"):
            slot["contact"] = found.value
            email = _EMAIL.search(found.value)
            if email and not slot["email"]:
                slot["email"] = email.group(0)
                slot["contact"] = found.value.replace(email.group(0), "").strip(" ,;:()")
        elif found.key == "epost":
            slot["email"] = found.value
    if not slots:
        return Contacts(None, [], False)
    parties = [Party(**slot) for slot in slots]
    responsible, others = parties[0], parties[1:]
    partners = [p for p in others if any((p.organisation, p.contact, p.email))]
    for index in range(1, len(partners) + 1):
        reading.locate(f"insats.parter[{index}]", "2", f"organisation {index + 1}")
    return Contacts(responsible, partners[:3], True)


# ----------------------------------------------------------------- section 4.1


@dataclass
class Goals:
    goals: list[Goal]
    merged_header: bool


_ANSWER_WORDS = {"ja": "ja", "nej": "nej", "ej": "nej", "delvis": "delvis"}
_ACHIEVED_WORDS = ("uppfyllt", "uppfyllda", "uppnått", "uppnåtts")


def read_goals(table: Table, reading: Reading) -> Goals:
    """The goals table: goal, "Har målet uppnåtts? Ja eller nej", outcome.

    The header may be the canonical one, fused with the instruction "Ange
    uppsatta mål för insatsen", or merged into the first goal row; the
    instruction row may be left empty. Header and instruction text is removed,
    and a row that still holds something is a goal.
    """
    profile = reading.profile
    section = profile.section("4.1")
    heading = [tuple(words(f"{section.id} {section.heading}")), tuple(words(section.heading))]
    instruction = tuple(words(profile.labels.get("mal_instruktion", "")))
    labels = (
        tuple(words(profile.labels.get("mal_uppnatt", ""))),
        tuple(words(profile.labels.get("mal_utfall", ""))),
    )
    columns, header_rows = _goal_columns(table, labels)

    goals: list[Goal] = []
    merged = False
    for row_index, row in enumerate(table.rows):
        cells = [c.text for c in row]
        goal_text = cells[columns[0]] if cells else ""
        had_heading = False
        for spelled in heading:
            rest, count = strip_phrases(goal_text, [spelled], min_ratio=0.8)
            if count:
                goal_text, had_heading = rest, True
                break
        goal_text = clean_value(strip_phrases(goal_text, [instruction], min_ratio=0.8)[0])
        is_header = row_index in header_rows
        if is_header and not had_heading:
            continue  # "Mål | Har målet uppnåtts? … | Utfall/resultat …"
        achieved_text = "" if is_header else _cell(cells, columns[1])
        outcome_text = "" if is_header else _cell(cells, columns[2])
        if not (goal_text or achieved_text or outcome_text):
            continue  # the header row, or the instruction row left empty
        merged = merged or had_heading
        achieved, remark = _answer(achieved_text)
        if remark and not outcome_text:
            outcome_text = remark
        index = len(goals) + 1
        goals.append(
            Goal(
                goal=goal_text,
                achieved=achieved,  # type: ignore[arg-type]
                outcome=outcome_text if columns[2] is not None else None,
            )
        )
        reading.locate(f"mål[{index}]", "4.1", f"mål {index}")
        reading.locate(f"mål[{index}].mål", "4.1", f"mål {index}, kolumn Mål")
        reading.locate(f"mål[{index}].uppnått", "4.1", f"mål {index}, kolumn Uppnått")
        reading.locate(f"mål[{index}].utfall", "4.1", f"mål {index}, kolumn Utfall")
    if merged:
        reading.report(
            HEADING_MERGED,
            f'Rubriken "{section.id} {section.heading}" står i samma cell som första målet. '
            "Målet lästes ändå; ge rubriken en egen rad så som i förbundets mall.",
            key="mål",
            section_id="4.1",
        )
    return Goals(goals, merged)


def _goal_columns(
    table: Table, labels: tuple[tuple[str, ...], tuple[str, ...]]
) -> tuple[tuple[int, int | None, int | None], set[int]]:
    """(goal, achieved, outcome) column positions, and which rows are header rows."""
    width = max((len(row) for row in table.rows), default=0)
    found: list[int | None] = [None, None]
    header_rows: set[int] = set()
    for row_index, row in enumerate(table.rows[:2]):
        for index, cell in enumerate(row[1:], start=1):
            for which, label in enumerate(labels):
                if found[which] is None and strip_phrases(cell.text, [label], min_ratio=0.5)[1]:
                    found[which] = index
                    header_rows.add(row_index)
    if found == [None, None]:
        if width >= 3:
            return (0, 1, 2), header_rows
        return (0, None, 1 if width == 2 else None), header_rows
    return (0, found[0], found[1]), header_rows


def _cell(cells: list[str], column: int | None) -> str:
    if column is None or column >= len(cells):
        return ""
    return clean_value(cells[column])


def _answer(text: str) -> tuple[str | None, str]:
    """ "Ja", "Nej", "Ja, delvis", "Målet är ej uppfyllt" -> the model's answer, and any rest.

    A rest ("Ja. 44 deltagare …") is kept: it is the outcome when that cell is empty.
    """
    tokens = Tokens.of(text, 8)
    head = list(tokens.words)
    if not head:
        return None, ""
    answers = [_ANSWER_WORDS[w] for w in head[:5] if w in _ANSWER_WORDS]
    answer: str | None = None
    if "delvis" in answers:
        answer = "delvis"
    elif "nej" in answers:
        answer = "nej"
    elif head[0] == "ja" or any(w in _ACHIEVED_WORDS for w in head[:5]):
        answer = "ja"
    position = 0
    while position < len(head) and head[position] in _ANSWER_WORDS:
        position += 1
    return answer, (tokens.rest(position) if position else "")


# ----------------------------------------------------------------- staffing (4.2)


def read_staffing(table: Table, reading: Reading) -> list[Staff] | None:
    """reportgen's own staffing table under 4.2 (Roll | Arbetsgivare | Omfattning)."""
    labels = reading.profile.labels
    header = [fold(text) for text in table.row_texts(0)] if table.rows else []
    wanted = [fold(labels.get(k, "")) for k in ("bemanning_roll", "bemanning_arbetsgivare")]
    if len(header) < 3 or header[:2] != wanted:
        return None
    staff: list[Staff] = []
    for row in table.rows[1:]:
        cells = [c.text for c in row] + ["", "", ""]
        if not any(cells[:3]):
            continue
        fte = cells[2].strip() or None
        try:
            staff.append(Staff(role=cells[0] or None, employer=cells[1] or None, fte=fte))
        except ValueError:
            staff.append(Staff(role=cells[0] or None, employer=cells[1] or None))
    return staff


# ----------------------------------------------------------------- section 7

_SIGNATURE_LABELS = ("underskrift_organisation", "ort_och_datum", "underskrift")
_COMPILED_BY = re.compile(r"^\W*rapporten\s+(?:är\s+|har\s+)?sammanställ\w*\s+av\b", re.I)


@dataclass
class SignatureBlock:
    signature: Signature
    found_labels: int
    first_item: Item | None
    compiled_by: str | None = None


def read_signature(items: Sequence[Item], reading: Reading) -> SignatureBlock:
    """ "Organisation:", "Ort och datum:" (place and date in any §4.3 form), "Underskrift"."""
    labels = Labels.of(reading.profile, _SIGNATURE_LABELS)
    organisation: str | None = None
    place: str | None = None
    signed_on = None
    name: str | None = None
    first: Item | None = None
    count = 0
    for found in label_values(items, labels):
        count += 1
        first = first or found.item
        if found.key == "underskrift_organisation" and organisation is None:
            organisation = found.value
        elif found.key == "ort_och_datum" and place is None:
            signed_on = find_signature_date(found.value)
            place = _place_without_date(found.value)
        elif found.key == "underskrift" and not name:
            name = found.value
    compiled = next((i.text for i in items if _COMPILED_BY.match(i.text)), None)
    signature = Signature(organisation=organisation, place=place, signed_on=signed_on, name=name)
    return SignatureBlock(signature, count, first, compiled)


def signature_start(items: Sequence[Item], reading: Reading) -> int | None:
    """Where a signature block begins among a section's items (None if there is none).

    A compiler's block ("Rapporten är sammanställd av …", "Ort och datum: …",
    "Underskrift") typed before section 7 is recognised by these lines; an
    "Organisation:" line right before them belongs to the block.
    """
    labels = Labels.of(reading.profile, ("ort_och_datum", "underskrift"))
    organisation = Labels.of(reading.profile, ("underskrift_organisation",))
    for index, item in enumerate(items):
        if item.cell is not None:
            continue
        if _COMPILED_BY.match(item.text) or _label_line(item.text, labels):
            if index and _label_line(items[index - 1].text, organisation):
                return index - 1
            return index
    return None


def _label_line(text: str, labels: Labels) -> bool:
    """A label line is short: "Underskrift", "Ort och datum: Sundsvall 2024-01-26"."""
    return len(text) <= 80 and labels.split(text) is not None


def _place_without_date(text: str) -> str:
    """ "Sundsvall 2024-01-16", "26/1-2024 Sundsvall" -> "Sundsvall"."""
    from reportgen.dates import MONTHS

    kept = []
    for part in re.split(r"[\s,]+", text.replace("*", " ").replace("_", " ")):
        bare = part.strip(".:;()").casefold()
        if not bare or any(ch.isdigit() for ch in bare):
            continue
        if bare in MONTHS or bare in _DATE_WORDS:
            continue
        kept.append(part.strip(".:;()"))
    return " ".join(kept)


def describe(items: Sequence[Item]) -> str:
    """The first lines of a block, quoted, for a message."""
    shown = [quoted(item.text) for item in items[:3] if item.text]
    return ", ".join(shown)
