"""The Västerås example's figures, asserted against values counted by hand.

inputs/generate_vasteras.py builds the participant sheet by design (its
docstring lists the figures); here the report's numbers are compared with
those, and the less obvious ones (places in use, shares) are recounted from
the workbook's rows with plain Python, independently of reportgen.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook

from reportgen.loaded import LoadedReport
from reportgen.pipeline import build_report
from reportgen.sources import load_source
from tests.conftest import ROOT

EXAMPLE = ROOT / "inputs" / "samordningsteam-vasteras"
PERIOD = (date(2026, 1, 1), date(2026, 6, 30))


@pytest.fixture(scope="module")
def loaded() -> LoadedReport:
    return load_source(EXAMPLE)


@pytest.fixture(scope="module")
def report_text(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    output = tmp_path_factory.mktemp("v") / "rapport.docx"
    build_report(EXAMPLE, output=output, charts=False)
    document = Document(str(output))
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        lines += [" | ".join(cell.text for cell in row.cells) for row in table.rows]
    # the report keeps a number and its unit together with a no-break space
    return [line.replace("\u00a0", " ") for line in lines]


def _sheet_rows() -> list[dict[str, object]]:
    sheet = load_workbook(EXAMPLE / "statistik.xlsx")["Deltagare"]
    rows = list(sheet.iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=False)) for row in rows[1:] if row[0]]


def _day(value: object) -> date | None:
    return value.date() if isinstance(value, datetime) else None


def test_volumes_trial_period_and_measured_exits(loaded: LoadedReport) -> None:
    assert loaded.statistics is not None
    period = loaded.statistics.period
    results = loaded.statistics.results
    assert (period.unique_persons, period.new.total, period.exited.total) == (60, 26, 30)
    assert (period.persons.women, period.persons.men) == (32, 28)
    assert (results.exits, results.trial_exits, results.measured) == (30, 4, 26)
    assert results.ongoing == 30


def test_the_report_states_the_volumes_and_the_trial_exclusion(report_text: list[str]) -> None:
    assert (
        "Under perioden har 60 personer deltagit i insatsen, varav 30 har avslutat insatsen och "
        "26 nya har börjat." in report_text
    )
    assert (
        "Av de 30 avslut som skett under perioden skedde 4 inom prövotiden på 3 månader och "
        "räknas inte till resultaten; resultaten bygger på de övriga 26 avsluten." in report_text
    )


def test_ladder_moves_share_and_mean(loaded: LoadedReport, report_text: list[str]) -> None:
    ladder = loaded.statistics.results.ladder  # type: ignore[union-attr]
    assert (ladder.measured, ladder.moved_up, ladder.moved_down, ladder.unchanged) == (22, 14, 1, 7)
    assert ladder.total_steps == 30 and ladder.not_measured == 4
    assert ladder.at_start == {1: 15, 2: 4, 3: 3, 4: 0}
    assert ladder.at_end == {1: 3, 2: 6, 3: 5, 4: 8}
    assert (
        "14 av 22 (63,6 %) avslutade deltagare som mätts vid start och avslut har gjort "
        "stegförflyttningar." in report_text
    )
    assert (
        "Totalt har 30 förflyttningar gjorts, ett snitt på 1,36 stegförflyttningar per mätt "
        "person." in report_text
    )
    assert "Bortfall: 4 avslutade har inte mätts både vid start och avslut." in report_text
    table = report_text[report_text.index("Steg | Steg | Vid start | Vid avslut") :][:6]
    assert table[1:] == [
        "Introduktion | Introduktion | 15 | 3",
        "Kom i gång | Kom i gång | 4 | 6",
        "Kom i jobb | Kom i jobb | 3 | 5",
        "Kom i jobb/Avslut | Kom i jobb/Avslut | 0 | 8",
        "Totalt | Totalt | 22 | 22",
    ]


def test_the_three_shares_with_their_bases(report_text: list[str]) -> None:
    assert (
        "Av de 26 avslut som räknas till resultaten gick 11 (42,3 %) till arbete, studier eller "
        "aktivt arbetssökande (avslutskod 1, Utskrivning - till arbete, studier eller "
        "arbetssökande)." in report_text
    )
    assert (
        "3 av 24 (12,5 %) avslut gick vidare till förstärkt samverkan mellan AF och FK. För 2 "
        "saknas uppgift om förstärkt samverkan; de räknas inte med." in report_text
    )
    assert (
        "9 av 23 (39,1 %) avslut gick vidare till insats inom ordinarie verksamhet. För 3 avslut "
        "är det inte registrerat (Ej reg.)." in report_text
    )
    assert (
        "Av periodens 26 nya deltagare hade 5 (20,0 %) aktivitetsersättning före insatsen. För 1 "
        "saknas uppgift om försörjning före insatsen; de räknas inte med." in report_text
    )


def test_active_job_seeking_before_and_after(report_text: list[str]) -> None:
    # base: the 60 who took part, less the 4 trial exits = 56
    rows = [
        line for line in report_text if line.startswith(("Aktivt arbetsökande |", "Utskr", "Ej "))
    ]
    assert rows == [
        "Aktivt arbetsökande | Aktivt arbetsökande | 20 | 35,7 % | 9 | 16,1 %",
        "Utskrivning-Utan mätning | Utskrivning-Utan mätning |  |  | 3 | 5,4 %",
        "Ej avslutade | Ej avslutade |  |  | 30 | 53,6 %",
    ]


def test_income_changes_in_the_sus_layout(report_text: list[str]) -> None:
    header = (
        "Försörjningskälla | Försörjningskälla | Antal deltagare före insats | Andel före | "
        "Antal deltagare efter insats | Andel efter | Förändring | Förändring i %"
    )
    start = report_text.index(header)
    assert report_text[start + 1 : start + 9] == [
        "Sjukpenning/Rehabpenning | Sjukpenning/Rehabpenning | 3 | 12,5 % | 1 | 4,2 % | −2 "
        "| −66,7 %",
        "Aktivitetsersättning | Aktivitetsersättning | 4 | 16,7 % | 2 | 8,3 % | −2 | −50,0 %",
        "A-kassa | A-kassa | 2 | 8,3 % | 2 | 8,3 % | 0 | 0,0 %",
        "Aktivitetsstöd | Aktivitetsstöd | 4 | 16,7 % | 5 | 20,8 % | +1 | +25,0 %",
        "Försörjningsstöd | Försörjningsstöd | 12 | 50,0 % | 4 | 16,7 % | −8 | −66,7 %",
        "Studiestöd/studiemedel | Studiestöd/studiemedel | 0 | 0,0 % | 2 | 8,3 % | +2 | ",
        "Ingen offentlig försörjning | Ingen offentlig försörjning | 1 | 4,2 % | 8 | 33,3 % | +7 "
        "| +700,0 %",
        "Totalt | Totalt | 26 |  | 24 |  | −2 | ",
    ]
    assert (
        "Totalt antal deltagare i insatsen som avslutat insats under perioden och räknas till "
        "resultaten: 24" in report_text
    )


def test_referrers_by_gender_add_up_to_the_participants(report_text: list[str]) -> None:
    counts = {
        "Kommunen": 22,
        "Arbetsförmedlingen": 14,
        "Regionen": 10,
        "Försäkringskassan": 8,
        "Egen anmälan": 4,
        "Övrig/uppgift saknas": 2,
    }
    for label, total in counts.items():
        [line] = [x for x in report_text if x.startswith(f"{label} | {label} | ")]
        assert line.split(" | ")[2] == str(total)
    assert "Totalt: | Totalt: | 60 | 32 | 28" in report_text


def test_places_in_use_against_annual_places(report_text: list[str]) -> None:
    """Days enrolled within the period per day of it, recounted from the sheet."""
    days = 0
    for row in _sheet_rows():
        start, end = _day(row["startdatum"]), _day(row["slutdatum"])
        assert start is not None
        first, last = max(start, PERIOD[0]), min(end or PERIOD[1], PERIOD[1])
        days += max((last - first).days + 1, 0)
    in_use = days / ((PERIOD[1] - PERIOD[0]).days + 1)
    shown = f"{in_use:.1f}".replace(".", ",")
    share = f"{in_use / 45 * 100:.1f}".replace(".", ",")
    assert (
        f"Insatsen har 45 årsplatser. Under perioden har 60 personer deltagit; i genomsnitt var "
        f"{shown} deltagare inskrivna samtidigt, vilket motsvarar {share} % av årsplatserna."
        in report_text
    )


def test_the_measured_exits_are_recounted_from_the_sheet() -> None:
    """26 exits in the period that lasted three months or more, 4 that did not."""
    exits = [
        row
        for row in _sheet_rows()
        if (end := _day(row["slutdatum"])) is not None and PERIOD[0] <= end <= PERIOD[1]
    ]
    trial = [
        row
        for row in exits
        if (_day(row["slutdatum"]) - _day(row["startdatum"])).days < 90  # type: ignore[operator]
    ]
    assert (len(exits), len(trial)) == (30, 4)
    measured = [row for row in exits if row not in trial]
    assert sum(1 for row in measured if row["avslutskod"] == 1) == 11
    assert sum(1 for row in measured if row["vidare_fs_af_fk"] == "Ja") == 3


def test_no_economy_section_and_no_budget_rules(
    loaded: LoadedReport, report_text: list[str]
) -> None:
    from reportgen.pipeline import findings_for
    from reportgen.profile import Role

    assert loaded.profile.section_for(Role.ECONOMY) is None
    assert not any("Kostnadslag" in line or "Budget" in line for line in report_text)
    assert [f for f in findings_for(loaded) if f.code.startswith("B")] == []


def test_the_ladder_is_read_by_name_and_by_number(tmp_path: Path) -> None:
    """The example's sheet names every other step; both count (a wrong name is D002)."""
    from reportgen.sources.excel.source import read_workbook

    ladder = ("Introduktion", "Kom i gång", "Kom i jobb", "Kom i jobb/Avslut")
    workbook = load_workbook(EXAMPLE / "statistik.xlsx")
    sheet = workbook["Deltagare"]
    column = [cell.value for cell in sheet[1]].index("steg_slut") + 1
    sheet.cell(row=2, column=column, value="Kom i mål")
    path = tmp_path / "statistik.xlsx"
    workbook.save(path)
    result = read_workbook(path, display="statistik.xlsx", period=PERIOD, ladder=ladder)
    [finding] = [f for f in result.findings if f.code == "D002"]
    assert finding.message == (
        "Steget 'Kom i mål' finns inte i processtrappan. Tillåtna värden: 1–4 eller stegens "
        "namn: Introduktion, Kom i gång, Kom i jobb, Kom i jobb/Avslut."
    )
