"""Issue 13, page layout a reviewer accepts.

Built from the owner trial's problems 7, 17–21: "6. Ekonomisk rapport" and its
instruction stranded at the foot of page 9 of the arbetskonsulent example with
the table on page 10, table notes and charts parted from their tables, footers
without the page count, the staffing table without a caption, no line to sign
on, hyphens for minus signs, and a chart of three one-person bars.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from docx.table import Table
from docx.text.paragraph import Paragraph

from reportgen.pipeline import build_report, statistics_tables
from reportgen.sources import load_source
from tests.conftest import MakeIntervention
from tests.docx_text import body_items, normalized_lines, open_docx
from tests.pdf_support import needs_libreoffice

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "inputs" / "arbetskonsulent-i-samverkan"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MINUS = "\u2212"


def _keeps(paragraph: Paragraph) -> bool:
    """keep-with-next set on the paragraph itself or by its style (a direct value wins)."""
    direct = paragraph.paragraph_format.keep_with_next
    if direct is not None:
        return direct
    style = paragraph.style
    while style is not None:
        if style.paragraph_format.keep_with_next is not None:
            return bool(style.paragraph_format.keep_with_next)
        style = style.base_style
    return False


def _cell_paragraphs(table: Table) -> list[Paragraph]:
    return [p for row in table.rows for cell in row.cells for p in cell.paragraphs]


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    output = tmp_path_factory.mktemp("layout") / "rapport.docx"
    return build_report(EXAMPLE, output=output).output


def test_economy_heading_instruction_table_and_note_are_kept_together(report: Path) -> None:
    items = body_items(open_docx(report))
    heading = next(
        i
        for i, item in enumerate(items)
        if isinstance(item, Paragraph) and item.text == ("6. Ekonomisk rapport")
    )
    instruction, table = items[heading + 1], items[heading + 2]
    assert isinstance(instruction, Paragraph) and isinstance(table, Table)
    assert instruction.text.startswith("Redovisa era totala kostnader")
    assert _keeps(items[heading]) and _keeps(instruction)
    assert all(p.paragraph_format.keep_with_next for p in _cell_paragraphs(table))


def test_statistics_caption_table_note_and_chart_stay_together(report: Path) -> None:
    items = body_items(open_docx(report))
    for index, item in enumerate(items):
        if not (isinstance(item, Paragraph) and item.style.name == "Tabellrubrik"):
            continue
        if not item.text.startswith("Tabell"):
            continue
        assert _keeps(item), item.text
        table_at = next(i for i in range(index, len(items)) if isinstance(items[i], Table))
        assert all(_keeps(p) for p in items[index:table_at]), item.text
        table = items[table_at]
        assert all(p.paragraph_format.keep_with_next for p in _cell_paragraphs(table))
        after = items[table_at + 1]
        assert isinstance(after, Paragraph)
        has_chart = bool(after._p.findall(f".//{W}drawing"))
        if after.style.name == "Tabellnot":
            chart_follows = bool(items[table_at + 2]._p.findall(f".//{W}drawing"))
            assert _keeps(after) == chart_follows, item.text
        else:
            assert has_chart or after.text == "", item.text


def test_note_sits_under_its_table_not_under_the_chart(report: Path) -> None:
    lines = normalized_lines(report)
    caption = lines.index("[Tabellrubrik] Tabell 3. Försörjning före och efter insatsen")
    note = lines.index(
        "[Tabellnot] Förändring i % är förändringen i förhållande till antalet före."
    )
    chart = next(i for i in range(caption, len(lines)) if lines[i].startswith("[Bildtext]"))
    assert caption < note < chart


def test_footer_says_page_x_of_y(report: Path) -> None:
    footer = open_docx(report).sections[0].footer.paragraphs[0]
    fields = [t.text.strip() for t in footer._p.iter(f"{W}instrText")]
    assert fields == ["PAGE", "NUMPAGES"]
    assert footer.text.endswith("– sida  av ")  # the numbers are fields Word fills in


def test_staffing_table_is_captioned(report: Path) -> None:
    lines = normalized_lines(report)
    at = lines.index("[Tabellrubrik] Bemanning")
    assert lines[at + 1] == "| Roll | Arbetsgivare | Omfattning (heltid = 1,0) |"


def test_signature_has_a_line_to_sign_on(report: Path) -> None:
    paragraphs = [p for p in body_items(open_docx(report)) if isinstance(p, Paragraph)]
    label = next(i for i, p in enumerate(paragraphs) if p.text == "Underskrift")
    line, name = paragraphs[label + 1], paragraphs[label + 2]
    assert line.text == "" and line._p.find(f"{W}pPr/{W}pBdr/{W}bottom") is not None
    assert name.text == load_source(EXAMPLE).report.signature.name  # type: ignore[union-attr]
    assert all(_keeps(p) for p in paragraphs[label - 2 : label + 2])


def test_negative_numbers_have_a_real_minus_sign(
    report: Path, make_intervention: MakeIntervention, tmp_path: Path
) -> None:
    income = [line for line in normalized_lines(report) if line.startswith("| Försörjningsstöd")]
    assert income and f"| {MINUS}3 |" in income[0] and "| -" not in income[0]
    folder = make_intervention(
        "samverkan-psykisk-ohalsa",
        replace={"typ: slutrapport": "typ: delrapport"},
    )
    path = folder / "insats.yaml"
    text = re.sub(r"(Lokalkostnader[^\n]*utfall: )\d+", r"\g<1>-3000", path.read_text("utf-8"))
    path.write_text(text, encoding="utf-8")
    built = build_report(folder, output=tmp_path / "r.docx", charts=False, draft=True)
    rows = [line for line in normalized_lines(built.output) if line.startswith("| Lokal")]
    assert rows and rows[0].endswith(f"| {MINUS}3~000 |")  # ~ = hard space in docx_text


def test_no_chart_below_the_tables_own_threshold_for_shares() -> None:
    loaded = load_source(ROOT / "inputs" / "ips-stod-delrapport")  # 3 exits in the half-year
    charted = {
        b["rubrik"].split(". ", 1)[1].split(" 20")[0]: b["bild"] is not None
        for b in statistics_tables(loaded, charts=True)
        if b["rubrik"].split(". ", 1)[1].startswith(("Deltagare under", "Avslutning", "Förs"))
    }
    assert charted == {
        "Deltagare under rapportperioden": True,  # 19 participants
        "Avslutningsanledningar": False,  # n = 3: the table shows no shares either
        "Försörjning före och efter insatsen": False,
    }


@needs_libreoffice
def test_in_the_pdf_the_economy_heading_shares_its_page_with_the_table(tmp_path: Path) -> None:
    built = build_report(EXAMPLE, output=tmp_path / "rapport.docx", pdf=True)
    assert built.pdf is not None
    text = subprocess.run(
        ["pdftotext", "-layout", str(built.pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    pages = text.split("\f")
    economy = next(page for page in pages if "6. Ekonomisk rapport" in page)
    assert "Redovisa era totala kostnader" in economy
    assert re.search(r"Summa\s+689\s000\s+650\s930", economy)
    exits = next(page for page in pages if "Tabell 2. Avslutningsanledningar" in page)
    assert "Diagram: Avslutsanledningar" in exits
    count = len([page for page in pages if page.strip()])
    assert f"sida 1 av {count}" in pages[0]
