"""A submitted Word report -> the same Report model that insats.yaml gives.

Association staff receive reports that owners filled in by hand in the
funder's template. This source finds the template's sections in such a document
(headings matched tolerantly, see docx_headings and docx_layout), reads each
section into the model field the funder profile names for it (`falt`), and
records where each value stood, so that the ordinary rules – written once, for
every source – report missing sections, wrong totals, unanswered goals and an
unsigned report with places such as `rapport.docx §6 Ekonomisk rapport, rad
"Lönekostnader", kolumn Utfall`.

Model semantics, as for YAML: a section whose heading is absent is None (S001);
a heading with only whitespace, or only the template's own sub-question or
instruction under it, is "" (S002). What only the document shows – an amount
cell that is no number (B005), a date that cannot be read (F002), a missing
intro sentence, an unknown title, a heading missing although its content is
there, a 4.1 header merged into the first goal, deleted cost rows, a signature
typed before section 7 – is reported here, with the codes catalogued in reportgen.codes.

A signature block before the section-7 heading (a compiler's "Rapporten är
sammanställd av …") is reported as U002 and does not fill the model: section 7
is read as it stands, usually empty, so U001 still reports it (domain.md §3 and
§8 rule 19: a signature placed elsewhere does not count). Only when the
section-7 heading itself is missing is a signature block at the very end of
the report read as section 7 (with S005 for the heading).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, get_args

from pydantic import BaseModel, ValidationError

from reportgen.codes import (
    HEADING_MISSING,
    INTRO_MISSING,
    SIGNATURE_OUTSIDE,
    UNKNOWN_TITLE,
)
from reportgen.dates import DateParseError, parse_period
from reportgen.errors import InputError
from reportgen.findings import Finding, Severity
from reportgen.location import Location
from reportgen.model import Period, Report, alias_to_field
from reportgen.profile import Profile, Section, load_profile, templates_root
from reportgen.sources import LoadedReport
from reportgen.sources.docx_blocks import Block, Para, Table, part_text, read_body, style_map
from reportgen.sources.docx_economy import EconomyTable, looks_like_economy_table, read_economy
from reportgen.sources.docx_headings import HeadingMatcher, fold, is_rule_line, strip_phrases, words
from reportgen.sources.docx_layout import (
    Layout,
    MisplacedSignature,
    Part,
    adopt_table,
    cut_misplaced_signatures,
    profiles_under,
    split_sections,
)
from reportgen.sources.docx_parts import (
    Labels,
    describe,
    items_of,
    read_contacts,
    read_goals,
    read_intervention,
    read_signature,
    read_staffing,
)
from reportgen.sources.docx_places import Reading
from reportgen.sources.ooxml import check_office_file

DEFAULT_PROFILE = "sundsvall"
# Paragraph styles that caption or annotate a table or chart (Word's own "Caption"
# and reportgen's template styles): never part of a section's answer.
CAPTION_STYLES = frozenset({"caption", "bildtext", "tabellrubrik", "tabellnot", "beskrivning"})
_CAPTION_REACH = 2  # a caption, at most one introductory paragraph, then its table
_PERIOD_NOTE = re.compile(r"^\W*utfall(?:et)?\s+avser\b", re.IGNORECASE)
_MIN_HEADINGS = 3

# Model keys read by a reader of their own; any other one-key section is free text.
_INTERVENTION_KEYS = ("insats.namn", "insats.tidsperiod", "insats.beviljat_medel")
_INTERVENTION_LABELS = ("insatsens_namn", "tidsperiod", "beviljat_medel")
_CONTACTS_KEY = "insats.ansvarig"
_GOALS_KEY = "mål"
_ECONOMY_KEY = "ekonomi.rader"
_SIGNATURE_KEY = "underskrift"
_STAFFING_SECTION_KEY = "arbetssätt"


def load(path: Path, *, display: str) -> LoadedReport:
    """Read a submitted .docx; raise InputError (F001/F002) if it cannot be read as a report."""
    check_office_file(path, display)
    document = _open(path, display)
    styles = style_map(_styles_element(document))
    blocks = read_body(document.element.body, styles)
    header = _header_text(document)
    profile = detect_profile(header, blocks)
    report, findings = read_blocks(blocks, profile, display, header=header)
    return LoadedReport(report, profile, path, display, findings)


def _open(path: Path, display: str) -> Any:
    from docx import Document

    try:
        return Document(str(path))
    except Exception as exc:  # a damaged package can fail anywhere inside python-docx
        message = (
            f"Filen är skadad och kan inte läsas som Word-dokument ({type(exc).__name__}). "
            "Öppna den i Word, spara om den som .docx och försök igen."
        )
        raise _unreadable("F001", display, message) from None


def _unreadable(code: str, display: str, message: str) -> InputError:
    return InputError(
        f"{display}: {message}", [Finding(code, Severity.FEL, message, Location(display))]
    )


def _styles_element(document: Any) -> Any:
    try:
        return document.styles.element
    except Exception:  # no or broken styles part: read without style information
        return None


def _header_text(document: Any) -> str:
    """Text of every page header (first page, odd and even pages)."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    texts = []
    for rel in document.part.rels.values():
        if rel.reltype == RT.HEADER and not rel.is_external:
            element = getattr(rel.target_part, "element", None)
            if element is not None:
                texts.append(part_text(element))
    return "\n".join(t for t in texts if t)


def detect_profile(header: str, blocks: Sequence[Block]) -> Profile:
    """The funder whose page header the document carries; Sundsvall when none matches."""
    candidates = profiles_under(templates_root())
    haystack = fold(header)
    # a page header typed into the body stands on a line of its own
    opening = {fold(b.text) for b in blocks[:5] if isinstance(b, Para)}
    for profile in candidates:
        wanted = fold(profile.page_header)
        if wanted and (wanted in haystack or wanted in opening):
            return profile
    for profile in candidates:
        if profile.id == DEFAULT_PROFILE:
            return profile
    if candidates:
        return candidates[0]
    return load_profile(DEFAULT_PROFILE)  # raises a ProfileError that names the problem


# ----------------------------------------------------------------- reading


def read_blocks(
    blocks: Sequence[Block], profile: Profile, display: str, *, header: str = ""
) -> tuple[Report, list[Finding]]:
    """The report model and the reader's own findings, from a document's blocks."""
    matcher = _matcher(profile)
    layout = split_sections(blocks, profile, matcher)
    reading = Reading(display, profile)
    _locate_sections(reading, profile)
    _adopt_tables(layout, reading)
    if len(layout.parts) < _MIN_HEADINGS:
        first = profile.sections[0]
        raise _unreadable(
            "F002",
            display,
            "Dokumentet liknar inte förbundets rapportmall: varken avsnittsrubriker "
            f'(t.ex. "{first.number} {first.heading}") eller måltabell och ekonomitabell '
            "hittades. Kontrollera att rätt fil har skickats in.",
        )
    signature_section = _section_with(profile, _SIGNATURE_KEY)
    contacts_section = _section_with(profile, _CONTACTS_KEY)
    misplaced = cut_misplaced_signatures(
        layout, reading, signature_section, {contacts_section.id} if contacts_section else set()
    )

    kind, title = _read_title(layout.preamble, header, reading)
    data: dict[str, Any] = {"förbund": profile.id, "rapport": {"typ": kind, "titel": title}}
    _check_intro(layout.preamble, reading)
    for section in profile.sections:
        part = layout.parts.get(section.id)
        if part is not None and not part.heading_found:
            _heading_missing(section, reading, _ADOPTED.get(_own_key(section), "innehållet"))
        if not section.fields:
            _check_group_heading(section, layout, reading)
        if any(key in _INTERVENTION_KEYS for key in section.fields):
            _read_intervention(layout, section, reading, data)
        for key in section.fields:
            if key == _CONTACTS_KEY:
                _read_contacts(part, section, reading, data)
            elif key == _GOALS_KEY:
                _read_goals(part, reading, data)
            elif key == _ECONOMY_KEY:
                _read_economy(part, reading, data)
            elif key == _SIGNATURE_KEY:
                _read_signature(section, part, layout, misplaced, reading, data)
            elif key not in _INTERVENTION_KEYS and _is_text_key(key):
                _set(data, key, _section_text(part, matcher) if part else None)
    _read_staffing(layout, profile, data, reading)
    report = _build(data, display)
    report.attach_locations(reading.locations)
    return report, reading.findings


_MATCHERS: dict[int, HeadingMatcher] = {}


def _matcher(profile: Profile) -> HeadingMatcher:
    """One matcher per profile: its word lists are computed once for a whole batch."""
    found = _MATCHERS.get(id(profile))
    if found is None or found.profile is not profile:
        found = _MATCHERS[id(profile)] = HeadingMatcher(profile)
    return found


def _section_with(profile: Profile, key: str) -> Section | None:
    return next((s for s in profile.sections if key in s.fields), None)


def _own_key(section: Section) -> str:
    return next((k for k in section.fields if k in _ADOPTED), "")


_ADOPTED = {
    _CONTACTS_KEY: "kontaktuppgifterna finns ändå",
    _GOALS_KEY: "måltabellen finns ändå",
    _ECONOMY_KEY: "ekonomitabellen finns ändå",
}


def _adopt_tables(layout: Layout, reading: Reading) -> None:
    """Sections 2, 4.1 and 6 are found by their tables when their headings are missing."""
    profile = reading.profile
    contacts = _section_with(profile, _CONTACTS_KEY)
    if contacts is not None:
        labels = Labels.of(profile, ("ansvarig_organisation",))
        adopt_table(
            layout,
            contacts,
            lambda t: any(labels.split(item.text) for item in items_of([t])[:4]),
        )
    goals = _section_with(profile, _GOALS_KEY)
    if goals is not None:
        wanted = [fold(profile.labels.get(k, "")) for k in ("mal_uppnatt", "mal_utfall")]

        def is_goals_table(table: Table) -> bool:
            header = fold(" ".join(c.text for row in table.rows[:2] for c in row))
            return any(label and label in header for label in wanted)

        adopt_table(layout, goals, is_goals_table)
    economy = _section_with(profile, _ECONOMY_KEY)
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
    reading.locations.add("rapport", Location(reading.display, place="rubriken"))
    economy = _section_with(profile, _ECONOMY_KEY)
    if economy is not None:
        reading.locate("ekonomi", economy.id)
        reading.locate("ekonomi.rader", economy.id, "tabellen")
        reading.locate("ekonomi.kommentar", economy.id, "texten under tabellen")
        reading.locate("ekonomi.summa", economy.id, f'rad "{profile.economy.total_label}"')


# ----------------------------------------------------------------- title and intro


def _read_title(preamble: Sequence[Block], header: str, reading: Reading) -> tuple[str, str | None]:
    """The report kind from the title ("Slutrapport 2023", "Del/slutrapport" …)."""
    profile = reading.profile
    titles = {kind: (title,) for kind, title in profile.titles.items()}
    for kind, spellings in profile.reading.titles.items():
        titles[kind] = (*titles.get(kind, ()), *spellings)
    variants = sorted(
        ((fold(spelling), kind) for kind, spellings in titles.items() for spelling in spellings),
        key=lambda v: -len(v[0]),
    )
    paragraphs = [b for b in preamble if isinstance(b, Para) and b.text.strip()][:6]
    for text in [p.text.strip() for p in paragraphs] + header.splitlines():
        folded = fold(text)
        for spelling, kind in variants:
            after = folded[len(spelling) : len(spelling) + 1]
            if folded.startswith(spelling) and not after.isalpha():
                return kind, text
    shown = ", ".join(profile.allowed_titles or tuple(profile.titles.values()))
    titled = next((p for p in paragraphs if p.style.is_title or p.bold), None)
    if titled is not None and len(titled.text) < 120:
        title: str | None = titled.text.strip()
        message = (
            f'Rubriken "{title}" är inte en av mallens ({shown}). Rapporten granskas som '
            "slutrapport; skriv Delrapport eller Slutrapport i rubriken."
        )
    else:
        title = None
        message = (
            f"Dokumentet saknar rubrik ({shown}). Rapporten granskas som slutrapport; skriv "
            "Delrapport eller Slutrapport överst i rapporten."
        )
    reading.report(UNKNOWN_TITLE, message, detail="rubriken")
    return "slutrapport", title


def _check_intro(preamble: Sequence[Block], reading: Reading) -> None:
    intro = tuple(words(reading.profile.intro))
    if not intro:
        return
    paragraphs = [b.text for b in preamble if isinstance(b, Para)]
    if any(strip_phrases(t, [intro], min_ratio=0.6, max_extra=4)[1] for t in paragraphs):
        return
    reading.report(
        INTRO_MISSING,
        f'Mallens inledande mening saknas ("{_short(reading.profile.intro, 70)}"). '
        "Använd förbundets mall oförändrad, med inledningen under rubriken.",
        detail="inledningen",
    )


def _short(text: str, length: int) -> str:
    one_line = " ".join(text.split())
    return one_line if len(one_line) <= length else one_line[: length - 1].rstrip() + "…"


# ----------------------------------------------------------------- text sections


def _section_text(part: Part, matcher: HeadingMatcher) -> str:
    """A section's answer: its paragraphs, without the sub-question and template text.

    Tables and captions are left out (reportgen's own statistics tables under
    4.4, a staffing table under 4.2), unless a table is the only answer given.
    """
    pieces = _paragraph_pieces(part)
    table_lines = [
        line
        for block in part.blocks
        if isinstance(block, Table) and block is not part.heading_table
        for row in block.rows
        if (line := " | ".join(c.text for c in row if c.text))
    ]
    questions = [] if part.question_found else matcher.questions.get(part.section.id, [])
    while pieces and questions:
        rest, found = strip_phrases(pieces[0][1], questions)
        if not found:
            break
        if rest:
            pieces[0] = (pieces[0][0], rest)
            break
        pieces.pop(0)
    if not pieces and table_lines:
        return "\n".join(table_lines)
    return join_paragraphs(pieces)


def _paragraph_pieces(part: Part) -> list[tuple[bool, str]]:
    """(is list item, text) of the part's paragraphs, the heading line's rest first.

    A table's caption, the short introduction between caption and table (as
    reportgen prints its statistics under 4.4) and notes in a caption style
    belong to the table, not to the answer.
    """
    pieces = [(False, part.rest)] if part.rest else []
    blocks = part.blocks
    index = 0
    while index < len(blocks):
        block = blocks[index]
        index += 1
        if not isinstance(block, Para):
            continue
        if block.style.name in CAPTION_STYLES:
            ahead = blocks[index : index + _CAPTION_REACH]
            table_at = next((i for i, b in enumerate(ahead) if isinstance(b, Table)), None)
            if table_at is not None:
                index += table_at + 1
            continue
        text = block.text.strip()
        if text and not is_rule_line(text):
            pieces.append((block.list_item, text))
    return pieces


def join_paragraphs(pieces: Iterable[tuple[bool, str]]) -> str:
    """Paragraphs separated by a blank line, list items as "- …" lines, as in insats.yaml."""
    text = ""
    previous_item = False
    for is_item, piece in pieces:
        if text:
            text += "\n" if (is_item and previous_item) else "\n\n"
        text += f"- {piece}" if is_item else piece
        previous_item = is_item
    return text


# ----------------------------------------------------------------- labelled parts


def _read_intervention(
    layout: Layout, section: Section, reading: Reading, data: dict[str, Any]
) -> None:
    """Section 1; without its heading, its labels are looked for before section 2."""
    part = layout.parts.get(section.id)
    blocks = ([Para.plain(part.rest)] if part and part.rest else []) + (
        part.blocks if part else list(layout.preamble)
    )
    fields = read_intervention(blocks, reading)
    labels = reading.profile.labels
    for key, label in zip(_INTERVENTION_KEYS, _INTERVENTION_LABELS, strict=True):
        reading.locate(key, section.id, labels.get(label, label).rstrip(":"))
    found_any = any(v is not None for v in (fields.name, fields.period, fields.granted))
    if part is None:
        if not found_any:
            return
        _heading_missing(section, reading, "uppgifterna om insatsen finns ändå")
    insats = data.setdefault("insats", {})
    insats["namn"] = fields.name
    insats["tidsperiod"] = fields.period
    insats["beviljat_medel"] = fields.granted


def _read_contacts(
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
    insats = data.setdefault("insats", {})
    insats["ansvarig"] = contacts.responsible or {"organisation": ""}
    insats["parter"] = contacts.partners


def _read_goals(part: Part | None, reading: Reading, data: dict[str, Any]) -> None:
    if part is None:
        data[_GOALS_KEY] = None
        return
    table = next((b for b in part.blocks if isinstance(b, Table)), None)
    data[_GOALS_KEY] = read_goals(table, reading).goals if table is not None else []


def _read_economy(part: Part | None, reading: Reading, data: dict[str, Any]) -> None:
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
    comment, period = _economy_text(part, reading)
    data["ekonomi"] = {"rader": economy.rows, "summa": economy.totals, "kommentar": comment or None}
    if period is not None:
        data["rapport"]["period"] = period


def _economy_text(part: Part, reading: Reading) -> tuple[str, Period | None]:
    """The comment in section 6 (without the template's instruction), and a stated period.

    reportgen's delrapport notes "Utfall avser utfall hittills under perioden …"
    under the table; that note is the report period, not a comment.
    """
    instruction = tuple(words(reading.profile.labels.get("ekonomi_instruktion", "")))
    pieces: list[tuple[bool, str]] = []
    period: Period | None = None
    for is_item, text in _paragraph_pieces(part):
        if instruction:
            rest, found = strip_phrases(text, [instruction], min_ratio=0.6, max_extra=4)
            text = rest if found else text
        if not text:
            continue
        if _PERIOD_NOTE.match(text):
            period = period or _stated_period(text, reading)
            continue
        pieces.append((is_item, text))
    return join_paragraphs(pieces), period


def _stated_period(text: str, reading: Reading) -> Period | None:
    """ "Utfall avser utfall hittills under perioden 2026-01-01 – 2026-06-30." -> the period."""
    after = re.split(r"\bperioden\b", text, maxsplit=1, flags=re.IGNORECASE)[-1]
    try:
        start, end = parse_period(after.strip().rstrip("."))
    except DateParseError:
        return None
    economy = _section_with(reading.profile, _ECONOMY_KEY)
    reading.locate("rapport.period", economy.id if economy else "", "noten under tabellen")
    return Period(start=start, end=end)


def _read_staffing(
    layout: Layout, profile: Profile, data: dict[str, Any], reading: Reading
) -> None:
    """reportgen's own staffing table, which it prints under 4.2."""
    section = _section_with(profile, _STAFFING_SECTION_KEY)
    part = layout.parts.get(section.id) if section else None
    for block in part.blocks if part else []:
        if isinstance(block, Table):
            staff = read_staffing(block, reading)
            if staff is not None:
                data["bemanning"] = staff
                return


def _read_signature(
    section: Section,
    part: Part | None,
    layout: Layout,
    misplaced: list[MisplacedSignature],
    reading: Reading,
    data: dict[str, Any],
) -> None:
    labels = reading.profile.labels
    for key, label in (
        ("underskrift.organisation", "underskrift_organisation"),
        ("underskrift.ort", "ort_och_datum"),
        ("underskrift.datum", "ort_och_datum"),
        ("underskrift.namn", "underskrift"),
    ):
        reading.locate(key, section.id, labels.get(label, label).rstrip(":"))
    if part is not None:
        data[_SIGNATURE_KEY] = read_signature(items_of(part.blocks), reading).signature
    elif misplaced and layout.order and misplaced[-1].section_id == layout.order[-1]:
        # the heading is missing, but the report ends with a signature block
        data[_SIGNATURE_KEY] = read_signature(misplaced[-1].items, reading).signature
        _heading_missing(section, reading, "underskriften finns ändå i slutet av rapporten")
        misplaced = misplaced[:-1]
    else:
        data[_SIGNATURE_KEY] = None
    heading = f"{section.number} {section.heading}"
    for block in misplaced:
        reading.report(
            SIGNATURE_OUTSIDE,
            f'En underskrift står före avsnitt "{heading}" ({describe(block.items)}). Den '
            "räknas inte som insatsägarens underskrift, som ska stå under avsnitt "
            f"{section.id}: flytta uppgifterna dit.",
            section_id=block.section_id,
            detail=f"före avsnitt {section.id}",
        )


# ----------------------------------------------------------------- headings


def _heading_missing(section: Section, reading: Reading, found: str) -> None:
    reading.report(
        HEADING_MISSING,
        f'Rubriken "{section.number} {section.heading}" saknas ({found}). '
        "Skriv rubriken som i förbundets mall, så att avsnittet kan hittas.",
        section_id=section.id,
    )


def _check_group_heading(section: Section, layout: Layout, reading: Reading) -> None:
    """ "3. Insatsbeskrivning" missing although 3.1–3.3 are there (domain.md §8 rule 14)."""
    if section.is_subsection or section.id in layout.parts:
        return
    children = [s for s in layout.order if s.startswith(f"{section.id}.")]
    if children:
        _heading_missing(section, reading, f"avsnitt {', '.join(children)} finns")


# ----------------------------------------------------------------- the model


def _is_text_key(key: str) -> bool:
    """Whether a profile key names free text (as opposed to a table, a list or a mapping)."""
    model: type[BaseModel] = Report
    parts = key.split(".")
    for position, part in enumerate(parts):
        name = alias_to_field(model, part)
        if name is None:
            return False
        annotation = model.model_fields[name].annotation
        if position == len(parts) - 1:
            return annotation is str or str in get_args(annotation)
        inner = [
            a for a in get_args(annotation) if isinstance(a, type) and issubclass(a, BaseModel)
        ]
        if not inner:
            return False
        model = inner[0]
    return False


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
