"""Sections 1 and 2 of a submitted report, and reportgen's staffing table under 4.2.

Each `read_*` reads a part's blocks into model values; each `fill_*` locates
the keys it answers and puts the values into the report's data, as
insats.yaml would hold them: a label that is absent gives None (S001), a
label left blank gives "" (S002).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, TypeVar

from reportgen.amounts import AmountError, parse_amount
from reportgen.dates import DateParseError, parse_period
from reportgen.model import Party, Period, Staff
from reportgen.profile import Profile, Role, Section
from reportgen.sources.docx.blocks import Block, Para, Table
from reportgen.sources.docx.headings import fold
from reportgen.sources.docx.labels import Labels, items_of, label_values
from reportgen.sources.docx.layout import Layout, Part
from reportgen.sources.docx.places import (
    Anchor,
    Reading,
    section_id_for,
)

T = TypeVar("T")
INTERVENTION_KEYS = ("insats.namn", "insats.tidsperiod", "insats.beviljat_medel")
_INTERVENTION_LABELS = ("insatsens_namn", "tidsperiod", "beviljat_medel")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


# ----------------------------------------------------------------- section 1


@dataclass
class InterventionFields:
    """Section 1's values (name, period, granted funds) and the paragraphs they stood in."""

    name: str | None = None
    period: Period | None = None
    granted: Decimal | None = None
    paras: dict[str, Para] = field(default_factory=dict)  # label key -> where it stood


def read_intervention(blocks: Sequence[Block], reading: Reading) -> InterventionFields:
    """Section 1: "Insatsens namn:", "Tidsperiod:", "Beviljat medel:"."""
    labels = Labels.of(reading.profile, ("insatsens_namn", "tidsperiod", "beviljat_medel"))
    fields = InterventionFields()
    seen: set[str] = set()
    for found in label_values(items_of(blocks), labels):
        if found.key in seen:
            continue
        seen.add(found.key)
        fields.paras[found.key] = found.item.para
        label = reading.profile.labels[found.key].rstrip(":")
        at = Anchor(found.item.para, column=label)
        if found.key == "insatsens_namn":
            fields.name = found.value
        elif found.key == "tidsperiod":
            fields.period = _period(found.value, reading, label, at)
        else:
            fields.granted = _granted(found.value, reading, label, at)
    return fields


def _period(text: str, reading: Reading, label: str, at: Anchor) -> Period | None:
    found = _parsed(text, parse_period, "insats.tidsperiod", reading, (label, at))
    return Period(start=found[0], end=found[1]) if found else None


def _granted(text: str, reading: Reading, label: str, at: Anchor) -> Decimal | None:
    found = _parsed(text, parse_amount, "insats.beviljat_medel", reading, (label, at))
    return found.value if found else None


def _parsed(
    text: str, parse: Callable[[str], T], key: str, reading: Reading, place: tuple[str, Anchor]
) -> T | None:
    """The parsed value; None for a label left blank (S001 says so) or a value that cannot
    be read (reported here: F002 for a period, B005 for an amount, quoting the value)."""
    if not text:
        return None
    try:
        return parse(text)
    except (DateParseError, AmountError) as exc:
        code = "F002" if isinstance(exc, DateParseError) else "B005"
        label, at = place
        section_id = _section_one(reading)
        reading.report(code, exc.message, key=key, section_id=section_id, detail=label, at=at)
        return None


def _contacts_id(reading: Reading) -> str:
    return section_id_for(reading.profile, Role.CONTACTS)


def _section_one(reading: Reading) -> str:
    return section_id_for(reading.profile, Role.INTERVENTION)


# ----------------------------------------------------------------- section 2

# the responsible organisation's labels -> (model key, profile label shown in messages)
_RESPONSIBLE_KEYS = {
    "ansvarig_organisation": ("insats.ansvarig.organisation", "ansvarig_organisation"),
    "kontaktperson_insatsagare": ("insats.ansvarig.kontaktperson", "kontaktperson_insatsagare"),
}
_CONTACT_LABELS = (
    "ansvarig_organisation",
    "kontaktperson_insatsagare",
    "organisation",
    "kontaktperson",
    "epost",
)


@dataclass
class Contacts:
    """The responsible organisation and the other members, with the places findings point at."""

    responsible: Party | None
    partners: list[Party]
    found_any: bool
    anchors: list[tuple[str, str, Para]] = field(default_factory=list)  # key, label, paragraph


def read_contacts(blocks: Sequence[Block], reading: Reading) -> Contacts:
    """Section 2: the responsible organisation and the member slots the profile has.

    Slots left entirely blank are dropped, as reportgen itself prints unused
    slots blank; a labelled but blank responsible organisation stays "" (S002).
    """
    labels = Labels.of(reading.profile, _CONTACT_LABELS)
    slots: list[dict[str, str | None]] = []
    anchors: list[tuple[str, str, Para]] = []
    for found in label_values(items_of(blocks), labels):
        if len(slots) <= 1 and found.key in _RESPONSIBLE_KEYS:
            key, label = _RESPONSIBLE_KEYS[found.key]
            anchors.append((key, reading.profile.labels.get(label, label), found.item.para))
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
    section_id = _contacts_id(reading)
    for index in range(1, len(partners) + 1):
        reading.locate(f"insats.parter[{index}]", section_id, f"organisation {index + 1}")
    slots = reading.profile.contact_slots or len(parties)
    return Contacts(responsible, partners[: max(slots - 1, 0)], True, anchors)


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


# ----------------------------------------------------------------- into the report's data


def fill_intervention(
    layout: Layout, section: Section, reading: Reading, data: dict[str, Any]
) -> None:
    """Section 1; without its heading, its labels are looked for before section 2."""
    part = layout.parts.get(section.id)
    blocks = ([Para.plain(part.rest)] if part and part.rest else []) + (
        part.blocks if part else list(layout.preamble)
    )
    fields = read_intervention(blocks, reading)
    labels = reading.profile.labels
    for key, label in zip(INTERVENTION_KEYS, _INTERVENTION_LABELS, strict=True):
        shown = labels.get(label, label).rstrip(":")
        at = Anchor(fields.paras.get(label), column=shown)
        reading.locate(key, section.id, shown, at=at)
    found_any = any(v is not None for v in (fields.name, fields.period, fields.granted))
    if part is None:
        if not found_any:
            return
        reading.heading_missing(section, "uppgifterna om insatsen finns ändå")
    insats = data.setdefault("insats", {})
    insats["namn"] = fields.name
    insats["tidsperiod"] = fields.period
    insats["beviljat_medel"] = fields.granted


def fill_contacts(
    part: Part | None, section: Section, reading: Reading, data: dict[str, Any]
) -> None:
    labels = reading.profile.labels
    where = labels.get("ansvarig_organisation", "organisation")
    reading.locate("insats.ansvarig", section.id, where)
    reading.locate("insats.ansvarig.organisation", section.id, where)
    reading.locate(
        "insats.ansvarig.kontaktperson", section.id, labels.get("kontaktperson_insatsagare")
    )
    reading.locate("insats.ansvarig.epost", section.id, labels.get("epost", "E-post"))
    if part is None:
        return
    contacts = read_contacts(part.blocks, reading)
    for key, label, para in contacts.anchors:
        reading.locate(key, section.id, label, at=Anchor(para, column=label))
    insats = data.setdefault("insats", {})
    insats["ansvarig"] = contacts.responsible or {"organisation": ""}
    insats["parter"] = contacts.partners


def fill_staffing(layout: Layout, profile: Profile, data: dict[str, Any], reading: Reading) -> None:
    """reportgen's own staffing table, which it prints under 4.2."""
    section = profile.section_for(Role.STAFFING)
    part = layout.parts.get(section.id) if section else None
    for block in part.blocks if part else []:
        if isinstance(block, Table):
            staff = read_staffing(block, reading)
            if staff is not None:
                data["bemanning"] = staff
                return
