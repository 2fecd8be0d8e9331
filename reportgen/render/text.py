"""Owner-written text -> Word paragraphs.

Owners write insats.yaml in a text editor: a blank line separates paragraphs
and lines starting with "- " are bullet points, as in an e-mail. Inside one
paragraph, single line breaks are only editor wrapping and are joined, so a
paragraph reflows naturally in Word. Text is escaped by docxtpl's RichText,
so `<`, `&` and `{{` appear exactly as typed and are never executed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from docxtpl import RichText, RichTextParagraph

BULLET_STYLE = "ListBullet"
_BULLET = re.compile(r"^\s*(?:[-*•–])\s+(.*)$")


@dataclass(frozen=True)
class Block:
    """A paragraph of prose or one bullet point."""

    text: str
    bullet: bool


def blocks(text: str | None) -> list[Block]:
    if not text or not text.strip():
        return []
    result: list[Block] = []
    prose: list[str] = []

    def flush() -> None:
        if prose:
            result.append(Block(" ".join(prose), bullet=False))
            prose.clear()

    for raw_line in text.replace("\r\n", "\n").split("\n"):
        line = raw_line.strip()
        if not line:
            flush()
            continue
        match = _BULLET.match(raw_line)
        if match:
            flush()
            result.append(Block(match.group(1).strip(), bullet=True))
        elif result and result[-1].bullet and not prose and raw_line[:1].isspace():
            # an indented continuation of the previous bullet point
            last = result.pop()
            result.append(Block(f"{last.text} {line}", bullet=True))
        else:
            prose.append(line)
    flush()
    return result


def paragraphs(text: str | None) -> RichTextParagraph:
    """Whole Word paragraphs for a `{{p ...}}` placeholder; empty text gives one empty line."""
    rich = RichTextParagraph()
    found = blocks(text)
    if not found:
        rich.add(RichText(""))
        return rich
    # docxtpl's add() appends to one string (`self.xml += ...`), which is quadratic
    # in the number of blocks; each block is made on its own and joined once.
    pieces = []
    for block in found:
        one = RichTextParagraph()
        one.add(RichText(block.text), parastyle=BULLET_STYLE if block.bullet else None)
        pieces.append(one.xml)
    rich.xml = "".join(pieces)
    return rich


def cell_text(text: str | None, *, italic: bool = False, prefix: str = "") -> RichText:
    """Text inside a table cell (`{{r ...}}`): paragraphs become new paragraphs, bullets "•"."""
    rich = RichText()
    pieces = []
    for index, block in enumerate(blocks(text)):
        piece = f"• {block.text}" if block.bullet else block.text
        # the first block carries the prefix; later bullets go on a new line,
        # later prose in a new paragraph
        separator = prefix if index == 0 else ("\n" if block.bullet else "\a")
        one = RichText()
        one.add(separator + piece, italic=italic)
        pieces.append(one.xml)  # joined once: RichText.add alone is quadratic
    rich.xml = "".join(pieces)
    return rich
