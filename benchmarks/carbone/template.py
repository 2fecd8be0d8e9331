"""Build the Carbone version of Sundsvall's report template: the same sections, with {d.…} tags.

It starts from templates/sundsvall/rapport.docx, so styles, page, header and
footer are the same file, and lays out the body as report_template.py does:
the title and ingress, section 1's labelled lines, the contact table, each
text section (heading, sub-question, the owner's paragraphs repeated), the
goals and staffing tables, the statistics tables (caption, lead, a table whose
rows and value columns repeat, note, chart), the analysis sections, the
economy table, and the signature. Conditional parts use Carbone's
showBegin/showEnd. Carbone 3's community edition cannot insert pictures, so a
chart is only its caption here: Carbone renders the text and tables, and
reportgen's build with charts is compared with that. Parts no report needs
(stylesWithEffects.xml, the thumbnail) are left out, as reportgen leaves them
out, so both write the same package.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

from docx import Document
from docx.document import Document as DocumentObject
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.table import Table

ROOT = Path(__file__).resolve().parents[2]
BASE = ROOT / "templates" / "sundsvall" / "rapport.docx"
WIDTH_CM = 16.0
VALUE_COLUMNS = 6
"""Carbone 3 repeats rows, not columns: the statistics tables get the most value columns any
of them has (six), left empty where a table has fewer."""
TEXT_SECTIONS_3 = ("3.1", "3.2", "3.3")
TEXT_SECTIONS_5 = ("5.1", "5.2", "5.3", "5.4", "5.5")
_LEFT_OUT = ("word/stylesWithEffects.xml", "docProps/thumbnail.jpeg")


def build(path: Path) -> Path:
    doc = Document(str(BASE))
    body = doc.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    _header_and_footer(doc)

    doc.add_paragraph("{d.titel}", style="Title")
    doc.add_paragraph("{d.ingress}")
    _heading(doc, "1", 1)
    _labelled(doc, "insatsens_namn", "insats.namn")
    _labelled(doc, "tidsperiod", "insats.tidsperiod")
    _shown(
        doc, "insats.rapportperiod", lambda: _labelled(doc, "rapportperiod", "insats.rapportperiod")
    )
    _labelled(doc, "beviljat_medel", "insats.beviljat")

    _heading(doc, "2", 1)
    table = _table(doc, 8, (9.0, 7.0))
    _cell(table, 0, 0, "{d.etikett.ansvarig_organisation}", bold=True)
    _cell(table, 0, 1, "{d.kontakter[0].organisation}")
    for slot in range(4):
        row = 2 * slot
        if slot:
            _cell(table, row, 0, "{d.etikett.organisation}", bold=True)
            _cell(table, row, 1, f"{{d.kontakter[{slot}].organisation}}")
        label = "kontaktperson_insatsagare" if slot == 0 else "kontaktperson"
        _cell(table, row + 1, 0, f"{{d.etikett.{label}}}", bold=True)
        _cell(table, row + 1, 0, f"{{d.kontakter[{slot}].namn}}", new_paragraph=True)
        _cell(table, row + 1, 1, "{d.etikett.epost}", bold=True)
        _cell(table, row + 1, 1, f"{{d.kontakter[{slot}].epost}}", new_paragraph=True)

    _heading(doc, "3", 1)
    for sid in TEXT_SECTIONS_3:
        _text_section(doc, sid)
    _heading(doc, "4", 1)
    _goals(doc)
    _text_section(doc, "4.2")
    _staffing(doc)
    _text_section(doc, "4.3")
    _text_section(doc, "4.4")
    _statistics(doc)
    _heading(doc, "5", 1)
    for sid in TEXT_SECTIONS_5:
        _text_section(doc, sid)

    _heading(doc, "6", 1)
    doc.add_paragraph("{d.etikett.ekonomi_instruktion}")
    _economy(doc)
    _shown(doc, "ekonomi.not", lambda: doc.add_paragraph().add_run("{d.ekonomi.not}"))
    _paragraphs(doc, "text.s6")
    _chart(doc, "ekonomi.diagram")

    _heading(doc, "7", 1)
    _labelled(doc, "underskrift_organisation", "underskrift.organisation")
    _labelled(doc, "ort_och_datum", "underskrift.ort_och_datum")
    doc.add_paragraph().add_run("{d.etikett.underskrift}").bold = True
    line = doc.add_paragraph()
    line.paragraph_format.space_before = Pt(30)
    doc.add_paragraph("{d.underskrift.namn}")

    buffer = io.BytesIO()
    doc.save(buffer)
    path.write_bytes(_without_unneeded_parts(buffer.getvalue()))
    return path


def _header_and_footer(doc: DocumentObject) -> None:
    section = doc.sections[0]
    header = section.header.paragraphs
    for run in header[0].runs:
        run.text = ""
    header[0].runs[0].text = "{d.sidhuvud}"
    for paragraph in header[1:]:
        paragraph._p.getparent().remove(paragraph._p)
    for paragraph in section.footer.paragraphs:
        for run in paragraph.runs:
            run.text = run.text.replace("{{ titel }}", "{d.titel}").replace(
                "{{ insats.namn }}", "{d.insats.namn}"
            )
    doc.core_properties.title = "Rapport"


def _heading(doc: DocumentObject, sid: str, level: int) -> None:
    doc.add_paragraph(f"{{d.rubrik.s{sid.replace('.', '_')}}}", style=f"Heading {level}")


def _labelled(doc: DocumentObject, label: str, value: str) -> None:
    p = doc.add_paragraph()
    p.add_run(f"{{d.etikett.{label}}}").bold = True
    p.add_run(f" {{d.{value}}}")


def _shown(doc: DocumentObject, path: str, add) -> None:
    """Paragraphs shown only when `path` is not empty (Carbone's showBegin/showEnd)."""
    doc.add_paragraph(f"{{d.{path}:ifNEM:showBegin}}")
    add()
    doc.add_paragraph(f"{{d.{path}:showEnd}}")


def _paragraphs(doc: DocumentObject, path: str, style: str | None = None) -> None:
    """The owner's paragraphs: the first repeated for each (Carbone's [i] … [i+1])."""
    doc.add_paragraph(f"{{d.{path}[i].p}}", style=style)
    doc.add_paragraph(f"{{d.{path}[i+1].p}}", style=style)


def _text_section(doc: DocumentObject, sid: str) -> None:
    key = "s" + sid.replace(".", "_")
    _heading(doc, sid, 2)
    _shown(
        doc,
        f"underfraga.{key}",
        lambda: doc.add_paragraph(f"{{d.underfraga.{key}}}", style="Underfråga"),
    )
    _paragraphs(doc, f"text.{key}")


def _table(doc: DocumentObject, rows: int, widths: tuple[float, ...]) -> Table:
    table = doc.add_table(rows=rows, cols=len(widths))
    table.style = doc.styles["Table Grid"]
    table.autofit = False
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = Cm(width)
    return table


def _cell(
    table: Table,
    row: int,
    column: int,
    text: str,
    *,
    bold: bool = False,
    new_paragraph: bool = False,
) -> None:
    cell = table.cell(row, column)
    paragraph = cell.add_paragraph() if new_paragraph else cell.paragraphs[0]
    paragraph.add_run(text).bold = bold


def _goals(doc: DocumentObject) -> None:
    table = _table(doc, 3, (5.5, 3.5, 7.0))
    _cell(table, 0, 0, "{d.rubrik.s4_1}", bold=True)
    _cell(table, 0, 1, "{d.etikett.mal_uppnatt}", bold=True)
    _cell(table, 0, 2, "{d.etikett.mal_utfall}", bold=True)
    for row, index in ((1, "i"), (2, "i+1")):
        _cell(table, row, 0, f"{{d.mal[{index}].mal}}")
        _cell(table, row, 1, f"{{d.mal[{index}].uppnatt}}")
        _cell(table, row, 2, f"{{d.mal[{index}].utfall}}")
    doc.add_paragraph()


def _staffing(doc: DocumentObject) -> None:
    def table() -> None:
        doc.add_paragraph("{d.etikett.bemanning_rubrik}", style="Tabellrubrik")
        staff = _table(doc, 3, (6.0, 6.5, 3.5))
        for column, label in enumerate(("roll", "arbetsgivare", "omfattning")):
            _cell(staff, 0, column, f"{{d.etikett.bemanning_{label}}}", bold=True)
            for row, index in ((1, "i"), (2, "i+1")):
                _cell(staff, row, column, f"{{d.bemanning[{index}].{label}}}")

    _shown(doc, "bemanning", table)


def _statistics(doc: DocumentObject) -> None:
    """Each statistics table: caption, lead, table (rows and value columns repeat), note, chart."""
    doc.add_paragraph("{d.tabeller[i].rubrik}", style="Tabellrubrik")
    doc.add_paragraph("{d.tabeller[i].ingress}")
    table = _table(doc, 3, (4.0,) + (2.0,) * VALUE_COLUMNS)
    _cell(table, 0, 0, "{d.tabeller[i].etikettkolumn}", bold=True)
    _cell(table, 1, 0, "{d.tabeller[i].rader[i].etikett}")
    _cell(table, 2, 0, "{d.tabeller[i].rader[i+1].etikett}")
    for column in range(1, VALUE_COLUMNS + 1):
        _cell(table, 0, column, f"{{d.tabeller[i].h{column}}}", bold=True)
        _cell(table, 1, column, f"{{d.tabeller[i].rader[i].v{column}}}")
    doc.add_paragraph("{d.tabeller[i].not}", style="Tabellnot")
    doc.add_paragraph("{d.tabeller[i].bild.text}", style="Bildtext")
    doc.add_paragraph("{d.tabeller[i+1].rubrik}", style="Tabellrubrik")


def _economy(doc: DocumentObject) -> None:
    table = _table(doc, 4, (10.0, 3.0, 3.0))
    _cell(table, 0, 0, "{d.ekonomi.kolumnrubrik}", bold=True)
    _cell(table, 0, 1, "{d.etikett.budget}", bold=True)
    _cell(table, 0, 2, "{d.etikett.utfall}", bold=True)
    for row, index in ((1, "i"), (2, "i+1")):
        _cell(table, row, 0, f"{{d.ekonomi.rader[{index}].etikett}}")
        _cell(table, row, 0, f"{{d.ekonomi.rader[{index}].specifikation}}", new_paragraph=True)
        _cell(table, row, 1, f"{{d.ekonomi.rader[{index}].budget}}")
        _cell(table, row, 2, f"{{d.ekonomi.rader[{index}].utfall}}")
    _cell(table, 3, 0, "{d.ekonomi.summa_etikett}", bold=True)
    _cell(table, 3, 1, "{d.ekonomi.summa.budget}", bold=True)
    _cell(table, 3, 2, "{d.ekonomi.summa.utfall}", bold=True)


def _chart(doc: DocumentObject, path: str) -> None:
    """Only the chart's caption: Carbone 3's community edition cannot insert pictures."""
    _shown(doc, path, lambda: doc.add_paragraph(f"{{d.{path}.text}}", style="Bildtext"))


def _without_unneeded_parts(content: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(content))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename in _LEFT_OUT:
                continue
            data = source.read(info.filename)
            if info.filename.endswith(".rels") or info.filename == "[Content_Types].xml":
                text = data.decode("utf-8")
                for name in _LEFT_OUT:
                    short = name.rsplit("/", 1)[-1]
                    text = re.sub(
                        rf"<(Relationship|Override)\b[^>]*{re.escape(short)}\"[^>]*/>", "", text
                    )
                data = text.encode("utf-8")
            target.writestr(info.filename, data)
    return out.getvalue()


def carbone_data(plain_context: dict) -> dict:
    """Reshape the statistics tables for the template above: the first column's heading
    apart, value headings h1…h6 and each row's values v1…v6 ("" where a table has fewer)."""
    data = dict(plain_context)
    economy = data.get("ekonomi") or {}
    if economy.get("diagram"):
        data["ekonomi"] = {**economy, "diagram": {"text": economy["diagram"]["text"]}}
    data["tabeller"] = [
        {
            **table,
            "etikettkolumn": table["kolumner"][0] if table["kolumner"] else "",
            **_numbered("h", table["kolumner"][1:]),
            "rader": [
                {"etikett": r["etikett"], **_numbered("v", r["varden"])} for r in table["rader"]
            ],
            "bild": {"text": (table.get("bild") or {}).get("text", "")},
        }
        for table in plain_context.get("tabeller", [])
    ]
    return data


def _numbered(prefix: str, values: list) -> dict:
    if len(values) > VALUE_COLUMNS:
        raise ValueError(f"en tabell har {len(values)} värdekolumner, mallen {VALUE_COLUMNS}")
    padded = [*values, *[""] * (VALUE_COLUMNS - len(values))]
    return {f"{prefix}{n}": value for n, value in enumerate(padded, start=1)}
