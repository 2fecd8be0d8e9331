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

from reportgen.profile import Profile, Section
from reportgen.sources.docx.blocks import Block, Cell, Para, Table
from reportgen.sources.docx.detect import page_headers
from reportgen.sources.docx.headings import (
    HeadingMatch,
    HeadingMatcher,
    fold,
    is_rule_line,
    words,
)
from reportgen.sources.docx.labels import COMPILED_BY, Item, Labels, items_of, label_line
from reportgen.sources.docx.places import Reading

_TITLE_LENGTH = 80  # a table's title is a short line; a longer text is an answer


@dataclass
class Part:
    """A section as found in the document: the blocks after its heading, up to the next one."""

    section: Section
    rest: str = ""  # text on the heading line after the heading
    question_found: bool = False
    blocks: list[Block] = field(default_factory=list)
    heading_table: Table | None = None  # the heading stood in this table's first cell
    heading_found: bool = True  # False: adopted by its table, the heading is missing
    heading_para: Para | None = None  # the heading's paragraph (a cell's, for a table heading)

    def first_para(self) -> Para | None:
        """Where a comment about the whole section goes: its heading, or its first paragraph."""
        if self.heading_para is not None:
            return self.heading_para
        for block in self.blocks:
            if isinstance(block, Para) and block.index >= 0:
                return block
            if isinstance(block, Table) and block.rows and block.rows[0][0].paras:
                return block.rows[0][0].paras[0]
        return None

    def last_para(self) -> Para | None:
        """Where a comment about a section missing after this one goes."""
        for block in reversed(self.blocks):
            if isinstance(block, Para) and block.index >= 0:
                return block
            if isinstance(block, Table) and block.rows and block.rows[-1][0].paras:
                return block.rows[-1][0].paras[-1]
        return self.heading_para


@dataclass
class Layout:
    """The document split at its section headings: what came before them, and each part."""

    preamble: list[Block]
    parts: dict[str, Part]
    order: list[str]  # section ids in document order

    def anchors(self, profile: Profile) -> dict[str, int]:
        """Section id -> the paragraph a comment about the section is anchored at.

        A section that is there: its heading (or first paragraph). A missing one:
        the end of the section before it, where it should have been written.
        """
        found: dict[str, int] = {}
        previous: Para | None = next(
            (b for b in self.preamble if isinstance(b, Para) and b.index >= 0), None
        )
        for section in profile.sections:
            part = self.parts.get(section.id)
            para = part.first_para() if part is not None else previous
            if para is not None:
                found[section.id] = para.index
            if part is not None:
                previous = part.last_para() or previous
        return found

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
    for block in unbox(blocks, matcher):
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
                bold=block.bold or block.numbered,  # Word's list numbering marks it too
                expected=matcher.next_section(current_id, seen),
            )
            if found is None:
                current.append(block)
                continue
            part = Part(found.section, found.rest, found.sub_question_found, heading_para=block)
        else:
            found = _table_heading(block, matcher, set(parts))
            if found is None:
                current.append(block)
                continue
            cell = block.rows[0][0].paras
            part = Part(
                found.section,
                "",
                found.sub_question_found,
                [block],
                heading_table=block,
                heading_para=cell[0] if cell else None,
            )
        parts[part.section.id] = part
        order.append(part.section.id)
        current, current_id = part.blocks, part.section.id
    return Layout(preamble, parts, order)


def unbox(blocks: Sequence[Block], matcher: HeadingMatcher, depth: int = 0) -> list[Block]:
    """Tables that hold sections become the paragraphs and tables they hold.

    Municipal templates put the whole report in one big table (a row per
    section, the answer beside or under the heading, section 2 and the
    signature as label/value cells), or each section in a box of its own
    (heading cell above answer cell). Read as tables, such a report has no
    headings, or every section looks empty. A table is unboxed when two of
    its rows start with a heading, or when its first row is a heading with
    at most one other cell filled; the canonical 4.1 table (heading fused
    with the column labels) stays a table. In an unboxed table, a row that
    is one (merged) cell becomes its paragraphs, a heading row becomes the
    heading and the answer beside it, and the other rows stay together as
    tables (the goals, the cost table, label/value cells).
    """
    found: list[Block] = []
    for block in blocks:
        replaced = _unboxed(block, matcher) if isinstance(block, Table) and depth < 3 else None
        if replaced is None:
            found.append(block)
        else:
            found.extend(unbox(replaced, matcher, depth + 1))
    return found


def _unboxed(table: Table, matcher: HeadingMatcher) -> list[Block] | None:
    headings = {}
    for index, row in enumerate(table.rows):
        column = _heading_cell(row, matcher)
        if column is not None:
            headings[index] = column
    if not headings:
        return None
    if len(headings) == 1:
        [(index, column)] = headings.items()
        if index != 0 or len(_other_cells(table.rows[0], column)) >= 2:
            return None
    found: list[Block] = []
    pending: list[list[Cell]] = []
    for index, row in enumerate(table.rows):
        column = headings.get(index)
        if column is not None and len(_other_cells(row, column)) < 2:
            found.extend(_table_of(pending))
            found.extend(row[column].blocks)
            for cell in _other_cells(row, column):
                found.extend(cell.blocks)
        elif column is None and len(row) == 1 and not _titles_table(table, index, headings):
            found.extend(_table_of(pending))
            found.extend(row[0].blocks)
        else:
            if column is not None or _new_shape(pending, row):
                found.extend(_table_of(pending))  # a heading fused with labels, or new columns
            pending.append(row)
    found.extend(_table_of(pending))
    return found


def _new_shape(pending: list[list[Cell]], row: list[Cell]) -> bool:
    """A row with other cells than the table's settled rows belongs to another table.

    "Settled": the last two rows have the same cells, so a title row or a two-row
    header with merged group cells above a table does not split it.
    """
    if len(pending) < 2 or len(pending[-1]) != len(pending[-2]):
        return False
    return len(row) != len(pending[-1])


def _titles_table(table: Table, index: int, headings: dict[int, int]) -> bool:
    """A merged row right above a table's rows is that table's title ("Ekonomisk
    redovisning 2023" over the cost table), not a paragraph of the section."""
    following = index + 1
    if following >= len(table.rows) or following in headings or len(table.rows[following]) < 2:
        return False
    title = table.rows[index][0].text
    return "\n" not in title and len(title) <= _TITLE_LENGTH


def _table_of(rows: list[list[Cell]]) -> list[Block]:
    """The rows collected so far as one table (and the list emptied)."""
    if not rows:
        return []
    table = Table(list(rows))
    rows.clear()
    return [table]


def _other_cells(row: list[Cell], column: int) -> list[Cell]:
    return [c for i, c in enumerate(row) if i != column and c.text and not c.merged_from_above]


def _heading_cell(row: list[Cell], matcher: HeadingMatcher) -> int | None:
    """The position of the row's first filled cell if it begins with a section heading."""
    for index, cell in enumerate(row):
        if cell.merged_from_above:
            continue
        first = next((p for p in cell.paras if p.text.strip()), None)
        if first is None:
            continue
        text = first.text.strip()
        heading_style = first.style.heading_level is not None
        if not heading_style and not matcher.may_start_heading(text):
            return None
        found = matcher.match(
            text, seen=set(), heading_style=heading_style, bold=first.bold or first.numbered
        )
        return index if found is not None else None
    return None


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
