"""Free text in a submitted report: a section's answer, as insats.yaml would hold it.

A section's answer is its paragraphs, without the template's sub-question and
instruction, captions and the tables they caption; list items become "- …"
lines and paragraphs are separated by a blank line.
"""

from __future__ import annotations

from collections.abc import Iterable

from reportgen.sources.docx.blocks import Para, Table
from reportgen.sources.docx.headings import HeadingMatcher, is_rule_line, strip_phrases
from reportgen.sources.docx.layout import Part

# Paragraph styles that caption or annotate a table or chart (Word's own "Caption"
# and reportgen's template styles): never part of a section's answer.
CAPTION_STYLES = frozenset({"caption", "bildtext", "tabellrubrik", "tabellnot", "beskrivning"})
_CAPTION_REACH = 2  # a caption, at most one introductory paragraph, then its table


def section_text(part: Part, matcher: HeadingMatcher) -> str:
    """A section's answer: its paragraphs, without the sub-question and template text.

    Tables and captions are left out (reportgen's own statistics tables under
    4.4, a staffing table under 4.2), unless a table is the only answer given.
    """
    pieces = paragraph_pieces(part)
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


def paragraph_pieces(part: Part) -> list[tuple[bool, str]]:
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
