"""The layouts and habits of issue 12: each read as a careful reviewer would read it.

Every document is built with python-docx (tests/docx_fixtures_layouts.py), some
then saved through LibreOffice as Word users' colleagues do. A clean variant
must give no finding at all and the same model as the ordinary clean report; a
variant with a mistake must give exactly the finding a reviewer would write.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from reportgen.findings import Finding
from reportgen.loaded import LoadedReport
from reportgen.model import Report
from reportgen.pipeline import findings_for
from reportgen.sources import load_source
from tests.docx_fixtures import COST_ROWS, HEADINGS, SIGNATURE, TEXTS, HandFilled, write_docx
from tests.docx_fixtures_layouts import DATE_PROMPT, WORD_PROMPT

NAME = "rapport.docx"
UNNUMBERED = {key: re.sub(r"^\d+(\.\d+)?\.?\s+", "", text) for key, text in HEADINGS.items()}


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


def load(spec: HandFilled | None = None, name: str = NAME) -> LoadedReport:
    return load_source(write_docx(Path(name), spec))


def lines(findings: list[Finding]) -> list[str]:
    return [f.as_line() for f in findings]


def placed(findings: list[Finding]) -> list[tuple[str, str, str]]:
    return [(f.code, str(f.severity), str(f.location)) for f in findings]


# Everything a rule or the compilation reads from a report.
COMPARED = (
    "kind",
    "intervention",
    "description",
    "methods",
    "deviations",
    "follow_up",
    "analysis",
    "goals",
    "economy",
    "signature",
)


def same_content(report: Report, clean: Report) -> None:
    for attribute in COMPARED:
        assert getattr(report, attribute) == getattr(clean, attribute), attribute


CLEAN_LAYOUTS = {
    "the whole report in one big table": HandFilled(layout="one_table"),
    "each section boxed in its own table": HandFilled(layout="boxed"),
    "headings bold through the Strong character style": HandFilled(heading_format="char_style"),
    "headings numbered by Word's list numbering": HandFilled(
        heading_format="numbered", headings=UNNUMBERED
    ),
    "cost table with a merged title row": HandFilled(cost_layout="title_row"),
    "cost table with a two-row header": HandFilled(cost_layout="two_row_header"),
    "section 1 typed with Shift+Enter": HandFilled(section1="soft_breaks"),
    "section 1 values in the cells under the labels": HandFilled(section1="cells_under"),
    "values in filled content controls": HandFilled(controls=True),
    "one table, numbered headings, two-row header, Shift+Enter": HandFilled(
        layout="one_table", cost_layout="two_row_header", section1="soft_breaks"
    ),
    "boxed with a title row over the costs": HandFilled(layout="boxed", cost_layout="title_row"),
}


@pytest.mark.parametrize("spec", CLEAN_LAYOUTS.values(), ids=CLEAN_LAYOUTS.keys())
def test_clean_layout_reads_like_the_clean_report(spec: HandFilled) -> None:
    loaded = load(spec)
    assert lines(findings_for(loaded)) == []
    same_content(loaded.report, load(name="clean.docx").report)


@pytest.mark.parametrize("label", ["Summa totalt", "Totalt", "Summa kostnader", "S:a", "Total"])
def test_total_rows_labelled_otherwise_are_the_total(label: str) -> None:
    loaded = load(HandFilled(total=(label, "912 000", "901 800")))
    assert lines(findings_for(loaded)) == []
    assert loaded.report.economy is not None
    assert [r.category for r in loaded.report.economy.rows or []][-1] == "Övriga kostnader"
    assert loaded.report.economy.totals is not None
    assert loaded.report.economy.totals.outcome == 901800


def test_two_row_header_reads_budget_and_utfall_as_column_names() -> None:
    spec = HandFilled(cost_layout="two_row_header", total=("Summa", "912 000", "?"))
    found = findings_for(load(spec))
    # the header words are never amounts; the column is named as the header names it
    assert placed(found) == [
        ("B005", "fel", 'rapport.docx §6 Ekonomisk rapport, rad "Summa", kolumn Utfall')
    ]


def test_cost_table_without_a_total_row() -> None:
    found = findings_for(load(HandFilled(total=None)))
    assert lines(found) == [
        "B009 fel rapport.docx §6 Ekonomisk rapport, tabellen: Ekonomitabellen saknar raden "
        '"Summa". Förbundets mall kräver en summarad: lägg till raden "Summa" med summan av '
        "budgeten och av utfallet."
    ]


def test_goal_sharing_the_row_with_the_41_header_cells() -> None:
    loaded = load(HandFilled(goals_header="shared_row"))
    clean = load(name="clean.docx").report
    assert loaded.report.goals == clean.goals
    assert [f.code for f in findings_for(loaded)] == ["S006"]


@pytest.mark.parametrize("where", ["on_line", "in_cell"])
def test_a_picture_of_the_signature_counts_as_signed(where: str) -> None:
    loaded = load(HandFilled(signature_image=where))
    assert lines(findings_for(loaded)) == []
    assert loaded.report.signature is not None
    assert loaded.report.signature.name == "(underskrift som bild)"


@pytest.mark.parametrize(
    ("spec", "message_start"),
    [
        (HandFilled(signature_image="scanned"), "Avsnitt 7 är en inskannad bild"),
        (
            HandFilled(signature_image="scanned_only", headings={"7": None}),
            "Rapporten slutar med en inskannad bild",
        ),
    ],
    ids=["under the heading", "a last page without text"],
)
def test_a_scanned_signature_page_is_one_warning(spec: HandFilled, message_start: str) -> None:
    [finding] = findings_for(load(spec))
    assert (finding.code, str(finding.severity)) == ("U003", "varning")
    assert str(finding.location) == "rapport.docx §7 Underskrift av insatsägare"
    assert finding.message.startswith(message_start)
    assert "kontrollera underskriften manuellt" in finding.message


def test_content_controls_showing_their_placeholder_are_empty() -> None:
    spec = HandFilled(
        placeholders={
            "3.1": "Skriv bakgrunden till insatsen här.",  # a custom placeholder
            "5.2": WORD_PROMPT,
            "1 Tidsperiod:": DATE_PROMPT,  # a date picker's prompt
            "7": "Namn och titel",
        }
    )
    loaded = load(spec)
    assert loaded.report.description is not None
    assert loaded.report.description.background == ""
    assert placed(findings_for(loaded)) == [
        ("S001", "fel", "rapport.docx §1 Insatsen, Tidsperiod"),
        ("S002", "fel", "rapport.docx §3.1"),
        ("S002", "fel", "rapport.docx §5.2"),
        ("U001", "fel", "rapport.docx §7 Underskrift av insatsägare, Organisation"),
    ]


HALF_YEAR_SIGNATURE = [SIGNATURE[0], "Ort och datum: Sundsvall 2023-07-20", *SIGNATURE[2:]]


@pytest.mark.parametrize(
    ("spec", "why"),
    [
        (
            HandFilled(title="Halvårsrapport januari–juni 2023", signature=HALF_YEAR_SIGNATURE),
            'läst ur rubriken "Halvårsrapport januari–juni 2023"',
        ),
        (
            HandFilled(title="Halvårsrapport 2023", signature=HALF_YEAR_SIGNATURE),
            'första halvåret 2023, utifrån rubriken "Halvårsrapport 2023"',
        ),
        (
            HandFilled(
                title="Delrapport",
                period_text="Rapporten avser perioden 2023-01-01 – 2023-06-30.",
                signature=HALF_YEAR_SIGNATURE,
            ),
            'läst ur texten under rubriken "Rapporten avser perioden 2023-01-01 – 2…"',
        ),
    ],
    ids=["months in the title", "a bare half-year title", "a line under the title"],
)
def test_a_delrapports_period_is_read_from_title_or_text(spec: HandFilled, why: str) -> None:
    loaded = load(spec)
    period = loaded.report.report.period
    assert period is not None
    assert (str(period.start), str(period.end)) == ("2023-01-01", "2023-06-30")
    [finding] = findings_for(loaded)  # no T003: signed after the half year it reports on
    assert (finding.code, str(finding.severity)) == ("T004", "varning")
    assert finding.message.startswith(
        f"Rapportperioden står inte i rapportens fält. Granskningen antar 2023-01-01 – "
        f"2023-06-30 ({why})"
    )


def test_without_a_stated_period_a_delrapport_is_judged_against_the_whole_intervention() -> None:
    found = findings_for(load(HandFilled(title="Delrapport", signature=HALF_YEAR_SIGNATURE)))
    assert [(f.code, str(f.severity)) for f in found] == [("T003", "varning")]


def test_the_interim_burn_rate_uses_the_assumed_period() -> None:
    spec = HandFilled(
        title="Halvårsrapport januari–juni 2023",
        signature=HALF_YEAR_SIGNATURE,
        economy_comment="",
        texts={**TEXTS, "4.3": "Tidsplanen har följts."},
    )
    b004 = next(f for f in findings_for(load(spec)) if f.code == "B004")
    assert "har gått vid rapportperiodens slut 2023-06-30" in b004.message


def test_renamed_and_deleted_rows_still_work_in_one_big_table() -> None:
    spec = HandFilled(
        layout="one_table",
        cost_rows=[r for r in COST_ROWS if r[1]],
        total=("Totalt", "912 000", "901 800"),
    )
    assert [f.code for f in findings_for(load(spec))] == ["B008"]
