"""Charts: drawn from known data, embedded at print quality, left out on request."""

from __future__ import annotations

import struct
from decimal import Decimal
from pathlib import Path

from click.testing import CliRunner
from docx.shared import Cm
from docx_text import open_docx

from reportgen.cli import cli
from reportgen.render.charts import DPI, WIDTH_CM, budget_chart

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
        "budget 640\u00a0000 kr, utfall 580\u00a0000 kr."
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
