"""A third funder, built in the test: other numbering, two contact slots, no signature.

Samordningsförbundet Tredje numbers its goals 3.4 (Sundsvall: 4.1), has room for
the responsible organisation and one more member (Sundsvall: 1 + 3), puts the
economy under 4 and has no signature section at all. If code anywhere still
thinks in Sundsvall's numbers, building, checking or reading a report for this
funder fails; the tests that use it change no code.
"""

from __future__ import annotations

from pathlib import Path

from docx.document import Document as DocumentObject

from reportgen.render.word_styles import grid_table, new_template, save_template, tag_paragraph

PROFILE_ID = "tredje"

PROFILE_YAML = """\
id: tredje
namn: Samordningsförbundet Tredje
sidhuvud: SAMORDNINGSFÖRBUNDET TREDJE
mall: rapport.docx
titlar:
  delrapport: Lägesrapport
  slutrapport: Årsredovisning insats
kontaktplatser: 2
ingress: Rapportera insatsen till Samordningsförbundet Tredje enligt överenskommelse.
sektioner:
  - {id: "1", rubrik: Om insatsen, krävs: [delrapport, slutrapport],
     falt: [insats.namn, insats.tidsperiod, insats.beviljat_medel]}
  - {id: "2", rubrik: Parter, krävs: [delrapport, slutrapport], falt: [insats.ansvarig]}
  - {id: "3", rubrik: Genomförande}
  - {id: "3.1", rubrik: Bakgrund, krävs: [delrapport, slutrapport], falt: [beskrivning.bakgrund]}
  - {id: "3.2", rubrik: Syfte, krävs: [delrapport, slutrapport], falt: [beskrivning.syfte]}
  - {id: "3.3", rubrik: Målgrupp, krävs: [delrapport, slutrapport], falt: [beskrivning.målgrupp]}
  - {id: "3.4", rubrik: Mål och resultat, krävs: [delrapport, slutrapport], falt: [mål]}
  - {id: "3.5", rubrik: Arbetssätt, krävs: [delrapport, slutrapport], falt: [arbetssätt]}
  - {id: "3.6", rubrik: Uppföljning, krävs: [slutrapport], falt: [uppföljning],
     roll: statistik}
  - {id: "4", rubrik: Ekonomi, krävs: [delrapport, slutrapport], falt: [ekonomi.rader]}
etiketter:
  insatsens_namn: "Insatsens namn:"
  tidsperiod: "Tidsperiod:"
  beviljat_medel: "Beviljat medel:"
  ansvarig_organisation: Ansvarig organisation
  kontaktperson_insatsagare: Kontaktperson för insatsägare
  organisation: Organisation
  kontaktperson: Kontaktperson
  epost: E-post
  mal_instruktion: Ange insatsens mål
  mal_uppnatt: Uppnått? Ja eller nej
  mal_utfall: Resultat
  ekonomi_instruktion: Redovisa kostnaderna nedan
  budget: Budget
  utfall: Utfall
  bemanning_roll: Roll
  bemanning_arbetsgivare: Arbetsgivare
  bemanning_omfattning: Omfattning (heltid = 1,0)
ekonomi:
  kolumnrubrik: Kostnadsslag
  rader:
    - {kostnadsslag: Lönekostnader, etikett: Lönekostnader}
    - {kostnadsslag: Lokalkostnader, etikett: Lokalkostnader}
    - {kostnadsslag: Material, etikett: Material}
    - {kostnadsslag: Övriga kostnader, etikett: Övriga kostnader}
lasning:
  titlar:
    delrapport: [Lägesrapport]
    slutrapport: [Årsredovisning insats]
"""


def make_third_profile(root: Path) -> Path:
    """templates/tredje (profile.yaml and its rapport.docx) under `root`; returns the folder."""
    folder = root / PROFILE_ID
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "profile.yaml").write_text(PROFILE_YAML, encoding="utf-8")
    _build_template(folder / "rapport.docx")
    return folder


def _build_template(path: Path) -> None:
    doc = new_template("{{ titel }} – sida ")
    doc.add_paragraph("{{ titel }}", style="Title")
    doc.add_paragraph("{{ ingress }}")
    _heading(doc, "1", 1)
    for label, value in (
        ("insatsens_namn", "insats.namn"),
        ("tidsperiod", "insats.tidsperiod"),
        ("beviljat_medel", "insats.beviljat"),
    ):
        p = doc.add_paragraph()
        p.add_run(f"{{{{ etikett.{label} }}}}").bold = True
        p.add_run(f" {{{{ {value} }}}}")
    _heading(doc, "2", 1)
    table = grid_table(doc, 4, (8.0, 8.0))
    _cell(table, 0, 0, "{{ etikett.ansvarig_organisation }}", None)
    _cell(table, 0, 1, None, "{{ kontakter[0].organisation }}")
    _cell(table, 1, 0, "{{ etikett.kontaktperson_insatsagare }}", "{{ kontakter[0].namn }}")
    _cell(table, 1, 1, "{{ etikett.epost }}", "{{ kontakter[0].epost }}")
    _cell(table, 2, 0, "{{ etikett.organisation }}", None)
    _cell(table, 2, 1, None, "{{ kontakter[1].organisation }}")
    _cell(table, 3, 0, "{{ etikett.kontaktperson }}", "{{ kontakter[1].namn }}")
    _cell(table, 3, 1, "{{ etikett.epost }}", "{{ kontakter[1].epost }}")
    doc.add_paragraph()
    _heading(doc, "3", 1)
    for sid in ("3.1", "3.2", "3.3"):
        _heading(doc, sid, 2)
        doc.add_paragraph(f'{{{{p text["{sid}"] }}}}')
    _heading(doc, "3.4", 2)
    goals = grid_table(doc, 4, (6.0, 3.0, 7.0))
    goals.cell(0, 0).paragraphs[0].add_run("{{ etikett.mal_instruktion }}").bold = True
    goals.cell(0, 1).paragraphs[0].add_run("{{ etikett.mal_uppnatt }}").bold = True
    goals.cell(0, 2).paragraphs[0].add_run("{{ etikett.mal_utfall }}").bold = True
    goals.cell(1, 0).paragraphs[0].text = "{%tr for g in mal %}"
    goals.cell(2, 0).paragraphs[0].text = "{{r g.mal }}"
    goals.cell(2, 1).paragraphs[0].text = "{{ g.uppnatt }}"
    goals.cell(2, 2).paragraphs[0].text = "{{r g.utfall }}"
    goals.cell(3, 0).paragraphs[0].text = "{%tr endfor %}"
    doc.add_paragraph()
    for sid in ("3.5", "3.6"):
        _heading(doc, sid, 2)
        doc.add_paragraph(f'{{{{p text["{sid}"] }}}}')
    _heading(doc, "4", 1)
    doc.add_paragraph("{{ etikett.ekonomi_instruktion }}")
    economy = grid_table(doc, 5, (10.0, 3.0, 3.0))
    head = economy.rows[0].cells
    head[0].paragraphs[0].text = "{{ ekonomi.kolumnrubrik }}"
    head[1].paragraphs[0].text = "{{ etikett.budget }}"
    head[2].paragraphs[0].text = "{{ etikett.utfall }}"
    economy.cell(1, 0).paragraphs[0].text = "{%tr for r in ekonomi.rader %}"
    row = economy.rows[2].cells
    row[0].paragraphs[0].text = "{{ r.etikett }}"
    row[1].paragraphs[0].text = "{{ r.budget }}"
    row[2].paragraphs[0].text = "{{ r.utfall }}"
    economy.cell(3, 0).paragraphs[0].text = "{%tr endfor %}"
    total = economy.rows[4].cells
    total[0].paragraphs[0].text = "{{ ekonomi.summa_etikett }}"
    total[1].paragraphs[0].text = "{{ ekonomi.summa.budget }}"
    total[2].paragraphs[0].text = "{{ ekonomi.summa.utfall }}"
    tag_paragraph(doc, "{%p if ekonomi.not %}")
    doc.add_paragraph("{{ ekonomi.not }}")
    tag_paragraph(doc, "{%p endif %}")
    doc.add_paragraph('{{p text["4"] }}')
    save_template(doc, path, title="{{ titel }}", comments="Testförbundets mall.")


def _heading(doc: DocumentObject, sid: str, level: int) -> None:
    doc.add_paragraph(f'{{{{ rubrik["{sid}"] }}}}', style=f"Heading {level}")


def _cell(table: object, row: int, column: int, label: str | None, value: str | None) -> None:
    cell = table.cell(row, column)  # type: ignore[attr-defined]
    paragraph = cell.paragraphs[0]
    if label:
        paragraph.add_run(label).bold = True
    if value:
        (cell.add_paragraph() if label else paragraph).add_run(value)
