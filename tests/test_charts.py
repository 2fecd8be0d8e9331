"""Charts: native Word charts from known data, Swedish on any viewer, left out on request."""

from __future__ import annotations

import zipfile
from decimal import Decimal
from pathlib import Path

from click.testing import CliRunner
from docx.shared import Cm
from lxml import etree

from reportgen.cli import cli
from reportgen.render.chart_xml import NBSP, SERIES_COLOURS, ticks
from reportgen.render.charts import WIDTH_CM, ChartImage, budget_chart
from tests.docx_text import open_docx

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "inputs" / "unga-vuxna-vagen-vidare"


C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"


def chart_tree(chart: ChartImage) -> etree._Element:
    return etree.fromstring(chart.xml)


def cached(tree: etree._Element, path: str) -> list[list[str]]:
    """The cached points of every series under `path` (c:cat or c:val), by index."""
    found = []
    for series in tree.iter(f"{C}ser"):
        points = series.find(path)
        assert points is not None
        count = int(points.find(f".//{C}ptCount").get("val"))
        values = [""] * count
        for point in points.iter(f"{C}pt"):
            values[int(point.get("idx"))] = point.findtext(f"{C}v")
        found.append(values)
    return found


def test_budget_chart_holds_its_data_with_caption_and_base() -> None:
    chart = budget_chart(
        ["Lönekostnader", "Material"],
        [Decimal(600000), Decimal(40000)],
        [Decimal(580000), None],
    )
    tree = chart_tree(chart)
    assert tree.find(f"{C}lang").get("val") == "sv-SE"
    assert tree.find(f".//{C}barDir").get("val") == "bar"
    assert tree.find(f".//{C}grouping").get("val") == "clustered"
    assert [s.findtext(f"{C}tx//{C}v") for s in tree.iter(f"{C}ser")] == ["Budget", "Utfall"]
    assert cached(tree, f"{C}cat") == [["Lönekostnader", "Material"]] * 2
    assert cached(tree, f"{C}val") == [["600000", "40000"], ["580000", ""]]  # None: a gap
    fills = [s.find(f"{C}spPr/{A}solidFill/{A}srgbClr").get("val") for s in tree.iter(f"{C}ser")]
    assert fills == list(SERIES_COLOURS[:2])
    assert all(s.find(f"{C}spPr/{A}ln/{A}solidFill") is not None for s in tree.iter(f"{C}ser"))
    assert tree.find(f".//{C}legend/{C}legendPos").get("val") == "t"
    axis = tree.find(f".//{C}valAx")
    assert axis.find(f"{C}numFmt").get("formatCode").count(f'"{NBSP}"') == 3
    assert axis.find(f"{C}scaling/{C}max").get("val") == "600000"
    assert axis.find(f"{C}majorUnit").get("val") == "200000"
    assert axis.findtext(f".//{A}t") == "kronor"
    assert {e.get("typeface") for e in tree.iter(f"{A}latin")} == {"Calibri"}
    assert chart.width_cm == WIDTH_CM
    assert chart.title == "Budget och utfall per kostnadsslag (kr)"
    assert chart.alt_text.startswith("Stapeldiagram: budget och utfall per kostnadsslag (kr).")
    assert chart.caption == (
        "Diagram: Budget och utfall per kostnadsslag (kr). Underlag: 2 kostnadsslag, "
        "budget 640\u00a0000\u00a0kr, utfall 580\u00a0000\u00a0kr."
    )


def test_percent_axis_and_whole_round_ticks() -> None:
    from reportgen.render.charts import Series, grouped_bars

    chart = grouped_bars(
        ["A", "B"],
        [Series("Förbrukningskvot", [97.3, 12.5])],
        caption="Diagram: Kvot (%). Underlag: 2.",
        value_axis="procent av budget",
        percent=True,
    )
    tree = chart_tree(chart)
    assert tree.find(f".//{C}valAx/{C}numFmt").get("formatCode") == f'0"{NBSP}%"'
    assert tree.find(f".//{C}legend") is None  # one series: no legend
    assert cached(tree, f"{C}val") == [["97.3", "12.5"]]
    assert ticks(97.3) == [0, 20, 40, 60, 80, 100]
    assert ticks(3) == [0, 1, 2, 3]  # never a step of 0,5 that would print as "1, 1, 2"
    assert ticks(0) == [0, 1]
    assert ticks(23) == [0, 5, 10, 15, 20, 25]


def test_report_embeds_the_budget_chart_at_full_width(tmp_path: Path) -> None:
    target = tmp_path / "r.docx"
    result = CliRunner().invoke(cli, ["build", str(EXAMPLE), "-o", str(target)])
    assert result.exit_code == 0, result.output
    document = open_docx(target)
    widths = [shape.width for shape in document.inline_shapes]
    assert Cm(WIDTH_CM) in widths
    with zipfile.ZipFile(target) as package:
        body = etree.fromstring(package.read("word/document.xml"))
    wp = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
    described = [(e.get("title"), e.get("descr")) for e in body.iter(f"{wp}docPr")]
    assert ("Budget och utfall per kostnadsslag (kr)", described[-1][1]) == described[-1]
    assert all(descr.startswith("Stapeldiagram: ") for _, descr in described)
    captions = [p.text for p in document.paragraphs if p.style.name == "Bildtext"]
    assert any(c.startswith("Diagram: Budget och utfall per kostnadsslag") for c in captions)


def test_utan_diagram_leaves_charts_out(tmp_path: Path) -> None:
    target = tmp_path / "r.docx"
    result = CliRunner().invoke(cli, ["build", str(EXAMPLE), "-o", str(target), "--utan-diagram"])
    assert result.exit_code == 0, result.output
    document = open_docx(target)
    assert len(document.inline_shapes) == 0
    assert not [p for p in document.paragraphs if p.style.name == "Bildtext"]


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
        assert chart.width_cm == WIDTH_CM
        assert 3 <= chart.height_cm <= 18
    assert gender.caption.endswith("Underlag: n = 18 inskrivningar som pågått under perioden.")
    assert exits.caption.endswith("Underlag: n = 7 avslut.")
    assert "n = 7 avslutade deltagare med uppgift både före och efter" in money.caption
    # only codes with exits and sources in use are drawn, women and men side by side
    assert cached(chart_tree(exits), f"{C}cat")[0] == [
        f"1. {EXIT_REASONS[1]}",
        f"2. {EXIT_REASONS[2]}",
    ]
    assert cached(chart_tree(exits), f"{C}val") == [["2", "2"], ["1", "2"]]
    assert exits.height_cm < gender.height_cm * 1.2


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
