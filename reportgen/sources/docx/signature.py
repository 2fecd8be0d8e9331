"""Section 7 of a submitted report: the signature, and signatures typed elsewhere (U002).

A signature block before the section-7 heading (a compiler's "Rapporten är
sammanställd av …") is reported as U002 and does not fill the model: section 7
is read as it stands, usually empty, so U001 still reports it (domain.md §3 and
§8 rule 19: a signature placed elsewhere does not count). Only when the
section-7 heading itself is missing is a signature block at the very end of
the report read as section 7 (with S005 for the heading).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from reportgen.codes import SIGNATURE_OUTSIDE, SIGNATURE_SCANNED
from reportgen.dates import MONTHS, find_signature_date
from reportgen.model import Signature
from reportgen.profile import Section
from reportgen.sources.docx.blocks import Para, Table
from reportgen.sources.docx.labels import (
    COMPILED_BY,
    SIGNATURE_IMAGE,
    Item,
    Labels,
    items_of,
    label_values,
)
from reportgen.sources.docx.layout import Layout, MisplacedSignature, Part
from reportgen.sources.docx.places import SIGNATURE_KEY, Anchor, Reading, quoted

_SIGNATURE_LABELS = ("underskrift_organisation", "ort_och_datum", "underskrift")
_DATE_WORDS = {"den", "d", "datum", "sista"}


@dataclass
class SignatureBlock:
    """The signature section's values, how many of its labels were found, and where they stood."""

    signature: Signature
    found_labels: int
    first_item: Item | None
    compiled_by: str | None = None
    paras: dict[str, Para] = field(default_factory=dict)  # label key -> where it stood


def read_signature(items: Sequence[Item], reading: Reading) -> SignatureBlock:
    """ "Organisation:", "Ort och datum:" (place and date in any §4.3 form), "Underskrift"."""
    labels = Labels.of(reading.profile, _SIGNATURE_LABELS)
    organisation: str | None = None
    place: str | None = None
    signed_on = None
    name: str | None = None
    first: Item | None = None
    count = 0
    paras: dict[str, Para] = {}
    for found in label_values(items, labels):
        count += 1
        first = first or found.item
        paras.setdefault(found.key, found.item.para)
        if found.key == "underskrift_organisation" and organisation is None:
            organisation = found.value
        elif found.key == "ort_och_datum" and place is None:
            signed_on = find_signature_date(found.value)
            place = place_without_date(found.value)
        elif found.key == "underskrift" and not name:
            # a picture of the signature on the label's line or in its cell counts as signed
            name = found.value or (SIGNATURE_IMAGE if found.image else "")
    compiled = next((i.text for i in items if COMPILED_BY.match(i.text)), None)
    signature = Signature(organisation=organisation, place=place, signed_on=signed_on, name=name)
    return SignatureBlock(signature, count, first, compiled, paras)


def place_without_date(text: str) -> str:
    """ "Sundsvall 2024-01-16", "26/1-2024 Sundsvall" -> "Sundsvall"."""
    kept = []
    for part in re.split(r"[\s,]+", text.replace("*", " ").replace("_", " ")):
        bare = part.strip(".:;()").casefold()
        if not bare or any(ch.isdigit() for ch in bare):
            continue
        if bare in MONTHS or bare in _DATE_WORDS:
            continue
        kept.append(part.strip(".:;()"))
    return " ".join(kept)


def _locate(section: Section, paras: dict[str, Para], reading: Reading) -> None:
    labels = reading.profile.labels
    for key, label in (
        ("underskrift.organisation", "underskrift_organisation"),
        ("underskrift.ort", "ort_och_datum"),
        ("underskrift.datum", "ort_och_datum"),
        ("underskrift.namn", "underskrift"),
    ):
        shown = labels.get(label, label).rstrip(":")
        at = Anchor(paras.get(label), column=shown)
        reading.locate(key, section.id, shown, at=at)


def _scanned_page(part: Part | None, layout: Layout) -> Para | None:
    """The picture of a scanned signature page: section 7 holds only pictures, or (its
    heading scanned too) the report ends with a page that is only a picture."""
    if part is not None:
        blocks = part.blocks
        if any(isinstance(b, Table) or (isinstance(b, Para) and b.text.strip()) for b in blocks):
            return None
    elif layout.order:
        blocks = layout.parts[layout.order[-1]].blocks
        ends = len(blocks)
        while ends and _blank(blocks[ends - 1]):
            ends -= 1
        blocks = blocks[ends:]
    else:
        return None
    pictures = [b for b in blocks if isinstance(b, Para) and b.has_drawing]
    return pictures[0] if pictures else None


def _blank(block: Para | Table) -> bool:
    return isinstance(block, Para) and not block.text.strip()


def describe(items: Sequence[Item]) -> str:
    """The first lines of a block, quoted, for a message."""
    shown = [quoted(item.text) for item in items[:3] if item.text]
    return ", ".join(shown)


def fill_signature(
    section: Section,
    part: Part | None,
    layout: Layout,
    misplaced: list[MisplacedSignature],
    reading: Reading,
    data: dict[str, Any],
) -> None:
    scanned = _scanned_page(part, layout)
    block: SignatureBlock | None = None
    if scanned is not None:
        data[SIGNATURE_KEY] = None
        reading.report(
            SIGNATURE_SCANNED,
            f"{_capital(section.short_name) + ' är' if part else 'Rapporten slutar med'} en "
            "inskannad bild utan text: kontrollera underskriften manuellt (organisation, ort, "
            "datum och namn). Be gärna om underskriften ifylld som text nästa gång.",
            key=SIGNATURE_KEY,
            section_id=section.id,
            at=Anchor(scanned),
        )
    elif part is not None:
        block = read_signature(items_of(part.blocks), reading)
        data[SIGNATURE_KEY] = block.signature
    elif misplaced and layout.order and misplaced[-1].section_id == layout.order[-1]:
        # the heading is missing, but the report ends with a signature block
        block = read_signature(misplaced[-1].items, reading)
        data[SIGNATURE_KEY] = block.signature
        reading.heading_missing(section, "underskriften finns ändå i slutet av rapporten")
        misplaced = misplaced[:-1]
    else:
        data[SIGNATURE_KEY] = None
    _locate(section, block.paras if block else {}, reading)
    heading = section.full_heading
    for moved in misplaced:
        reading.report(
            SIGNATURE_OUTSIDE,
            f'En underskrift står före avsnitt "{heading}" ({describe(moved.items)}). Den '
            "räknas inte som insatsägarens underskrift, som ska stå under "
            f"{section.short_name}: flytta uppgifterna dit.",
            section_id=moved.section_id,
            detail=f"före {section.short_name}",
            at=Anchor(moved.items[0].para if moved.items else None),
        )


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]
