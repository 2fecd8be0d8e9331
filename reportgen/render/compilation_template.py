"""Builds the compilation template (`templates/<förbund>/uppfoljning.docx`).

The association office's follow-up memo (domain.md §7.1): title, summary and
six numbered tables. Like the report template it is an ordinary Word document
that staff can open and restyle; the section headings are plain text they may
reword, while table captions, column headings and every number come from the
compilation (reportgen/compilation.py), which the .xlsx is written from too –
so the two files can never label a table differently.

Each table is laid out here with fixed columns (`compilation.LAYOUTS` says how
many and of which kind) so that widths, alignment and merged header cells are
right, with one row variant per row kind: body, group ("Strukturinsatser"),
total ("Summa") and shares ("Fördelning kvinnor/män").

    python -m reportgen.render.compilation_template templates/sundsvall
"""

from __future__ import annotations

import sys
from pathlib import Path

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.table import Table, _Cell, _Row

from reportgen.compilation import LAYOUTS
from reportgen.render.template_builder import (
    DARK,
    chart_slot,
    page_footer,
    page_header,
    repeat_header,
    set_core_properties,
    setup_page_and_styles,
    shade_row,
    tag_paragraph,
)

TEMPLATE_NAME = "uppfoljning.docx"
MARGIN_CM = 2.0
CONTENT_WIDTH_CM = 21.0 - 2 * MARGIN_CM
TABLE_FONT_PT = 9
GROUP_FILL = "F3F5F9"
TOTAL_FILL = "E7ECF3"

# Column widths in cm per table; each row adds up to the content width (17 cm). They are
# measured for DejaVu Sans (LibreOffice's stand-in for Calibri), the widest likely font.
WIDTHS: dict[str, tuple[float, ...]] = {
    "t1": (4.7, 2.4, 2.4, 2.5, 5.0),
    "t2": (6.5, 2.1, 2.1, 2.1, 2.1, 2.1),
    "t3": (5.0, 2.5, 2.5, 2.5, 1.8, 2.7),
    "t4": (4.4, *(1.4,) * 9),
    "t5": (1.2, 8.2, 1.6, 1.6, 1.8, 2.6),
    "t6": (4.2, 2.2, 7.2, 1.2, 2.2),
}

# (section heading, the tables under it, a sub-heading before a table)
SECTIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Insatser", ("t1",)),
    ("Resultat av i insatsen angivna mål", ("t2",)),
    ("Utfall av beviljad budget", ("t3", "diagram_budget", "diagram_kvot")),
    ("Utfall för deltagare", ("t4", "t5")),
    ("Granskning av rapporterna", ("t6",)),
)

BACKGROUND = (
    "Sammanställningen bygger på insatsernas egna underlag: insats.yaml (insatsen, målen och "
    "ekonomin) och statistik.xlsx (deltagarna). Alla summor, kvoter och andelar är beräknade "
    "av reportgen ur samma siffror som står i respektive rapport; inget är inskrivet för hand. "
    "Samma tabeller finns i uppfoljning.xlsx för vidare bearbetning."
)


def build_compilation_template(path: Path) -> None:
    doc = Document()
    setup_page_and_styles(doc)
    _compilation_page_and_styles(doc)
    page_header(doc, mark_size=12)
    page_footer(doc, "{{ titel }} {{ period }} – sida ")

    doc.add_paragraph("{{ titel }}", style="Title")
    lead = doc.add_paragraph(style="Ingress")
    lead.add_run("{{ forbund }}").bold = True
    lead.add_run("\nPeriod: {{ period }}")
    lead.add_run("\nSammanställd {{ datum }} av reportgen")

    doc.add_paragraph("Sammanfattning", style="Heading 1")
    tag_paragraph(doc, "{%p for stycke in sammanfattning %}")
    doc.add_paragraph("{{ stycke }}")
    tag_paragraph(doc, "{%p endfor %}")
    doc.add_paragraph("Bakgrund", style="Heading 1")
    doc.add_paragraph(BACKGROUND)

    for heading, keys in SECTIONS:
        doc.add_paragraph(heading, style="Heading 1")
        for key in keys:
            if key.startswith("diagram_"):
                chart_slot(doc, key)  # optional; absent with --utan-diagram
            else:
                _table_block(doc, key)

    set_core_properties(doc, "{{ titel }} – {{ forbund }}")
    doc.core_properties.comments = (
        "Mall för reportgen batch (docxtpl). Tabellrubriker, kolumnrubriker och alla tal "
        "kommer från sammanställningen; rubrikerna i brödtexten får skrivas om."
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(path))


# ----------------------------------------------------------------- tables


def _table_block(doc: DocumentObject, key: str) -> None:
    """Caption, the table with its row variants, and the table's notes."""
    layout = LAYOUTS[key]
    widths = WIDTHS[key]
    columns = len(layout.kinds)
    if len(widths) != columns:
        raise ValueError(f"{key}: {len(widths)} widths for {columns} columns")
    numeric = [kind != "text" for kind in layout.kinds]

    caption = doc.add_paragraph(style="Tabellrubrik")
    caption.add_run(f"{{{{ {key}.rubrik }}}}")

    header_rows = 2 if layout.super_spans else 1
    # header rows, then: for, if group, group row, elif total, total row,
    # elif shares, shares row, else, body row, endif, endfor
    table = _new_table(doc, rows=header_rows + 11, widths=widths)

    if layout.super_spans:
        _super_header(table, key, layout.super_spans, numeric)
    head = table.rows[header_rows - 1]
    for index, cell in enumerate(head.cells):
        if not _is_merged_continuation(cell):
            _write(cell, f"{{{{ {key}.kolumner[{index}] }}}}", bold=True, right=numeric[index])
    for row in table.rows[:header_rows]:
        repeat_header(row)
        shade_row(row)
    for row in table.rows:
        _keep_with_next(row)  # a short table moves to the next page whole instead of splitting

    body = header_rows
    tags = {
        0: f"{{%tr for r in {key}.rader %}}",
        1: '{%tr if r.typ == "grupp" %}',
        3: '{%tr elif r.typ == "summa" %}',
        5: '{%tr elif r.typ == "andel" %}',
        7: "{%tr else %}",
        9: "{%tr endif %}",
        10: "{%tr endfor %}",
    }
    for offset, tag in tags.items():
        table.rows[body + offset].cells[0].paragraphs[0].text = tag

    group = table.rows[body + 2]
    merged = group.cells[0].merge(group.cells[-1])
    _write(merged, "{{ r.c[0] }}", bold=True)
    _fill(group, GROUP_FILL)

    for offset, bold, italic in ((4, True, False), (6, False, True), (8, False, False)):
        row = table.rows[body + offset]
        for index, cell in enumerate(row.cells):
            _write(cell, f"{{{{ r.c[{index}] }}}}", bold=bold, italic=italic, right=numeric[index])
        if bold:
            _fill(row, TOTAL_FILL)
            _top_border(row)
        _cant_split(row)

    tag_paragraph(doc, f"{{%p for n in {key}.noter %}}")
    doc.add_paragraph("{{ n }}", style="Tabellnot")
    tag_paragraph(doc, "{%p endfor %}")


def _super_header(table: Table, key: str, spans: tuple[int, ...], numeric: list[bool]) -> None:
    """The row above the column headers; empty span-1 cells merge with the header below."""
    top, below = table.rows[0], table.rows[1]
    column = 0
    for index, span in enumerate(spans):
        first = top.cells[column]
        if span > 1:
            cell = first.merge(top.cells[column + span - 1])
            _write(cell, f"{{{{ {key}.over[{index}] }}}}", bold=True, center=True)
        else:
            # a column without a group heading: its header spans both rows
            cell = first.merge(below.cells[column])
            _write(cell, f"{{{{ {key}.kolumner[{column}] }}}}", bold=True, right=numeric[column])
        column += span


def _is_merged_continuation(cell: _Cell) -> bool:
    """True for the lower half of a vertically merged header cell (it must stay empty)."""
    tc_pr = cell._tc.tcPr
    if tc_pr is None:
        return False
    v_merge = tc_pr.find(qn("w:vMerge"))
    return v_merge is not None and v_merge.get(qn("w:val")) in (None, "continue")


def _write(
    cell: _Cell,
    text: str,
    *,
    bold: bool = False,
    italic: bool = False,
    right: bool = False,
    center: bool = False,
) -> None:
    paragraph = cell.paragraphs[0]
    for extra in cell.paragraphs[1:]:
        extra._p.getparent().remove(extra._p)
    paragraph.text = ""
    run = paragraph.add_run(text)
    run.bold = bold or None
    run.italic = italic or None
    if right:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    elif center:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER


def _new_table(doc: DocumentObject, rows: int, widths: tuple[float, ...]) -> Table:
    """A grid table with fixed column widths and small text; notes follow it directly."""
    table = doc.add_table(rows=rows, cols=len(widths))
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Cm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = Cm(width)
            cell.paragraphs[0].style = doc.styles["Tabelltext"]
    return table


def _fill(row: _Row, colour: str) -> None:
    for cell in row.cells:
        tc_pr = cell._tc.get_or_add_tcPr()
        shd = OxmlElement("w:shd")
        shd.set(qn("w:val"), "clear")
        shd.set(qn("w:color"), "auto")
        shd.set(qn("w:fill"), colour)
        tc_pr.append(shd)


def _top_border(row: _Row) -> None:
    for cell in row.cells:
        tc_pr = cell._tc.get_or_add_tcPr()
        borders = OxmlElement("w:tcBorders")
        top = OxmlElement("w:top")
        top.set(qn("w:val"), "double")
        top.set(qn("w:sz"), "4")
        top.set(qn("w:space"), "0")
        top.set(qn("w:color"), "auto")
        borders.append(top)
        tc_pr.append(borders)


def _keep_with_next(row: _Row) -> None:
    for cell in row.cells:
        for paragraph in cell.paragraphs:
            paragraph.paragraph_format.keep_with_next = True


def _cant_split(row: _Row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    element = OxmlElement("w:cantSplit")
    tr_pr.append(element)


# ----------------------------------------------------------------- page, styles


def _compilation_page_and_styles(doc: DocumentObject) -> None:
    section = doc.sections[0]
    section.left_margin = section.right_margin = Cm(MARGIN_CM)

    styles = doc.styles
    lead = styles.add_style("Ingress", WD_STYLE_TYPE.PARAGRAPH)
    lead.base_style = styles["Normal"]
    lead.font.size = Pt(12)
    lead.font.color.rgb = DARK
    lead.paragraph_format.space_after = Pt(18)

    cell = styles.add_style("Tabelltext", WD_STYLE_TYPE.PARAGRAPH)
    cell.base_style = styles["Normal"]
    cell.font.size = Pt(TABLE_FONT_PT)
    cell.paragraph_format.space_after = Pt(0)
    cell.paragraph_format.line_spacing = 1.0

    note = styles["Tabellnot"]
    note.paragraph_format.space_after = Pt(2)


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    target = Path(args[0]) if args else Path("templates/sundsvall")
    build_compilation_template(target / TEMPLATE_NAME)
    print(f"Skrev {target / TEMPLATE_NAME}")


if __name__ == "__main__":
    main()
