"""The Västerås report as built: domain.md §9's structure, verbatim, in Heading styles.

Also: LibreOffice converts it (the headings are in the PDF), `reportgen init
--förbund vasteras` writes the matching insats.yaml and workbook, and the
profile checks clean with `reportgen profil kontrollera`.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook

from reportgen.pipeline import build_report
from tests.conftest import ROOT, RunCli
from tests.pdf_support import needs_libreoffice

EXAMPLE = ROOT / "inputs" / "samordningsteam-vasteras"

# domain.md §9, in order: (style, text)
STRUCTURE = [
    ("Title", "Samordningsteam Västerås"),
    ("Subtitle", "Halvårsrapport 2026"),
    ("Heading 1", "Sammanfattning av resultat"),
    ("Heading 1", "Uppdragsbeskrivning"),
    ("Heading 1", "Delårsberättelse"),
    ("Heading 1", "Resultat"),
    ("Heading 2", "Underlag för mätningen"),
    ("Heading 1", "Resultatrapport"),
    ("Heading 2", "Arbetssökandes förflyttning enligt processtrappan"),
    ("Heading 2", "Strategisk samverkan enligt processtrappan"),
    ("Heading 2", "Resultat – andel i arbete, studier och aktivt arbetsökande"),
    ("Heading 2", "Andel som går vidare till förstärkt samverkan mellan AF-FK"),
    ("Heading 2", "Andel ansökningar – unga med aktivitetsersättning"),
    ("Heading 2", "Andel som går vidare till insats inom ordinarie verksamhet"),
    ("Heading 1", "Försörjningsförändringar"),
    ("Heading 1", "Fördelning av årsplatser"),
    ("Heading 1", "Resultatanalys"),
    ("Heading 1", "Bilaga:"),
    ("Heading 2", "Bilaga 1. Deltagarenkät våren 2026"),
]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    output = tmp_path_factory.mktemp("v") / "halvarsrapport.docx"
    build_report(EXAMPLE, output=output, charts=False)
    return output


def test_headings_are_domain_9s_in_order_in_heading_styles(built: Path) -> None:
    document = Document(str(built))
    found = [
        (p.style.name, p.text)
        for p in document.paragraphs
        if p.style.name.startswith("Heading") or p.style.name in ("Title", "Subtitle")
    ]
    assert found == STRUCTURE


def test_page_header_and_header_fields(built: Path) -> None:
    document = Document(str(built))
    assert document.sections[0].header.paragraphs[0].text == "VÄSTERÅS STAD"
    lines = [p.text for p in document.paragraphs]
    assert lines[2:5] == [
        "Verksamhetsägare: Samordningsförbundet Västerås",
        "Verksamhetsutförare: Västerås stad, AME Arbetsmarknad",
        "Tidsplan: Rapporten gäller för 2026-01-01 – 2026-06-30",
    ]


def test_the_required_results_are_listed_from_the_profile(built: Path) -> None:
    lines = [p.text for p in Document(str(built)).paragraphs]
    start = lines.index(
        "Enligt verksamhetsplanen ska följande resultat redovisas i halvårsrapporten;"
    )
    assert lines[start + 1 : start + 7] == [text for _style, text in STRUCTURE[8:14]]


def test_two_signatures_with_name_and_title_and_no_signature_label(built: Path) -> None:
    lines = [p.text for p in Document(str(built)).paragraphs]
    assert lines[-6:] == [
        "Västerås 2026-08-20",
        "Helena Forsberg",
        "Enhetschef, AME Arbetsmarknad",
        "Västerås 2026-08-24",
        "Johan Ek",
        "Ordförande i styrgruppen",
    ]
    assert not any(line.startswith("Underskrift") for line in lines)


def test_an_annual_report_is_titled_arsrapport(tmp_path: Path) -> None:
    output = tmp_path / "arsrapport.docx"
    build_report(EXAMPLE, output=output, kind="slutrapport", charts=False, draft=True)
    lines = [p.text for p in Document(str(output)).paragraphs]
    assert lines[1] == "Årsrapport 2026"
    assert "Enligt verksamhetsplanen ska följande resultat redovisas i årsrapporten;" in lines


@needs_libreoffice
@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext saknas")
def test_libreoffice_converts_it_with_every_heading(run: RunCli, tmp_path: Path) -> None:
    target = tmp_path / "rapport.docx"
    result = run("build", EXAMPLE, "-o", target, "--pdf")
    assert result.exit_code == 0, result.output
    text = subprocess.run(
        ["pdftotext", "-layout", str(tmp_path / "rapport.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    flat = " ".join(text.split())
    for _style, heading in STRUCTURE:
        assert heading in flat, heading
    assert "VÄSTERÅS STAD" in flat


def test_init_forbund_vasteras_writes_the_funders_files(run: RunCli, tmp_path: Path) -> None:
    folder = tmp_path / "team"
    result = run("init", folder, "--förbund", "vasteras", "--typ", "delrapport")
    assert result.exit_code == 0, result.output
    text = (folder / "insats.yaml").read_text(encoding="utf-8")
    assert "\nförbund: vasteras\n" in text and "  årsplatser:" in text
    assert "  strategisk_samverkan: |" in text
    workbook = load_workbook(folder / "statistik.xlsx")
    headers = [cell.value for cell in workbook["Deltagare"][1]]
    assert headers[-3:] == [
        "vidare_fs_af_fk",
        "ordinarie_insats_efter_avslut",
        "mottagande_part_vid_avslut",
    ]
    lists = workbook["Listor"]
    columns = {
        column[0].value: [c.value for c in column[1:] if c.value] for column in lists.columns
    }
    assert columns["processtrappa"] == [
        "Introduktion",
        "Kom i gång",
        "Kom i jobb",
        "Kom i jobb/Avslut",
    ]
    assert columns["ordinarie_insats_efter_avslut"] == ["Ja", "Nej", "Ej reg."]
    notes = " ".join(
        str(c.value) for row in workbook["Instruktioner"].iter_rows() for c in row if c.value
    )
    assert "1 = Introduktion, 2 = Kom i gång, 3 = Kom i jobb, 4 = Kom i jobb/Avslut" in notes
    assert "Prövotid: avslut inom 3 månader" in notes
    checked = run("check", folder)
    assert checked.exit_code == 1  # the skeleton's "..." are to be filled in
    assert "F00" not in checked.output  # … but the files themselves are readable


def test_the_profile_checks_clean(run: RunCli) -> None:
    result = run("profil", "kontrollera", ROOT / "templates" / "vasteras")
    assert result.exit_code == 0, result.output


def test_a_vasteras_only_batch_compiles_without_budget_sums(run: RunCli, tmp_path: Path) -> None:
    """Västerås' form has no economy table: the compilation says so instead of 0 kr."""
    inputs = tmp_path / "inputs"
    shutil.copytree(EXAMPLE, inputs / EXAMPLE.name)
    result = run("batch", inputs, "-o", tmp_path / "out", "--jobs", "1")
    assert result.exit_code == 0, result.output
    compilation = tmp_path / "out" / "sammanstallning"
    text = [p.text for p in Document(str(compilation / "uppfoljning.docx")).paragraphs]
    assert (
        "Totalt beviljades 9 800 000 kr. Rapporterna redovisar ingen budget eller inget utfall."
        in [line.replace("\u00a0", " ") for line in text]
    )
    sheet = load_workbook(compilation / "uppfoljning.xlsx")["Tabell 3 Budget"]
    [total] = [row for row in sheet.iter_rows(values_only=True) if row[0] == "Summa"]
    assert total[1:] == (9800000, None, None, None, None)
