"""Submitted Word reports -> the report model and the same rules as for insats.yaml.

Every document here is built with python-docx to look filled in by hand
(tests/docx_fixtures.py), never by reportgen's own template. Each test changes
one thing in an otherwise clean report and asserts the codes it must give and
the place in the document they point at.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest
from docx import Document

from reportgen.findings import Finding
from reportgen.loaded import LoadedReport
from reportgen.pipeline import findings_for
from reportgen.sources import load_source
from tests.docx_fixtures import (
    COMPILER_BLOCK,
    COST_ROWS,
    GOALS,
    HEADINGS,
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
