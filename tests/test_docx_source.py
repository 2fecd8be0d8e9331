"""Submitted Word reports -> the report model and the same rules as for insats.yaml.

Every document here is built with python-docx to look filled in by hand
(tests/docx_fixtures.py), never by reportgen's own template. Each test changes
one thing in an otherwise clean report and asserts the codes it must give and
the place in the document they point at.
"""

from __future__ import annotations

import re
import shutil
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from docx import Document

from reportgen.errors import InputError
from reportgen.findings import Finding
from reportgen.loaded import LoadedReport
from reportgen.pipeline import findings_for
from reportgen.pipeline import inspect as check_path
from reportgen.sources import load_source, ooxml
from tests.docx_fixtures import (
    COMPILER_BLOCK,
    COST_ROWS,
    GOALS,
    HEADINGS,
    SIGNATURE,
    TEXTS,
    HandFilled,
    write_docx,
)

NAME = "rapport.docx"


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Work in tmp_path so every location reads `rapport.docx …`, as a reviewer types it."""
    monkeypatch.chdir(tmp_path)


def load(spec: HandFilled | None = None, name: str = NAME) -> LoadedReport:
    return load_source(write_docx(Path(name), spec))


def check(spec: HandFilled | None = None, name: str = NAME) -> list[Finding]:
    return findings_for(load(spec, name))


def lines(findings: list[Finding]) -> list[str]:
    return [f.as_line() for f in findings]


def codes(findings: list[Finding]) -> list[str]:
    return sorted(f.code for f in findings)


def only(findings: list[Finding], code: str) -> Finding:
    [found] = [f for f in findings if f.code == code]
    return found


def rows_with(**changes: tuple[str, str, str]) -> list[tuple[str, str, str]]:
    """The default cost rows with some rows (by leading word) replaced."""
    rows = []
    for row in COST_ROWS:
        key = row[0].split()[0].casefold()
        rows.append(changes.get(key, row))
    return rows


# ----------------------------------------------------------------- a clean report


def test_clean_hand_filled_report_has_no_findings() -> None:
    assert lines(check()) == []


def test_clean_report_fills_every_part_of_the_model() -> None:
    report = load().report
    assert report.kind == "slutrapport"
    assert report.report.title == "Slutrapport"
    assert report.intervention.name == "Stegvis till arbete"
    assert report.intervention.period is not None
    assert str(report.intervention.period.start) == "2023-01-01"
    assert report.intervention.granted == Decimal(912000)
    assert report.intervention.responsible is not None
    assert report.intervention.responsible.organisation == "Sundsvalls kommun"
    assert report.intervention.responsible.email == "anna.lindqvist@sundsvall.se"
    assert [p.organisation for p in report.intervention.partners] == [
        "Arbetsförmedlingen",
        "Försäkringskassan",
        "Region Västernorrland",
    ]
    assert report.description is not None
    assert report.description.purpose == TEXTS["3.2"]  # the sub-question is not answer text
    assert report.methods == (
        "Två coacher arbetar med varje deltagare utifrån en gemensam plan.\n\n"
        "- Kartläggning under de första veckorna\n- Praktik och arbetsträning\n"
        "- Stöd vid övergång till arbete"
    )
    assert report.follow_up == TEXTS["4.4"]  # the own-line sub-question is dropped
    assert [(g.goal, g.achieved) for g in report.goals or []] == [
        (GOALS[0][0], "ja"),
        (GOALS[1][0], "delvis"),
        (GOALS[2][0], "nej"),
    ]
    assert report.economy is not None
    rows = [(r.category, r.budget, r.outcome) for r in report.economy.rows or []]
    assert rows[0] == ("Lönekostnader", Decimal(780000), Decimal(776400))
    assert len(rows) == 5  # the two unused template rows are not costs
    assert report.economy.totals is not None
    assert report.economy.totals.outcome == Decimal(901800)
    assert report.economy.comment is not None
    assert report.economy.comment.startswith("Av beviljade 912 000 kr")
    assert report.signature is not None
    assert (report.signature.organisation, report.signature.place) == (
        "Sundsvalls kommun",
        "Sundsvall",
    )
    assert str(report.signature.signed_on) == "2024-01-26"
    assert report.signature.name == "Anna Lindqvist"


# ----------------------------------------------------------------- variants that must be accepted


# Word's automatic numbering: the number is not part of the paragraph text
UNNUMBERED = {key: re.sub(r"^\d+(\.\d+)?\.?\s+", "", text) for key, text in HEADINGS.items()}

VARIANTS = {
    "headings typed bold": HandFilled(heading_format="bold"),
    "headings numbered by Word": HandFilled(headings=UNNUMBERED),
    "unnumbered headings typed bold": HandFilled(headings=UNNUMBERED, heading_format="bold"),
    "headings in capitals": HandFilled(
        headings={key: text.upper() for key, text in HEADINGS.items()}, heading_format="plain"
    ),
    "headings as plain text": HandFilled(heading_format="plain"),
    "sub-questions dropped": HandFilled(short_headings=True, own_line_questions="none"),
    "sub-question run into the answer": HandFilled(own_line_questions="run_in"),
    "contacts on the next line": HandFilled(contacts_layout="lines"),
    "contacts as paragraphs with a rule line": HandFilled(contacts_layout="paragraphs"),
    "two member slots unused": HandFilled(contacts=[("Timrå kommun", "Ida W", "ida@timra.se")]),
    "4.1 header with the instruction row left empty": HandFilled(goals_header="instruction_row"),
    "4.1 header fused with the instruction": HandFilled(goals_header="fused"),
    "4.1 as a heading above the table": HandFilled(goals_header="above"),
    "spelling variants of the headings": HandFilled(
        headings={
            "3.3": "3.3 Målgruppen för insatsen.",
            "4.2": "4.2. Arbetsätt och verksamhetsbeskrivning för insatsen",
            "4.3": "4.3 Avvikelse från planering (avseende ekonomi, tidsplan, aktiviteter mål mm)",
            "5.3": "5.3 Beskriv tillvaratagna erfarenheter och från insatsen",
            "6": "6 EKONOMISK RAPPORT:",
            "7": "7 Underskrift av insatsägare",
        }
    ),
    "Kostnadsslag spelt correctly": HandFilled(cost_header=("Kostnadsslag", "Budget", "Utfall")),
    "instruction of section 6 left out": HandFilled(economy_instruction=False),
    "signature in italics, date first": HandFilled(
        signature=[
            "Organisation: *Sundsvalls kommun*",
            "Ort och datum: 26/1-2024 Sundsvall",
            "Underskrift: Anna Lindqvist",
        ]
    ),
    "signature values on the next lines": HandFilled(
        signature=[
            "Organisation:",
            "Sundsvalls kommun",
            "Ort och datum:",
            "*20240126 SUNDSVALL*",
            "Underskrift:",
            ".....",
            "Namnförtydligande: Anna Lindqvist",
        ]
    ),
    "appendix after section 7": HandFilled(
        appendix=["Bilaga 1 utvärdering från act gruppinsats", "Underskrift", "Någon annan"]
    ),
    "amounts in every written form": HandFilled(
        cost_rows=rows_with(
            lönekostnader=("Lönekostnader", "780 000 kr", "776 400: -"),
            lokalkostnader=("Lokalkostnader", "60 tkr", "60000"),
            material=("Material (ange typ av material)", "15\u00a0000", "14 200 kronor"),
            resekostnader=("Resekostnader (ange typ av aktivitet)", "25 000:-", "21\u202f400"),
            övriga=("Övriga kostnader (ange typ av övriga kostnader)", "32000", "29 800 kr"),
        ),
        total=("Summa", "912 000 kr", "901 800 kr"),
    ),
    "TSEK in the header": HandFilled(
        cost_header=("Kostnadslag", "Budget TSEK", "Utfall TSEK"),
        cost_rows=rows_with(
            lönekostnader=("Lönekostnader", "780", "776,4"),
            lokalkostnader=("Lokalkostnader", "60", "60"),
            material=("Material (ange typ av material)", "15", "14,2"),
            resekostnader=("Resekostnader (ange typ av aktivitet)", "25", "21,4"),
            övriga=("Övriga kostnader (ange typ av övriga kostnader)", "32", "29,8"),
        ),
        total=("Summa", "912", "901,8"),
    ),
}


@pytest.mark.parametrize("spec", VARIANTS.values(), ids=VARIANTS.keys())
def test_accepted_variants_read_like_the_clean_report(spec: HandFilled) -> None:
    loaded = load(spec)
    assert lines(findings_for(loaded)) == []
    clean = load(name="clean.docx").report
    report = loaded.report
    assert report.kind == "slutrapport"
    assert report.intervention.granted == clean.intervention.granted
    assert report.economy is not None and clean.economy is not None
    assert report.economy.totals == clean.economy.totals
    assert [r.outcome for r in report.economy.rows or []] == [
        r.outcome for r in clean.economy.rows or []
    ]
    assert [g.goal for g in report.goals or []] == [g.goal for g in clean.goals or []]
    assert report.description == clean.description
    assert report.follow_up == clean.follow_up
    assert report.analysis == clean.analysis
    assert report.signature is not None
    assert report.signature.name == "Anna Lindqvist"


@pytest.mark.parametrize(
    ("title", "kind"),
    [
        ("Slutrapport", "slutrapport"),
        ("Del/slutrapport", "slutrapport"),
        ("Del/slutrappport", "slutrapport"),
        ("Slutrapport för år 2023", "slutrapport"),
        ("Slutrapport 2023", "slutrapport"),
        ("Helårsrapport", "slutrapport"),
        ("Delrapport", "delrapport"),
        ("Halvårsrapport 2023", "delrapport"),
        ("DELRAPPORT – Stegvis till arbete", "delrapport"),
    ],
)
def test_report_kind_comes_from_the_title(title: str, kind: str) -> None:
    loaded = load(HandFilled(title=title))
    assert loaded.report.kind == kind
    assert loaded.report.report.title == title
    # a half-year report's period is assumed from its title, and the assumption stated
    assumed = ["T004"] if title.startswith("Halvårsrapport") else []
    assert codes(findings_for(loaded)) == assumed


def test_page_header_typed_into_the_body_is_ignored() -> None:
    path = write_docx(Path(NAME))
    document = Document(str(path))
    document.paragraphs[0].insert_paragraph_before("SAMORDNINGSFÖRBUNDET SUNDSVALL")
    document.save(str(path))
    loaded = load_source(path)
    assert loaded.report.report.title == "Slutrapport"
    assert loaded.profile.id == "sundsvall"
    assert lines(findings_for(loaded)) == []


def test_renamed_cost_rows_keep_category_and_specification() -> None:
    spec = HandFilled(
        cost_rows=rows_with(
            lönekostnader=("Lönekostnader:", "780 000", "776 400"),
            material=("Material IT och telefoni", "15 000", "14 200"),
            resekostnader=("Reskostnader (ange typ av aktivitet)", "25 000", "21 400"),
            övriga=("Övriga kostnader (mobil och dator)", "32 000", "29 800 kr (abonnemang)"),
        )
    )
    loaded = load(spec)
    assert lines(findings_for(loaded)) == []
    assert loaded.report.economy is not None
    rows = [(r.category, r.specification) for r in loaded.report.economy.rows or []]
    assert rows == [
        ("Lönekostnader", None),
        ("Lokalkostnader", None),
        ("Material", "IT och telefoni"),
        ("Resekostnader", None),
        ("Övriga kostnader", "mobil och dator; abonnemang"),
    ]


# ----------------------------------------------------------------- the reader's own findings


def test_merged_41_header_is_read_and_reported() -> None:
    loaded = load(HandFilled(goals_header="merged"))
    assert [g.goal for g in loaded.report.goals or []] == [g[0] for g in GOALS]
    assert lines(findings_for(loaded)) == [
        'S006 varning rapport.docx §4.1: Rubriken "4.1 Insatsens mål" står i samma cell som '
        "första målet. Målet lästes ändå; ge rubriken en egen rad så som i förbundets mall."
    ]


def test_deleted_cost_rows_are_reported_once() -> None:
    # only Lönekostnader and one Övriga kostnader row are left, as in some real copies
    spec = HandFilled(
        cost_rows=[
            ("Lönekostnader", "880 000", "872 000"),
            ("Övriga kostnader (ange typ av övriga kostnader)", "32 000", "29 800"),
        ],
        total=("Summa", "912 000", "901 800"),
    )
    found = check(spec)
    assert codes(found) == ["B008"]
    assert str(found[0].location) == "rapport.docx §6 Ekonomisk rapport, tabellen"
    assert found[0].message.startswith(
        'Raderna "Aktiviteter", "Externa tjänster", "Lokalkostnader", "Material", '
        '"Resekostnader" ur förbundets ekonomitabell saknas'
    )


def test_missing_intro_and_unknown_title_are_warnings() -> None:
    found = check(HandFilled(title="Redovisning av insatsen", intro=False))
    assert lines(found) == [
        "S003 varning rapport.docx inledningen: Mallens inledande mening saknas "
        '("Denna mall ska användas vid del- och slutrapportering av insatser fin…"). Använd '
        "förbundets mall oförändrad, med inledningen under rubriken.",
        'S004 varning rapport.docx rubriken: Rubriken "Redovisning av insatsen" är inte en av '
        "mallens (Delrapport, Del/slutrapport, Slutrapport, Helårsrapport). Rapporten granskas "
        "som slutrapport; skriv Delrapport eller Slutrapport i rubriken.",
    ]


def test_heading_missing_although_its_table_is_there() -> None:
    loaded = load(HandFilled(headings={"6": None, "3": None}))
    found = findings_for(loaded)
    assert lines(found) == [
        'S005 fel rapport.docx §3 Insatsbeskrivning: Rubriken "3. Insatsbeskrivning" saknas '
        "(avsnitt 3.1, 3.2, 3.3 finns). Skriv rubriken som i förbundets mall, så att avsnittet "
        "kan hittas.",
        'S005 fel rapport.docx §6 Ekonomisk rapport: Rubriken "6. Ekonomisk rapport" saknas '
        "(ekonomitabellen finns ändå). Skriv rubriken som i förbundets mall, så att avsnittet "
        "kan hittas.",
    ]
    # the economy text is §6's comment, not part of the answer to 5.5 before it
    assert loaded.report.analysis is not None
    assert loaded.report.analysis.system_errors == TEXTS["5.5"]
    assert loaded.report.economy is not None
    assert (loaded.report.economy.comment or "").startswith("Av beviljade 912 000 kr")


def test_compiler_signature_before_section_7_does_not_count() -> None:
    loaded = load(HandFilled(before_signature=COMPILER_BLOCK, signature=[]))
    found = findings_for(loaded)
    assert codes(found) == ["U001", "U002"]  # one U001 for the whole empty block
    outside = only(found, "U002")
    assert str(outside.location) == "rapport.docx §6 Ekonomisk rapport, före avsnitt 7"
    assert '"Rapporten är sammanställd av Karin Ek,…"' in outside.message
    assert loaded.report.economy is not None
    assert "sammanställd" not in (loaded.report.economy.comment or "")


def test_signature_after_a_deleted_section_7_heading_is_still_read() -> None:
    loaded = load(HandFilled(headings={"7": None}))
    assert codes(findings_for(loaded)) == ["S005"]
    assert loaded.report.signature is not None
    assert loaded.report.signature.name == "Anna Lindqvist"


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
