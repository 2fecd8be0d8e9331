"""A submitted Word report -> the same Report model that insats.yaml gives.

Association staff receive reports that owners filled in by hand in the
funder's template. This source finds the template's sections in such a document
(headings matched tolerantly, see `headings` and `layout`), reads each section
into the model field the funder profile names for it (`falt`), and records where
each value stood, so that the ordinary rules – written once, for every source –
report missing sections, wrong totals, unanswered goals and an unsigned report
with places such as `rapport.docx §6 Ekonomisk rapport, rad "Lönekostnader",
kolumn Utfall`.

Model semantics, as for YAML: a section whose heading is absent is None (S001);
a heading with only whitespace, or only the template's own sub-question or
instruction under it, is "" (S002). What only the document shows – an amount
cell that is no number (B005), a date that cannot be read (F002), a missing
intro sentence, an unknown title, a heading missing although its content is
there, a 4.1 header merged into the first goal, deleted cost rows, a signature
typed before section 7 – is reported by the reader, with the codes catalogued
in `reportgen.codes`.

This module opens the document, picks the funder's profile and hands each
section to its reader: `intervention` (sections 1, 2 and the staffing table),
`goals` (4.1), `economy` (6), `signature` (7) and `text` (every free-text
section).
"""

from __future__ import annotations

import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from reportgen.codes import CONVERTED, finding
from reportgen.errors import InputError
from reportgen.findings import Finding
from reportgen.loaded import LoadedReport
from reportgen.location import Location
from reportgen.model import Report
from reportgen.model_keys import is_text_key
from reportgen.profile import Profile, Role, Section
from reportgen.sources.docx.blocks import (
    MAX_PARAGRAPHS,
    Block,
    DocumentTooLarge,
    Para,
    Table,
    part_text,
    read_body,
    style_map,
)
from reportgen.sources.docx.convert import OTHER_SUFFIXES, as_docx, converted_message
from reportgen.sources.docx.detect import detect_profile
from reportgen.sources.docx.economy import fill_economy, looks_like_economy_table
from reportgen.sources.docx.goals import fill_goals
from reportgen.sources.docx.headings import fold, matcher_for, strip_phrases, words
from reportgen.sources.docx.intervention import (
    INTERVENTION_KEYS,
    fill_contacts,
    fill_intervention,
    fill_staffing,
)
from reportgen.sources.docx.labels import Labels, items_of
from reportgen.sources.docx.layout import (
    Layout,
    adopt_table,
    cut_misplaced_signatures,
    split_sections,
)
from reportgen.sources.docx.package import WordParts, read_parts
from reportgen.sources.docx.places import Anchor, Reading
from reportgen.sources.docx.signature import fill_signature
from reportgen.sources.docx.text import section_text
from reportgen.sources.docx.title import (
    assume_period,
    check_intro,
    read_header_fields,
    read_title,
)
from reportgen.sources.docx.trailing import cut_trailing_signatures, fill_trailing
from reportgen.sources.ooxml import check_office_file

_MIN_HEADINGS = 3
MAX_XML_BYTES = 16 * 1024 * 1024
"""Text and formatting (every XML part) of a real report: well under a megabyte or two."""
_MAX_TYPES_BYTES = 1024 * 1024


def load(path: Path, *, display: str, profile: Profile | None = None) -> LoadedReport:
    """Read a submitted report; raise InputError (F001/F002) if it cannot be read as one.

    A .doc, .odt or .rtf is converted to .docx first when LibreOffice is there (F003
    says so); a .pdf is refused with the advice to save as .docx in Word. `profile`
    is the funder's form to read it as; None: the best-matching funder's.
    """
    if path.suffix.lower() in OTHER_SUFFIXES:
        with as_docx(path, display) as docx:
            loaded = _load_docx(docx, display, profile)
        loaded.path = path
        note = finding(CONVERTED, converted_message(path), Location(display))
        loaded.findings.insert(0, note)
        return loaded
    return _load_docx(path, display, profile)


def _load_docx(path: Path, display: str, chosen: Profile | None) -> LoadedReport:
    check_office_file(path, display)
    _check_size(path, display)
    parts = _open(path, display)
    styles = style_map(parts.styles)
    try:
        blocks = read_body(parts.body, styles)
    except DocumentTooLarge:
        raise _too_large(display, f"fler än {MAX_PARAGRAPHS:,} stycken".replace(",", " ")) from None
    header = "\n".join(text for text in map(part_text, parts.headers) if text)
    profile = chosen or detect_profile(header, blocks)
    report, findings = read_blocks(blocks, profile, display, header=header)
    return LoadedReport(report, profile, path, display, findings)


def _check_size(path: Path, display: str) -> None:
    """Refuse before parsing a document whose XML is larger than any real report's.

    python-docx parses every XML part into memory at once; a few hundred MB of
    paragraphs (within the zip limits) would take minutes and gigabytes.
    """
    with zipfile.ZipFile(path) as archive:
        size = _xml_bytes(archive)
    if size > MAX_XML_BYTES:
        raise _too_large(display, f"{size // (1024 * 1024)} MB text och formatering")


def _xml_bytes(archive: zipfile.ZipFile) -> int:
    """Uncompressed size of every part python-docx would parse as XML.

    Decided by the package's content types, not by the part names: a part named
    "bild.png" declared as XML is parsed all the same.
    """
    from lxml import etree

    infos = archive.infolist()
    types = next((i for i in infos if i.filename == "[Content_Types].xml"), None)
    if types is None or types.file_size > _MAX_TYPES_BYTES:
        return sum(i.file_size for i in infos)  # no sane declaration: count everything
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        root = etree.fromstring(archive.read(types), parser)
    except etree.XMLSyntaxError:
        return sum(i.file_size for i in infos)
    defaults = {}
    overrides = {}
    for element in root:
        name = etree.QName(element).localname
        kind = (element.get("ContentType") or "").casefold()
        if name == "Default":
            defaults[(element.get("Extension") or "").casefold()] = kind
        elif name == "Override":
            overrides[(element.get("PartName") or "").lstrip("/")] = kind
    total = 0
    for info in infos:
        kind = overrides.get(info.filename)
        if kind is None:
            kind = defaults.get(info.filename.rpartition(".")[2].casefold(), "")
        if kind.endswith("xml") or info.filename == "[Content_Types].xml":
            total += info.file_size
    return total


def _too_large(display: str, what: str) -> InputError:
    return _unreadable(
        "F001",
        display,
        f"Dokumentet är större än någon rapport ({what}; gränsen är "
        f"{MAX_XML_BYTES // (1024 * 1024)} MB och {MAX_PARAGRAPHS:,} stycken) och granskas "
        "inte. Kontrollera att rätt fil har skickats in.".replace(",", " "),
    )


def _open(path: Path, display: str) -> WordParts:
    try:
        return read_parts(path)
    except Exception as exc:  # a damaged package can fail anywhere in the zip or the XML
        message = (
            f"Filen är skadad och kan inte läsas som Word-dokument ({type(exc).__name__}). "
            "Öppna den i Word, spara om den som .docx och försök igen."
        )
        raise _unreadable("F001", display, message) from None


def _unreadable(code: str, display: str, message: str) -> InputError:
    return InputError(f"{display}: {message}", [finding(code, message, Location(display))])


# ----------------------------------------------------------------- reading


def read_blocks(
    blocks: Sequence[Block], profile: Profile, display: str, *, header: str = ""
) -> tuple[Report, list[Finding]]:
    """The report model and the reader's own findings, from a document's blocks."""
    matcher = matcher_for(profile)
    layout = split_sections(blocks, profile, matcher)
    reading = Reading(display, profile)
    _adopt_tables(layout, reading)
    reading.anchor_sections(layout.anchors(profile))
    _locate_sections(reading, profile)
    if len(layout.parts) < _MIN_HEADINGS:
        first = profile.sections[0]
        raise _unreadable(
            "F002",
            display,
            "Dokumentet liknar inte förbundets rapportmall: varken avsnittsrubriker "
            f'(t.ex. "{first.full_heading}") eller mallens tabeller hittades. Kontrollera '
            "att rätt fil har skickats in.",
        )
    signature_section = profile.section_for(Role.SIGNATURE)
    contacts_section = profile.section_for(Role.CONTACTS)
    misplaced = cut_misplaced_signatures(
        layout, reading, signature_section, {contacts_section.id} if contacts_section else set()
    )
    unlabelled = signature_section is not None and not signature_section.printed_heading
    trailing = cut_trailing_signatures(layout) if unlabelled else []

    title = read_title(layout.preamble, header, reading)
    reading.locations.add("rapport", reading.location(None, "rubriken", at=Anchor(title.para)))
    data: dict[str, Any] = {"förbund": profile.id, "rapport": {"typ": title.kind}}
    data["rapport"]["titel"] = title.text
    check_intro(layout.preamble, reading)
    read_header_fields(layout.preamble, title, data, reading)
    texts: list[tuple[str, Para | None, str]] = []
    for section in profile.sections:
        part = layout.parts.get(section.id)
        if part is not None and not part.heading_found:
            reading.heading_missing(section, _adopted_words(section))
        if not section.fields:
            _check_group_heading(section, layout, reading)
        roles = section.roles
        if Role.INTERVENTION in roles:
            fill_intervention(layout, section, reading, data)
        if Role.CONTACTS in roles:
            fill_contacts(part, section, reading, data)
        if Role.GOALS in roles:
            fill_goals(part, reading, data)
        if Role.ECONOMY in roles:
            fill_economy(part, reading, data)
        if Role.SIGNATURE in roles and unlabelled:
            fill_trailing(section, trailing, reading, data)
        elif Role.SIGNATURE in roles:
            fill_signature(section, part, layout, misplaced, reading, data)
        for key in section.fields:
            if key not in _BLOCK_KEYS and is_text_key(key):
                text = section_text(part, matcher) if part else None
                _set(data, key, text)
                if text and part is not None:
                    texts.append((text, part.first_para(), section.id))
    comment = (data.get("ekonomi") or {}).get("kommentar")
    economy = profile.section_for(Role.ECONOMY)
    if comment and economy is not None and economy.id in layout.parts:
        texts.append((comment, layout.parts[economy.id].first_para(), economy.id))
    assume_period(title, layout.preamble, texts, data, reading)
    fill_staffing(layout, profile, data, reading)
    report = _build(data, display)
    report.attach_locations(reading.locations)
    return report, reading.findings


def _adopted_words(section: Section) -> str:
    return next((_ADOPTED[r] for r in section.roles if r in _ADOPTED), "innehållet")


_ADOPTED = {
    Role.CONTACTS: "kontaktuppgifterna finns ändå",
    Role.GOALS: "måltabellen finns ändå",
    Role.ECONOMY: "ekonomitabellen finns ändå",
}
# Keys whose section is read as a whole block (a table, the signature), never as text.
_BLOCK_KEYS = frozenset(
    {*INTERVENTION_KEYS, "insats.ansvarig", "mål", "ekonomi.rader", "underskrift", "bilagor"}
)


def _adopt_tables(layout: Layout, reading: Reading) -> None:
    """The contacts, goals and economy are found by their tables when their headings are missing."""
    profile = reading.profile
    contacts = profile.section_for(Role.CONTACTS)
    if contacts is not None:
        labels = Labels.of(profile, ("ansvarig_organisation",))
        adopt_table(
            layout,
            contacts,
            lambda t: any(labels.split(item.text) for item in items_of([t])[:4]),
        )
    goals = profile.section_for(Role.GOALS)
    if goals is not None:
        wanted = [fold(profile.labels.get(k, "")) for k in ("mal_uppnatt", "mal_utfall")]

        def is_goals_table(table: Table) -> bool:
            header = fold(" ".join(c.text for row in table.rows[:2] for c in row))
            return any(label and label in header for label in wanted)

        adopt_table(layout, goals, is_goals_table)
    economy = profile.section_for(Role.ECONOMY)
    if economy is not None:
        instruction = tuple(words(profile.labels.get("ekonomi_instruktion", "")))
        adopt_table(
            layout,
            economy,
            lambda t: looks_like_economy_table(t, profile),
            lambda p: bool(strip_phrases(p.text, [instruction], min_ratio=0.6, max_extra=4)[1]),
        )


def _locate_sections(reading: Reading, profile: Profile) -> None:
    """Every key a section answers points at that section, found or not."""
    for section in profile.sections:
        for key in section.fields:
            top = key.split(".", 1)[0]
            if top != key and not reading.locations.has(top):
                reading.locate(top, section.id.split(".", 1)[0])
            reading.locate(key, section.id)
    economy = profile.section_for(Role.ECONOMY)
    if economy is not None:
        reading.locate("ekonomi", economy.id)
        reading.locate("ekonomi.rader", economy.id, "tabellen")
        reading.locate("ekonomi.kommentar", economy.id, "texten under tabellen")
        reading.locate("ekonomi.summa", economy.id, f'rad "{profile.economy.total_label}"')


# ----------------------------------------------------------------- headings


def _check_group_heading(section: Section, layout: Layout, reading: Reading) -> None:
    """ "3. Insatsbeskrivning" missing although 3.1–3.3 are there (domain.md §8 rule 14)."""
    if section.is_subsection or section.id in layout.parts:
        return
    children = [s for s in layout.order if s.startswith(f"{section.id}.")]
    if children:
        reading.heading_missing(section, f"avsnitt {', '.join(children)} finns")


# ----------------------------------------------------------------- the model


def _set(data: dict[str, Any], key: str, value: Any) -> None:
    parts = key.split(".")
    target = data
    for part in parts[:-1]:
        target = target.setdefault(part, {})
    target[parts[-1]] = value


def _build(data: dict[str, Any], display: str) -> Report:
    try:
        return Report.model_validate(data)
    except ValidationError as exc:  # the readers only produce valid values; say so if not
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise _unreadable(
            "F002",
            display,
            f"Rapporten kunde inte tolkas (värdet vid {where}: {first['msg']}). "
            "Kontrollera avsnittet.",
        ) from None
