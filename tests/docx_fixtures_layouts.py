"""The layouts and habits of issue 12, for tests/docx_fixtures.py's `HandFilled`.

Municipal templates put the whole report in one big table, or each section in a
box of its own; owners type headings bold through a character style or let
Word number them; cost tables get a merged title row or a two-row header;
section 1 is typed with Shift+Enter; a signature is a picture, or the whole
signature page a scan; Word templates carry content controls that still show
their prompt. Everything here is written with python-docx (and raw WordprocessingML
where python-docx has no API), never with reportgen.
"""

from __future__ import annotations

import struct
import zlib
from io import BytesIO
from typing import Any

from docx.document import Document as DocumentObject
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm

from tests.docx_fixtures import (
    ECONOMY_INSTRUCTION,
    HandFilled,
    answer_text,
    contact_lines,
    goal_rows,
    set_cell,
)

SECTION_ONE_LABELS = ("Insatsens namn:", "Tidsperiod:", "Beviljat medel:")
TEXT_GROUPS = {"3": ("3.1", "3.2", "3.3"), "5": ("5.1", "5.2", "5.3", "5.4", "5.5")}
WORD_PROMPT = "Klicka eller tryck här för att ange text."
DATE_PROMPT = "Klicka eller tryck för att ange ett datum."
_NUMBERING_ID = "90"


# ----------------------------------------------------------------- small pieces


def png(width: int = 120, height: int = 40) -> BytesIO:
    """A small grey PNG: a signature or a scanned page, as far as Word is concerned."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    raw = b"".join(b"\x00" + b"\x80" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    data = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw))
    return BytesIO(data + chunk(b"IEND", b""))


def section_one_values(spec: HandFilled) -> list[tuple[str, str]]:
    return list(zip(SECTION_ONE_LABELS, (spec.name, spec.period, spec.granted), strict=True))


def numbered_heading(paragraph: Any, text: str, level: int) -> None:
    """A heading numbered by Word's list numbering: the number is not in the text."""
    numbering = paragraph.part.numbering_part.element
    if numbering.find(f"{qn('w:num')}[@{qn('w:numId')}='{_NUMBERING_ID}']") is None:
        levels = "".join(
            f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
            f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/></w:lvl>'
            for i, text in enumerate(("%1.", "%1.%2"))
        )
        abstract = parse_xml(
            f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{_NUMBERING_ID}">'
            f'<w:multiLevelType w:val="multilevel"/>{levels}</w:abstractNum>'
        )
        first_num = numbering.find(qn("w:num"))
        if first_num is not None:
            first_num.addprevious(abstract)
        else:
            numbering.append(abstract)
        numbering.append(
            parse_xml(
                f'<w:num {nsdecls("w")} w:numId="{_NUMBERING_ID}">'
                f'<w:abstractNumId w:val="{_NUMBERING_ID}"/></w:num>'
            )
        )
    paragraph.style = "List Paragraph"
    paragraph._p.get_or_add_pPr().append(
        parse_xml(
            f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level - 1}"/>'
            f'<w:numId w:val="{_NUMBERING_ID}"/></w:numPr>'
        )
    )
    paragraph.add_run(text)


def _control(content: str, *, placeholder: bool, inline: bool, date: bool = False) -> str:
    """A content control (w:sdt) around a run or paragraph, filled or showing its prompt."""
    pr = "<w:showingPlcHdr/>" if placeholder else ""
    pr += (
        '<w:date><w:dateFormat w:val="yyyy-MM-dd"/><w:lid w:val="sv-SE"/></w:date>' if date else ""
    )
    style = '<w:rPr><w:rStyle w:val="PlaceholderText"/></w:rPr>' if placeholder else ""
    run = f'<w:r>{style}<w:t xml:space="preserve">{content}</w:t></w:r>'
    body = run if inline else f"<w:p>{run}</w:p>"
    return (
        f"<w:sdt {nsdecls('w')}><w:sdtPr>{pr}<w:placeholder><w:docPart "
        f'w:val="DefaultPlaceholder_-1854013440"/></w:placeholder></w:sdtPr>'
        f"<w:sdtContent>{body}</w:sdtContent></w:sdt>"
    )


def _ensure_placeholder_style(doc: DocumentObject) -> None:
    names = {s.name for s in doc.styles}
    if "Placeholder Text" not in names:
        style = doc.styles.add_style("Placeholder Text", WD_STYLE_TYPE.CHARACTER)
        style.element.set(qn("w:styleId"), "PlaceholderText")


def labelled_control(doc: DocumentObject, label: str, value: str, prompt: str | None) -> None:
    """`Label: [content control]`, filled with `value` or showing `prompt`."""
    _ensure_placeholder_style(doc)
    paragraph = doc.add_paragraph(f"{label} ")
    shown = prompt if prompt is not None else value
    date = prompt == DATE_PROMPT
    paragraph._p.append(
        parse_xml(_control(shown, placeholder=prompt is not None, inline=True, date=date))
    )


def placeholder_paragraph(doc: DocumentObject, prompt: str) -> None:
    """A block-level content control still showing its prompt (nothing was typed)."""
    _ensure_placeholder_style(doc)
    doc.element.body.append(parse_xml(_control(prompt, placeholder=True, inline=False)))
    doc.element.body.append(doc.element.body[-2])  # keep w:sectPr last


def control_paragraphs(doc: DocumentObject, text: str) -> None:
    """Each paragraph of `text` in a filled block-level content control."""
    for block in text.split("\n\n") if text else [""]:
        doc.element.body.append(parse_xml(_control(block, placeholder=False, inline=False)))
        doc.element.body.append(doc.element.body[-2])


# ----------------------------------------------------------------- section 1


def section_one(doc: DocumentObject, spec: HandFilled) -> None:
    values = section_one_values(spec)
    if spec.section1 == "soft_breaks":  # Shift+Enter: one paragraph, three lines
        paragraph = doc.add_paragraph()
        for index, (label, value) in enumerate(values):
            run = paragraph.add_run(f"{label} {value}".rstrip())
            if index < len(values) - 1:
                run.add_break()
    elif spec.section1 == "cells_under":  # labels in one row, values in the cells under them
        table = doc.add_table(rows=2, cols=3)
        table.style = doc.styles["Table Grid"]
        for column, (label, value) in enumerate(values):
            table.cell(0, column).text = label.rstrip(":")
            table.cell(1, column).text = value
    else:
        for label, value in values:
            prompt = spec.placeholders.get(f"1 {label}")
            if spec.controls or prompt is not None:
                labelled_control(doc, label, value, prompt)
            else:
                doc.add_paragraph(f"{label} {value}".rstrip())


# ----------------------------------------------------------------- section 6


def cost_rows(spec: HandFilled) -> tuple[list[list[str]], list[tuple[int, int, int]]]:
    """The economy table's rows, and its merged cells as (row, first column, last column)."""
    rows = [list(r) for r in spec.cost_rows]
    if spec.total is not None:
        rows.append(list(spec.total))
    header = list(spec.cost_header)
    if spec.cost_layout == "title_row":
        return [["Ekonomisk redovisning för perioden", "", ""], header, *rows], [(0, 0, 2)]
    if spec.cost_layout == "two_row_header":
        group = [header[0], "Kostnader 2023 (kr)", ""]
        return [group, ["", header[1], header[2]], *rows], [(0, 1, 2)]
    return [header, *rows], []


def fill(
    table: Any, rows: list[list[str]], merges: list[tuple[int, int, int]], top: int = 0
) -> None:
    for offset, values in enumerate(rows):
        for column, value in enumerate(values):
            if value:
                set_cell(table.cell(top + offset, column), value)
    for row, first, last in merges:
        table.cell(top + row, first).merge(table.cell(top + row, last))


def cost_table(doc: DocumentObject, spec: HandFilled) -> None:
    rows, merges = cost_rows(spec)
    table = doc.add_table(rows=len(rows), cols=3)
    table.style = doc.styles["Table Grid"]
    fill(table, rows, merges)


# ----------------------------------------------------------------- section 7


def signature(doc: DocumentObject, spec: HandFilled) -> None:
    if spec.signature_image in ("scanned", "scanned_only"):
        doc.add_paragraph().add_run().add_picture(png(600, 800), width=Cm(15))
        return
    if spec.signature_image == "in_cell":
        table = doc.add_table(rows=3, cols=2)
        table.style = doc.styles["Table Grid"]
        for row, line in enumerate(spec.signature[:2]):
            label, _, value = line.partition(": ")
            table.cell(row, 0).text = label + ":"
            table.cell(row, 1).text = value
        table.cell(2, 0).text = "Underskrift"
        table.cell(2, 1).paragraphs[0].add_run().add_picture(png(), width=Cm(4))
        return
    if "7" in spec.placeholders:
        labelled_control(doc, "Organisation:", "", WORD_PROMPT)
        labelled_control(doc, "Ort och datum:", "", DATE_PROMPT)
        labelled_control(doc, "Underskrift:", "", spec.placeholders["7"])
        return
    for line in spec.signature:
        if spec.signature_image == "on_line" and line.startswith("Underskrift"):
            paragraph = doc.add_paragraph("Underskrift: ")
            paragraph.add_run().add_picture(png(), width=Cm(4))
        elif spec.signature_image == "on_line" and not line.startswith(("Organisation", "Ort")):
            continue  # the picture is the name
        else:
            doc.add_paragraph(line)


# ----------------------------------------------------------------- the report in tables


def write_tables(doc: DocumentObject, spec: HandFilled) -> None:
    """Sections 1–7 in one big table ("one_table") or each in its own box ("boxed")."""
    rows: list[tuple[str, list[list[str]], list[tuple[int, int, int]]]] = []
    for section_id, section_rows, merges in _sections(spec):
        rows.append((section_id, section_rows, merges))
    if spec.layout == "one_table":
        count = sum(len(r) for _, r, _ in rows)
        table = doc.add_table(rows=count, cols=3)
        table.style = doc.styles["Table Grid"]
        top = 0
        for _, section_rows, merges in rows:
            _fill_section(table, section_rows, merges, top)
            top += len(section_rows)
        return
    for section_id, section_rows, merges in rows:
        if len(section_rows) == 1 and section_id in ("3", "4", "5"):
            doc.add_paragraph(section_rows[0][0], style="Heading 1")
            continue
        table = doc.add_table(rows=len(section_rows), cols=3)
        table.style = doc.styles["Table Grid"]
        _fill_section(table, section_rows, merges, 0)
        doc.add_paragraph("")


def _fill_section(
    table: Any, rows: list[list[str]], merges: list[tuple[int, int, int]], top: int
) -> None:
    """Rows of three cells; a row of one text is merged over the table's width."""
    spans = list(merges)
    for index, values in enumerate(rows):
        if len(values) == 1:
            spans.append((index, 0, 2))
        elif len(values) == 2:
            spans.append((index, 1, 2))
    fill(table, [_three(v) for v in rows], spans, top)


def _three(values: list[str]) -> list[str]:
    if len(values) == 2:
        return [values[0], values[1], ""]
    return values + [""] * (3 - len(values))


def _sections(spec: HandFilled) -> list[tuple[str, list[list[str]], list[tuple[int, int, int]]]]:
    """Each section as rows: the heading alone, or beside its answer, then its content."""
    found: list[tuple[str, list[list[str]], list[tuple[int, int, int]]]] = []
    one = [[spec.heading("1") or ""]]
    one += [[label, value] for label, value in section_one_values(spec)]
    found.append(("1", one, []))
    two = [[spec.heading("2") or ""], *([label, value] for label, value in contact_lines(spec))]
    found.append(("2", two, []))
    for group, members in (("3", TEXT_GROUPS["3"]), ("4", ()), ("5", TEXT_GROUPS["5"])):
        found.append((group, [[spec.heading(group) or ""]], []))
        if group == "4":
            found.append(("4.1", goal_rows(spec), []))
            members = ("4.2", "4.3", "4.4")
        for section_id in members:
            text = answer_text(spec, section_id)
            heading = spec.heading(section_id) or ""
            # the answer beside the heading in the big table; under it in a box
            if spec.layout == "one_table" and section_id != "4.4":
                found.append((section_id, [[heading, text]], []))
            else:
                found.append((section_id, [[heading], [text]], []))
    costs, merges = cost_rows(spec)
    six = [[spec.heading("6") or ""], [ECONOMY_INSTRUCTION], *costs, [spec.economy_comment]]
    found.append(("6", six, [(row + 2, a, b) for row, a, b in merges]))
    found.append(("7", [[spec.heading("7") or ""], *signature_rows(spec.signature)], []))
    return found


def signature_rows(lines: list[str]) -> list[list[str]]:
    """ "Organisation: X" -> [label, value]; a bare label takes the next line as its value."""
    rows: list[list[str]] = []
    index = 0
    while index < len(lines):
        label, colon, value = lines[index].partition(":")
        index += 1
        if not colon and index < len(lines) and ":" not in lines[index]:
            value = lines[index]
            index += 1
        rows.append([label.strip() + colon, value.strip()])
    return rows
