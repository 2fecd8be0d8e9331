"""Which part of the funder's template a finding is about, so the page can group by it.

Staff read a review with the report open beside it; "§6 Ekonomisk rapport" under the
heading "6 Ekonomisk rapport" is how they look things up. The profile says which
YAML keys answer which section (`falt`), and the Word reader puts "§4.2" in the
place of what it read, so both kinds of input land under the same headings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from reportgen.findings import Finding
from reportgen.profile import Profile

_SECTION_PLACE = re.compile(r"^§\s*(\d+(?:\.\d+)*)")
_STATISTICS_SUFFIXES = (".xlsx", ".xlsm")
_REPORT_KEYS = ("rapport", "förbund", "schema")


@dataclass(frozen=True)
class Group:
    """A heading of the review page: its order and the words shown."""

    order: float
    label: str

    def as_dict(self) -> dict[str, object]:
        return {"order": self.order, "label": self.label}


FILE = Group(-2, "Filen")
WHOLE_REPORT = Group(-1, "Rapporten som helhet")
STATISTICS = Group(1000, "Deltagarstatistik (arbetsboken)")
OTHER = Group(1001, "Övrigt")


def group_of(finding: Finding, profile: Profile | None) -> Group:
    """The template section `finding` belongs to, or a general group when it has none."""
    location = finding.location
    if location.file.lower().endswith(_STATISTICS_SUFFIXES):
        return STATISTICS
    if profile is None:
        return FILE
    if location.place:
        match = _SECTION_PLACE.match(location.place)
        if match:
            found = _section_group(profile, match.group(1))
            if found is not None:
                return found
    if location.key:
        root = location.key.split(".", 1)[0].split("[", 1)[0]
        if root == "statistik":
            return STATISTICS
        found = _group_for_key(profile, location.key)
        if found is not None:
            return found
        if root in _REPORT_KEYS:
            return WHOLE_REPORT
        return OTHER
    return FILE if finding.code.startswith("F") else WHOLE_REPORT


def _section_group(profile: Profile, section_id: str) -> Group | None:
    """The section with this id, or the nearest parent the profile knows (4.1.2 → 4.1)."""
    probe = section_id
    while probe:
        for index, section in enumerate(profile.sections):
            if section.id == probe:
                return Group(index, f"{section.number} {section.heading}".rstrip(". "))
        probe = probe.rpartition(".")[0]
    return None


def _group_for_key(profile: Profile, key: str) -> Group | None:
    """The section whose `falt` is the longest prefix of `key`; else one sharing its root."""
    best: tuple[int, int] | None = None  # (length of the matching field, section index)
    for index, section in enumerate(profile.sections):
        for field in section.fields:
            matches = key == field or key.startswith((f"{field}.", f"{field}["))
            if matches and (best is None or len(field) > best[0]):
                best = (len(field), index)
    if best is None:
        root = key.split(".", 1)[0].split("[", 1)[0]
        for index, section in enumerate(profile.sections):
            if any(field.split(".", 1)[0] == root for field in section.fields):
                best = (0, index)
                break
    if best is None:
        return None
    section = profile.sections[best[1]]
    return Group(best[1], f"{section.number} {section.heading}".rstrip(". "))
