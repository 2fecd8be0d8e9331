"""Places in a submitted Word report, written the way a reviewer looks for them.

A finding about a Word report says `rapport.docx §6 Ekonomisk rapport, rad
"Lönekostnader", kolumn Utfall` or `rapport.docx §4.2`: the section number the
reviewer sees in the document, never the insats.yaml key behind it.
"""

from __future__ import annotations

from typing import NamedTuple

from reportgen.codes import HEADING_MISSING, finding
from reportgen.findings import Finding, Severity
from reportgen.location import Location, LocationMap
from reportgen.profile import Profile, Role, Section
from reportgen.sources.docx.blocks import Para

_SHORT = 40

# The model keys the readers of whole blocks fill (the section is found by its role).
GOALS_KEY = "mål"
SIGNATURE_KEY = "underskrift"


def section_id_for(profile: Profile, role: Role) -> str:
    """The id of the section holding `role`, "" when the funder's template has none."""
    section = profile.section_for(role)
    return section.id if section else ""


def section_place(section: Section, detail: str | None = None) -> str:
    """`§6 Ekonomisk rapport` for a top-level section, `§4.2` for a sub-section, and
    `"Försörjningsförändringar"` for an unnumbered heading."""
    if not section.numbered:
        text = f'"{section.heading.rstrip(" .:")}"'
    elif section.is_subsection:
        text = f"§{section.id}"
    else:
        text = f"§{section.id} {section.heading}"
    return f"{text}, {detail}" if detail else text


def quoted(text: str) -> str:
    """A cell or label, shortened, in quotes: `"Övriga kostnader (mobil och …"`."""
    one_line = " ".join(text.split())
    if len(one_line) > _SHORT:
        one_line = one_line[: _SHORT - 1].rstrip() + "…"
    return f'"{one_line}"'


class Anchor(NamedTuple):  # not a frozen dataclass: ~0.5 ms less at start-up
    """The paragraph a value stood in, and its table row and column as a reviewer names them."""

    para: Para | None = None
    row: str | None = None
    column: str | None = None


class Reading:
    """What the reader of one document collects besides the model: places and findings."""

    def __init__(self, display: str, profile: Profile) -> None:
        self.display = display
        self.profile = profile
        self.locations = LocationMap(display)
        self.findings: list[Finding] = []
        self._sections = {s.id: s for s in profile.sections}
        self._anchors: dict[str, int] = {}

    def place(self, section_id: str, detail: str | None = None) -> str:
        section = self._sections.get(section_id)
        if section is None:
            return f"§{section_id}, {detail}" if detail else f"§{section_id}"
        return section_place(section, detail)

    def anchor_sections(self, anchors: dict[str, int]) -> None:
        """Each section's fallback anchor: its heading, or where it should have stood."""
        self._anchors = anchors

    def location(
        self,
        section_id: str | None,
        detail: str | None = None,
        *,
        key: str | None = None,
        at: Anchor | None = None,
    ) -> Location:
        """A place in the document, with what staff outputs need to find it again."""
        place = self.place(section_id, detail) if section_id else detail
        para = at.para if at else None
        paragraph = para.index if para is not None and para.index >= 0 else None
        if paragraph is None and section_id is not None:
            paragraph = self._anchors.get(section_id)
        return Location(
            self.display,
            key=key,
            place=place,
            show_key=False,
            section=section_id,
            row=at.row if at else None,
            column=at.column if at else None,
            paragraph=paragraph,
        )

    def locate(
        self, key: str, section_id: str, detail: str | None = None, *, at: Anchor | None = None
    ) -> None:
        """Record where the value for `key` stands (or would stand) in the document."""
        self.locations.add(key, self.location(section_id, detail, at=at))

    def report(
        self,
        code: str,
        message: str,
        *,
        key: str | None = None,
        section_id: str | None = None,
        detail: str | None = None,
        severity: Severity | None = None,
        at: Anchor | None = None,
    ) -> None:
        """A finding of the reader itself, with the severity its code is catalogued with."""
        location = self.location(section_id, detail, key=key, at=at)
        self.findings.append(finding(code, message, location, severity=severity))

    def heading_missing(self, section: Section, found: str) -> None:
        """S005: a heading is missing although `found` (the section's content) is there."""
        self.report(
            HEADING_MISSING,
            f'Rubriken "{section.full_heading}" saknas ({found}). '
            "Skriv rubriken som i förbundets mall, så att avsnittet kan hittas.",
            section_id=section.id,
        )
