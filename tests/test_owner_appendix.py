"""Issue 13, appendices (`bilagor`) after section 7, each on a new page under its heading.

Built from the owner trial's problem 4: R6 refers to "bilaga 1: Sammanfattning av
frisvarstext på fråga 11-14", R7 has four appendices, one of them an evaluation
kept as a Word file.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from docx import Document
from docx.text.paragraph import Paragraph

from reportgen.pipeline import findings_for, statistics_tables
from reportgen.sources import load_source
from tests.conftest import MakeIntervention
from tests.docx_text import body_items, normalized_lines, open_docx

APPENDICES = """
bilagor:
  - rubrik: Sammanfattning av frisvarstext på fråga 11–14
    text: |
      Svaren är sammanfattade av psykologen. **Vanligaste teman:**
      - att bli lyssnad på
      - *konkreta verktyg*
  - rubrik: Utvärdering från ACT-gruppinsats
    text: Utvärderingen gjordes av gruppledarna.
    fil: utvardering.docx
"""


def _with_appendices(make_intervention: MakeIntervention, text: str = APPENDICES) -> Path:
    folder = make_intervention("samverkan-psykisk-ohalsa", name="psykolog")
    path = folder / "insats.yaml"
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")
    return folder


def _evaluation(path: Path, *, picture: bool = False) -> None:
    document = Document()
    document.add_heading("Utvärdering ACT", level=1)
    paragraph = document.add_paragraph("Gruppen träffades åtta gånger. ")
    paragraph.add_run("Alla").bold = True
    paragraph.add_run(" deltagare fullföljde <&> {{ titel }}.")
    document.add_paragraph("Första punkten", style="List Bullet")
    document.add_paragraph("Steg ett", style="List Number")
    document.add_paragraph("Steg två", style="List Number")
    table = document.add_table(rows=2, cols=3)
    for row, values in enumerate((("Fråga", "Antal svar", "Andel"), ("Helheten", "17", "94 %"))):
        for column, value in enumerate(values):
            table.cell(row, column).text = value
    if picture:
        import io

        from PIL import Image

        png = io.BytesIO()
        Image.new("RGB", (8, 8), "white").save(png, format="PNG")
        document.add_picture(png)
    document.save(str(path))


def _render_with_folder(folder: Path, output: Path) -> Path:
    """What the pipeline does, with the intervention's folder passed for the appendix files."""
    from reportgen.render.context import build_context
    from reportgen.render.docx import render_docx

    loaded = load_source(folder)
    tables = statistics_tables(loaded, charts=False)
    context = build_context(
        loaded.report, loaded.profile, tables=tables, charts=False, folder=loaded.folder
    )
    return render_docx(loaded.profile.template_path, context, output, force=True)


def _after_section_7(path: Path) -> list[Paragraph]:
    paragraphs = [p for p in body_items(open_docx(path)) if isinstance(p, Paragraph)]
    start = next(i for i, p in enumerate(paragraphs) if p.text.startswith("7. Underskrift"))
    return [p for p in paragraphs[start:] if p.text]


def test_appendices_follow_section_7_each_on_a_new_page(
    make_intervention: MakeIntervention, tmp_path: Path
) -> None:
    folder = _with_appendices(make_intervention)
    _evaluation(folder / "utvardering.docx")
    output = _render_with_folder(folder, tmp_path / "r.docx")
    after = _after_section_7(output)
    headings = [p for p in after if p.style.name == "Heading 1"]
    assert [p.text for p in headings] == [
        "7. Underskrift av insatsägare",
        "Bilaga 1. Sammanfattning av frisvarstext på fråga 11–14",
        "Bilaga 2. Utvärdering från ACT-gruppinsats",
    ]
    assert [p.paragraph_format.page_break_before for p in headings[1:]] == [True, True]
    lines = [(p.style.name, p.text) for p in after[after.index(headings[1]) :]]
    assert lines[1:4] == [
        ("Normal", "Svaren är sammanfattade av psykologen. Vanligaste teman:"),
        ("List Bullet", "att bli lyssnad på"),
        ("List Bullet", "konkreta verktyg"),
    ]
    assert lines[5:] == [
        ("Normal", "Utvärderingen gjordes av gruppledarna."),
        ("Heading 2", "Utvärdering ACT"),
        ("Normal", "Gruppen träffades åtta gånger. Alla deltagare fullföljde <&> {{ titel }}."),
        ("List Bullet", "Första punkten"),
        ("Numrerad lista", "1.\tSteg ett"),
        ("Numrerad lista", "2.\tSteg två"),
    ]
    body = next(p for p in after if p.text.startswith("Gruppen träffades"))
    bold = [r.text for r in body.runs if r.bold]
    assert bold == ["Alla"]
    table_rows = [line for line in normalized_lines(output) if line.startswith("| Helheten")]
    assert table_rows == ["| Helheten | 17 | 94 % |"]


def test_a_report_with_appendices_reads_back_with_the_same_findings(
    make_intervention: MakeIntervention, tmp_path: Path
) -> None:
    folder = _with_appendices(make_intervention)
    _evaluation(folder / "utvardering.docx")
    output = _render_with_folder(folder, tmp_path / "r.docx")
    assert findings_for(load_source(output)) == []


def test_without_the_folder_the_file_is_named_not_dropped(
    make_intervention: MakeIntervention,
) -> None:
    from reportgen.render.context import build_context

    folder = _with_appendices(make_intervention)
    loaded = load_source(folder)
    blocks = build_context(loaded.report, loaded.profile)["bilagor"]
    assert [b["rubrik"] for b in blocks] == [
        "Bilaga 1. Sammanfattning av frisvarstext på fråga 11–14",
        "Bilaga 2. Utvärdering från ACT-gruppinsats",
    ]
    assert blocks[0]["innehall"] is None
    assert "[Filen utvardering.docx kunde inte läggas in; se reportgen check.]" in str(
        blocks[1]["innehall"]
    )


@pytest.mark.parametrize(
    ("name", "code", "message"),
    [
        (
            "saknas.docx",
            "F001",
            "Filen 'saknas.docx' finns inte i insatsens mapp. Rätta namnet, eller ta bort raden "
            "om insatsen inte har någon sådan fil.",
        ),
        (
            "../utanfor.docx",
            "F002",
            "'../utanfor.docx' pekar utanför insatsens mapp. Lägg filen i samma mapp som "
            "insats.yaml och skriv bara dess namn, t.ex. statistik.xlsx.",
        ),
        (
            "bilaga.pdf",
            "F002",
            "Bilagan 'bilaga.pdf' är ingen Word-fil (.docx). Spara den som .docx i Word, eller "
            "skriv bilagans innehåll under 'text'.",
        ),
        ("lank.docx", "F002", "'lank.docx' är en genväg (symbolisk länk) som pekar utanför"),
        ("trasig.docx", "F002", "Filen är inget Word-dokument"),
    ],
)
def test_appendix_files_are_read_only_from_inside_the_folder(
    make_intervention: MakeIntervention, tmp_path: Path, name: str, code: str, message: str
) -> None:
    from reportgen.render.appendix import appendix_findings

    folder = _with_appendices(make_intervention, APPENDICES.replace("utvardering.docx", name))
    _evaluation(tmp_path / "utanfor.docx")
    (folder / "bilaga.pdf").write_bytes(b"%PDF-1.4\n")
    (folder / "trasig.docx").write_bytes(b"ingen zip")
    os.symlink(tmp_path / "utanfor.docx", folder / "lank.docx")
    report = load_source(folder).report
    findings = appendix_findings(report, folder)
    assert [(f.code, str(f.severity), f.location.key) for f in findings] == [
        (code, "fel", "bilagor[2].fil")
    ]
    assert message in findings[0].message


def test_pictures_and_personnummer_in_an_appendix_file_are_reported(
    make_intervention: MakeIntervention,
) -> None:
    from reportgen.render.appendix import appendix_findings

    folder = _with_appendices(make_intervention)
    _evaluation(folder / "utvardering.docx", picture=True)
    document = Document(str(folder / "utvardering.docx"))
    document.add_paragraph("Deltagare 19121212-1212 svarade.")
    document.save(str(folder / "utvardering.docx"))
    findings = appendix_findings(load_source(folder).report, folder)
    assert [(f.code, str(f.severity)) for f in findings] == [("F002", "varning"), ("D006", "fel")]
    assert findings[0].message.startswith(
        "Bilagan 'utvardering.docx' innehåller 1 bild som inte tas med i rapporten"
    )
    assert "19121212" not in findings[1].message


def test_build_and_check_from_the_command_line_use_the_appendix_file(
    make_intervention: MakeIntervention, run, tmp_path: Path
) -> None:
    folder = _with_appendices(make_intervention)
    checked = run("check", folder)
    assert "bilagor[2].fil" in checked.output  # the file is missing: check says so
    assert checked.exit_code == 1

    _evaluation(folder / "utvardering.docx")
    assert run("check", folder).exit_code == 0
    target = tmp_path / "rapport.docx"
    built = run("build", folder, "-o", target)
    assert built.exit_code == 0, built.output
    text = "\n".join(normalized_lines(target))
    assert "Gruppen träffades åtta gånger." in text
    assert "kunde inte läggas in" not in text
