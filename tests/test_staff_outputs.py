"""The findings workbook, the compact text and the completion letters staff act on."""

from __future__ import annotations

import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from reportgen.errors import OutputExistsError
from reportgen.pipeline import FileCheck, check_paths
from reportgen.staff import (
    completion_letter,
    format_compact,
    summarise,
    write_completion_letters,
    write_findings_workbook,
)
from tests.docx_fixtures import HandFilled, write_docx, write_inbox


@pytest.fixture
def inbox(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[FileCheck]:
    """A clean report, one needing completion, one with a scanned signature, a text file."""
    monkeypatch.chdir(tmp_path)
    return check_paths(write_inbox("c.docx", "notes.txt"))


# ----------------------------------------------------------------- the verdict


def test_verdicts_and_key_figures(inbox: list[FileCheck]) -> None:
    a, b, c, notes = (summarise(check) for check in inbox)
    assert (a.verdict, b.verdict, c.verdict, notes.verdict) == (
        "godkänd",
        "komplettera",
        "godkänd",
        "kunde inte läsas",
    )
    assert (a.name, a.kind, a.period) == (
        "Stegvis till arbete",
        "slutrapport",
        "2023-01-01 – 2023-12-31",
    )
    assert (a.granted, a.budget, a.outcome) == (Decimal(912000), Decimal(912000), Decimal(901800))
    assert a.deviation is not None and round(a.deviation, 4) == Decimal("-0.0112")
    assert (a.signed_text, c.signed_text) == ("ja", "kontrollera")
    assert (b.errors, b.warnings, c.warnings) == (2, 0, 1)


# ----------------------------------------------------------------- the workbook


def test_workbook_has_a_row_per_report_and_per_finding(
    inbox: list[FileCheck], tmp_path: Path
) -> None:
    path = write_findings_workbook(inbox, tmp_path / "granskning.xlsx")
    workbook = load_workbook(path)
    assert workbook.sheetnames == ["Rapporter", "Fynd"]
    reports, findings = workbook["Rapporter"], workbook["Fynd"]
    assert [c.value for c in reports[1]] == [
        "Fil", "Insats", "Rapporttyp", "Period", "Beviljat (kr)", "Budget (kr)", "Utfall (kr)",
        "Avvikelse mot budget", "Underskriven", "Fel", "Varningar", "Bedömning",
    ]  # fmt: skip
    assert [c.value for c in reports[2]] == [
        "a.docx", "Stegvis till arbete", "slutrapport", "2023-01-01 – 2023-12-31",
        912000, 912000, 901800, pytest.approx(-0.01118, abs=1e-5), "ja", 0, 0, "godkänd",
    ]  # fmt: skip
    assert [c.value for c in reports[5]][0::11] == ["notes.txt", "kunde inte läsas"]
    assert reports["E2"].number_format == "#,##0"
    assert reports["H2"].number_format == "0.0%"
    assert reports.freeze_panes == findings.freeze_panes == "A2"
    assert reports.auto_filter.ref == "A1:L5"
    assert [c.value for c in findings[1]] == [
        "Fil", "Avsnitt", "Rad", "Kolumn", "Kod", "Allvarlighet", "Meddelande", "Plats",
    ]  # fmt: skip
    rows = [[c.value for c in row] for row in findings.iter_rows(min_row=2)]
    assert [row[:6] for row in rows] == [
        ["b.docx", "6", "Lönekostnader", "Utfall", "B005", "fel"],
        ["b.docx", "4.2", None, None, "S001", "fel"],
        ["c.docx", "7", None, None, "U003", "varning"],
        ["notes.txt", None, None, None, "F002", "fel"],
    ]
    assert rows[0][7] == '§6 Ekonomisk rapport, rad "Lönekostnader", kolumn Utfall'
    assert findings.auto_filter.ref == "A1:H5"


def test_text_from_a_report_is_never_a_formula(tmp_path: Path) -> None:
    names = ['=HYPERLINK("http://example.com","klicka")', "+46 70 123", "=1+1", "@SUM(A1)"]
    checks = []
    for index, name in enumerate(names):
        checks += check_paths([write_docx(tmp_path / f"r{index}.docx", HandFilled(name=name))])
    path = write_findings_workbook(checks, tmp_path / "granskning.xlsx")
    sheet = load_workbook(path)["Rapporter"]
    assert [sheet.cell(row, 2).value for row in range(2, 6)] == names
    assert all(sheet.cell(row, 2).data_type == "s" for row in range(2, 6))
    assert all(sheet.cell(row, 2).quotePrefix for row in range(2, 6))
    with zipfile.ZipFile(path) as archive:
        assert b"<f>" not in archive.read("xl/worksheets/sheet1.xml")


@pytest.mark.parametrize("text", ["-1", "\tx", "\rx", "=A1"])
def test_every_risky_start_is_stored_as_text(text: str) -> None:
    from openpyxl import Workbook

    from reportgen.staff.workbook import _put

    cell = Workbook().active.cell(1, 1)
    _put(cell, text, None)
    assert (cell.value, cell.data_type, cell.quotePrefix) == (text, "s", True)


def test_workbook_is_not_overwritten_unasked(inbox: list[FileCheck], tmp_path: Path) -> None:
    target = tmp_path / "granskning.xlsx"
    target.write_bytes(b"last week's review")
    with pytest.raises(OutputExistsError):
        write_findings_workbook(inbox, target)
    assert target.read_bytes() == b"last week's review"
    write_findings_workbook(inbox, target, force=True)
    assert load_workbook(target).sheetnames == ["Rapporter", "Fynd"]


# ----------------------------------------------------------------- compact text


def test_compact_text_is_one_line_per_report_with_its_findings_under_it(
    inbox: list[FileCheck],
) -> None:
    text = format_compact(inbox).replace("\u00a0", " ")
    assert text.splitlines() == [
        "a.docx – GODKÄND – Stegvis till arbete · slutrapport 2023-01-01 – 2023-12-31 · "
        "beviljat 912 000 kr · utfall 901 800 kr (−1,1 % mot budget) · underskriven · "
        "0 fel, 0 varningar",
        "b.docx – KOMPLETTERA – Unga vuxna · slutrapport 2023-01-01 – 2023-12-31 · "
        "beviljat 912 000 kr · utfall 125 400 kr (−86,3 % mot budget) · underskriven · "
        "2 fel, 0 varningar",
        '    B005 fel §6 Ekonomisk rapport, rad "Lönekostnader", kolumn Utfall: Beloppet "Se '
        'separat redovisning" är inte ett tal. Skriv beloppet i kronor, t.ex. 709 000 eller '
        "709 000 kr. Förklaringar hör hemma i texten under tabellen, inte i beloppscellen.",
        '    S001 fel §4.2: Avsnitt 4.2 "Arbetssätt och verksamhetsbeskrivning för insatsen" '
        "saknas, men krävs i en slutrapport. Fyll i avsnittet.",
        "c.docx – GODKÄND – Vägen vidare · slutrapport 2023-01-01 – 2023-12-31 · beviljat "
        "912 000 kr · utfall 901 800 kr (−1,1 % mot budget) · underskrift kontrolleras · "
        "0 fel, 1 varning",
        "    U003 varning §7 Underskrift av insatsägare: Avsnitt 7 är en inskannad bild utan "
        "text: kontrollera underskriften manuellt (organisation, ort, datum och namn). Be "
        "gärna om underskriften ifylld som text nästa gång.",
        "notes.txt – KUNDE INTE LÄSAS – 1 fel, 0 varningar",
        "    F002 fel: Filtypen '.txt' stöds inte. Ange en insatsmapp, en insats.yaml eller en "
        "inskickad rapport (.docx).",
        "4 rapporter: godkänd 2, komplettera 1, kunde inte läsas 1.",
    ]


def test_a_readable_report_is_never_said_to_be_unreadable(tmp_path: Path) -> None:
    """Even a report whose intervention name is missing was read."""
    checks = check_paths([write_docx(tmp_path / "r.docx", HandFilled(name=""))])
    text = format_compact(checks)
    assert "KUNDE INTE LÄSAS" not in text and "kunde inte läsas" not in text
    assert text.startswith(f"{tmp_path / 'r.docx'} – KOMPLETTERA – (insatsens namn saknas)")


# ----------------------------------------------------------------- completion letters


def test_completion_letter_lists_what_to_complete_section_by_section(
    inbox: list[FileCheck],
) -> None:
    a, b, c, notes = inbox
    assert completion_letter(a) is None
    assert completion_letter(c) is None  # a warning alone needs no completion
    assert completion_letter(notes) is None  # nothing to write to: the file was not read
    letter = completion_letter(b)
    assert letter is not None
    assert letter == (
        "Ämne: Komplettering av slutrapport – Unga vuxna\n"
        "\n"
        "Hej!\n"
        "\n"
        'Tack för slutrapporten för insatsen "Unga vuxna" (2023-01-01 – 2023-12-31). '
        "Förbundets kansli har granskat den, och innan den kan godkännas behöver följande "
        "kompletteras:\n"
        "\n"
        "Avsnitt 4.2 Arbetssätt och verksamhetsbeskrivning för insatsen\n"
        '- Avsnitt 4.2 "Arbetssätt och verksamhetsbeskrivning för insatsen" saknas, men '
        "krävs i en slutrapport. Fyll i avsnittet.\n"
        "\n"
        "Avsnitt 6 Ekonomisk rapport\n"
        '- Rad "Lönekostnader", kolumn Utfall: Beloppet "Se separat redovisning" är inte ett '
        "tal. Skriv beloppet i kronor, t.ex. 709\u00a0000 eller 709\u00a0000 kr. Förklaringar "
        "hör hemma i texten under tabellen, inte i beloppscellen.\n"
        "\n"
        "Skicka den kompletterade rapporten till förbundet som Word-fil (.docx). Hör av dig om "
        "något är oklart.\n"
        "\n"
        "Vänliga hälsningar\n"
        "Förbundets kansli\n"
    ).replace("709\u00a0000", "709 000")


def test_letters_are_written_only_for_reports_to_complete(
    inbox: list[FileCheck], tmp_path: Path
) -> None:
    written = write_completion_letters(inbox, tmp_path / "brev")
    assert [path.name for _, path in written] == ["b.komplettering.txt"]
    text = (tmp_path / "brev" / "b.komplettering.txt").read_text(encoding="utf-8")
    assert text == completion_letter(inbox[1])
    assert sorted(p.name for p in (tmp_path / "brev").iterdir()) == ["b.komplettering.txt"]
