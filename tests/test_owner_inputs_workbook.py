"""Issue 13, statistik.xlsx as owners fill it: long income cells, a survey-only workbook, dates.

Built from the owner trial: R6 keeps no person rows and fills only the `Enkät`
sheet; a participant whose income before was "Ingen offentlig försörjning" and
"Sjukpenning/rehabiliteringspenning" is one cell of 62 characters, which must be
read whole (it used to be cut at 60 characters and then refused with D002).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from openpyxl import Workbook

from reportgen.pipeline import findings_for
from reportgen.sources import load_source
from reportgen.sources.excel.source import read_workbook
from tests.excel_workbooks import insats_yaml, row, write_workbook

PERIOD = (date(2025, 1, 1), date(2025, 12, 31))
TWO_SOURCES = "Ingen offentlig försörjning;Sjukpenning/rehabiliteringspenning"


def read(path: Path):
    return read_workbook(path, display="statistik.xlsx", period=PERIOD, intervention=PERIOD)


def test_an_income_cell_longer_than_60_characters_is_read_whole(tmp_path: Path) -> None:
    assert len(TWO_SOURCES) > 60
    path = write_workbook(
        tmp_path / "s.xlsx",
        [row("1", "K", "2025-02-03", "2025-05-30", code=1, before=TWO_SOURCES, after="Lön")],
    )
    result = read(path)
    assert [f.as_line() for f in result.findings] == []
    (episode,) = result.episodes
    assert episode.income_before == frozenset(
        {"Ingen offentlig försörjning", "Sjukpenning/rehabiliteringspenning"}
    )
    assert result.statistics is not None


def test_a_long_unknown_income_value_is_quoted_short(tmp_path: Path) -> None:
    unknown = "Bidrag från en stiftelse som ingen i teamet hade hört talas om förut"
    path = write_workbook(
        tmp_path / "s.xlsx",
        [row("1", "K", "2025-02-03", before=f"Ingen offentlig försörjning;{unknown}")],
    )
    (finding,) = read(path).findings
    assert (finding.code, str(finding.location)) == ("D002", "statistik.xlsx!Deltagare!G2")
    assert finding.message.startswith(
        "'Bidrag från en stiftelse som ingen i teamet hade hört talas …' är ingen "
        "försörjningskälla. Tillåtna värden (ett eller flera, åtskilda med semikolon): "
    )


def _survey_only(path: Path) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Enkät"
    sheet.append(["fråga", "antal svar", "andel positiva"])
    sheet.append(["Har du fått stöd som är till nytta för dig?", 32, "97%"])
    sheet.append(["Har stödet fått ta den tid du behövt?", 17, "94,1%"])
    workbook.save(path)
    return path


def test_a_workbook_with_only_an_enkat_sheet_has_zero_participant_rows(tmp_path: Path) -> None:
    result = read(_survey_only(tmp_path / "s.xlsx"))
    assert result.findings == []
    assert result.statistics is not None
    assert result.statistics.episodes == 0
    assert [(s.question, s.answers) for s in result.statistics.survey] == [
        ("Har du fått stöd som är till nytta för dig?", 32),
        ("Har stödet fått ta den tid du behövt?", 17),
    ]


def test_survey_only_workbook_is_checked_with_d007_not_refused(tmp_path: Path) -> None:
    folder = tmp_path / "psykolog"
    folder.mkdir()
    (folder / "insats.yaml").write_text(insats_yaml(), encoding="utf-8")
    _survey_only(folder / "statistik.xlsx")
    loaded = load_source(folder)
    assert loaded.statistics is not None and len(loaded.statistics.survey) == 2
    findings = findings_for(loaded)
    assert [(f.code, str(f.severity), f.location.key) for f in findings] == [
        ("D007", "varning", "statistik")
    ]
    assert "(enkätresultaten visas)" in findings[0].message


def test_a_workbook_with_neither_sheet_is_still_refused(tmp_path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Blad1"
    sheet.append(["något annat"])
    workbook.save(tmp_path / "s.xlsx")
    result = read(tmp_path / "s.xlsx")
    assert [f.code for f in result.findings] == ["F002"]
    assert "saknar bladet 'Deltagare' (blad i filen: 'Blad1')" in result.findings[0].message
    assert result.statistics is None


def test_compact_and_dotted_dates_in_text_cells_are_dates(tmp_path: Path) -> None:
    path = write_workbook(
        tmp_path / "s.xlsx",
        [
            row("1", "K", "20250203", "2025.05.30", code=1),
            row("2", "M", "2025.03.01"),
        ],
    )
    result = read(path)
    assert result.findings == []
    assert [(e.start, e.end) for e in result.episodes] == [
        (date(2025, 2, 3), date(2025, 5, 30)),
        (date(2025, 3, 1), None),
    ]


def test_a_wrong_date_in_a_cell_is_a_content_finding(tmp_path: Path) -> None:
    path = write_workbook(tmp_path / "s.xlsx", [row("1", "K", "20251302")])
    (finding,) = read(path).findings
    assert (finding.code, str(finding.severity), str(finding.location)) == (
        "D003",
        "fel",
        "statistik.xlsx!Deltagare!E2",
    )
    assert finding.message == (
        "'20251302' är inget datum. Skriv datumet som ÅÅÅÅ-MM-DD, t.ex. 2025-03-17, eller som "
        "ett Excel-datum."
    )
