"""Every rule from a submitted Word report, and Word files that are no report.

The same rules as for insats.yaml, fed by the Word reader: each test changes one
thing in the clean hand-filled report (tests/docx_fixtures.py) and asserts the code
and the place in the document it must give.
"""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest
from docx import Document

from reportgen.errors import InputError
from reportgen.pipeline import findings_for
from reportgen.pipeline import inspect as check_path
from reportgen.sources import load_source, ooxml
from tests.docx_fixtures import COST_ROWS, GOALS, SIGNATURE, TEXTS, HandFilled, write_docx
from tests.test_docx_source import NAME, _in_tmp, check, codes, lines, load, only, rows_with

__all__ = ["_in_tmp"]  # the autouse fixture: every test works in its own folder


# ----------------------------------------------------------------- every rule from a .docx


def test_summa_that_differs_from_the_rows_gives_b002_with_both_numbers() -> None:
    spec = HandFilled(
        granted="552 000 kr",
        cost_rows=rows_with(
            lönekostnader=("Lönekostnader", "480 000", "470 000"),
            lokalkostnader=("Lokalkostnader", "40 000", "40 000"),
            material=("Material (ange typ av material)", "15 000", "14 310"),
            resekostnader=("Resekostnader (ange typ av aktivitet)", "17 000", "17 000"),
            övriga=("Övriga kostnader (ange typ av övriga kostnader)", "", ""),
        ),
        total=("Summa", "552 000", "529310"),
    )
    found = check(spec)
    assert codes(found) == ["B002"]
    b002 = found[0]
    assert str(b002.location) == 'rapport.docx §6 Ekonomisk rapport, rad "Summa", kolumn Utfall'
    message = b002.message.replace("\u00a0", " ")  # amounts are printed with NBSP
    assert "529 310 kr" in message
    assert "541 310 kr" in message


def test_wrong_budget_total_and_granted_funds_give_b001_and_b003() -> None:
    found = check(HandFilled(granted="905 000 kr", total=("Summa", "910 000", "901 800")))
    assert codes(found) == ["B001", "B003"]
    assert str(only(found, "B001").location) == (
        'rapport.docx §6 Ekonomisk rapport, rad "Summa", kolumn Budget'
    )


def test_se_separat_redovisning_gives_b005_quoting_the_cell() -> None:
    spec = HandFilled(
        cost_rows=rows_with(
            lönekostnader=("Lönekostnader", "780 000", "Se separat redovisning"),
        )
    )
    found = check(spec)
    # the unreadable cell is reported once: no B006 for it, no B002 for the total
    assert lines(found) == [
        'B005 fel rapport.docx §6 Ekonomisk rapport, rad "Lönekostnader", kolumn Utfall: '
        'Beloppet "Se separat redovisning" är inte ett tal. Skriv beloppet i kronor, t.ex. '
        "709 000 eller 709 000 kr. Förklaringar hör hemma i texten under tabellen, inte i "
        "beloppscellen."
    ]


def test_question_mark_in_summa_gives_b005() -> None:
    found = check(HandFilled(total=("Summa", "912 000", "?")))
    assert codes(found) == ["B005"]
    assert str(found[0].location) == 'rapport.docx §6 Ekonomisk rapport, rad "Summa", kolumn Utfall'


def test_unexplained_unused_funds_give_b004() -> None:
    spec = HandFilled(economy_comment="", texts={**TEXTS, "4.3": "Tidsplanen har följts."})
    found = check(spec)
    assert codes(found) == ["B004"]
    assert str(found[0].severity) == "varning"  # §4.3 has text, but not about money
    both_empty = check(HandFilled(economy_comment="", texts={**TEXTS, "4.3": ""}), "b.docx")
    assert sorted((f.code, str(f.severity)) for f in both_empty) == [
        ("B004", "fel"),
        ("S002", "fel"),
    ]


def test_explanation_in_section_43_is_enough_for_b004() -> None:
    assert check(HandFilled(economy_comment="")) == []


def test_missing_outcome_gives_b006() -> None:
    spec = HandFilled(
        cost_rows=rows_with(lönekostnader=("Lönekostnader", "780 000", "")),
        total=("Summa", "912 000", "125 400"),
    )
    found = check(spec)
    assert codes(found) == ["B006"]
    assert str(found[0].location) == (
        'rapport.docx §6 Ekonomisk rapport, rad "Lönekostnader", kolumn Utfall'
    )


def test_unknown_cost_row_is_kept_for_its_rule() -> None:
    spec = HandFilled(
        cost_rows=[*COST_ROWS, ("Handledning", "10 000", "10 000")],
        granted="922 000 kr",
        total=("Summa", "922 000", "911 800"),
    )
    found = check(spec)
    assert codes(found) == ["B007"]
    assert str(found[0].location) == 'rapport.docx §6 Ekonomisk rapport, rad "Handledning"'


def test_renumbered_sections_after_a_deleted_42_are_found_by_their_words() -> None:
    spec = HandFilled(
        headings={
            "4.2": None,
            "4.3": "4.2 Avvikelser från planering (avseende ekonomi, tidsplan, aktiviteter mål mm)",
            "4.4": "4.3 Beskriv uppföljning och utvärdering av målen",
        }
    )
    loaded = load(spec)
    assert [(f.code, str(f.location)) for f in findings_for(loaded)] == [
        ("S001", "rapport.docx §4.2")
    ]
    assert loaded.report.deviations == TEXTS["4.3"]
    assert loaded.report.follow_up == TEXTS["4.4"]


def test_absent_42_heading_gives_s001_for_42() -> None:
    found = check(HandFilled(headings={"4.2": None}))
    assert codes(found) == ["S001"]
    assert str(found[0].location) == "rapport.docx §4.2"
    assert "4.2" in found[0].message


def test_section_with_only_whitespace_or_its_sub_question_is_empty() -> None:
    found = check(HandFilled(texts={**TEXTS, "3.1": "   ", "4.4": ""}))
    assert [(f.code, str(f.location)) for f in found] == [
        ("S002", "rapport.docx §3.1"),
        ("S002", "rapport.docx §4.4"),  # only "Hur har arbetet …?" under the heading
    ]


def test_goal_without_answer_and_outcome_gives_g002() -> None:
    found = check(HandFilled(goals=[GOALS[0], (GOALS[1][0], "", "")]))
    assert [(f.code, str(f.location)) for f in found] == [
        ("G002", "rapport.docx §4.1, mål 2, kolumn Uppnått"),
        ("G002", "rapport.docx §4.1, mål 2, kolumn Utfall"),
    ]


def test_goals_table_without_goals_states_no_goals() -> None:
    found = check(HandFilled(goals=[], goals_header="instruction_row"))
    assert [(f.code, str(f.location)) for f in found] == [("G001", "rapport.docx §4.1")]


def test_unfilled_signature_is_one_u001_naming_every_missing_part() -> None:
    found = check(HandFilled(signature=["Organisation:", "Ort och datum:", "Underskrift", "....."]))
    assert lines(found) == [
        "U001 fel rapport.docx §7 Underskrift av insatsägare, Organisation: Underskriften är "
        "inte komplett: organisation, ort, datum och namn saknas. Fyll i organisationen som "
        "lämnar rapporten, orten där rapporten skrivs under, datum för underskriften "
        "(ÅÅÅÅ-MM-DD) och namnet på den som skriver under."
    ]


def test_signature_dated_before_the_period_ends() -> None:
    signature = [*SIGNATURE]
    signature[1] = "Ort och datum: Sundsvall 2023-12-01"
    found = check(HandFilled(signature=signature))
    assert codes(found) == ["T003"]


def test_unreadable_period_and_granted_funds() -> None:
    found = check(HandFilled(period="under året", granted="se beslut"))
    assert lines(found) == [
        'B005 fel rapport.docx §1 Insatsen, Beviljat medel: Beloppet "se beslut" är inte ett '
        "tal. Skriv beloppet i kronor, t.ex. 709 000 eller 709 000 kr.",
        'F002 fel rapport.docx §1 Insatsen, Tidsperiod: Perioden "under året" kunde inte '
        "tolkas. Skriv perioden som ÅÅÅÅ-MM-DD – ÅÅÅÅ-MM-DD, t.ex. 2023-01-01 – 2023-12-31.",
    ]


def test_missing_responsible_organisation() -> None:
    found = check(HandFilled(contacts=[("", "Anna Lindqvist", "anna@sundsvall.se")]))
    assert [(f.code, str(f.location)) for f in found] == [
        (
            "S002",
            "rapport.docx §2 Följande förbundsmedlemmar har sökt medel, "
            "Ansvarig för genomförande av insats - Organisation",
        )
    ]


# ----------------------------------------------------------------- files that are no report


def test_renamed_text_file_is_f002(tmp_path: Path) -> None:
    path = tmp_path / "anteckningar.docx"
    path.write_text("Det här är ingen rapport.", encoding="utf-8")
    result = check_path(Path("anteckningar.docx"))
    assert not result.readable
    assert codes(result.findings) == ["F002"]
    assert "inte en Office Open XML-fil" in result.findings[0].message


def test_password_protected_document_is_f002(tmp_path: Path) -> None:
    (tmp_path / "skyddad.docx").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512)
    result = check_path(Path("skyddad.docx"))
    assert codes(result.findings) == ["F002"]
    assert "lösenordsskyddad" in result.findings[0].message


def test_truncated_document_is_f001(tmp_path: Path) -> None:
    data = write_docx(tmp_path / "hel.docx").read_bytes()
    (tmp_path / "trasig.docx").write_bytes(data[: len(data) // 2])
    result = check_path(Path("trasig.docx"))
    assert codes(result.findings) in (["F001"], ["F002"])
    assert not result.readable


def test_damaged_xml_inside_the_package_is_f001(tmp_path: Path) -> None:
    source = write_docx(tmp_path / "hel.docx")
    target = tmp_path / "skadad.docx"
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for item in old.infolist():
            data = old.read(item.filename)
            if item.filename == "word/document.xml":
                data = data[: len(data) // 2]
            new.writestr(item, data)
    result = check_path(Path("skadad.docx"))
    assert codes(result.findings) == ["F001"]
    assert result.findings[0].message.startswith("Filen är skadad och kan inte läsas")


def test_zip_expanding_beyond_the_limit_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    write_docx(Path(NAME))
    monkeypatch.setattr(ooxml, "MAX_EXPANDED_BYTES", 10_000)
    result = check_path(Path(NAME))
    assert codes(result.findings) == ["F001"]
    assert "packas upp till" in result.findings[0].message


def test_word_document_that_is_no_report_is_f002() -> None:
    document = Document()
    document.add_paragraph("Minnesanteckningar från styrgruppsmötet")
    document.add_paragraph("Vi pratade om budgeten.")
    document.save(NAME)
    with pytest.raises(InputError) as caught:
        load_source(Path(NAME))
    [finding] = caught.value.findings
    assert finding.code == "F002"
    assert finding.message.startswith("Dokumentet liknar inte förbundets rapportmall")


def test_funder_profile_is_chosen_by_the_page_header(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "mallar"
    shutil.copytree(
        Path(__file__).resolve().parents[1] / "templates" / "sundsvall", root / "sundsvall"
    )
    shutil.copytree(root / "sundsvall", root / "timra")
    profile = root / "timra" / "profile.yaml"
    text = profile.read_text(encoding="utf-8")
    text = text.replace("id: sundsvall", "id: timra").replace(
        "sidhuvud: SAMORDNINGSFÖRBUNDET SUNDSVALL", "sidhuvud: SAMORDNINGSFÖRBUNDET TIMRÅ"
    )
    profile.write_text(text, encoding="utf-8")
    monkeypatch.setenv("REPORTGEN_MALLAR", str(root))
    assert (
        load(HandFilled(page_header="Samordningsförbundet Timrå"), "t.docx").profile.id == "timra"
    )
    assert load(HandFilled(page_header="Kommunens logga"), "s.docx").profile.id == "sundsvall"


def test_a_zip_bomb_is_named_by_its_ratio_not_the_size_limit(tmp_path: Path) -> None:
    import zipfile

    bomb = tmp_path / "bomb.docx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document>" + " " * 13_000_000 + "</w:document>")
    result = check_path(bomb)
    assert codes(result.findings) == ["F001"]
    message = result.findings[0].message
    assert "gånger större (12 MB), mer än 200 gånger som är gränsen" in message
    assert "200 MB" not in message
