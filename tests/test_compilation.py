"""The year-end compilation: every total is the sum of the per-intervention figures."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from reportgen.batch.results import InterventionResult
from reportgen.compilation import LAYOUTS, build_compilation
from reportgen.figures import GoalCounts, InterventionFigures, ParticipantFigures
from reportgen.profile import load_profile
from reportgen.render.compilation_docx import render_compilation_docx
from reportgen.render.compilation_xlsx import write_compilation_xlsx
from reportgen.stats import ByGender as Counts
from tests.docx_text import headings, open_docx
from tests.template_builders import build_compilation_template

ROOT = Path(__file__).resolve().parents[1]
NBSP = "\u00a0"
DEFAULT_GOALS = GoalCounts(2, 1, 1)


def figures(
    name: str,
    *,
    orientation: str = "individinriktad",
    kind: str = "slutrapport",
    granted: int | None = 500_000,
    budget: int | None = 500_000,
    outcome: int | None = 450_000,
    goals: GoalCounts = DEFAULT_GOALS,
    participants: ParticipantFigures | None = None,
) -> InterventionFigures:
    return InterventionFigures(
        funder="sundsvall",
        name=name,
        kind=kind,
        orientation=orientation,
        start=date(2025, 1, 1),
        end=date(2025, 12, 31),
        report_start=date(2025, 1, 1),
        report_end=date(2025, 12, 31) if kind == "slutrapport" else date(2025, 6, 30),
        granted=None if granted is None else Decimal(granted),
        budget=None if budget is None else Decimal(budget),
        outcome=None if outcome is None else Decimal(outcome),
        goals=goals,
        participants=participants,
    )


def participants(new: tuple[int, int], exited: tuple[int, int], ongoing: tuple[int, int], reasons):
    return ParticipantFigures(
        start=date(2025, 1, 1),
        end=date(2025, 12, 31),
        new=Counts(*new),
        exited=Counts(*exited),
        ongoing=Counts(*ongoing),
        exit_reasons={code: Counts(*wm) for code, wm in reasons.items()},
    )


def built(name: str, **kwargs) -> InterventionResult:
    return InterventionResult(
        path=f"inputs/{name}/insats.yaml",
        built=True,
        report=f"out/{name}/slutrapport-{name}.docx",
        report_relative=f"{name}/slutrapport-{name}.docx",
        warnings=1,
        figures=figures(name, **kwargs),
    )


@pytest.fixture
def results() -> list[InterventionResult]:
    """Two individinsatser, one strukturinsats, one that failed checks, one unreadable."""
    return [
        built(
            "alfa",
            participants=participants((10, 5), (4, 3), (8, 6), {1: (2, 1), 2: (1, 1), 7: (1, 1)}),
        ),
        built(
            "beta",
            kind="delrapport",
            granted=1_480_000,
            budget=1_480_000,
            outcome=712_030,
            goals=GoalCounts(1, 2, 1),
            participants=participants((20, 21), (6, 9), (30, 31), {1: (3, 4), 5: (3, 5)}),
        ),
        built(
            "gamma",
            orientation="strukturövergripande",
            granted=1_240_000,
            budget=1_240_000,
            outcome=1_232_270,
            goals=GoalCounts(3, 1, 0),
        ),
        InterventionResult(
            path="inputs/delta/insats.yaml",
            built=False,
            reason="1 fel (B001) måste rättas först",
            errors=1,
            figures=figures(
                "delta", granted=300_000, budget=301_000, outcome=None, goals=GoalCounts(0, 0, 0, 2)
            ),
        ),
        InterventionResult(
            path="inputs/trasig/insats.yaml",
            built=False,
            reason="inputs/trasig/insats.yaml:10: Kan inte läsas som YAML",
            errors=1,
        ),
    ]


def rows_of(table) -> list[tuple[str, list[str]]]:
    return [(row.kind, [cell.text() for cell in row.cells]) for row in table.rows]


def test_budget_total_row_is_the_sum_of_the_interventions(results):
    compilation = build_compilation(results, association="Förbundet", page_header="F")
    table = compilation.table("t3")
    body = [row for row in table.rows if row.kind == "body"]
    total = next(row for row in table.rows if row.kind == "total")
    for column in (1, 2, 3):
        expected = sum((row.cells[column].value or Decimal(0)) for row in body)
        assert total.cells[column].value == expected
    assert total.cells[1].value == Decimal(500_000 + 1_480_000 + 1_240_000 + 300_000)
    assert total.cells[3].value == Decimal(450_000 + 712_030 + 1_232_270)
    # Differens = beviljat − utfall, Förbr kvot = utfall ÷ budget, computed on the totals too
    assert total.cells[5].value == total.cells[1].value - total.cells[3].value
    assert total.cells[4].text() == f"68{NBSP}%"  # 2 394 300 ÷ 3 521 000
    assert compilation.totals.outcome == Decimal(2_394_300)


def test_burn_rate_and_difference_per_intervention_in_swedish_format(results):
    table = build_compilation(results, association="F", page_header="F").table("t3")
    alfa = next(cells for kind, cells in rows_of(table) if cells[0] == "alfa")
    assert alfa == [
        "alfa",
        f"500{NBSP}000",
        f"500{NBSP}000",
        f"450{NBSP}000",
        f"90{NBSP}%",
        f"50{NBSP}000",
    ]
    delta = next(cells for kind, cells in rows_of(table) if cells[0].startswith("delta"))
    assert delta[0] == "delta *"  # not built: marked, and explained in a note
    assert delta[3:] == ["–", "–", "–"]  # no outcome: no burn rate, no difference
    assert any("Rapporten byggdes inte" in note for note in table.notes)
    assert any("delrapporter" in note for note in table.notes)


def test_interventions_are_grouped_with_the_first_group_heading_the_column(results):
    table = build_compilation(results, association="F", page_header="F").table("t1")
    assert table.columns[0] == "Individinsatser"
    assert [(kind, cells[0]) for kind, cells in rows_of(table)] == [
        ("body", "alfa"),
        ("body", "beta"),
        ("body", "delta *"),
        ("group", "Strukturinsatser"),
        ("body", "gamma"),
    ]
    beta = next(cells for kind, cells in rows_of(table) if cells[0] == "beta")
    assert beta[1:] == ["2025-01-01", "2025-12-31", "Delrapport", "2025-01-01 – 2025-06-30"]


def test_unreadable_intervention_only_appears_in_the_review_table(results):
    compilation = build_compilation(results, association="F", page_header="F")
    for key in ("t1", "t2", "t3", "t4"):
        labels = [cells[0] for _, cells in rows_of(compilation.table(key))]
        assert not any("trasig" in label for label in labels), key
    review = rows_of(compilation.table("t6"))
    assert review[-2] == (
        "body",
        [
            "inputs/trasig/insats.yaml",
            "Inte byggd",
            "inputs/trasig/insats.yaml:10: Kan inte läsas som YAML",
            "1",
            "0",
        ],
    )
    assert review[0][1][:3] == ["alfa", "Byggd", "alfa/slutrapport-alfa.docx"]
    assert review[-1] == ("total", ["Summa", "", "3 av 5 rapporter byggdes", "2", "3"])


def test_goal_counts_add_up(results):
    table = build_compilation(results, association="F", page_header="F").table("t2")
    total = rows_of(table)[-1]
    assert total == ("total", ["Summa", "14", "6", "4", "2", "2"])
    body = [cells for kind, cells in rows_of(table) if kind == "body"]
    for column in range(1, 6):
        assert sum(int(cells[column]) for cells in body) == int(total[1][column])


def test_participant_totals_and_gender_shares(results):
    compilation = build_compilation(results, association="F", page_header="F")
    table = compilation.table("t4")
    rows = rows_of(table)
    # individinsatser only (gamma is structural); delta has no statistics: dashes
    assert [cells[0] for kind, cells in rows if kind == "body"] == ["alfa", "beta", "delta *"]
    assert rows[2][1][1:] == ["–"] * 9
    total = next(cells for kind, cells in rows if kind == "total")
    assert total == ["Summa:", "30", "26", "56", "10", "12", "22", "38", "37", "75"]
    shares = next(cells for kind, cells in rows if kind == "shares")
    # 30/56 = 53,6 % -> 54 %, 26/56 = 46,4 % -> 46 %
    assert shares[:4] == ["Fördelning kvinnor/män:", f"54{NBSP}%", f"46{NBSP}%", ""]
    assert compilation.totals.exited == Counts(10, 12)


def test_exit_reasons_sum_to_the_exits_with_shares_of_exits(results):
    compilation = build_compilation(results, association="F", page_header="F")
    rows = rows_of(compilation.table("t5"))
    by_code = {cells[0]: cells for kind, cells in rows if kind == "body"}
    assert by_code["1"][1] == "Utskrivning - till arbete, studier eller arbetssökande"
    assert by_code["1"][2:] == ["5", "5", "10", f"45{NBSP}%"]  # 10 of 22 exits
    assert by_code["6"][2:5] == ["0", "0", "0"]
    total = rows[-1][1]
    assert total[1:] == ["Summa", "10", "12", "22", f"100{NBSP}%"]
    assert total[4] == str(compilation.totals.exited.total)


def test_exits_without_a_code_are_noted():
    result = built("x", participants=participants((1, 1), (2, 2), (0, 0), {1: (1, 1)}))
    table = build_compilation([result], association="F", page_header="F").table("t5")
    assert any("2 avslutade saknar avslutskod" in note for note in table.notes)


def test_summary_sentences_quote_the_same_totals(results):
    compilation = build_compilation(results, association="F", page_header="F")
    text = " ".join(compilation.summary)
    assert "4 insatser (3 individinriktade och 1 strukturövergripande)" in text
    assert f"Totalt beviljades 3{NBSP}520{NBSP}000{NBSP}kr" in text
    assert "skrevs 56 deltagare in (30 kvinnor och 26 män)" in text


def test_period_spans_every_report_period(results):
    compilation = build_compilation(results, association="F", page_header="F")
    assert compilation.period_text == "2025-01-01 – 2025-12-31"


# ----------------------------------------------------------------- rendering


@pytest.fixture
def written(tmp_path, results) -> tuple[Path, Path]:
    profile = load_profile("sundsvall")
    compilation = build_compilation(
        results,
        association=profile.name,
        page_header=profile.page_header,
        compiled_on=date(2026, 1, 31),
    )
    docx_path = tmp_path / "uppfoljning.docx"
    xlsx_path = tmp_path / "uppfoljning.xlsx"
    assert profile.compilation_template_path is not None
    render_compilation_docx(compilation, profile.compilation_template_path, docx_path)
    write_compilation_xlsx(compilation, xlsx_path)
    return docx_path, xlsx_path


def test_docx_has_real_headings_and_one_word_table_per_table(written):
    docx_path, _ = written
    document = open_docx(docx_path)
    assert [text for style, text in headings(document) if style == "Heading 1"] == [
        "Sammanfattning",
        "Bakgrund",
        "Insatser",
        "Resultat av i insatsen angivna mål",
        "Utfall av beviljad budget",
        "Utfall för deltagare",
        "Granskning av rapporterna",
    ]
    assert document.paragraphs[0].style.name == "Title"
    assert document.paragraphs[0].text == "Uppföljning av insatser"
    tables = document.tables
    assert len(tables) == 6
    for table, key in zip(tables, sorted(LAYOUTS), strict=True):
        assert len(table.columns) == len(LAYOUTS[key].kinds), key
    captions = [p.text for p in document.paragraphs if p.style.name == "Tabellrubrik"]
    assert captions[0] == "Tabell 1. Insatser"
    assert captions[2] == "Tabell 3. Utfall av beviljad budget"


def test_docx_budget_table_shows_the_total_row(written):
    docx_path, _ = written
    document = open_docx(docx_path)
    budget = next(t for t in document.tables if t.rows[0].cells[1].text == "Beviljat")
    last = [cell.text for cell in budget.rows[-1].cells]
    assert last == [
        "Summa",
        f"3{NBSP}520{NBSP}000",
        f"3{NBSP}521{NBSP}000",
        f"2{NBSP}394{NBSP}300",
        f"68{NBSP}%",
        f"1{NBSP}125{NBSP}700",
    ]
    group = [row for row in budget.rows if row.cells[0].text == "Strukturinsatser"]
    assert len(group) == 1 and len({id(c._tc) for c in group[0].cells}) == 1  # one merged cell


def test_xlsx_has_numeric_cells_with_swedish_number_formats(written):
    _, xlsx_path = written
    workbook = load_workbook(xlsx_path)
    assert workbook.sheetnames == [
        "Sammanfattning",
        "Tabell 1 Insatser",
        "Tabell 2 Mål",
        "Tabell 3 Budget",
        "Tabell 4 Deltagare",
        "Tabell 5 Avslut",
        "Tabell 6 Granskning",
    ]
    budget = workbook["Tabell 3 Budget"]
    assert budget.freeze_panes == "B5"
    header = [c.value for c in budget[4]]
    assert header == ["Individinsatser", "Beviljat", "Budget", "Utfall", "Förbr kvot", "Differens"]
    rows = {row[0].value: row for row in budget.iter_rows(min_row=5) if row[0].value}
    alfa = rows["alfa"]
    assert [c.value for c in alfa[1:]] == [500000, 500000, 450000, 0.9, 50000]
    assert alfa[1].number_format == "#,##0"
    assert alfa[4].number_format == "0%"
    total = rows["Summa"]
    assert total[1].value == 3_520_000 and isinstance(total[1].value, int)
    assert total[3].value == sum(
        row[3].value for name, row in rows.items() if name != "Summa" and row[3].value
    )
    delta = rows["delta *"]
    assert delta[3].value is None and delta[4].value is None  # empty, not "–"

    participants = workbook["Tabell 4 Deltagare"]
    assert participants.freeze_panes == "B6"
    assert "B4:D4" in {str(r) for r in participants.merged_cells.ranges}
    summa = next(r for r in participants.iter_rows(min_row=6) if r[0].value == "Summa:")
    assert [c.value for c in summa[1:4]] == [30, 26, 56]
    shares = next(
        r for r in participants.iter_rows(min_row=6) if r[0].value == "Fördelning kvinnor/män:"
    )
    assert shares[1].value == pytest.approx(30 / 56) and shares[1].number_format == "0%"

    dates = workbook["Tabell 1 Insatser"]
    first = dates["B5"]
    assert first.is_date and first.number_format == "yyyy-mm-dd"


def test_committed_template_matches_its_builder(tmp_path):
    """templates/sundsvall/uppfoljning.docx is what the builder makes (rebuild it if not)."""
    fresh = tmp_path / "uppfoljning.docx"
    build_compilation_template(fresh)
    committed = ROOT / "templates" / "sundsvall" / "uppfoljning.docx"
    assert _document_xml(fresh) == _document_xml(committed), (
        "Bygg om mallen: python templates/sundsvall/build_templates.py"
    )


def _document_xml(path: Path) -> bytes:
    import zipfile

    with zipfile.ZipFile(path) as archive:
        return archive.read("word/document.xml")


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) saknas")
def test_docx_opens_in_libreoffice(written, tmp_path):
    docx_path, _ = written
    completed = subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path / "pdf"),
            str(docx_path),
        ],
        capture_output=True,
        timeout=120,
        check=False,
    )
    pdf = tmp_path / "pdf" / "uppfoljning.pdf"
    assert completed.returncode == 0, completed.stderr
    assert pdf.is_file() and pdf.read_bytes().startswith(b"%PDF")
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout
        assert "Tabell 3. Utfall av beviljad budget" in text
        assert "Tabell 6. Granskning av rapporterna" in text


def test_every_table_layout_fills_the_text_width() -> None:
    """One layout per table gives kinds and widths together; each row is 17 cm wide."""
    for key, layout in LAYOUTS.items():
        assert len(layout.widths_cm) == len(layout.kinds), key
        assert sum(layout.widths_cm) == pytest.approx(17.0), key
