"""Every PDF reportgen writes (reports and the compilation) is tagged PDF/UA in Swedish,
titled like its report, with alt text on every figure and Word headings as H1/H2."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document

from reportgen.cli import cli
from tests.pdf_support import needs_libreoffice, needs_uno, structure

pikepdf = pytest.importorskip("pikepdf", reason="pikepdf (test-beroende) saknas")
ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def batch_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One batch --pdf: a report with a budget chart, one with participant charts, the
    compilation with its two charts."""
    base = tmp_path_factory.mktemp("tagged")
    inputs = base / "inputs"
    shutil.copytree(ROOT / "inputs" / "samverkan-psykisk-ohalsa", inputs / "samverkan")
    shutil.copytree(ROOT / "inputs" / "arbetskonsulent-i-samverkan", inputs / "arbetskonsulent")
    out = base / "out"
    result = CliRunner().invoke(cli, ["batch", str(inputs), "-o", str(out), "--pdf"])
    assert result.exit_code == 0, result.output
    return out


def pdfs(out: Path) -> list[Path]:
    found = sorted(out.rglob("*.pdf"))
    assert len(found) == 3
    return found


@needs_libreoffice
def test_every_pdf_is_tagged_pdf_ua(batch_out: Path) -> None:
    for path in pdfs(batch_out):
        with pikepdf.open(path) as pdf:
            assert "/StructTreeRoot" in pdf.Root, path
            assert bool(pdf.Root.MarkInfo.Marked), path
            with pdf.open_metadata() as meta:
                assert meta.get("pdfuaid:part") == "1", path


@needs_libreoffice
def test_every_pdf_is_swedish(batch_out: Path) -> None:
    for path in pdfs(batch_out):
        with pikepdf.open(path) as pdf:
            assert str(pdf.Root.get("/Lang")) == "sv-SE", path


@needs_libreoffice
def test_title_is_the_reports_title(batch_out: Path) -> None:
    for path in pdfs(batch_out):
        title = Document(str(path.with_suffix(".docx"))).core_properties.title
        assert title and "{{" not in title
        with pikepdf.open(path) as pdf:
            assert str(pdf.docinfo["/Title"]) == title, path
            assert bool(pdf.Root.ViewerPreferences.DisplayDocTitle), path


@needs_uno  # without UNO, LibreOffice drops the charts' alt text (see uno_bridge.py)
def test_every_figure_has_swedish_alt_text(batch_out: Path) -> None:
    figures = 0
    for path in pdfs(batch_out):
        with pikepdf.open(path) as pdf:
            for element in structure(pdf):
                if element.S == "/Figure":
                    figures += 1
                    alt = str(element.get("/Alt", ""))
                    assert alt.startswith("Stapeldiagram: "), (path, alt)
                    assert "Underlag: " in alt, (path, alt)
    # budget chart + participant charts + the compilation's two
    assert figures >= 5


@needs_uno
def test_each_figures_alt_text_is_its_own_charts(batch_out: Path) -> None:
    """In document order, the /Alt of each Figure is the descr of the drawing in the same
    place of the .docx (the compilation's two charts have the same categories)."""
    import html
    import re
    import zipfile

    for path in pdfs(batch_out):
        with zipfile.ZipFile(path.with_suffix(".docx")) as package:
            body = package.read("word/document.xml").decode("utf-8")
        wanted = [html.unescape(d) for d in re.findall(r'<wp:docPr [^>]*?descr="([^"]*)"', body)]
        with pikepdf.open(path) as pdf:
            alts = [str(e.get("/Alt", "")) for e in structure(pdf) if e.S == "/Figure"]
        assert alts == wanted, path


@needs_libreoffice
def test_word_headings_become_h1_and_h2_and_tables_have_header_cells(batch_out: Path) -> None:
    report = next(p for p in pdfs(batch_out) if p.parent.name != "sammanstallning")
    with pikepdf.open(report) as pdf:
        kinds = [str(element.S) for element in structure(pdf)]
    assert kinds.count("/H1") >= 5
    assert kinds.count("/H2") >= 5
    assert kinds.index("/H1") < kinds.index("/H2")
    assert kinds.count("/Table") >= 3
    assert kinds.count("/TH") >= kinds.count("/Table")


@needs_libreoffice
def test_pdfa_flag_gives_pdf_a_2(tmp_path: Path) -> None:
    from reportgen.pdf import PdfOptions, convert_to_pdf, uno_python

    docx = tmp_path / "rapport.docx"
    result = CliRunner().invoke(
        cli, ["build", str(ROOT / "inputs" / "samverkan-psykisk-ohalsa"), "-o", str(docx)]
    )
    assert result.exit_code == 0, result.output
    pdf_path = convert_to_pdf(docx, options=PdfOptions(pdfa=True))
    with pikepdf.open(pdf_path) as pdf, pdf.open_metadata() as meta:
        assert meta.get("pdfaid:part") == "2"
        assert "/StructTreeRoot" in pdf.Root
        figures = [e for e in structure(pdf) if e.S == "/Figure"]
        assert figures
        if uno_python() is not None:  # `--convert-to` alone cannot give charts alt text
            assert all(str(e.get("/Alt", "")).startswith("Stapeldiagram: ") for e in figures)
