"""Reading statistik.xlsx: tolerant headers and values, and a located finding for every problem."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import Workbook

from reportgen.findings import Severity
from reportgen.personnummer import looks_like_personnummer
from reportgen.sources import load_source
from reportgen.sources.excel.source import read_workbook
from reportgen.stats import ByGender, Episode
from tests.excel_workbooks import HEADERS, add_cached_value, intervention, row, write_workbook

PERIOD = (date(2025, 1, 1), date(2025, 12, 31))
INTERVENTION = (date(2024, 1, 1), date(2025, 12, 31))
DISPLAY = "statistik.xlsx"


def read(path: Path, *, intervention_period=INTERVENTION):
    return read_workbook(path, display=DISPLAY, period=PERIOD, intervention=intervention_period)


def lines(result) -> list[str]:
    return [f.as_line() for f in result.findings]


def only(result, code: str):
    found = [f for f in result.findings if f.code == code]
    assert len(found) == 1, lines(result)
    return found[0]


def ok_row(person="1", start="2025-02-03", end="2025-05-30", **values):
    """A valid row (an ended episode gets exit code 1) that a test changes one thing in."""
    if end is not None:
        values.setdefault("code", 1)
    return row(person, "K", start, end, **values)


# ----------------------------------------------------------------- tolerant reading


TEAM_HEADERS = [
    "DELTAGAR_ID",
    " Kön ",
    "Födelse år",
    "Remitterande part",
    "Inskrivningsdatum",
    "Avslutsdatum",
    "Försörjning före",
    "Försörjning efter",
    "Aktivt arbetssökande före",
    "Aktivt arbetssökande efter",
    "Avslutskod SUS",
    "Trappsteg start",
    "Trappsteg avslut",
    "Utbildningsnivå",
]


def test_team_spelling_of_headers_and_values_is_read(tmp_path: Path) -> None:
    path = write_workbook(
        tmp_path / "s.xlsx",
        [
            row(
                "A-1",
                "kvinna",
                datetime(2024, 11, 4),
                "2025-03-14",
                born=1994,
                referrer="Timrå kommun",
                before="F-stöd + Ak.stöd",
                after="Lön",
                seeking_before="nej",
                seeking_after="JA",
                code="Utskrivning pga flytt",
                step_start="1",
                step_end=2.0,
                education="gymnasiet",
            ),
            row("a-1", "Man", 45800, None, born="1990", referrer="Region Västernorrland"),
            row(7, "X", "20250601", None, referrer="egen", before="Sjp; A-kassa"),
        ],
        headers=TEAM_HEADERS,
    )
    result = read(path)
    assert lines(result) == []
    first, second, third = result.episodes
    assert (first.gender, first.start, first.end) == ("K", date(2024, 11, 4), date(2025, 3, 14))
    assert first.referrer == "kommun"
    assert first.income_before == {"Försörjningsstöd", "Aktivitetsstöd"}
    assert first.income_after == {"Ingen offentlig försörjning"}
    assert (first.seeking_before, first.seeking_after) == (False, True)
    assert (first.exit_code, first.step_start, first.step_end) == (5, 1, 2)
    assert first.education == "Gymnasium"
    # ids match regardless of case; 45800 is an Excel serial date without a date format
    assert second.person == first.person == "a-1"
    assert (second.gender, second.start, second.birth_year) == ("M", date(2025, 5, 23), 1990)
    assert second.referrer == "region"
    assert (third.person, third.gender, third.start) == ("7", "annat", date(2025, 6, 1))
    assert third.referrer == "egen anmälan"
    assert third.income_before == {"Sjukpenning/rehabiliteringspenning", "A-kassa"}
    statistics = result.statistics
    assert statistics.period.persons == ByGender(women=0, men=1, other=1)
    assert statistics.period.participated == ByGender(women=1, men=1, other=1)


def test_header_row_below_a_title_is_found(tmp_path: Path) -> None:
    path = write_workbook(tmp_path / "s.xlsx", [ok_row()], header_row=3)
    result = read(path)
    assert lines(result) == []
    assert result.episodes[0].row == 4


def test_sheet_name_is_matched_without_case(tmp_path: Path) -> None:
    result = read(write_workbook(tmp_path / "s.xlsx", [ok_row()], title="deltagare "))
    assert result.statistics is not None and result.statistics.period.exited.total == 1


def test_headers_only_gives_zero_figures_and_no_findings(tmp_path: Path) -> None:
    result = read(write_workbook(tmp_path / "s.xlsx", []))
    assert lines(result) == []
    assert result.statistics.period.participated == ByGender()


def test_formula_with_a_saved_value_is_read(tmp_path: Path) -> None:
    path = write_workbook(tmp_path / "s.xlsx", [ok_row(code="=2-1")])
    add_cached_value(path, "K2", "1")
    result = read(path)
    assert lines(result) == []
    assert result.episodes[0].exit_code == 1


# ----------------------------------------------------------------- value findings


def test_unknown_exit_code_quotes_it_and_lists_the_allowed(tmp_path: Path) -> None:
    result = read(write_workbook(tmp_path / "s.xlsx", [ok_row(code=9)]))
    finding = only(result, "D002")
    assert finding.severity is Severity.FEL
    assert str(finding.location) == "statistik.xlsx!Deltagare!K2"
    assert "Avslutskoden '9' finns inte" in finding.message
    assert "1 = Utskrivning - till arbete, studier eller arbetssökande" in finding.message
    assert "7 = Utskrivning - utan mätning" in finding.message


@pytest.mark.parametrize(
    ("values", "cell", "decisive"),
    [
        ({"referrer": "Polisen"}, "D2", "'Polisen' är inget tillåtet värde i kolumnen 'remittent'"),
        ({"before": "Bidrag; A-kassa"}, "G2", "'Bidrag' är ingen försörjningskälla"),
        ({"seeking_after": "kanske"}, "J2", "'kanske' är inget tillåtet värde"),
        ({"step_end": 6}, "M2", "Steget '6' finns inte i processtrappan"),
        ({"step_start": "två"}, "L2", "Steget 'två' finns inte"),
        ({"born": 85}, "C2", "Födelseåret '85' är inget årtal"),
        ({"education": "Doktor"}, "N2", "'Doktor' är inget tillåtet värde i kolumnen 'utbildning'"),
        ({"code": "#REF!"}, "K2", "Excel-felet #REF!"),
    ],
)
def test_values_outside_the_allowed_lists(tmp_path: Path, values, cell, decisive) -> None:
    result = read(write_workbook(tmp_path / "s.xlsx", [ok_row(**values)]))
    finding = only(result, "D002")
    assert str(finding.location) == f"statistik.xlsx!Deltagare!{cell}"
    assert decisive in finding.message


def test_allowed_values_are_listed(tmp_path: Path) -> None:
    result = read(write_workbook(tmp_path / "s.xlsx", [ok_row(referrer="Polisen")]))
    assert (
        "Tillåtna värden: AF, FK, Kommun, Region, Egen anmälan, Annan."
        in only(result, "D002").message
    )


def test_unknown_gender_is_counted_as_other_with_a_warning(tmp_path: Path) -> None:
    result = read(write_workbook(tmp_path / "s.xlsx", [row("1", "F", "2025-02-03")]))
    finding = only(result, "D002")
    assert finding.severity is Severity.VARNING
    assert str(finding.location) == "statistik.xlsx!Deltagare!B2"
    assert "räknas som annat/uppgift saknas" in finding.message
    assert result.statistics.period.participated == ByGender(other=1)


def test_missing_gender_is_counted_as_other_silently(tmp_path: Path) -> None:
    result = read(write_workbook(tmp_path / "s.xlsx", [row("1", None, "2025-02-03")]))
    assert lines(result) == []
    assert result.statistics.period.participated == ByGender(other=1)


def test_ended_episode_without_exit_code(tmp_path: Path) -> None:
    result = read(write_workbook(tmp_path / "s.xlsx", [ok_row(code=None)]))
    finding = only(result, "D002")
    assert str(finding.location) == "statistik.xlsx!Deltagare!K2"
    assert "Avslutskod saknas fast deltagaren avslutades 2025-05-30" in finding.message
    assert result.statistics.period.exits_without_code.total == 1


def test_missing_id_is_reported_and_the_row_counted_alone(tmp_path: Path) -> None:
    result = read(write_workbook(tmp_path / "s.xlsx", [ok_row(person=None), ok_row(person=None)]))
    findings = [f for f in result.findings if f.code == "D002"]
    assert [str(f.location) for f in findings] == [
        "statistik.xlsx!Deltagare!A2",
        "statistik.xlsx!Deltagare!A3",
    ]
    assert result.statistics.period.unique_persons == 2


# ----------------------------------------------------------------- dates


def test_end_before_start_leaves_the_row_out(tmp_path: Path) -> None:
    result = read(
        write_workbook(tmp_path / "s.xlsx", [ok_row(start="2025-06-01", end="2025-05-01")])
    )
    finding = only(result, "D003")
    assert finding.severity is Severity.FEL
    assert str(finding.location) == "statistik.xlsx!Deltagare!F2"
    assert "Slutdatum 2025-05-01 är före startdatum 2025-06-01" in finding.message
    assert result.episodes == []


def test_text_that_is_no_date(tmp_path: Path) -> None:
    result = read(write_workbook(tmp_path / "s.xlsx", [ok_row(start="i höstas")]))
    finding = only(result, "D003")
    assert str(finding.location) == "statistik.xlsx!Deltagare!E2"
    assert "'i höstas' är inget datum. Skriv datumet som ÅÅÅÅ-MM-DD" in finding.message
    assert result.episodes == []


def test_missing_start_date(tmp_path: Path) -> None:
    result = read(write_workbook(tmp_path / "s.xlsx", [ok_row(start=None)]))
    finding = only(result, "D003")
    assert str(finding.location) == "statistik.xlsx!Deltagare!E2"
    assert "Startdatum saknas" in finding.message


def test_exit_code_without_end_date(tmp_path: Path) -> None:
    result = read(write_workbook(tmp_path / "s.xlsx", [ok_row(end=None, code=3)]))
    finding = only(result, "D003")
    assert str(finding.location) == "statistik.xlsx!Deltagare!F2"
    assert "Avslutskod 3 är ifylld men slutdatum saknas" in finding.message
    assert result.statistics.period.ongoing.total == 1


@pytest.mark.parametrize(
    ("start", "end", "cell", "decisive"),
    [
        ("2023-02-01", "2023-06-30", "F2", "slutade före insatsens tidsperiod"),
        ("2026-02-02", None, "E2", "Startdatum 2026-02-02 ligger efter insatsens slut"),
        ("2025-10-01", "2026-01-15", "F2", "Slutdatum 2026-01-15 ligger efter insatsens slut"),
    ],
)
def test_dates_outside_the_intervention_are_warned(tmp_path: Path, start, end, cell, decisive):
    result = read(write_workbook(tmp_path / "s.xlsx", [ok_row(start=start, end=end)]))
    finding = only(result, "D003")
    assert finding.severity is Severity.VARNING
    assert str(finding.location) == f"statistik.xlsx!Deltagare!{cell}"
    assert decisive in finding.message
    assert "(2024-01-01 – 2025-12-31)" in finding.message


def test_carry_over_from_before_the_intervention_is_fine(tmp_path: Path) -> None:
    path = write_workbook(tmp_path / "s.xlsx", [ok_row(start="2023-11-01", end="2024-03-01")])
    assert lines(read(path)) == []


def test_overlapping_episodes_of_one_person_are_warned(tmp_path: Path) -> None:
    path = write_workbook(
        tmp_path / "s.xlsx",
        [ok_row(start="2025-01-10", end="2025-04-30"), ok_row(start="2025-04-01", end=None)],
    )
    finding = only(read(path), "D003")
    assert finding.severity is Severity.VARNING
    assert str(finding.location) == "statistik.xlsx!Deltagare!E3"
    assert "börjar innan samma deltagares inskrivning på rad 2" in finding.message


def test_many_equal_problems_are_summarised(tmp_path: Path) -> None:
    result = read(
        write_workbook(tmp_path / "s.xlsx", [ok_row(person=str(n), code=8) for n in range(15)])
    )
    d002 = [f for f in result.findings if f.code == "D002"]
    assert len(d002) == 11
    assert str(d002[-1].location) == "statistik.xlsx!Deltagare"
    assert "… och 5 celler till med samma slags problem i kolumnen 'avslutskod' (15 totalt)" in (
        d002[-1].message
    )


def test_a_text_met_again_is_read_alike_and_every_bad_one_is_reported(tmp_path: Path) -> None:
    """The reader remembers what a text in a column read as, but never a finding."""
    texts = {
        "referrer": "Kommunen",
        "before": "A-kassa; Försörjningsstöd",
        "seeking_before": "ja",
        "education": "Gymnasium",
        "step_start": "2",
    }
    bad = {"referrer": "Grannen", "before": "Lotto", "seeking_before": "kanske", "step_end": "9"}
    rows = [ok_row(person=str(n), **texts) for n in range(3)]
    rows += [row(str(n), "F", "2025-03-01", **bad) for n in range(3, 6)]
    result = read(write_workbook(tmp_path / "s.xlsx", rows))
    places = sorted(str(f.location).rsplit("!", 1)[1] for f in result.findings)
    assert places == sorted(f"{c}{r}" for c in "BDGIM" for r in (5, 6, 7)), lines(result)
    episodes = result.episodes
    assert (
        len({(e.referrer, e.income_before, e.seeking_before, e.step_start) for e in episodes[:3]})
        == 1
    )
    assert episodes[0] == Episode(
        row=2,
        person="0",
        gender="K",
        start=date(2025, 2, 3),
        end=date(2025, 5, 30),
        referrer=episodes[0].referrer,
        income_before=episodes[0].income_before,
        seeking_before=True,
        exit_code=1,
        step_start=2,
        education=episodes[0].education,
    )
    assert episodes[0].referrer and len(episodes[0].income_before) == 2
    assert hash(episodes[0]) == hash(dataclasses.replace(episodes[0]))
    with pytest.raises(dataclasses.FrozenInstanceError):
        episodes[0].row = 3  # type: ignore[misc]
    assert {(e.gender, e.referrer, e.income_before, e.step_end) for e in episodes[3:]} == {
        ("annat", None, frozenset(), None)
    }


# ----------------------------------------------------------------- formulas


def test_formula_without_saved_value_is_reported_not_read_as_empty(tmp_path: Path) -> None:
    path = write_workbook(tmp_path / "s.xlsx", [ok_row(end="=DATE(2025,5,30)")])
    result = read(path)
    finding = only(result, "F002")
    assert str(finding.location) == "statistik.xlsx!Deltagare!F2"
    assert "formel utan sparat värde" in finding.message
    assert result.episodes == []  # not counted as ongoing


# ----------------------------------------------------------------- personnummer


@pytest.mark.parametrize(
    "value",
    [
        "850101-1234",
        "8501011234",
        "19850101-1234",
        "198501011234",
        "850161-1234",
        8501011234,
        198501011234,
        "Anna 850101+1234",
        "850101 1234",
    ],
)
def test_personnummer_forms_are_recognised(value) -> None:
    assert looks_like_personnummer(value)


@pytest.mark.parametrize(
    "value",
    [
        "2025-01-15",
        "070-123 45 67",
        "AK-001",
        "20250115",
        "8513011234",
        "851232-1234",
        2025,
        1234567890.5,
        None,
        True,
        "12345678901234",
    ],
)
def test_other_numbers_are_not_personnummer(value) -> None:
    assert not looks_like_personnummer(value)


def test_personnummer_refuses_the_whole_file_without_repeating_it(tmp_path: Path) -> None:
    path = write_workbook(
        tmp_path / "s.xlsx",
        [ok_row(person="850101-1234"), ok_row(person="2")],
    )
    result = read(path)
    assert result.statistics is None
    finding = only(result, "D004")
    assert finding.severity is Severity.FEL
    assert str(finding.location) == "statistik.xlsx!Deltagare!A2"
    assert "liknar ett personnummer" in finding.message
    assert "850101" not in finding.message and "1234" not in finding.message


def test_personnummer_in_another_sheet_or_as_a_number(tmp_path: Path) -> None:
    path = write_workbook(
        tmp_path / "s.xlsx",
        [ok_row(person=198501011234)],
        extra_sheets={"Anteckningar": [["Kontakt"], ["ring 19850101-1234"]]},
    )
    result = read(path)
    assert result.statistics is None
    assert [str(f.location) for f in result.findings if f.code == "D004"] == [
        "statistik.xlsx!Deltagare!A2",
        "statistik.xlsx!Anteckningar!A2",
    ]


def test_personnummer_column_is_refused(tmp_path: Path) -> None:
    path = write_workbook(tmp_path / "s.xlsx", [ok_row()], headers=[*HEADERS, "Personnummer"])
    result = read(path)
    finding = only(result, "D004")
    assert str(finding.location) == "statistik.xlsx!Deltagare!O1"
    assert "Kolumnen 'Personnummer' hör inte hemma i deltagarlistan" in finding.message
    assert result.statistics is None


# ----------------------------------------------------------------- bad workbooks


def test_missing_sheet(tmp_path: Path) -> None:
    result = read(write_workbook(tmp_path / "s.xlsx", [ok_row()], title="Blad1"))
    finding = only(result, "F002")
    assert str(finding.location) == "statistik.xlsx"
    assert "Arbetsboken saknar bladet 'Deltagare' (blad i filen: 'Blad1')" in finding.message
    assert result.statistics is None


def test_missing_required_column_names_it(tmp_path: Path) -> None:
    headers = [h for h in HEADERS if h != "avslutskod"]
    result = read(write_workbook(tmp_path / "s.xlsx", [], headers=headers))
    finding = only(result, "F002")
    assert str(finding.location) == "statistik.xlsx!Deltagare!1:1"
    assert "Kolumnen 'avslutskod' saknas i bladet 'Deltagare'" in finding.message
    assert result.statistics is None


def test_two_columns_for_one_thing(tmp_path: Path) -> None:
    result = read(write_workbook(tmp_path / "s.xlsx", [], headers=[*HEADERS, "Inskrivningsdatum"]))
    finding = only(result, "F002")
    assert str(finding.location) == "statistik.xlsx!Deltagare!O1"
    assert "'Inskrivningsdatum' betyder samma sak som 'startdatum'" in finding.message


def test_misspelt_optional_column_is_warned(tmp_path: Path) -> None:
    headers = [h if h != "utbildning" else "utbilding" for h in HEADERS]
    result = read(write_workbook(tmp_path / "s.xlsx", [ok_row()], headers=headers))
    finding = only(result, "F002")
    assert finding.severity is Severity.VARNING
    assert "menade du 'utbildning'?" in finding.message
    assert result.statistics is not None


def test_no_header_row(tmp_path: Path) -> None:
    result = read(write_workbook(tmp_path / "s.xlsx", [], headers=["namn", "ålder"]))
    finding = only(result, "F002")
    assert str(finding.location) == "statistik.xlsx!Deltagare!A1"
    assert "Hittar ingen rubrikrad" in finding.message


def test_renamed_text_file(tmp_path: Path) -> None:
    path = tmp_path / "s.xlsx"
    path.write_text("id;kön;startdatum\n1;K;2025-01-01\n", encoding="utf-8")
    finding = only(read(path), "F002")
    assert "kanske en omdöpt textfil" in finding.message


def test_encrypted_workbook(tmp_path: Path) -> None:
    path = tmp_path / "s.xlsx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    finding = only(read(path), "F002")
    assert "lösenordsskyddad" in finding.message


def test_truncated_zip(tmp_path: Path) -> None:
    good = write_workbook(tmp_path / "good.xlsx", [ok_row()])
    path = tmp_path / "s.xlsx"
    path.write_bytes(good.read_bytes()[:-200])
    result = read(path)
    assert result.statistics is None
    assert [f.code for f in result.findings] in (["F001"], ["F002"])


def test_damaged_part_inside_a_valid_zip(tmp_path: Path) -> None:
    import zipfile

    path = tmp_path / "s.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook><sheets>")
    finding = only(read(path), "F001")
    assert "Arbetsboken kunde inte läsas" in finding.message


def test_not_an_xlsx_name(tmp_path: Path) -> None:
    path = tmp_path / "s.csv"
    path.write_text("id\n", encoding="utf-8")
    assert "är ingen .xlsx-fil" in only(read(path), "F002").message


# ----------------------------------------------------------------- Enkät


def test_survey_shares_as_fractions_and_text(tmp_path: Path) -> None:
    path = write_workbook(
        tmp_path / "s.xlsx",
        [ok_row()],
        survey=[
            ["Jag har blivit bemött med respekt", 31, 29 / 31],
            ["Jag har varit delaktig", 20, "85 %"],
            ["Alla nöjda", 12, 1],
        ],
    )
    result = read(path)
    assert lines(result) == []
    survey = result.statistics.survey
    assert [(s.question, s.answers) for s in survey] == [
        ("Jag har blivit bemött med respekt", 31),
        ("Jag har varit delaktig", 20),
        ("Alla nöjda", 12),
    ]
    assert survey[0].share_positive == pytest.approx(93.548387, abs=1e-5)
    assert [s.share_positive for s in survey[1:]] == [85.0, 100.0]


def test_survey_share_that_no_count_can_give(tmp_path: Path) -> None:
    path = write_workbook(tmp_path / "s.xlsx", [ok_row()], survey=[["Fråga", 13, "50 %"]])
    finding = only(read(path), "D005")
    assert finding.severity is Severity.VARNING
    assert str(finding.location) == "statistik.xlsx!Enkät!C2"
    assert "Andelen 50\u00a0% kan inte uppstå med 13 svar" in finding.message


def test_survey_truncated_share_is_possible(tmp_path: Path) -> None:
    # 2 of 3 is 66,67 %: "66 %" (truncated) and "67 %" (rounded) both pass
    path = write_workbook(
        tmp_path / "s.xlsx", [ok_row()], survey=[["A", 3, "66 %"], ["B", 3, "67 %"]]
    )
    assert lines(read(path)) == []


@pytest.mark.parametrize(
    ("line", "cell", "decisive"),
    [
        (["Fråga", "många", 0.5], "B2", "Antal svar 'många' är inget heltal"),
        (["Fråga", 10, "mycket"], "C2", "Andelen positiva 'mycket' är ingen andel"),
        (["Fråga", 10, 140], "C2", "ingen andel mellan 0 och 100"),
        ([None, 10, 0.5], "A2", "Frågan saknas"),
    ],
)
def test_survey_value_problems(tmp_path: Path, line, cell, decisive) -> None:
    path = write_workbook(tmp_path / "s.xlsx", [ok_row()], survey=[line])
    finding = only(read(path), "D002")
    assert str(finding.location) == f"statistik.xlsx!Enkät!{cell}"
    assert decisive in finding.message


def test_survey_missing_column(tmp_path: Path) -> None:
    workbook = Workbook()
    workbook.active.title = "Deltagare"
    workbook.active.append(HEADERS)
    enkat = workbook.create_sheet("Enkät")
    enkat.append(["Fråga", "Antal svar"])
    path = tmp_path / "s.xlsx"
    workbook.save(path)
    finding = only(read(path), "F002")
    assert str(finding.location) == "statistik.xlsx!Enkät!1:1"
    assert "saknar kolumnen 'andel positiva'" in finding.message


# ----------------------------------------------------------------- attach (via load_source)


def test_workbook_named_in_insats_yaml_is_attached(tmp_path: Path) -> None:
    folder = intervention(tmp_path / "insats", [ok_row(), ok_row(person="2", end=None)])
    loaded = load_source(folder)
    assert loaded.statistics is not None
    assert loaded.statistics.period.participated.total == 2
    assert loaded.findings == []


def test_missing_workbook_is_an_f001_at_the_statistik_line(tmp_path: Path) -> None:
    folder = intervention(tmp_path / "insats", [])
    (folder / "statistik.xlsx").unlink()
    loaded = load_source(folder)
    assert loaded.statistics is None
    [finding] = loaded.findings
    assert finding.code == "F001"
    text = (folder / "insats.yaml").read_text(encoding="utf-8").splitlines()
    line = next(i for i, t in enumerate(text, start=1) if t.startswith("statistik:"))
    assert str(finding.location) == f"{folder / 'insats.yaml'}:{line} statistik"
    assert f"Arbetsboken {folder / 'statistik.xlsx'} finns inte" in finding.message


def test_cell_locations_name_the_workbook_as_given(tmp_path: Path) -> None:
    folder = intervention(tmp_path / "insats", [ok_row(code=0)])
    [finding] = load_source(folder).findings
    assert str(finding.location) == f"{folder / 'statistik.xlsx'}!Deltagare!K2"


def test_structural_intervention_without_statistik(tmp_path: Path) -> None:
    folder = intervention(tmp_path / "insats", [])
    text = (folder / "insats.yaml").read_text(encoding="utf-8")
    (folder / "insats.yaml").write_text(text.replace("statistik: statistik.xlsx\n", ""))
    loaded = load_source(folder)
    assert loaded.statistics is None and loaded.findings == []


def test_every_column_reader_reads_an_empty_cell_without_a_finding() -> None:
    """ParticipantSheet reads a column the sheet lacks once, as an empty cell, instead of
    on every row: that needs each reader to read None without a finding."""
    from reportgen.sources.excel.participants import ParticipantSheet
    from reportgen.sources.excel.sheet import Collector, Sheet

    findings = Collector("statistik.xlsx")
    sheet = ParticipantSheet(
        Sheet("Deltagare", {}), findings, intervention=None, epoch=None, ladder=("a", "b")
    )
    for _name, key, read, _seen in sheet._field_readers:
        read(2, key, None)
    assert sheet.problems == 0 and findings.all() == []
