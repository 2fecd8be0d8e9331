"""Charts: drawn from known data, embedded at print quality, left out on request."""

from __future__ import annotations

import struct
from decimal import Decimal
from pathlib import Path

from click.testing import CliRunner
from docx.shared import Cm

from reportgen.cli import cli
from reportgen.render.charts import DPI, WIDTH_CM, budget_chart
from tests.docx_text import open_docx

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "inputs" / "unga-vuxna-vagen-vidare"


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_budget_chart_is_print_quality_with_caption_and_base() -> None:
    chart = budget_chart(
        ["Lönekostnader", "Material"],
        [Decimal(600000), Decimal(40000)],
        [Decimal(580000), None],
    )
    width, _height = png_size(chart.png)
    assert width == round(WIDTH_CM / 2.54 * DPI)
    assert DPI >= 200
    assert chart.caption == (
        "Diagram: Budget och utfall per kostnadsslag (kr). Underlag: 2 kostnadsslag, "
        "budget 640\u00a0000\u00a0kr, utfall 580\u00a0000\u00a0kr."
    )


def test_report_embeds_the_budget_chart_at_full_width(tmp_path: Path) -> None:
    target = tmp_path / "r.docx"
    result = CliRunner().invoke(cli, ["build", str(EXAMPLE), "-o", str(target)])
    assert result.exit_code == 0, result.output
    document = open_docx(target)
    widths = [shape.width for shape in document.inline_shapes]
    assert Cm(WIDTH_CM) in widths
    captions = [p.text for p in document.paragraphs if p.style.name == "Bildtext"]
    assert any(c.startswith("Diagram: Budget och utfall per kostnadsslag") for c in captions)


def test_utan_diagram_leaves_charts_out(tmp_path: Path) -> None:
    target = tmp_path / "r.docx"
    result = CliRunner().invoke(cli, ["build", str(EXAMPLE), "-o", str(target), "--utan-diagram"])
    assert result.exit_code == 0, result.output
    document = open_docx(target)
    assert len(document.inline_shapes) == 0
    assert not [p for p in document.paragraphs if p.style.name == "Bildtext"]


def png_dpi(data: bytes) -> float:
    start = data.index(b"pHYs") + 4
    per_metre, _y, unit = struct.unpack(">IIB", data[start : start + 9])
    assert unit == 1  # metres
    return per_metre * 0.0254


def test_participant_charts_from_known_figures() -> None:
    from datetime import date

    from reportgen.render.charts import exit_reasons_chart, gender_chart, income_chart
    from reportgen.stats import (
        EXIT_REASONS,
        INCOME_SOURCES,
        BeforeAfter,
        BeforeAfterRow,
        ByGender,
        PeriodFigures,
    )

    period = PeriodFigures(
        start=date(2025, 1, 1),
        end=date(2025, 12, 31),
        participated=ByGender(10, 8, 0),
        new=ByGender(6, 5, 0),
        exited=ByGender(4, 3, 0),
        ongoing=ByGender(6, 5, 0),
        unique_persons=18,
        exit_reasons={
            1: ByGender(2, 1, 0),
            2: ByGender(2, 2, 0),
            **{c: ByGender() for c in range(3, 8)},
        },
    )
    income = BeforeAfter(
        base=7,
        rows=(BeforeAfterRow("Försörjningsstöd", 5, 2), BeforeAfterRow("A-kassa", 0, 0)),
    )
    gender = gender_chart(period)
    exits = exit_reasons_chart(period.exit_reasons, EXIT_REASONS)
    money = income_chart(income, INCOME_SOURCES)
    assert gender is not None and exits is not None and money is not None
    for chart in (gender, exits, money):
        width, height = png_size(chart.png)
        assert width == round(WIDTH_CM / 2.54 * DPI)
        assert 150 <= height <= 1400  # one bar group is about 2.4 cm tall
        assert round(png_dpi(chart.png)) == DPI
    assert gender.caption.endswith("Underlag: n = 18 inskrivningar som pågått under perioden.")
    assert exits.caption.endswith("Underlag: n = 7 avslut.")
    assert "n = 7 avslutade deltagare med uppgift både före och efter" in money.caption
    # fewer categories, shorter chart: only codes with exits and sources in use are drawn
    assert png_size(exits.png)[1] < png_size(gender.png)[1] * 1.2


def test_no_data_no_chart() -> None:
    from reportgen.render.charts import income_chart
    from reportgen.stats import INCOME_SOURCES, BeforeAfter

    assert income_chart(BeforeAfter(base=0, rows=()), INCOME_SOURCES) is None


def test_report_with_statistics_embeds_four_charts(tmp_path: Path) -> None:
    target = tmp_path / "r.docx"
    result = CliRunner().invoke(cli, ["build", str(EXAMPLE), "-o", str(target)])
    assert result.exit_code == 0, result.output
    document = open_docx(target)
    assert [shape.width for shape in document.inline_shapes] == [Cm(WIDTH_CM)] * 4
    captions = [p.text for p in document.paragraphs if p.style.name == "Bildtext"]
    assert len(captions) == 4
    assert all("Underlag:" in caption for caption in captions)


def test_compilation_charts_limit_and_captions() -> None:
    from types import SimpleNamespace

    from reportgen.render.compilation_charts import COMPILATION_CHART_LIMIT, compilation_charts

    figures = [
        SimpleNamespace(
            name=f"Insats {i}", budget=Decimal(1000 * (i + 1)), outcome=Decimal(900 * (i + 1))
        )
        for i in range(COMPILATION_CHART_LIMIT + 5)
    ] + [SimpleNamespace(name="Utan budget", budget=None, outcome=None)]
    charts = compilation_charts(figures)
    budget, burn = charts["diagram_budget"], charts["diagram_kvot"]
    assert budget is not None and burn is not None
    assert f"de {COMPILATION_CHART_LIMIT} insatser som har störst budget, av 35" in budget.caption
    assert burn.caption.startswith("Diagram: Förbrukningskvot per insats (utfall ÷ budget, %).")
    assert compilation_charts([]) == {"diagram_budget": None, "diagram_kvot": None}
