"""The sheet reader's fast lane (fast_sheet) reads exactly what the streaming reader reads.

Every workbook here is read twice – as `read_sheets` reads it, and with the fast lane
switched off – and the sheets, the epoch and the findings must be the same. The tests
also say which lane read it: the regular files teams send (openpyxl's, Excel's and
LibreOffice's way of writing) must take the fast lane, and anything unusual must fall
back to the streaming reader, whose findings the other tests pin down.
"""

from __future__ import annotations

import random
import shutil
import subprocess
import zipfile
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import pytest

from reportgen.sources.excel import fast_sheet, xlsx
from reportgen.sources.excel.sheet import Collector, Refused
from tests.batch_data import write_intervention
from tests.excel_workbooks import row, write_workbook
from tests.untrusted_inputs import (
    NS,
    RawSheet,
    header_row,
    number_cell,
    participant_rows,
    row_of,
    text_cell,
    write_raw_xlsx,
)

STYLES = (
    '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/></numFmts>'
    '<cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/>'
    '<xf numFmtId="46"/></cellXfs></styleSheet>'
)
STYLES_REL = (
    '<Relationship Id="rIdS" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/styles" Target="styles.xml"/>'
)


def read(path: Path) -> tuple[Any, ...]:
    findings = Collector("statistik.xlsx")
    try:
        sheets, epoch = xlsx.read_sheets(path, findings)
    except Refused:
        sheets, epoch = None, None
    return sheets, epoch, [(f.code, str(f.location), f.message) for f in findings.all()]


def both_lanes(path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[list[bool], tuple[Any, ...]]:
    """Which sheets the fast lane read (in order), and the result, the same by both lanes."""
    used: list[bool] = []
    real = fast_sheet.read_regular_sheet

    def spy(*args: Any) -> Any:
        found = real(*args)
        used.append(found is not None)
        return found

    with monkeypatch.context() as patched:
        patched.setattr(xlsx, "read_regular_sheet", spy)
        fast = read(path)
    with monkeypatch.context() as patched:
        patched.setattr(xlsx, "FAST_MAX_BYTES", -1)
        slow = read(path)
    assert fast == slow
    return used, fast


def with_styles(path: Path) -> Path:
    with zipfile.ZipFile(path) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    rels = parts["xl/_rels/workbook.xml.rels"].decode()
    parts["xl/_rels/workbook.xml.rels"] = rels.replace(
        "</Relationships>", STYLES_REL + "</Relationships>"
    ).encode()
    parts["xl/styles.xml"] = STYLES.encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return path


def raw(tmp_path: Path, *rows: str, strings: tuple[str, ...] = (), name: str = "s") -> Path:
    sheet = RawSheet(rows=[header_row(), *rows])
    path = write_raw_xlsx(tmp_path / f"{name}.xlsx", [sheet], shared_strings=strings)
    return with_styles(path)


# ----------------------------------------------------------------- the regular files: fast


def test_an_openpyxl_workbook_of_every_kind_of_value(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    people = [
        row(1, "K", date(2025, 2, 1), date(2025, 6, 30), code=1, born=1990, before="A-kassa"),
        row("P2", "M", "2025-03-01", None, born=1985.0, seeking_before=True),
        row(3.5, " Kvinna ", datetime(2025, 4, 1, 12, 30), step_start="=1+1", education="&<>"),
        row(-4, "x\ty", time(8, 15), before="Försörjningsstöd; A-kassa", code="#N/A"),
        row(12345678901, "K", 45800, step_end=1e20, step_start=0.1),
    ]
    path = write_workbook(
        tmp_path / "s.xlsx",
        people,
        survey=[["Nöjd?", 12, 0.75], ["Tom", None, None]],
        extra_sheets={"Övrigt": [["a", 1, True, False], [None, None, "z"]]},
    )
    used, (sheets, _epoch, _findings) = both_lanes(path, monkeypatch)
    assert used == [True, True, True]
    assert sheets["Deltagare"].uncached == {(4, 12)}  # the formula openpyxl saved without value


def test_the_benchmarks_workbook_of_200_participants(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_intervention(tmp_path / "i", 0, orientation="individinriktad", participants=200)
    used, (sheets, _epoch, findings) = both_lanes(tmp_path / "i" / "statistik.xlsx", monkeypatch)
    assert used == [True]
    assert len(sheets["Deltagare"].rows) == 201 and findings == []


def test_shared_strings_dates_by_style_and_formulas_with_saved_values(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = raw(
        tmp_path,
        row_of(
            2,
            '<c r="A2" s="1" t="s"><v>0</v></c>',
            '<c r="B2" t="s"><v>1</v></c>',
            '<c r="C2" s="1"><v>45800</v></c>',
            '<c r="D2" s="2" t="n"><v>45800.75</v></c>',
            '<c r="E2" s="3"><v>1.5</v></c>',
            '<c r="F2" s="0"><v>-3E2</v></c>',
            '<c r="G2"><f>SUM(A1:A2)</f><v>7</v></c>',
            '<c r="H2" t="str"><f t="shared" ref="H2:H3" si="0">"a"&amp;"b"</f><v>ab</v></c>',
            '<c r="I2"><f t="shared" si="0"/></c>',
            '<c r="J2" t="b"><v>1</v></c>',
            '<c r="K2" t="e"><v>#DIV/0!</v></c>',
            '<c r="L2" t="d"><v>2025-03-01T10:00:00</v></c>',
            '<c r="M2" t="inlineStr"><is><t xml:space="preserve"> K &amp; M </t></is></c>',
            '<c r="N2" t="inlineStr"><is><t>S&#246;dra &#x1F600;</t></is></c>',
            '<c r="O2" t="inlineStr"><is><t/></is></c>',
            '<c r="P2" s="1"/><c r="Q2" t="s"></c><c r="R2" t="inlineStr"></c>',
        ),
        "<row r='3' spans='1:3'/>",
        '<row r="4" x14ac:dyDescent="0.25" xmlns:x14ac="urn:x">'
        '<c r="A4" s="2" t="n"><v>45658</v></c>\n\t<c r="B4" cm="1"><v>2</v></c></row>',
        strings=("<si><t>Kvinna</t></si>", "<si><r><t>J</t></r><r><t>a</t></r></si>"),
    )
    used, (sheets, _epoch, _findings) = both_lanes(path, monkeypatch)
    assert used == [True]
    sheet = sheets["Deltagare"]
    assert sheet.rows[2][:4] == ("Kvinna", "Ja", datetime(2025, 5, 23), datetime(2025, 5, 23, 18))
    assert sheet.rows[2][12:15] == (" K & M ", "Södra \U0001f600", "")
    assert sheet.uncached == {(2, 9)}


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) saknas")
def test_workbooks_saved_by_libreoffice(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    people = [row(i, "K", date(2025, 2, i), born=1990 + i, before="A-kassa") for i in range(1, 9)]
    source = write_workbook(tmp_path / "in" / "s.xlsx", people, survey=[["Nöjd?", 3, 0.5]])
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}",
            "--headless",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(tmp_path / "out"),
            str(source),
        ],
        capture_output=True,
        timeout=120,
        check=True,
    )
    used, (sheets, _epoch, findings) = both_lanes(tmp_path / "out" / "s.xlsx", monkeypatch)
    assert used == [True, True]
    assert sheets["Deltagare"].rows[2][4] == datetime(2025, 2, 1) and findings == []


# ----------------------------------------------------------------- the unusual: streamed


UNUSUAL = {
    "a cell without a reference": row_of(2, "<c><v>1</v></c>"),
    "a reference in lower case": row_of(2, '<c r="a2"><v>1</v></c>'),
    "attributes in another order": row_of(2, '<c t="n" r="A2"><v>1</v></c>'),
    "single quotes": row_of(2, "<c r='A2'><v>1</v></c>"),
    "a comment": row_of(2, "<!-- x --><c r='A2'><v>1</v></c>"),
    "rich inline text": row_of(2, '<c r="A2" t="inlineStr"><is><r><t>a</t></r></is></c>'),
    "a phonetic guide": row_of(
        2, '<c r="A2" t="inlineStr"><is><t>a</t><rPh><t>b</t></rPh></is></c>'
    ),
    "a prefixed cell": row_of(2, f'<x:c r="A2" xmlns:x="{NS[7:-1]}"><x:v>1</x:v></x:c>'),
    "another default namespace": row_of(2, '<c r="A2" xmlns="urn:other"><v>1</v></c>'),
    "a cell past the row of its reference": row_of(2, number_cell("A7", 1)),
    "a row zero": row_of(2, number_cell("A0", 1)),
    "a cell beyond Excel": row_of(2, number_cell("A2000000", 1)),
    "a column past the cap": row_of(2, number_cell("ZZ2", 1)),
    "a control character": row_of(2, text_cell("A2", "a\x85b")),
    "a referenced control character": row_of(
        2, '<c r="A2" t="inlineStr"><is><t>a&#x9B;b</t></is></c>'
    ),
    "a number that is none": row_of(2, '<c r="A2"><v>x1</v></c>'),
    "a boolean that is none": row_of(2, '<c r="A2" t="b"><v>2</v></c>'),
    "a date that is none": row_of(2, '<c r="A2" t="d"><v>2025-13-01</v></c>'),
    "a string past the table": row_of(2, '<c r="A2" t="s"><v>9</v></c>'),
    "a style that is none": row_of(2, '<c r="A2" s="99x"><v>1</v></c>'),
    "a formula without a value": row_of(2, '<c r="A2" t="str"><f>NOW()</f></c>'),
    "a carriage return": row_of(2, text_cell("A2", "a\rb")),
    "text between cells": row_of(2, number_cell("A2", 1) + "x" + number_cell("B2", 2)),
}
FALLS_BACK = {
    "a cell without a reference",
    "a reference in lower case",
    "attributes in another order",
    "single quotes",
    "a comment",
    "rich inline text",
    "a phonetic guide",
    "a prefixed cell",
    "another default namespace",
    "a row zero",
    "a cell beyond Excel",
    "a column past the cap",
    "a control character",
    "a referenced control character",
    "a number that is none",
    "a boolean that is none",
    "a date that is none",
    "a string past the table",
    "a style that is none",
    "a carriage return",
}


@pytest.mark.parametrize("case", sorted(UNUSUAL))
def test_the_unusual_is_read_alike_and_the_rarest_is_streamed(
    case: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(xlsx, "MAX_COLUMNS", 30)
    path = raw(tmp_path, UNUSUAL[case], strings=("<si><t>K</t></si>",))
    used, _result = both_lanes(path, monkeypatch)
    assert used == [case not in FALLS_BACK]


def test_a_doctype_and_a_broken_part_are_streamed_and_refused_alike(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, change in {
        "doctype": lambda s: s.replace("<worksheet", '<!DOCTYPE x [<!ENTITY a "b">]><worksheet'),
        "broken": lambda s: s.replace("</sheetData>", "</sheetDat>"),
        "latin-1": lambda s: s.replace('encoding="UTF-8"', 'encoding="ISO-8859-1"'),
    }.items():
        path = raw(tmp_path, *participant_rows(3), name=name)
        patch(path, change)
        used, (sheets, _epoch, findings) = both_lanes(path, monkeypatch)
        assert used == [False]
        assert (sheets is None) == (name != "latin-1"), findings


def patch(path: Path, change: Any) -> None:
    with zipfile.ZipFile(path) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    parts["xl/worksheets/sheet1.xml"] = change(sheet).encode("latin-1", "replace")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)


@pytest.mark.parametrize(("cap", "value"), [("MAX_ROWS", 10), ("MAX_ELEMENTS", 120)])
def test_a_cap_about_to_be_reached_streams_the_sheet_to_its_finding(
    cap: str, value: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(xlsx, cap, value)
    path = raw(tmp_path, *participant_rows(12))
    used, (sheets, _epoch, findings) = both_lanes(path, monkeypatch)
    assert used == [False] and sheets is None and findings


def test_the_element_budget_is_shared_by_the_sheets_as_when_streamed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each sheet has 90 elements: the root, sheetData, 43 in the header, 9 a row."""
    sheets = [RawSheet(title, rows=[header_row(), *participant_rows(5)]) for title in "ABC"]
    path = write_raw_xlsx(tmp_path / "s.xlsx", sheets)
    for limit, fast, refused in [
        (150, [True, False], True),
        (269, [True, True, False], True),
        (270, [True, True, True], False),
    ]:
        monkeypatch.setattr(xlsx, "MAX_ELEMENTS", limit)
        used, (found, _epoch, findings) = both_lanes(path, monkeypatch)
        assert used == fast and (found is None) == refused == bool(findings), limit


def test_a_cell_longer_than_excel_allows_is_streamed_to_its_finding(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    long = "x" * (xlsx.MAX_CELL_CHARS + 1)
    path = raw(tmp_path, row_of(2, '<c r="A2" t="n"><v>1.</v></c>', text_cell("B2", long)))
    used, (sheets, _epoch, findings) = both_lanes(path, monkeypatch)
    assert used == [False] and sheets is None and "32767 tecken" in findings[0][2]


# ----------------------------------------------------------------- random sheets


PIECES = [
    *('<c r="{ref}"><v>{n}</v></c>', '<c r="{ref}" t="n"><v>{f}</v></c>'),
    *('<c r="{ref}" s="{s}"><v>{n}</v></c>', '<c r="{ref}" s="{s}" t="n"><v>{f}</v></c>'),
    '<c r="{ref}" t="s"><v>{i}</v></c>',
    '<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>',
    '<c r="{ref}" s="{s}"/>',
    '<c r="{ref}" t="str"><f>A1</f><v>{text}</v></c>',
    '<c r="{ref}"><f>A1</f></c>',
    '<c r="{ref}" t="b"><v>{b}</v></c>',
    '<c r="{ref}" t="e"><v>#N/A</v></c>',
]
UNUSUAL_PIECES = [
    "<c><v>{n}</v></c>",
    '<c r="{ref}" t="inlineStr"><is><r><t>{text}</t></r></is></c>',
    '<c r="{ref}" t="inlineStr"><is><t>a&#x85;</t></is></c>',
    '<c r="{ref}" t="b"><v>2</v></c>',
    '<c r="{ref}" t="s"><v>7</v></c>',
    '<c r="AP2"><v>1</v></c>',  # past MAX_COLUMNS
]
TEXTS = ["K", "Ja", " a b ", "&amp;&lt;", "&#246;&#xE5;", "\t", "", "2025-02-01", "x\ny"]


def random_rows(seed: int) -> list[str]:
    """Up to 25 rows of up to 8 cells; every fourth sheet has an unusual cell or two."""
    rng = random.Random(seed)
    pieces = PIECES + UNUSUAL_PIECES if seed % 4 == 0 else PIECES
    rows = []
    for r in rng.sample(range(2, 60), rng.randint(1, 25)):
        cells = []
        for column in sorted(rng.sample(range(1, 40), rng.randint(0, 8))):
            letters = "" if column <= 26 else "A"
            letters += chr(64 + (column - 1) % 26 + 1)
            piece = rng.choice(pieces if rng.random() < 0.1 else PIECES)
            cells.append(
                piece.format(
                    ref=f"{letters}{r if rng.random() > 0.02 else r + 1}",
                    n=rng.choice([0, 7, 1990, 45800, -3]),
                    f=rng.choice(["1.5", "2E3", "45800.25", "-0.0", "1e400", "12"]),
                    s=rng.choice([0, 1, 2, 3]),
                    i=rng.choice([0, 1]),
                    text=rng.choice(TEXTS),
                    b=rng.choice(["0", "1"]),
                )
            )
        rows.append(row_of(r, *cells))
    return rows


def test_random_sheets_read_alike(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(xlsx, "MAX_COLUMNS", 39)
    strings = ("<si><t>K</t></si>", "<si><t>M</t></si>")
    lanes: dict[bool, int] = {True: 0, False: 0}
    for seed in range(120):
        if seed % 10 == 0:
            monkeypatch.setattr(xlsx, "MAX_ROWS", 15 + seed // 10)
        path = raw(tmp_path, *random_rows(seed), strings=strings, name=str(seed))
        used, _result = both_lanes(path, monkeypatch)
        for lane in used:
            lanes[lane] += 1
    assert lanes[True] > 60 and lanes[False] > 20, lanes
