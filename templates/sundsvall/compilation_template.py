"""Samordningsförbundet Sundsvall's compilation template (`uppfoljning.docx`).

The association office's follow-up memo (domain.md §7.1): title, summary and
six numbered tables. Like the report template it is an ordinary Word document
that staff can open and restyle; the section headings are plain text they may
reword, while table captions, column headings and every number come from the
compilation (reportgen/compilation/), which the .xlsx is written from too –
so the two files can never label a table differently.

Each table is laid out with the columns `reportgen.compilation.LAYOUTS` names
(kind and width) so that widths, alignment and merged header cells are right,
with one row variant per row kind: body, group ("Strukturinsatser"), total
("Summa") and shares ("Fördelning kvinnor/män").

Built by `python templates/sundsvall/build_templates.py`.
"""

from __future__ import annotations

from pathlib import Path

from docx.document import Document as DocumentObject
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.table import Table, _Cell

from reportgen.compilation import LAYOUTS
from reportgen.render.word_styles import (
    DARK,
    cant_split,
    chart_slot,
    double_top_border,
    grid_table,
    keep_row_with_next,
    new_template,
    repeat_header,
    save_template,
    shade_row,
    tag_paragraph,
    write_cell,
)

TEMPLATE_NAME = "uppfoljning.docx"
MARGIN_CM = 2.0  # the tables need 17 cm of text width
TABLE_FONT_PT = 9
GROUP_FILL = "F3F5F9"
TOTAL_FILL = "E7ECF3"

# (section heading, the tables and charts under it)
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
    doc = new_template("{{ titel }} {{ period }} – sida ", mark_size=12)
    _compilation_page_and_styles(doc)

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

    save_template(
        doc,
        path,
        title="{{ titel }} – {{ forbund }}",
        comments=(
            "Mall för reportgen batch (docxtpl). Tabellrubriker, kolumnrubriker och alla tal "
            "kommer från sammanställningen; rubrikerna i brödtexten får skrivas om."
        ),
    )


def _table_block(doc: DocumentObject, key: str) -> None:
    """Caption, the table with its row variants, and the table's notes."""
    layout = LAYOUTS[key]
    numeric = [kind != "text" for kind in layout.kinds]

    caption = doc.add_paragraph(style="Tabellrubrik")
    caption.add_run(f"{{{{ {key}.rubrik }}}}")

    header_rows = 2 if layout.super_spans else 1
    # header rows, then: for, if group, group row, elif total, total row,
    # elif shares, shares row, else, body row, endif, endfor
    table = grid_table(doc, header_rows + 11, layout.widths_cm, cell_style="Tabelltext")

    if layout.super_spans:
        _super_header(table, key, layout.super_spans, numeric)
    head = table.rows[header_rows - 1]
    for index, cell in enumerate(head.cells):
        if not _is_merged_continuation(cell):
            write_cell(cell, f"{{{{ {key}.kolumner[{index}] }}}}", bold=True, right=numeric[index])
    for row in table.rows[:header_rows]:
        repeat_header(row)
        shade_row(row)
    for row in table.rows:
        keep_row_with_next(row)  # a short table moves to the next page whole, not split

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
    write_cell(merged, "{{ r.c[0] }}", bold=True)
    shade_row(group, GROUP_FILL)

    for offset, bold, italic in ((4, True, False), (6, False, True), (8, False, False)):
        row = table.rows[body + offset]
        for index, cell in enumerate(row.cells):
            text = f"{{{{ r.c[{index}] }}}}"
            write_cell(cell, text, bold=bold, italic=italic, right=numeric[index])
        if bold:
            shade_row(row, TOTAL_FILL)
            double_top_border(row)
        cant_split(row)

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
            write_cell(cell, f"{{{{ {key}.over[{index}] }}}}", bold=True, center=True)
        else:
            # a column without a group heading: its header spans both rows
            cell = first.merge(below.cells[column])
            text = f"{{{{ {key}.kolumner[{column}] }}}}"
            write_cell(cell, text, bold=True, right=numeric[column])
        column += span


def _is_merged_continuation(cell: _Cell) -> bool:
    """True for the lower half of a vertically merged header cell (it must stay empty)."""
    tc_pr = cell._tc.tcPr
    if tc_pr is None:
        return False
    v_merge = tc_pr.find(qn("w:vMerge"))
    return v_merge is not None and v_merge.get(qn("w:val")) in (None, "continue")


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
