"""Read a generated .docx back as normalized text lines, for assertions and golden files.

docx bytes are never stable (zip timestamps, rsids), so tests compare what a
reader sees: body paragraphs with their style, table rows as `|`-joined cells,
and the page header.
"""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.document import Document as DocumentObject
from docx.table import Table
from docx.text.paragraph import Paragraph


def open_docx(path: Path) -> DocumentObject:
    return Document(str(path))


def body_items(document: DocumentObject) -> list[Paragraph | Table]:
    """Paragraphs and tables in document order."""
    items: list[Paragraph | Table] = []
    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            items.append(Paragraph(child, document))
        elif tag == "tbl":
            items.append(Table(child, document))
    return items


def headings(document: DocumentObject) -> list[tuple[str, str]]:
    """(style name, text) of every heading paragraph, including those inside table cells."""
    found: list[tuple[str, str]] = []
    for item in body_items(document):
        paragraphs = (
            [p for row in item.rows for cell in row.cells for p in cell.paragraphs]
            if isinstance(item, Table)
            else [item]
        )
        for paragraph in paragraphs:
            style = paragraph.style.name if paragraph.style is not None else ""
            if style.startswith("Heading"):
                found.append((style, paragraph.text))
    return found


def normalized_lines(path: Path) -> list[str]:
    """The document as text lines: `[Style] text` for paragraphs, `| a | b |` for table rows."""
    document = open_docx(path)
    lines = [f"[Sidhuvud] {p.text}" for p in document.sections[0].header.paragraphs if p.text]
    for item in body_items(document):
        if isinstance(item, Table):
            for row in item.rows:
                cells = []
                for cell in row.cells:
                    cells.append(" / ".join(p.text for p in cell.paragraphs if p.text))
                lines.append("| " + " | ".join(cells) + " |")
        elif item.text.strip():
            style = item.style.name if item.style is not None else ""
            lines.append(f"[{style}] {item.text}")
    return [line.replace("\u00a0", "~") for line in lines]


def economy_table(document: DocumentObject) -> Table:
    for item in body_items(document):
        if isinstance(item, Table) and item.rows[0].cells[0].text.startswith("Kostnad"):
            return item
    raise AssertionError("ingen ekonomitabell i dokumentet")
