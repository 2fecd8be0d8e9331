"""Issue 13, counted participants: `deltagare` without person rows is a table under 4.4, and a
workbook whose Deltagare sheet has no rows gives a warning instead of "0 personer".

Built from the owner trial's problems 2 and 5: R6 counts 49 individual contacts
(32 women, 17 men) but keeps no person rows; its survey figures are in Enkät.
"""

from __future__ import annotations

from pathlib import Path

from reportgen.pipeline import build_report, findings_for
from reportgen.sources import load_source
from reportgen.workbook_template import write_statistics_workbook
from tests.conftest import MakeIntervention
from tests.docx_text import normalized_lines

R6_COUNTS = "\ndeltagare: {antal: 49, kvinnor: 32, män: 17, nya: 40, avslutade: 35, pågående: 14}\n"


def _append(folder: Path, text: str) -> None:
    path = folder / "insats.yaml"
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def _survey_only_workbook(path: Path) -> None:
    """`reportgen init`'s workbook with only the Enkät sheet filled, as R6 needs it."""
    from openpyxl import load_workbook

    write_statistics_workbook(path)
    workbook = load_workbook(path)
    survey = workbook["Enkät"]
    for line in (
        ("Har du fått stöd som är till nytta för dig?", 32, "97%"),
        ("Har stödet fått ta den tid du behövt?", 17, "94,1%"),
    ):
        survey.append(list(line))
    workbook.save(path)


def test_counted_participants_without_workbook_are_a_table(
    make_intervention: MakeIntervention, tmp_path: Path
) -> None:
    folder = make_intervention("samverkan-psykisk-ohalsa", name="psykolog")
    _append(folder, R6_COUNTS)
    assert findings_for(load_source(folder)) == []
    lines = normalized_lines(build_report(folder, output=tmp_path / "r.docx").output)
    caption = "[Tabellrubrik] Tabell 1. Deltagare under rapportperioden 2025-01-01 – 2025-12-31"
    at = lines.index(caption)
    assert lines[at + 1] == (
        "[Normal] Under perioden har 49 personer deltagit i insatsen. Tabellen visar deltagare "
        "uppdelat på kön och inskrivningar under perioden."
    )
    assert lines[at + 2 : at + 7] == [
        "|  |  | Kvinnor | Män | Totalt |",
        "| Deltagare (personer) | Deltagare (personer) | 32 | 17 | 49 |",
        "| Nyinskrivna | Nyinskrivna |  |  | 40 |",
        "| Avslutade | Avslutade |  |  | 35 |",
        "| Pågående vid periodens slut | Pågående vid periodens slut |  |  | 14 |",
    ]
    assert lines[at + 7].startswith("[Tabellnot] Antalen är insatsens egna")
    assert lines.index(caption) > lines.index(
        "[Heading 2] 4.4 Beskriv uppföljning och utvärdering av målen"
    )


def test_empty_participant_sheet_warns_and_prints_no_zero_table(
    make_intervention: MakeIntervention, tmp_path: Path
) -> None:
    folder = make_intervention("samverkan-psykisk-ohalsa", name="psykolog")
    _append(folder, "\nstatistik: statistik.xlsx\n")
    _survey_only_workbook(folder / "statistik.xlsx")
    findings = findings_for(load_source(folder))
    assert [(f.code, str(f.severity), f.location.key) for f in findings] == [
        ("D007", "varning", "statistik")
    ]
    assert findings[0].message == (
        "Bladet Deltagare i statistik.xlsx har inga rader. Rapporten visar därför ingen "
        "deltagartabell (enkätresultaten visas). Fyll i en rad per inskrivning, ange antalen "
        "under 'deltagare' (antal, kvinnor, män …) om insatsen inte för en deltagarförteckning, "
        "eller ta bort raden 'statistik' om insatsen inte har deltagare."
    )
    text = "\n".join(normalized_lines(build_report(folder, output=tmp_path / "r.docx").output))
    assert "0 personer" not in text
    assert "Deltagare under rapportperioden" not in text
    assert "[Tabellrubrik] Tabell 1. Enkätresultat" in text
    assert "| Har du fått stöd som är till nytta för dig? |" in text


def test_empty_sheet_with_counts_shows_the_counts(
    make_intervention: MakeIntervention, tmp_path: Path
) -> None:
    from docxtpl import RichText

    from reportgen.render.stats_blocks import tables_for

    folder = make_intervention("samverkan-psykisk-ohalsa", name="psykolog")
    _append(folder, "\nstatistik: statistik.xlsx\n" + R6_COUNTS)
    _survey_only_workbook(folder / "statistik.xlsx")
    loaded = load_source(folder)
    blocks = tables_for(loaded, charts=True)
    assert [b["rubrik"] for b in blocks] == [
        "Tabell 1. Deltagare under rapportperioden 2025-01-01 – 2025-12-31",
        "Tabell 2. Enkätresultat",
    ]
    assert all(b["bild"] is None for b in blocks)
    first_row = blocks[0]["rader"][0]
    assert isinstance(first_row["etikett"], RichText)
    assert "49" in first_row["varden"][-1].xml
    warning = next(f for f in findings_for(loaded) if f.code == "D007")
    assert "Rapporten visar i stället deltagarantalen under 'deltagare'" in warning.message


def test_counts_are_not_compared_with_an_empty_participant_sheet(
    make_intervention: MakeIntervention,
) -> None:
    folder = make_intervention("samverkan-psykisk-ohalsa", name="psykolog")
    _append(folder, "\nstatistik: statistik.xlsx\n" + R6_COUNTS)
    _survey_only_workbook(folder / "statistik.xlsx")
    codes = [f.code for f in findings_for(load_source(folder))]
    assert "D007" in codes and "D001" not in codes
