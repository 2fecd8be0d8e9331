"""Västerås reports read back: the generated one, and hand-filled copies staff receive.

The six results the plan requires are the funder's required sections: a
report without one gets S001 naming it, a complete one none – also when the
headings are typed bold instead of in Heading styles, or spelt as the real
report spells them ("Arbetsökandes"). Without --förbund the reader picks
Västerås by its headings and the association's name, and says so.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document

from reportgen.pipeline import build_report, findings_for, inspect
from reportgen.sources import load_source
from tests.conftest import ROOT, RunCli

EXAMPLE = ROOT / "inputs" / "samordningsteam-vasteras"
RESULTS = (
    "Arbetssökandes förflyttning enligt processtrappan",
    "Strategisk samverkan enligt processtrappan",
    "Resultat – andel i arbete, studier och aktivt arbetsökande",
    "Andel som går vidare till förstärkt samverkan mellan AF-FK",
    "Andel ansökningar – unga med aktivitetsersättning",
    "Andel som går vidare till insats inom ordinarie verksamhet",
)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    output = tmp_path_factory.mktemp("v") / "halvarsrapport.docx"
    build_report(EXAMPLE, output=output, charts=False)
    return output


def _hand_filled(source: Path, target: Path, *, without: str | None = None) -> Path:
    """A copy typed by hand: headings bold instead of styled, one result section deleted,
    and the ladder heading spelt as the real report spells it."""
    document = Document(str(source))
    paragraphs = list(document.paragraphs)
    deleting = False
    for paragraph in paragraphs:
        styled = paragraph.style.name.startswith("Heading")
        if styled:
            deleting = paragraph.text == without
        if deleting:
            paragraph._p.getparent().remove(paragraph._p)
            continue
        if styled:
            paragraph.style = document.styles["Normal"]
            for run in paragraph.runs:
                run.bold = True
            if paragraph.text == RESULTS[0]:
                paragraph.runs[0].text = "Arbetsökandes förflyttning enligt processtrappan"
    if without is not None:  # its tables go with it
        for table in document.tables:
            if any(without.split()[-1] in cell.text for cell in table.rows[0].cells):
                table._tbl.getparent().remove(table._tbl)
    document.save(str(target))
    return target


def test_the_generated_report_reads_back_its_facts(built: Path) -> None:
    yaml_report = load_source(EXAMPLE).report
    docx = load_source(built)
    report = docx.report
    assert docx.profile.id == "vasteras"
    assert report.kind == "delrapport"
    assert report.intervention.name == "Samordningsteam Västerås"
    assert report.intervention.responsible is not None
    assert report.intervention.responsible.organisation == "Västerås stad, AME Arbetsmarknad"
    assert report.report.period == yaml_report.report.period
    assert report.signature == yaml_report.signature.model_copy(  # type: ignore[union-attr]
        update={"organisation": None}
    )
    assert report.co_signature == yaml_report.co_signature
    for key in ("sammanfattning", "delarsberattelse", "strategisk_samverkan", "resultatanalys"):
        assert (
            report.texts[key].split() == [w for w in yaml_report.texts[key].split() if w != "-"]
            or report.texts[key].replace("- ", "").split()
            == yaml_report.texts[key].replace("- ", "").split()
        )
    assert [f.as_line() for f in findings_for(docx)] == []


def test_a_hand_filled_report_without_one_result_gets_s001_naming_it(
    built: Path, tmp_path: Path
) -> None:
    missing = RESULTS[3]
    copy = _hand_filled(built, tmp_path / "utan.docx", without=missing)
    checked = inspect(copy)
    assert checked.loaded is not None and checked.loaded.profile.id == "vasteras"
    [finding] = [f for f in checked.findings if f.code == "S001"]
    assert finding.message == (
        f'Avsnittet "{missing}" saknas, men krävs i en delrapport. Fyll i avsnittet.'
    )
    assert finding.location.section == "forstarkt_samverkan"


def test_a_complete_hand_filled_report_has_no_s001(built: Path, tmp_path: Path) -> None:
    copy = _hand_filled(built, tmp_path / "komplett.docx")
    checked = inspect(copy)
    assert [f.code for f in checked.findings if f.code == "S001"] == []
    assert checked.loaded is not None
    assert checked.loaded.report.texts["forflyttning"].startswith("14 av 22 (63,6")


@pytest.mark.parametrize("missing", RESULTS, ids=range(1, 7))
def test_each_of_the_six_results_is_required(built: Path, tmp_path: Path, missing: str) -> None:
    copy = _hand_filled(built, tmp_path / "r.docx", without=missing)
    names = [f.message for f in inspect(copy).findings if f.code == "S001"]
    assert names == [f'Avsnittet "{missing}" saknas, men krävs i en delrapport. Fyll i avsnittet.']


def test_check_says_which_funder_it_read_the_report_as(run: RunCli, built: Path) -> None:
    result = run("check", built)
    assert result.exit_code == 0, result.output
    assert (
        f"{built}: läst som Samordningsförbundet Västerås (vasteras), vars sidhuvud och rubriker "
        "stämmer bäst; ange --förbund ID om det är fel förbund." in result.output
    )


def test_forbund_reads_with_that_funders_headings(run: RunCli, built: Path) -> None:
    """As Västerås: clean. As Sundsvall: its sections are missing, not an unreadable file."""
    assert run("check", "--förbund", "vasteras", built).exit_code == 0
    as_sundsvall = inspect(built, profile="sundsvall")
    assert as_sundsvall.readable is False or any(f.code == "S001" for f in as_sundsvall.findings)
    assert all("KeyError" not in f.message for f in as_sundsvall.findings)


def test_unknown_forbund_is_a_usage_error(run: RunCli, built: Path) -> None:
    result = run("check", "--förbund", "goteborg", built)
    assert result.exit_code == 2
    assert "'goteborg' är ingen känd förbundsprofil. Kända: sundsvall, vasteras." in result.output
