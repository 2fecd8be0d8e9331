"""Charts' alt text in the PDF: LibreOffice 7.4 drops a native chart's `wp:docPr descr` on
import, so the UNO bridge (reportgen/pdf/uno_bridge.py) reads it from the .docx and sets it
on each chart object, matched in document order and checked against the chart's categories."""

from __future__ import annotations

import html
import importlib.util
import re
import zipfile
from pathlib import Path
from types import ModuleType

import pytest
from click.testing import CliRunner

from reportgen.cli import cli
from tests.pdf_support import needs_uno, structure

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "inputs" / "arbetskonsulent-i-samverkan"  # four charts
BRIDGE = ROOT / "reportgen" / "pdf" / "uno_bridge.py"


def load_bridge() -> ModuleType:
    """The bridge as a module (it imports `uno` only inside the functions that use it)."""
    spec = importlib.util.spec_from_file_location("uno_bridge_under_test", BRIDGE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


bridge = load_bridge()


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("alt") / "rapport.docx"
    result = CliRunner().invoke(cli, ["build", str(EXAMPLE), "-o", str(target)])
    assert result.exit_code == 0, result.output
    return target


def descriptions(docx: Path) -> list[str]:
    """Every drawing's descr in document.xml, in order."""
    with zipfile.ZipFile(docx) as package:
        body = package.read("word/document.xml").decode("utf-8")
    return [html.unescape(d) for d in re.findall(r'<wp:docPr [^>]*?descr="([^"]*)"', body)]


def test_the_docx_gives_each_chart_its_descr_and_categories_in_order(report: Path) -> None:
    found = bridge.chart_alt_texts(str(report))
    assert [description for description, _ in found] == descriptions(report)
    assert len(found) == 4
    assert found[0][1][:2] == ("Deltagit", "Nya")
    assert found[-1][1][0] == "Lönekostnader"
    assert all(d.startswith("Stapeldiagram: ") for d, _ in found)


def rewritten(source: Path, target: Path, part: str, change: bytes) -> Path:
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for item in old.infolist():
            data = old.read(item.filename)
            new.writestr(item, change if item.filename == part else data)
    return target


def test_a_dtd_is_refused_and_reading_is_bounded(
    report: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><d>&b;</d>'
    )
    bomb = rewritten(report, tmp_path / "dtd.docx", "word/document.xml", laughs)
    with pytest.raises(ValueError, match="DTD"):
        bridge.chart_alt_texts(str(bomb))
    monkeypatch.setattr(bridge, "READ_LIMIT", 10_000)
    with pytest.raises(ValueError, match="för stor"):
        bridge.chart_alt_texts(str(report))

    class Unreadable:  # describe_charts never fails a conversion
        def getEmbeddedObjects(self) -> None:
            raise AssertionError("not reached: the .docx is refused first")

    assert bridge.describe_charts(Unreadable(), str(bomb)) == 0


def test_matching_follows_order_and_checks_categories() -> None:
    drawings = [("budget", ("Lön", "Lokal")), ("kön", ("Deltagit", "Nya")), ("kvot", ("Lön",))]
    assert bridge.match([("Lön", "Lokal"), ("Deltagit", "Nya"), ("Lön",)], drawings) == {
        0: "budget",
        1: "kön",
        2: "kvot",
    }
    # LibreOffice's order differs: categories decide
    assert bridge.match([("Deltagit", "Nya"), ("Lön",), ("Lön", "Lokal")], drawings) == {
        0: "kön",
        1: "kvot",
        2: "budget",
    }
    # the compilation's two charts share their categories: order decides
    twins = [("budget", ("A", "B")), ("kvot", ("A", "B"))]
    assert bridge.match([("A", "B"), ("A", "B")], twins) == {0: "budget", 1: "kvot"}
    # categories unknown: the drawing in the same place, only if the counts agree
    assert bridge.match([None, ("A", "B")], twins) == {0: "budget", 1: "kvot"}
    assert bridge.match([None], twins) == {}
    # a chart the .docx does not have gets nothing rather than another chart's text
    assert bridge.match([("X",), ("A", "B")], twins) == {1: "budget"}


@needs_uno
def test_one_shot_conversion_gives_every_chart_its_own_alt_text(
    report: Path, tmp_path: Path
) -> None:
    pikepdf = pytest.importorskip("pikepdf", reason="pikepdf (test-beroende) saknas")
    from reportgen.pdf import convert_to_pdf

    made = convert_to_pdf(report, target=tmp_path / "rapport.pdf")
    with pikepdf.open(made) as pdf:
        alts = [str(e.get("/Alt", "")) for e in structure(pdf) if e.S == "/Figure"]
    assert alts == descriptions(report)
