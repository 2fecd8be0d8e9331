"""Samordningsförbundet Västerås' report template (`rapport.docx`): the half-year and annual report.

The body follows domain.md §9: the intervention's name as title, the report
kind and year, the header fields "Verksamhetsägare:", "Verksamhetsutförare:"
and "Tidsplan:", then the sections in order with their headings verbatim in
Heading styles (typed here as text, so the document reads as the form in
Word; `reportgen profil kontrollera` checks them against profile.yaml). The
results the plan requires are listed under "Uppdragsbeskrivning" from the
profile (`resultatlista`), and each result section prints the figures
reportgen computes (`block[<avsnitt>]`: sentences and tables) before the
owner's own text. No economy table; one or two signatures (place and date,
name, title) end the report, without a heading or an "Underskrift" label.

Built by `python templates/vasteras/build_templates.py`.
"""

from __future__ import annotations

from pathlib import Path

from docx.document import Document as DocumentObject
from docx.shared import Pt

from reportgen.render.template_parts import (
    appendix_body,
    staffing_table,
    statistics_table,
    table_caption_and_lead,
    tighten_table_cells,
)
from reportgen.render.word_styles import (
    new_template,
    save_template,
    tag_paragraph,
)

TEMPLATE_NAME = "rapport.docx"

# (section id, heading as printed, heading level); the order of domain.md §9
BODY: tuple[tuple[str, str, int], ...] = (
    ("sammanfattning", "Sammanfattning av resultat", 1),
    ("uppdragsbeskrivning", "Uppdragsbeskrivning", 1),
    ("delarsberattelse", "Delårsberättelse", 1),
    ("resultat", "Resultat", 1),
    ("underlag", "Underlag för mätningen", 2),
    ("resultatrapport", "Resultatrapport", 1),
    ("forflyttning", "Arbetssökandes förflyttning enligt processtrappan", 2),
    ("strategisk_samverkan", "Strategisk samverkan enligt processtrappan", 2),
    ("arbete_studier", "Resultat – andel i arbete, studier och aktivt arbetsökande", 2),
    ("forstarkt_samverkan", "Andel som går vidare till förstärkt samverkan mellan AF-FK", 2),
    ("aktivitetsersattning", "Andel ansökningar – unga med aktivitetsersättning", 2),
    ("ordinarie_verksamhet", "Andel som går vidare till insats inom ordinarie verksamhet", 2),
    ("forsorjning", "Försörjningsförändringar", 1),
    ("arsplatser", "Fördelning av årsplatser", 1),
    ("resultatanalys", "Resultatanalys", 1),
)
GROUP_HEADINGS = {"resultat"}  # a heading over sub-sections, with no text of its own


def build_report_template(path: Path) -> None:
    doc = new_template("{{ huvud.rubrikrad }} – {{ insats.namn }} – sida ")
    _performer_in_header(doc)
    doc.add_paragraph("{{ insats.namn }}", style="Title")
    doc.add_paragraph("{{ huvud.rubrikrad }}", style="Subtitle")
    _label_line(doc, "verksamhetsagare", "{{ huvud.agare }}")
    _label_line(doc, "verksamhetsutforare", "{{ huvud.utforare }}")
    _label_line(doc, "rapportperiod", "{{ etikett.rapportperiod_text }} {{ huvud.period }}")
    for section_id, heading, level in BODY:
        doc.add_paragraph(heading, style=f"Heading {level}")
        if section_id in GROUP_HEADINGS:
            continue
        if section_id == "uppdragsbeskrivning":
            doc.add_paragraph(f'{{{{p text["{section_id}"] }}}}')
            doc.add_paragraph("{{ etikett.resultatlista }} {{ huvud.rapporten }};")
            tag_paragraph(doc, "{%p for r in resultatlista %}")
            doc.add_paragraph("{{ r }}", style="List Bullet")
            tag_paragraph(doc, "{%p endfor %}")
            continue
        _block(doc, section_id)
        doc.add_paragraph(f'{{{{p text["{section_id}"] }}}}')
        if section_id == "delarsberattelse":
            _staffing_table(doc)
    _appendices(doc)
    _signatures(doc)
    tighten_table_cells(doc)
    save_template(
        doc,
        path,
        title="{{ huvud.rubrikrad }} – {{ insats.namn }}",
        comments="Mall för reportgen (docxtpl): Samordningsförbundet Västerås, halvårs- och "
        "årsrapport. Rubrikerna ska stämma med profile.yaml (reportgen profil kontrollera).",
    )


def _performer_in_header(doc: DocumentObject) -> None:
    """The page header names the performing organisation ("VÄSTERÅS STAD"), as in §9."""
    header = doc.sections[0].header.paragraphs[0]
    header.runs[0].text = "{{ huvud.utforare_versaler }}"


def _label_line(doc: DocumentObject, label: str, value: str) -> None:
    p = doc.add_paragraph()
    p.add_run(f"{{{{ etikett.{label} }}}}").bold = True
    p.add_run(f" {value}")


def _block(doc: DocumentObject, section_id: str) -> None:
    """The figures reportgen computes for the section: sentences, then numbered tables."""
    source = f'block["{section_id}"]'
    tag_paragraph(doc, f"{{%p for s in {source}.stycken %}}")
    doc.add_paragraph("{{ s }}")
    tag_paragraph(doc, "{%p endfor %}")
    tag_paragraph(doc, f"{{%p for tab in {source}.tabeller %}}")
    table_caption_and_lead(doc)
    _statistics_table(doc)
    tag_paragraph(doc, "{%p if tab.not %}")
    doc.add_paragraph("{{ tab.not }}", style="Tabellnot")
    tag_paragraph(doc, "{%p endif %}")
    tag_paragraph(doc, "{%p endfor %}")


def _statistics_table(doc: DocumentObject) -> None:
    """A table of any number (≤ 6) of value columns: the label spans two grid columns."""
    statistics_table(doc)


def _staffing_table(doc: DocumentObject) -> None:
    tag_paragraph(doc, "{%p if bemanning %}")
    staffing_table(doc)
    tag_paragraph(doc, "{%p endif %}")


def _appendices(doc: DocumentObject) -> None:
    """ "Bilaga:" with each appendix under it (heading, text, the body of its Word file)."""
    tag_paragraph(doc, "{%p if bilagor %}")
    doc.add_paragraph("Bilaga:", style="Heading 1")
    tag_paragraph(doc, "{%p for b in bilagor %}")
    doc.add_paragraph("{{ b.rubrik }}", style="Heading 2")
    appendix_body(doc)
    tag_paragraph(doc, "{%p endfor %}")
    tag_paragraph(doc, "{%p endif %}")


def _signatures(doc: DocumentObject) -> None:
    """One or two signatures: place and date, name, title – each kept together."""
    tag_paragraph(doc, "{%p for u in underskrifter %}")
    where = doc.add_paragraph("{{ u.ort_och_datum }}")
    where.paragraph_format.space_before = Pt(24)
    where.paragraph_format.keep_with_next = True
    name = doc.add_paragraph("{{ u.namn }}")
    name.paragraph_format.space_after = Pt(0)
    name.paragraph_format.keep_with_next = True
    doc.add_paragraph("{{ u.titel }}")
    tag_paragraph(doc, "{%p endfor %}")
