"""Owner-written text -> Word paragraphs, with the small Markdown subset owners use.

Owners write insats.yaml in a text editor or paste from Word. What they write
and what the report shows (README, "Text i insats.yaml"):

* a blank line separates paragraphs;
* lines starting with `- `, `* `, `•` or `–` are bullet points; lines starting
  with `1.`, `2.` or `1)` are a numbered list, numbered as the owner numbered
  it (the number is printed, with a hanging indent, so "5." stays "5.");
* lines starting with `> ` are a quotation: an indented, italic paragraph;
* `*kursiv*` and `**fet**` are italic and bold (render/inline.py);
* inside a paragraph, a single line break is kept where the owner clearly
  lists things: after a line ending in `:` (or two spaces), or after a short
  line (under 60 characters) when the next begins with a capital letter or a
  digit. Any other single line break is editor wrapping and is joined, so the
  paragraph reflows in Word.

Every character is XML-escaped when the paragraph is written, so `<`, `&` and
`{{` appear exactly as typed and are never executed. Each paragraph's XML is
made on its own and all are joined once, so the work is linear in the text.
"""

from __future__ import annotations

import re
from html import escape
from itertools import pairwise
from typing import NamedTuple

from reportgen.render.inline import Run, runs
from reportgen.render.richtext import RichText, RichTextParagraph

BULLET_STYLE = "ListBullet"
NUMBER_STYLE = "Numreradlista"  # style "Numrerad lista" in the template
QUOTE_STYLE = "Citat"
SHORT_LINE = 60
"""A line shorter than this, followed by one starting with a capital or a digit, is a line
of its own (a list of names, questions, figures); editor wrapping makes longer lines."""

_BULLET = re.compile(r"^\s*[-*•–]\s+(.*)$")
_NUMBER = re.compile(r"^\s*(\d{1,3}[.)])\s+(.*)$")
_QUOTE = re.compile(r"^\s*>\s?(.*)$")


class Block(NamedTuple):  # not a frozen dataclass: ~0.5 ms less at start-up
    """One Word paragraph: prose, a bullet point, a numbered item or a quotation.

    `text` keeps the owner's markers (`*kursiv*`) and the line breaks that are
    kept ("\\n"); `label` is a numbered item's own number ("1.", "2)").
    """

    text: str
    kind: str = "prose"  # prose | bullet | number | quote
    label: str = ""

    @property
    def bullet(self) -> bool:
        return self.kind == "bullet"


def blocks(text: str | None) -> list[Block]:
    if not text or not text.strip():
        return []
    result: list[Block] = []
    lines: list[str] = []  # the open prose or quotation paragraph
    open_kind = "prose"

    def flush() -> None:
        if lines:
            result.append(Block(_joined(lines), open_kind))
            lines.clear()

    for raw_line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = raw_line.strip()
        if not line:
            flush()
            continue
        quote = _QUOTE.match(raw_line)
        if quote:
            if open_kind != "quote":
                flush()
                open_kind = "quote"
            if quote.group(1).strip():
                lines.append(quote.group(1).rstrip("\n"))
            else:
                flush()  # a bare ">" separates two quoted paragraphs
            continue
        bullet = _BULLET.match(raw_line)
        number = None if bullet else _NUMBER.match(raw_line)
        if bullet or number:
            flush()
            if bullet:
                result.append(Block(bullet.group(1).strip(), "bullet"))
            elif number:
                result.append(Block(number.group(2).strip(), "number", number.group(1)))
            continue
        listed = result and result[-1].kind in ("bullet", "number") and not lines
        if listed and raw_line[:1].isspace():
            # an indented continuation of the previous item
            last = result.pop()
            result.append(Block(f"{last.text} {line}", last.kind, last.label))
            continue
        if open_kind != "prose":
            flush()
            open_kind = "prose"
        lines.append(raw_line.rstrip("\n"))
    flush()
    return result


def _joined(lines: list[str]) -> str:
    """A paragraph's lines: joined with a space, or kept apart where the owner lists things."""
    pieces = [lines[0].strip()]
    for previous, line in pairwise(lines):
        pieces.append("\n" if _keeps_break(previous, line.strip()) else " ")
        pieces.append(line.strip())
    return "".join(pieces)


def _keeps_break(previous: str, line: str) -> bool:
    if previous.endswith("  "):
        return True  # Markdown's hard line break
    previous = previous.strip()
    if previous.endswith(":"):
        return True
    first = line.lstrip("*\"'»”(")[:1]
    return len(previous) < SHORT_LINE and (first.isupper() or first.isdigit())


# ----------------------------------------------------------------- Word XML


def paragraphs(text: str | None) -> RichTextParagraph:
    """Whole Word paragraphs for a `{{p ...}}` placeholder; empty text gives one empty line."""
    rich = RichTextParagraph()
    found = blocks(text)
    if not found:
        rich.add(RichText(""))
        return rich
    rich.xml = "".join(_paragraph_xml(block) for block in found)
    return rich


_STYLES = {"bullet": BULLET_STYLE, "number": NUMBER_STYLE, "quote": QUOTE_STYLE}


def _paragraph_xml(block: Block) -> str:
    style = _STYLES.get(block.kind)
    label = f"{run_xml(Run(block.label))}<w:r><w:tab/></w:r>" if block.label else ""
    body = "".join(run_xml(run) for run in runs(block.text, italic=block.kind == "quote"))
    return paragraph_xml(label + body, style)


def paragraph_xml(runs_xml: str, style: str | None = None) -> str:
    """A `w:p` with the given runs, in the style with that id (Word's default without)."""
    properties = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
    return f"<w:p>{properties}{runs_xml}</w:p>"


def run_xml(run: Run) -> str:
    """One run, escaped; a kept line break becomes Word's line break (`w:br`), a tab `w:tab`."""
    properties = ("<w:b/>" if run.bold else "") + ("<w:i/>" if run.italic else "")
    head = f"<w:r><w:rPr>{properties}</w:rPr>" if properties else "<w:r>"
    text = escape(run.text, quote=False)
    if "\n" in text or "\t" in text:
        text = text.replace("\n", _BREAK).replace("\t", _TAB)
    return f'{head}<w:t xml:space="preserve">{text}</w:t></w:r>'


_BREAK = '</w:t><w:br/><w:t xml:space="preserve">'
_TAB = '</w:t><w:tab/><w:t xml:space="preserve">'


def cell_text(text: str | None, *, italic: bool = False, prefix: str = "") -> RichText:
    """Text inside a table cell (`{{r ...}}`): paragraphs become new paragraphs, bullets "•",
    numbered items keep their number, each on a line of its own."""
    rich = RichText()
    pieces = []
    for index, block in enumerate(blocks(text)):
        lead = {"bullet": "• ", "number": f"{block.label} "}.get(block.kind, "")
        listed = block.kind in ("bullet", "number")
        # the first block carries the prefix; later list items go on a new line,
        # later prose in a new paragraph
        separator = prefix if index == 0 else ("\n" if listed else "\a")
        one = RichText()
        if separator or lead:
            one.add(separator + lead, italic=italic)
        for run in runs(block.text, italic=italic or block.kind == "quote"):
            one.add(run.text, bold=run.bold, italic=run.italic)
        pieces.append(one.xml)  # joined once: RichText.add alone is quadratic
    rich.xml = "".join(pieces)
    return rich
