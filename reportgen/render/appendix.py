"""Appendices (`bilagor`) after the last section: heading, owner text, and a Word file's body.

Real reports end with "Bilaga 1 …": a summary of free-text answers, an
evaluation. Each appendix starts on a new page under "Bilaga N. <rubrik>" (the
word the Word reader stops at), then its `text` (the same Markdown subset as
every text), then the body of its `fil`, a .docx in the intervention's folder.

The file is untrusted like every input: only a name inside the folder is
opened (no absolute path, `..` or link out of it), only a regular .docx of at
most `MAX_APPENDIX_BYTES` that passes the zip checks, and only `MAX_ITEMS`
paragraphs and table cells of it are taken. Nothing of its XML is copied: its
paragraphs (headings, list items, bold and italic) and tables (cell text) are
written anew in the report's own styles and escaped, so a field, a link, an
embedded object or a macro cannot travel along. Pictures are not taken; each
is replaced by a note, and `appendix_findings` warns about them.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reportgen.codes import finding
from reportgen.errors import InputError
from reportgen.files import InputFileError, check_input, input_inside, read_input
from reportgen.findings import Finding, Severity
from reportgen.formatting import printable
from reportgen.model import Appendix, Report
from reportgen.personnummer import find_personnummer
from reportgen.render.inline import Run
from reportgen.render.text import BULLET_STYLE, NUMBER_STYLE, paragraph_xml, paragraphs, run_xml

MAX_APPENDIX_BYTES = 10 * 1024 * 1024
MAX_ITEMS = 5_000  # paragraphs and table cells
HEADING_STYLE = "Heading2"
TABLE_WIDTH = 9072  # twips: the 16 cm text width
PICTURE_NOTE = "[Bild i bilagan som inte visas här]"

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_PICTURES = (f"{_W}drawing", f"{_W}pict", f"{_W}object")


@dataclass
class AppendixBody:
    """What one appendix file gave: the body's XML (None if unreadable) and its findings."""

    xml: str | None
    findings: list[Finding] = field(default_factory=list)


def heading_of(appendix: Appendix, number: int) -> str:
    """ "Bilaga 1. Sammanfattning av fritextsvar"; a heading that starts with "Bilaga" is kept."""
    heading = " ".join((appendix.heading or "").split())
    if heading.casefold().startswith("bilaga"):
        return heading
    return f"Bilaga {number}. {heading}" if heading else f"Bilaga {number}"


def appendix_blocks(report: Report, folder: Path | None) -> list[dict[str, Any]]:
    """The template's `bilagor`: `rubrik`, `text` and `innehall` (the file's body) each."""
    blocks = []
    for number, appendix in enumerate(report.appendices, start=1):
        content = None
        if appendix.file and appendix.file.strip():
            body = read_appendix(report, number, folder) if folder is not None else None
            xml = body.xml if body is not None else None
            if xml is None:
                name = printable(appendix.file.strip(), 100)
                xml = _note(f"[Filen {name} kunde inte läggas in; se reportgen check.]")
            content = _Xml(xml)
        blocks.append(
            {
                "rubrik": heading_of(appendix, number),
                "text": paragraphs(appendix.text) if appendix.text else None,
                "innehall": content,
            }
        )
    return blocks


def appendix_findings(report: Report, folder: Path) -> list[Finding]:
    """What is wrong with the appendices' files: unreadable, outside the folder, too large,
    pictures left out, a personnummer in the text. For `reportgen check` (at load time)."""
    found: list[Finding] = []
    for number, appendix in enumerate(report.appendices, start=1):
        if appendix.file and appendix.file.strip():
            found.extend(read_appendix(report, number, folder).findings)
    return found


def read_appendix(report: Report, number: int, folder: Path) -> AppendixBody:
    """Read appendix `number`'s file (1-based) from `folder`, bounded; never raises."""
    appendix = report.appendices[number - 1]
    name = (appendix.file or "").strip()
    where = report.locations.at(f"bilagor[{number}].fil")
    shown = printable(name, 100)
    try:
        path = input_inside(folder, name)
        if path.suffix.lower() != ".docx":
            raise InputFileError(
                "F002",
                f"Bilagan '{shown}' är ingen Word-fil (.docx). Spara den som .docx i Word, "
                "eller skriv bilagans innehåll under 'text'.",
            )
        check_input(path, max_bytes=MAX_APPENDIX_BYTES)
        from reportgen.sources.ooxml import check_office_file

        check_office_file(path, shown)
        data = read_input(path, max_bytes=MAX_APPENDIX_BYTES)
    except InputFileError as exc:
        return AppendixBody(None, [finding(exc.code, exc.message, where)])
    except InputError as exc:  # the zip checks: not a Word file, encrypted, a zip bomb
        first = exc.findings[0] if exc.findings else None
        code, message = (first.code, first.message) if first else ("F001", exc.message)
        return AppendixBody(None, [finding(code, f"Bilagan '{shown}': {message}", where)])
    try:
        converted = _Converter().convert(data)
    except _TooLong:
        message = (
            f"Bilagan '{shown}' har fler än {MAX_ITEMS} stycken och tabellceller. Korta den "
            "eller dela upp den på flera bilagor."
        )
        return AppendixBody(None, [finding("F001", message, where)])
    except Exception as exc:  # a damaged document may break the Word parser anywhere
        message = (
            f"Bilagan '{shown}' kunde inte läsas som Word-dokument ({type(exc).__name__}). "
            "Öppna den i Word och spara den igen som .docx."
        )
        return AppendixBody(None, [finding("F002", message, where)])
    xml, text, pictures = converted
    findings = []
    if pictures:
        findings.append(
            finding(
                "F002",
                f"Bilagan '{shown}' innehåller {pictures} "
                f"{'bild' if pictures == 1 else 'bilder'} som inte tas med i rapporten (bara "
                "text och tabeller läses in). Beskriv bilden i texten eller skicka den separat.",
                where,
                severity=Severity.VARNING,
            )
        )
    if any(True for _ in find_personnummer(text)):
        findings.append(
            finding(
                "D006",
                f"Bilagan '{shown}' innehåller något som liknar ett personnummer (ÅÅMMDD-XXXX). "
                "Personuppgifter hör inte hemma i rapporten: ta bort numret ur filen.",
                where,
            )
        )
    return AppendixBody(xml, findings)


class _Xml:
    """Ready Word XML for a `{{p … }}` placeholder (escaped when it was made)."""

    def __init__(self, xml: str) -> None:
        self.xml = xml

    def __str__(self) -> str:
        return self.xml

    def __html__(self) -> str:
        return self.xml


def _note(text: str) -> str:
    return paragraph_xml(run_xml(Run(text, italic=True)))


class _TooLong(Exception):
    pass


class _Converter:
    """A .docx body -> paragraphs and tables in the report's styles, with the text read."""

    def __init__(self) -> None:
        self.items = 0
        self.pictures = 0
        self.texts: list[str] = []
        self.number = 0  # the running number of a numbered list

    def convert(self, data: bytes) -> tuple[str, str, int]:
        from docx import Document

        document = Document(io.BytesIO(data))
        pieces = [self._element(child, document) for child in _body_children(document)]
        return "".join(pieces), "\n".join(self.texts), self.pictures

    def _count(self) -> None:
        self.items += 1
        if self.items > MAX_ITEMS:
            raise _TooLong

    def _element(self, element: Any, document: Any) -> str:
        if element.tag == f"{_W}p":
            from docx.text.paragraph import Paragraph

            return self._paragraph(Paragraph(element, document.part))
        if element.tag == f"{_W}tbl":
            return self._table(element)
        return ""

    def _paragraph(self, paragraph: Any) -> str:
        self._count()
        style = _style_name(paragraph)
        pictures = sum(1 for e in paragraph._p.iter(*_PICTURES))
        self.pictures += pictures
        runs = _runs(paragraph)
        text = "".join(run.text for run in runs)
        self.texts.append(text)
        notes = "".join(_note(PICTURE_NOTE) for _ in range(pictures))
        if not text.strip():
            self.number = 0
            return notes
        numbered = "number" in style or "numrerad" in style
        listed = (
            numbered
            or style.startswith("list")
            or (paragraph._p.pPr is not None and (paragraph._p.pPr.numPr is not None))
        )
        self.number = self.number + 1 if numbered else 0
        body = "".join(run_xml(run) for run in runs)
        if style.startswith(("heading", "rubrik", "title")):
            return paragraph_xml(body, HEADING_STYLE) + notes
        if numbered:
            label = run_xml(Run(f"{self.number}.")) + "<w:r><w:tab/></w:r>"
            return paragraph_xml(label + body, NUMBER_STYLE) + notes
        return paragraph_xml(body, BULLET_STYLE if listed else None) + notes

    def _table(self, table: Any) -> str:
        rows = []
        for tr in table.iterchildren(f"{_W}tr"):
            cells = []
            for tc in tr.iterchildren(f"{_W}tc"):
                self._count()
                lines = ["".join(t.text or "" for t in p.iter(f"{_W}t")) for p in tc.iter(f"{_W}p")]
                text = "\n".join(line for line in lines if line.strip())
                self.texts.append(text)
                cells.append(text)
            rows.append(cells)
        width = max((len(r) for r in rows), default=0)
        if not width:
            return ""
        column = TABLE_WIDTH // width
        grid = "".join(f'<w:gridCol w:w="{column}"/>' for _ in range(width))
        body = "".join(
            "<w:tr>"
            + "".join(
                f'<w:tc><w:tcPr><w:tcW w:w="{column}" w:type="dxa"/></w:tcPr>'
                f"{paragraph_xml(run_xml(Run(text)))}</w:tc>"
                for text in [*cells, *[""] * (width - len(cells))]
            )
            + "</w:tr>"
            for cells in rows
        )
        return (
            '<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/>'
            f'<w:tblW w:w="{TABLE_WIDTH}" w:type="dxa"/><w:tblLayout w:type="fixed"/></w:tblPr>'
            f"<w:tblGrid>{grid}</w:tblGrid>{body}</w:tbl>{paragraph_xml('')}"
        )


def _body_children(document: Any) -> list[Any]:
    """The body's paragraphs and tables, content controls unwrapped; the section end left out."""
    found: list[Any] = []
    for child in document.element.body.iterchildren():
        if child.tag == f"{_W}sdt":
            content = child.find(f"{_W}sdtContent")
            found.extend(content.iterchildren() if content is not None else ())
        elif child.tag in (f"{_W}p", f"{_W}tbl"):
            found.append(child)
    return found


def _style_name(paragraph: Any) -> str:
    try:
        style = paragraph.style
    except (KeyError, ValueError):
        return ""
    return (style.name or "").casefold() if style is not None else ""


def _runs(paragraph: Any) -> list[Run]:
    """The paragraph's text as runs with their own bold and italic (links as plain text)."""
    found = []
    for item in paragraph.iter_inner_content():
        text = item.text or ""
        if not text:
            continue
        bold = bool(getattr(item, "bold", False))
        italic = bool(getattr(item, "italic", False))
        found.append(Run(text, bold=bold, italic=italic))
    return found
