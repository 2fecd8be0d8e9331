"""`--pdf`: LibreOffice conversion, and a clear Swedish stop when LibreOffice is missing."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_render import CANONICAL_HEADINGS

from reportgen.cli import cli
from reportgen.pdf import find_soffice

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "inputs" / "arbetskonsulent-i-samverkan"

needs_libreoffice = pytest.mark.skipif(
    find_soffice() is None or shutil.which("pdftotext") is None,
    reason="LibreOffice (libreoffice-writer-nogui) eller pdftotext (poppler-utils) saknas; "
    ".ci/run installerar dem med apt-get",
)


@needs_libreoffice
def test_pdf_contains_every_section_heading(tmp_path: Path) -> None:
    target = tmp_path / "rapport.docx"
    result = CliRunner().invoke(cli, ["build", str(EXAMPLE), "-o", str(target), "--pdf"])
    assert result.exit_code == 0, result.output
    pdf = tmp_path / "rapport.pdf"
    assert f"Skrev {pdf}" in result.output
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    flat = " ".join(text.split())
    for _style, heading in CANONICAL_HEADINGS:
        assert heading in flat, heading
    assert not list(tmp_path.glob("*.tmp"))


def test_missing_libreoffice_stops_before_any_work(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "tom"))
    target = tmp_path / "rapport.docx"
    result = CliRunner().invoke(cli, ["build", str(EXAMPLE), "-o", str(target), "--pdf"])
    assert result.exit_code == 2
    assert "--pdf kräver LibreOffice, som inte hittades." in result.output
    assert "libreoffice-writer-nogui" in result.output
    assert not target.exists()


def test_batch_pdf_without_libreoffice_stops_before_any_work(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "tom"))
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["batch", str(ROOT / "inputs"), "-o", str(out), "--pdf"])
    assert result.exit_code == 2
    assert "--pdf kräver LibreOffice, som inte hittades." in result.output
    assert not out.exists()


@needs_libreoffice
def test_batch_pdf_converts_every_report_and_the_compilation(tmp_path: Path) -> None:
    inputs = tmp_path / "inputs"
    shutil.copytree(ROOT / "inputs" / "samverkan-psykisk-ohalsa", inputs / "samverkan")
    shutil.copytree(ROOT / "inputs" / "ips-stod-delrapport", inputs / "ips")
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["batch", str(inputs), "-o", str(out), "--pdf", "--jobs", "2"])
    assert result.exit_code == 0, result.output
    pdfs = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.pdf"))
    docx = sorted(p.relative_to(out).with_suffix(".pdf").as_posix() for p in out.rglob("*.docx"))
    assert pdfs == docx and len(pdfs) == 3
    assert "Skrev 3 PDF-filer bredvid .docx-filerna." in result.output
    text = subprocess.run(
        ["pdftotext", str(out / "sammanstallning" / "uppfoljning.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "Tabell 3. Utfall av beviljad budget" in text
