"""Parts every funder's Word template carries, built once for all template builders.

A template builder (templates/<id>/build_templates.py) places these where its form
has them, inside its own `{%p if %}`/`{%p for %}` tags. The statistics table – a label
over two grid columns, up to six value columns repeated with docxtpl's `{%tc %}`, 10 pt
text, header row repeated and shaded, kept together – and the staffing table are the
same for every funder, so they are written once here, as is an appendix's body and the
tight spacing of table cells.
"""

from __future__ import annotations

from docx.document import Document as DocumentObject
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt
from docx.table import Table

from reportgen.render.word_styles import (
    MARGIN_CM,
    PAGE_WIDTH_CM,
    cant_split,
    grid_table,
    keep_table_together,
    repeat_header,
    shade_row,
    tag_paragraph,
)

CONTENT_WIDTH_CM = PAGE_WIDTH_CM - 2 * MARGIN_CM
STATISTICS_GRID = 8  # equal grid columns; the label spans two, at most six values follow


def staffing_table(doc: DocumentObject) -> Table:
    """The captioned staffing table (roll, arbetsgivare, omfattning), one row per `b`."""
    caption = doc.add_paragraph(style="Tabellrubrik")
    caption.add_run("{{ etikett.bemanning_rubrik }}")
    table = grid_table(doc, 4, (6.0, 6.5, 3.5))
    labels = ("bemanning_roll", "bemanning_arbetsgivare", "bemanning_omfattning")
    for cell, label in zip(table.rows[0].cells, labels, strict=True):
        cell.paragraphs[0].add_run(f"{{{{ etikett.{label} }}}}").bold = True
    repeat_header(table.rows[0])
    shade_row(table.rows[0])
    table.cell(1, 0).paragraphs[0].text = "{%tr for b in bemanning %}"
    table.cell(2, 0).paragraphs[0].text = "{{ b.roll }}"
    table.cell(2, 1).paragraphs[0].text = "{{ b.arbetsgivare }}"
    table.cell(2, 2).paragraphs[0].text = "{{ b.omfattning }}"
    table.cell(2, 2).paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    table.cell(3, 0).paragraphs[0].text = "{%tr endfor %}"
    return table


def table_caption_and_lead(doc: DocumentObject) -> None:
    """Inside a `{%p for tab in … %}`: the table's caption and its lead, kept with it."""
    caption = doc.add_paragraph(style="Tabellrubrik")
    caption.add_run("{{ tab.rubrik }}")
    tag_paragraph(doc, "{%p if tab.ingress %}")
    lead = doc.add_paragraph("{{ tab.ingress }}")
    lead.paragraph_format.keep_with_next = True
    tag_paragraph(doc, "{%p endif %}")


def statistics_table(doc: DocumentObject) -> Table:
    """The table of one `tab` (kolumner, rader with etikett and varden) at full text width."""
    width = CONTENT_WIDTH_CM / STATISTICS_GRID
    table = grid_table(doc, 4, (width,) * STATISTICS_GRID)
    for row in (table.rows[0], table.rows[2]):
        cells = row.cells
        cells[0].merge(cells[1])  # label: two grid columns
        cells[4].merge(cells[STATISTICS_GRID - 1])  # the endfor cell fills the row
    head = table.rows[0].cells
    head[0].paragraphs[0].add_run("{{ tab.kolumner[0] }}").bold = True
    head[2].paragraphs[0].text = "{%tc for h in tab.kolumner[1:] %}"
    head[3].paragraphs[0].add_run("{{ h }}").bold = True
    head[3].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    head[4].paragraphs[0].text = "{%tc endfor %}"
    repeat_header(table.rows[0])
    shade_row(table.rows[0])
    table.cell(1, 0).paragraphs[0].text = "{%tr for rad in tab.rader %}"
    body = table.rows[2].cells
    body[0].paragraphs[0].text = "{{r rad.etikett }}"
    body[2].paragraphs[0].text = "{%tc for c in rad.varden %}"
    body[3].paragraphs[0].text = "{{r c }}"
    body[3].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    body[4].paragraphs[0].text = "{%tc endfor %}"
    table.cell(3, 0).paragraphs[0].text = "{%tr endfor %}"
    text_style = _statistics_text_style(doc)
    for row in table.rows:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                paragraph.style = text_style
    keep_table_together(table)  # as direct formatting too: LibreOffice reads only that
    _grid_widths_only(table)
    return table


def _statistics_text_style(doc: DocumentObject) -> str:
    """10 pt cell text, so six value columns and their headings fit on 16 cm.

    Kept with the next paragraph, so a short table moves to the next page whole
    instead of leaving its first rows behind (a long one still breaks, with
    the header row repeated).
    """
    name = "Statistiktext"
    if name not in [style.name for style in doc.styles]:
        style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = doc.styles["Normal"]
        style.font.size = Pt(10)
        style.paragraph_format.keep_with_next = True
    return name


def _grid_widths_only(table: Table) -> None:
    """Drop cell widths so the (docxtpl-adjusted) grid alone decides; full text width."""
    for tc in table._tbl.iter(qn("w:tc")):
        tc_pr = tc.tcPr
        if tc_pr is not None:
            for tc_w in tc_pr.findall(qn("w:tcW")):
                tc_pr.remove(tc_w)
    tbl_pr = table._tbl.tblPr
    for tbl_w in tbl_pr.findall(qn("w:tblW")):
        tbl_pr.remove(tbl_w)
    tbl_w = OxmlElement("w:tblW")
    tbl_w.set(qn("w:w"), str(int(CONTENT_WIDTH_CM / 2.54 * 1440)))
    tbl_w.set(qn("w:type"), "dxa")
    tbl_pr.append(tbl_w)


def tighten_table_cells(doc: DocumentObject) -> None:
    """Body spacing (6 pt after, 1.1 lines) makes table rows look padded; cells get none.

    Rows are also kept on one page: a goal and its outcome read as one unit.

    Set on each cell paragraph rather than on the table style, because LibreOffice
    ignores paragraph properties of table styles. Paragraphs that docxtpl creates
    inside a cell copy these properties.
    """
    for table in doc.tables:
        for row in table.rows:
            cant_split(row)
            for cell in row.cells:
                for paragraph in cell.paragraphs:
                    paragraph.paragraph_format.space_before = Pt(1)
                    paragraph.paragraph_format.space_after = Pt(1)
                    paragraph.paragraph_format.line_spacing = 1.0


def appendix_body(doc: DocumentObject) -> None:
    """Inside a `{%p for b in bilagor %}`: the appendix's text, then its Word file's body."""
    tag_paragraph(doc, "{%p if b.text %}")
    doc.add_paragraph("{{p b.text }}")
    tag_paragraph(doc, "{%p endif %}")
    tag_paragraph(doc, "{%p if b.innehall %}")
    doc.add_paragraph("{{p b.innehall }}")
    tag_paragraph(doc, "{%p endif %}")
