"""Which blocks of a submitted report belong to which section of the funder's template.

The body is cut at every recognised heading (`headings`). Two repairs follow,
both for things hand-filled copies really do:

* A table that is clearly a section's own (the contacts of section 2, the goals
  of 4.1, the economy table of 6) but whose heading was deleted is *adopted*:
  the table and what follows it become that section, marked as found without
  its heading, so its text does not leak into the section before it.
* A signature block typed into another section (a compiler's "Rapporten är
  sammanställd av …" / "Ort och datum" / "Underskrift" before the section-7
  heading) is cut out of that section, so it is neither answer text nor an
  economy comment; the reader decides what it means.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from reportgen.errors import ProfileError
from reportgen.profile import Profile, Section, available_profiles, load_profile, templates_root
from reportgen.sources.docx.blocks import Block, Para, Table
from reportgen.sources.docx.headings import (
    HeadingMatch,
    HeadingMatcher,
    fold,
    is_rule_line,
    words,
)
from reportgen.sources.docx.labels import COMPILED_BY, Item, Labels, items_of, label_line
from reportgen.sources.docx.places import Reading


@dataclass
class Part:
    """A section as found in the document: the blocks after its heading, up to the next one."""

    section: Section
    rest: str = ""  # text on the heading line after the heading
    question_found: bool = False
    blocks: list[Block] = field(default_factory=list)
    heading_table: Table | None = None  # the heading stood in this table's first cell
    heading_found: bool = True  # False: adopted by its table, the heading is missing


@dataclass
class Layout:
    preamble: list[Block]
    parts: dict[str, Part]
    order: list[str]  # section ids in document order

    def all_blocks(self) -> list[Block]:
        blocks = list(self.preamble)
        for section_id in self.order:
            blocks.extend(self.parts[section_id].blocks)
        return blocks


@dataclass
class MisplacedSignature:
    """A signature block found in another section than the signature section."""

    section_id: str
    items: list[Item]


def split_sections(blocks: Sequence[Block], profile: Profile, matcher: HeadingMatcher) -> Layout:
    """Assign every block to the section whose heading precedes it; stop at appendices."""
    noise = {fold(profile.page_header)} | page_headers()
    appendix = {tuple(words(w))[:1] for w in profile.reading.appendix_words}
    last_id = profile.sections[-1].id if profile.sections else ""
    preamble: list[Block] = []
    parts: dict[str, Part] = {}
    order: list[str] = []
    current: list[Block] = preamble
    current_id: str | None = None
    for block in blocks:
        if isinstance(block, Para):
            text = block.text.strip()
            if not text:
                if block.has_drawing:
                    current.append(block)
                continue
            if is_rule_line(text) or (len(text) < 80 and fold(text) in noise):
                continue  # a page header typed into the body, or a rule line
            if current_id == last_id and len(text) < 120 and tuple(words(text))[:1] in appendix:
                break  # "Bilaga 1 …" after the last section
            heading_style = block.style.heading_level is not None
            if not heading_style and not matcher.may_start_heading(text):
                current.append(block)  # running text: no need to look at its formatting
                continue
            seen = set(parts)
            found = matcher.match(
                text,
                seen=seen,
                heading_style=heading_style,
                bold=block.bold,
                expected=matcher.next_section(current_id, seen),
            )
            if found is None:
                current.append(block)
                continue
            part = Part(found.section, found.rest, found.sub_question_found)
        else:
            found = _table_heading(block, matcher, set(parts))
            if found is None:
                current.append(block)
                continue
            part = Part(found.section, "", found.sub_question_found, [block], heading_table=block)
        parts[part.section.id] = part
        order.append(part.section.id)
        current, current_id = part.blocks, part.section.id
    return Layout(preamble, parts, order)


def _table_heading(table: Table, matcher: HeadingMatcher, seen: set[str]) -> HeadingMatch | None:
    """A heading typed into the first cell of a table (4.1 is fused into the goals table)."""
    if not table.rows or not table.rows[0]:
        return None
    first = next((p for p in table.rows[0][0].paras if p.text.strip()), None)
    if first is None:
        return None
    return matcher.match(
        first.text.strip(),
        seen=seen,
        heading_style=first.style.heading_level is not None,
        table_cell=True,
    )


def adopt_table(
    layout: Layout,
    section: Section,
    is_own_table: Callable[[Table], bool],
    lead: Callable[[Para], bool] | None = None,
) -> Part | None:
    """Give a section whose heading is missing the table that is clearly its own.

    The table (with a lead paragraph right before it, such as the section-6
    instruction) and everything after it up to the next heading become the
    section. Returns the new part, or None if no such table was found.
    """
    if section.id in layout.parts:
        return None
    containers: list[tuple[str | None, list[Block]]] = [(None, layout.preamble)]
    containers += [(sid, layout.parts[sid].blocks) for sid in layout.order]
    for owner, blocks in containers:
        for index, block in enumerate(blocks):
            if isinstance(block, Table) and is_own_table(block):
                start = index
                previous = blocks[index - 1] if index else None
                if lead is not None and isinstance(previous, Para) and lead(previous):
                    start -= 1
                part = Part(section, blocks=blocks[start:], heading_found=False)
                del blocks[start:]
                layout.parts[section.id] = part
                position = 0 if owner is None else layout.order.index(owner) + 1
                layout.order.insert(position, section.id)
                return part
    return None


def cut_misplaced_signatures(
    layout: Layout, reading: Reading, signature: Section | None, keep: set[str]
) -> list[MisplacedSignature]:
    """Remove signature blocks from sections other than `signature` (and those in `keep`)."""
    found: list[MisplacedSignature] = []
    for section_id in layout.order:
        if (signature is not None and section_id == signature.id) or section_id in keep:
            continue
        part = layout.parts[section_id]
        paragraphs = [b for b in part.blocks if isinstance(b, Para)]
        items = items_of(paragraphs)
        start = signature_start(items, reading)
        if start is None:
            continue
        cut_at = next(i for i, b in enumerate(part.blocks) if b is items[start].para)
        cut = part.blocks[cut_at:]
        del part.blocks[cut_at:]
        found.append(MisplacedSignature(section_id, items_of(cut)))
    return found


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
        if COMPILED_BY.match(item.text) or label_line(item.text, labels):
            if index and label_line(items[index - 1].text, organisation):
                return index - 1
            return index
    return None


@lru_cache(maxsize=8)
def profiles_under(root: Path) -> tuple[Profile, ...]:
    """Every readable funder profile under a templates folder, loaded once per run."""
    found = []
    for name in available_profiles():
        try:
            found.append(load_profile(name))
        except ProfileError:
            continue
    return tuple(found)


def page_headers() -> set[str]:
    """The page-header line of every known funder: noise when typed into the body."""
    return {fold(p.page_header) for p in profiles_under(templates_root())}
