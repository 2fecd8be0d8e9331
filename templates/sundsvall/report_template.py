"""Samordningsförbundet Sundsvall's report template (`rapport.docx`): the body, section by section.

Headings and labels are placeholders filled from profile.yaml at render time,
so the profile stays the one place that says what the template reads
("Kostnadslag" can become "Kostnadsslag" without touching Word). The body
follows the funder's form: the contact table of 1 + 3 slots, 4.1 fused into
the goals table's first header cell, the statistics tables under 4.4, the
economy table under 6 and the signature under 7. Page, styles and table
helpers come from reportgen.render.word_styles.

Built by `python templates/sundsvall/build_templates.py`.
"""

from __future__ import annotations

from pathlib import Path

from docx.document import Document as DocumentObject
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt
from docx.table import Table, _Cell

from reportgen.render.template_parts import (
    appendix_body,
    staffing_table,
    statistics_table,
    table_caption_and_lead,
    tighten_table_cells,
)
from reportgen.render.word_styles import (
    MARGIN_CM,
    PAGE_WIDTH_CM,
    bottom_border,
    chart_slot,
    grid_table,
    keep_table_together,
    new_template,
    repeat_header,
    save_template,
    shade_row,
    tag_paragraph,
)

TEMPLATE_NAME = "rapport.docx"
CONTENT_WIDTH_CM = PAGE_WIDTH_CM - 2 * MARGIN_CM
SIGNATURE_LINE_CM = 8.0  # the line to sign on


def build_report_template(path: Path) -> None:
    doc = new_template("{{ titel }} – {{ insats.namn }} – sida ")

    doc.add_paragraph("{{ titel }}", style="Title")
    doc.add_paragraph("{{ ingress }}")

    # 1. Insatsen – values on the same line as their labels; a delrapport also states the
    # period it covers (the funder's "Tidsperiod" is the intervention's)
    _heading(doc, "1", 1)
    _labelled_lines(doc, ("insatsens_namn", "insats.namn"), ("tidsperiod", "insats.tidsperiod"))
    tag_paragraph(doc, "{%p if insats.rapportperiod %}")
    _labelled_lines(doc, ("rapportperiod", "insats.rapportperiod"))
    tag_paragraph(doc, "{%p endif %}")
    _labelled_lines(doc, ("beviljat_medel", "insats.beviljat"))

    # 2. Contacts: the responsible organisation plus three member slots
    _heading(doc, "2", 1)
    table = _table(doc, rows=8, widths=(9.0, 7.0))
    _cell_label_value(table.cell(0, 0), "etikett.ansvarig_organisation", None)
    _cell_label_value(table.cell(0, 1), None, "kontakter[0].organisation")
    _cell_label_value(table.cell(1, 0), "etikett.kontaktperson_insatsagare", "kontakter[0].namn")
    _cell_label_value(table.cell(1, 1), "etikett.epost", "kontakter[0].epost")
    for slot in (1, 2, 3):
        row = 2 * slot
        _cell_label_value(table.cell(row, 0), "etikett.organisation", None)
        _cell_label_value(table.cell(row, 1), None, f"kontakter[{slot}].organisation")
        _cell_label_value(
            table.cell(row + 1, 0), "etikett.kontaktperson", f"kontakter[{slot}].namn"
        )
        _cell_label_value(table.cell(row + 1, 1), "etikett.epost", f"kontakter[{slot}].epost")

    # 3. Insatsbeskrivning
    _heading(doc, "3", 1)
    for sid in ("3.1", "3.2", "3.3"):
        _text_section(doc, sid)

    # 4. Resultat och utfall – 4.1 is fused into the goals table's first header cell
    _heading(doc, "4", 1)
    _goals_table(doc)
    _text_section(doc, "4.2")
    _staffing_table(doc)
    _text_section(doc, "4.3")
    _text_section(doc, "4.4")
    _statistics_block(doc)

    # 5. Analys
    _heading(doc, "5", 1)
    for sid in ("5.1", "5.2", "5.3", "5.4", "5.5"):
        _text_section(doc, sid)

    # 6. Ekonomisk rapport – heading, instruction, table and the delrapport's note on one page
    _heading(doc, "6", 1)
    instruction = doc.add_paragraph("{{ etikett.ekonomi_instruktion }}")
    instruction.paragraph_format.keep_with_next = True
    _economy_table(doc)
    tag_paragraph(doc, "{%p if ekonomi.not %}")
    note = doc.add_paragraph()
    note.add_run("{{ ekonomi.not }}").italic = True
    tag_paragraph(doc, "{%p else %}")
    _spacer(doc)
    tag_paragraph(doc, "{%p endif %}")
    doc.add_paragraph('{{p text["6"] }}')
    chart_slot(doc, "ekonomi.diagram")

    # 7. Underskrift – with room and a line to sign on, the typed name under the line
    _heading(doc, "7", 1)
    _labelled_lines(
        doc,
        ("underskrift_organisation", "underskrift.organisation"),
        ("ort_och_datum", "underskrift.ort_och_datum"),
        keep=True,
    )
    p = doc.add_paragraph()
    p.add_run("{{ etikett.underskrift }}").bold = True
    p.paragraph_format.space_before = Pt(12)
    p.paragraph_format.keep_with_next = True
    line = doc.add_paragraph()
    line.paragraph_format.space_before = Pt(30)
    line.paragraph_format.space_after = Pt(2)
    line.paragraph_format.right_indent = Cm(CONTENT_WIDTH_CM - SIGNATURE_LINE_CM)
    line.paragraph_format.keep_with_next = True
    bottom_border(line)
    doc.add_paragraph("{{ underskrift.namn }}")

    _appendices(doc)

    tighten_table_cells(doc)
    save_template(
        doc,
        path,
        title="{{ titel }} – {{ insats.namn }}",
        comments="Mall för reportgen (docxtpl). Rubriker och etiketter kommer från profile.yaml.",
    )


# ----------------------------------------------------------------- sections


def _heading(doc: DocumentObject, sid: str, level: int) -> None:
    doc.add_paragraph(f'{{{{ rubrik["{sid}"] }}}}', style=f"Heading {level}")


def _labelled_lines(doc: DocumentObject, *pairs: tuple[str, str], keep: bool = False) -> None:
    """One paragraph per (label key, value): the label in bold, the value after it; with
    `keep`, each kept with the next (a signature block is not split over two pages)."""
    for label, value in pairs:
        p = doc.add_paragraph()
        p.add_run(f"{{{{ etikett.{label} }}}}").bold = True
        p.add_run(f" {{{{ {value} }}}}")
        p.paragraph_format.keep_with_next = keep or None


def _text_section(doc: DocumentObject, sid: str) -> None:
    """A sub-section: heading, optional own-line sub-question, the owner's text."""
    _heading(doc, sid, 2)
    tag_paragraph(doc, f'{{%p if underfraga["{sid}"] %}}')
    q = doc.add_paragraph(f'{{{{ underfraga["{sid}"] }}}}', style="Underfråga")
    q.paragraph_format.keep_with_next = True
    tag_paragraph(doc, "{%p endif %}")
    doc.add_paragraph(f'{{{{p text["{sid}"] }}}}')


def _goals_table(doc: DocumentObject) -> None:
    table = _table(doc, rows=4, widths=(5.5, 3.5, 7.0))
    head = table.rows[0].cells
    head[0].paragraphs[0].text = '{{ rubrik["4.1"] }}'
    head[0].paragraphs[0].style = doc.styles["Heading 2"]
    head[1].paragraphs[0].add_run("{{ etikett.mal_uppnatt }}").bold = True
    head[2].paragraphs[0].add_run("{{ etikett.mal_utfall }}").bold = True
    _header_row(table)
    table.cell(1, 0).paragraphs[0].text = "{%tr for g in mal %}"
    table.cell(2, 0).paragraphs[0].text = "{{r g.mal }}"
    table.cell(2, 1).paragraphs[0].text = "{{ g.uppnatt }}"
    table.cell(2, 2).paragraphs[0].text = "{{r g.utfall }}"
    table.cell(3, 0).paragraphs[0].text = "{%tr endfor %}"


def _appendices(doc: DocumentObject) -> None:
    """`bilagor`: each on a new page under its heading ("Bilaga 1. …"), its text, then the
    body of its Word file. The reader of submitted reports stops at "Bilaga"."""
    tag_paragraph(doc, "{%p for b in bilagor %}")
    heading = doc.add_paragraph("{{ b.rubrik }}", style="Heading 1")
    heading.paragraph_format.page_break_before = True
    appendix_body(doc)
    tag_paragraph(doc, "{%p endfor %}")


def _staffing_table(doc: DocumentObject) -> None:
    """The staffing table under 4.2, captioned; the caption travels with the table."""
    tag_paragraph(doc, "{%p if bemanning %}")
    table = staffing_table(doc)
    _spacer(doc)
    keep_table_together(table, with_next=False)
    tag_paragraph(doc, "{%p endif %}")


def _statistics_block(doc: DocumentObject) -> None:
    """Tables computed from statistik.xlsx (and charts), placed under 4.4.

    Each entry of `tabeller` has `rubrik`, `ingress`, `kolumner`, `rader` and
    `not`; the first column holds row labels, the others numbers. `bild` is an
    optional chart: `{"bild": InlineImage, "text": caption}`.

    The number of value columns varies (`{%tc %}` loops), and docxtpl only
    fixes the table grid afterwards by dropping unused grid columns and sharing
    their width out evenly. So the grid is eight equal columns, the label cell
    spans two, and cells carry no width of their own: n value columns (n ≤ 6)
    then come out 16/(n+2) cm wide and the label twice that, always filling
    the 16 cm text width (checked in LibreOffice; with no cell widths Word
    also lays a fixed table out by its grid).
    """
    tag_paragraph(doc, "{%p for tab in tabeller %}")
    table_caption_and_lead(doc)
    tag_paragraph(doc, "{%p if tab.rader %}")
    statistics_table(doc)
    tag_paragraph(doc, "{%p endif %}")
    # caption, lead, table, note and chart are kept together: the note right under its
    # table, kept with the chart when one follows; a spacer ends a table without either
    tag_paragraph(doc, "{%p if tab.not and tab.bild %}")
    note = doc.add_paragraph("{{ tab.not }}", style="Tabellnot")
    note.paragraph_format.keep_with_next = True
    tag_paragraph(doc, "{%p elif tab.not %}")
    doc.add_paragraph("{{ tab.not }}", style="Tabellnot")
    tag_paragraph(doc, "{%p elif not tab.bild %}")
    _spacer(doc)
    tag_paragraph(doc, "{%p endif %}")
    chart_slot(doc, "tab.bild")
    tag_paragraph(doc, "{%p endfor %}")


def _economy_table(doc: DocumentObject) -> None:
    """The cost table, kept whole and with the note under it (the spacer when none)."""
    table = grid_table(doc, 5, (10.0, 3.0, 3.0))
    keep_table_together(table)
    head = table.rows[0].cells
    head[0].paragraphs[0].add_run("{{ ekonomi.kolumnrubrik }}").bold = True
    head[1].paragraphs[0].add_run("{{ etikett.budget }}").bold = True
    head[2].paragraphs[0].add_run("{{ etikett.utfall }}").bold = True
    for cell in head[1:]:
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _header_row(table)
    table.cell(1, 0).paragraphs[0].text = "{%tr for r in ekonomi.rader %}"
    row = table.rows[2].cells
    label = row[0].paragraphs[0]
    label.add_run("{{ r.etikett }}")
    label.add_run("{{r r.specifikation }}")
    row[1].paragraphs[0].text = "{{ r.budget }}"
    row[2].paragraphs[0].text = "{{ r.utfall }}"
    table.cell(3, 0).paragraphs[0].text = "{%tr endfor %}"
    total = table.rows[4].cells
    total[0].paragraphs[0].add_run("{{ ekonomi.summa_etikett }}").bold = True
    total[1].paragraphs[0].add_run("{{ ekonomi.summa.budget }}").bold = True
    total[2].paragraphs[0].add_run("{{ ekonomi.summa.utfall }}").bold = True
    for cells in (row, total):
        for cell in cells[1:]:
            cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT


# ----------------------------------------------------------------- table helpers


def _table(doc: DocumentObject, rows: int, widths: tuple[float, ...]) -> Table:
    """A grid table followed by an empty paragraph, to keep a little air after it."""
    table = grid_table(doc, rows, widths)
    _spacer(doc)
    return table


def _spacer(doc: DocumentObject) -> None:
    """An empty paragraph: a little air after a table."""
    doc.add_paragraph().paragraph_format.space_after = Pt(2)


def _header_row(table: Table) -> None:
    repeat_header(table.rows[0])
    shade_row(table.rows[0])


def _cell_label_value(cell: _Cell, label: str | None, value: str | None) -> None:
    p = cell.paragraphs[0]
    if label:
        p.add_run(f"{{{{ {label} }}}}").bold = True
    if value:
        target = cell.add_paragraph() if label else p
        target.add_run(f"{{{{ {value} }}}}")
