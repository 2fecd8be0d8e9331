"""Issue 11, classes 2, 3 and 5 in statistik.xlsx: bounded work, regular files, no personnummer.

Workbooks are written as raw XML into a zip (tests/untrusted_inputs.py), so a
sheet claiming two billion rows is a few kB. Caps are lowered with monkeypatch
where the real ones would make a slow test; the benchmark runs them full size.
"""

from __future__ import annotations

import itertools
import os
import time
import tracemalloc
from pathlib import Path

import pytest

from reportgen.personnummer import looks_like_personnummer
from reportgen.sources.excel import xlsx
from reportgen.sources.excel.sheet import Collector, Refused
from tests.conftest import RunCli
from tests.untrusted_inputs import (
    RawSheet,
    fifo_intervention,
    good_workbook_intervention,
    header_row,
    number_cell,
    participant_rows,
    patch_part,
    row_of,
    statistik_named,
    symlink_intervention,
    text_cell,
    workbook_intervention,
    write_raw_xlsx,
)

LINE_OF_STATISTIK = 40  # the line VALID_FINAL + "statistik: …" gives it


def answer(run: RunCli, folder: Path, command: str = "check") -> str:
    before = {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}
    target = ["-o", folder / "ut" / "rapport.docx"] if command == "build" else []
    result = run(command, folder, *target)
    assert result.exit_code in (1, 2), result.output
    assert "Traceback" not in result.output
    assert "Internt fel" not in result.output
    assert {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()} == before
    assert not (folder / "ut").exists()
    return result.output


def sheets_of(path: Path) -> tuple[dict[str, object], list[str]]:
    findings = Collector("statistik.xlsx")
    try:
        sheets, _epoch = xlsx.read_sheets(path, findings)
    except Refused:
        return {}, [f"{f.code} {f.location} {f.message}" for f in findings.all()]
    return dict(sheets), [f"{f.code} {f.location} {f.message}" for f in findings.all()]


# ----------------------------------------------------------------- never trust the dimension


def test_a_dimension_of_two_billion_rows_is_ignored(run: RunCli, tmp_path: Path) -> None:
    folder = good_workbook_intervention(tmp_path / "i", rows=3)
    patch_part(
        folder / "statistik.xlsx",
        "xl/worksheets/sheet1.xml",
        lambda xml: xml.replace('<dimension ref="A1:N4"/>', '<dimension ref="A1:XFD2000000000"/>'),
    )
    assert b"XFD2000000000" in (folder / "statistik.xlsx").read_bytes() or True
    started = time.perf_counter()
    result = run("stats", folder)
    assert time.perf_counter() - started < 5
    assert result.exit_code == 0, result.output
    assert "3" in result.output


def test_only_used_cells_are_kept_however_far_apart(tmp_path: Path) -> None:
    far = row_of(1_000_000, number_cell("B1000000", 7))
    path = write_raw_xlsx(
        tmp_path / "s.xlsx", [RawSheet(rows=[header_row(), far], dimension="A1:XFD1048576")]
    )
    sheets, findings = sheets_of(path)
    assert findings == []
    sheet = sheets["Deltagare"]
    assert list(sheet.rows) == [1, 1_000_000]  # type: ignore[attr-defined]
    assert sheet.rows[1_000_000] == (None, 7)  # type: ignore[attr-defined]


def test_a_value_far_to_the_right_is_refused_with_its_cell(run: RunCli, tmp_path: Path) -> None:
    far = row_of(2, number_cell("XFD2", 1))
    folder = workbook_intervention(tmp_path / "i", [RawSheet(rows=[header_row(), far])])
    output = answer(run, folder)
    assert f"F002 fel {folder / 'statistik.xlsx'}!Deltagare!XFD2: Bladet 'Deltagare' har ett " in (
        output
    )
    assert "reportgen läser kolumn A–GR" in output


def test_a_cell_outside_any_excel_sheet_is_a_damaged_file(run: RunCli, tmp_path: Path) -> None:
    far = row_of(2_000_000_000, number_cell("A2000000000", 1))
    folder = workbook_intervention(tmp_path / "i", [RawSheet(rows=[header_row(), far])])
    output = answer(run, folder)
    assert "har en cell på rad 2000000000, kolumn 1, utanför ett Excel-blad" in output


# ----------------------------------------------------------------- caps with findings


def test_rows_beyond_the_cap_refuse_the_sheet(
    run: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(xlsx, "MAX_ROWS", 50)
    rows = [header_row(), *participant_rows(60)]
    folder = workbook_intervention(tmp_path / "i", [RawSheet(rows=rows)])
    output = answer(run, folder, "build")
    assert f"F002 fel {folder / 'statistik.xlsx'}!Deltagare!A51: Bladet 'Deltagare' har fler " in (
        output
    )
    assert "än 50 rader med innehåll" in output


def test_rows_past_the_real_cap_stop_the_reading_there(tmp_path: Path) -> None:
    rows = [header_row(), *participant_rows(xlsx.MAX_ROWS + 10)]
    path = write_raw_xlsx(tmp_path / "s.xlsx", [RawSheet(rows=rows)])
    _sheets, findings = sheets_of(path)
    assert any(f"fler än {xlsx.MAX_ROWS} rader med innehåll" in f for f in findings)


def test_a_million_rows_are_refused_quickly(tmp_path: Path) -> None:
    path = write_raw_xlsx(
        tmp_path / "s.xlsx", [RawSheet(rows=[header_row(), *participant_rows(1_000_000)])]
    )
    assert path.stat().st_size < 15_000_000
    started = time.perf_counter()
    _sheets, findings = sheets_of(path)
    assert time.perf_counter() - started < 5
    assert findings[0].startswith("F001 statistik.xlsx Delen xl/worksheets/sheet1.xml")
    assert "mer än gränsen 64 MB" in findings[0]


def test_memory_stays_flat_in_the_number_of_empty_rows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Styled empty rows are parsed and dropped: 10× the rows, about the same peak."""
    monkeypatch.setattr(xlsx, "MAX_ELEMENTS", 10_000_000)

    def peak(count: int) -> int:
        styled = (f'<row r="{r}"><c r="A{r}" s="1"/></row>' for r in range(2, count))
        rows = itertools.chain([header_row()], styled)
        path = write_raw_xlsx(tmp_path / f"{count}.xlsx", [RawSheet(rows=rows)])
        tracemalloc.start()
        sheets_of(path)
        _now, highest = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        return highest

    small, large = peak(4_000), peak(40_000)
    assert large < small * 1.5 + 1_000_000, (small, large)


def test_parsing_work_is_capped_even_within_one_row(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(xlsx, "MAX_ELEMENTS", 5_000)
    wide = '<row r="2">' + "<c/>" * 10_000 + "</row>"
    path = write_raw_xlsx(tmp_path / "s.xlsx", [RawSheet(rows=[header_row(), wide])])
    _sheets, findings = sheets_of(path)
    assert findings == [
        "F001 statistik.xlsx!Deltagare Arbetsboken har fler än 5000 celler och rader (också "
        "tomma, formaterade) – bladet 'Deltagare' läses inte. Markera de tomma raderna och "
        "kolumnerna utanför tabellen, ta bort dem och spara filen."
    ]


def test_an_expensive_shared_strings_table_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(xlsx, "MAX_SHARED_STRINGS", 1_000)
    strings = (f"<si><r><t>{i}</t></r><r><t>x</t></r></si>" for i in range(1_001))
    path = write_raw_xlsx(
        tmp_path / "s.xlsx", [RawSheet(rows=[header_row()])], shared_strings=strings
    )
    _sheets, findings = sheets_of(path)
    assert findings == [
        "F001 statistik.xlsx Arbetsboken har fler än 1000 olika texter; filen kan vara skadad "
        "eller skadlig och läses inte. Öppna den i Excel, spara den som Excel-arbetsbok (.xlsx) "
        "och försök igen."
    ]


def test_shared_strings_are_read_as_openpyxl_reads_them(tmp_path: Path) -> None:
    strings = ["<si><t>K</t></si>", "<si><r><t>Ja</t></r><r><t>g</t></r><rPh><t>x</t></rPh></si>"]
    cells = row_of(2, '<c r="A2" t="s"><v>0</v></c>', '<c r="B2" t="s"><v>1</v></c>')
    path = write_raw_xlsx(tmp_path / "s.xlsx", [RawSheet(rows=[cells])], shared_strings=strings)
    sheets, _findings = sheets_of(path)
    assert sheets["Deltagare"].rows[2] == ("K", "Jag")  # type: ignore[attr-defined]


def test_too_many_sheets_are_refused(tmp_path: Path) -> None:
    sheets = [RawSheet(title=f"Blad{i}", rows=[header_row()]) for i in range(xlsx.MAX_SHEETS + 1)]
    _sheets, findings = sheets_of(write_raw_xlsx(tmp_path / "s.xlsx", sheets))
    assert findings == [
        f"F002 statistik.xlsx Arbetsboken har {xlsx.MAX_SHEETS + 1} blad; reportgen läser högst "
        f"{xlsx.MAX_SHEETS}. Ta bort blad som inte hör till deltagarstatistiken."
    ]


def test_control_characters_in_a_cell_are_reported_and_removed(tmp_path: Path) -> None:
    path = write_raw_xlsx(
        tmp_path / "s.xlsx", [RawSheet(rows=[row_of(1, text_cell("A1", "id\u009b31m"))])]
    )
    sheets, findings = sheets_of(path)
    assert sheets["Deltagare"].rows[1] == ("id31m",)  # type: ignore[attr-defined]
    assert findings[0].startswith(
        "F002 statistik.xlsx!Deltagare!A1 Cellen innehåller tecknet U+009B (CSI)"
    )


# ----------------------------------------------------------------- special files


@pytest.mark.parametrize(
    ("make", "fragment"),
    [
        (lambda f: symlink_intervention(f, "/dev/zero"), "pekar utanför insatsens mapp"),
        (lambda f: symlink_intervention(f, "/dev/urandom"), "pekar utanför insatsens mapp"),
        (lambda f: symlink_intervention(f, "/etc/passwd"), "pekar utanför insatsens mapp"),
        (lambda f: statistik_named(f, "/proc/kcore"), "'/proc/kcore' pekar utanför"),
        (lambda f: statistik_named(f, "../../etc/passwd"), "'../../etc/passwd' pekar utanför"),
        (lambda f: statistik_named(f, "s" * 5000 + ".xlsx"), "Värdet är 5005 tecken långt"),
        (lambda f: statistik_named(f, "s" * 300 + ".xlsx"), "är för långt eller innehåller"),
        (lambda f: statistik_named(f, '"s\\0.xlsx"'), "tecknet U+0000 (NUL)"),
    ],
    ids=["dev-zero", "dev-urandom", "passwd", "proc-kcore", "dotdot", "5000", "300", "nul"],
)
def test_statistik_must_be_a_file_inside_the_folder(
    run: RunCli, tmp_path: Path, make: object, fragment: str
) -> None:
    folder = make(tmp_path / "i")  # type: ignore[operator]
    output = answer(run, folder, "build")
    assert f"{folder / 'insats.yaml'}:{LINE_OF_STATISTIK} statistik: " in output
    assert fragment in output
    assert "root:" not in output  # never another file's content


def test_statistik_as_a_fifo_is_refused_not_waited_for(run: RunCli, tmp_path: Path) -> None:
    folder = fifo_intervention(tmp_path / "i")
    started = time.perf_counter()
    output = answer(run, folder, "build")
    assert time.perf_counter() - started < 10
    assert "statistik.xlsx är ingen vanlig fil (utan t.ex. en enhet eller ett rör)" in output


def test_a_link_to_a_workbook_inside_the_folder_is_read(run: RunCli, tmp_path: Path) -> None:
    folder = good_workbook_intervention(tmp_path / "i", rows=2)
    (folder / "data").mkdir()
    os.replace(folder / "statistik.xlsx", folder / "data" / "riktig.xlsx")
    (folder / "statistik.xlsx").symlink_to(folder / "data" / "riktig.xlsx")
    result = run("stats", folder)
    assert result.exit_code == 0, result.output


# ----------------------------------------------------------------- personnummer in the workbook


@pytest.mark.parametrize(
    "cell",
    [
        text_cell("C2", "850101\u20131236"),  # en dash
        text_cell("C2", "900101 - 1234"),
        text_cell("C2", "850101\u00a01236"),  # no-break space
        text_cell("C2", "19850101-1236"),
        text_cell("C2", "850161-1236"),  # samordningsnummer (day + 60)
        number_cell("C2", 8501011236),
    ],
    ids=["en-dash", "spaced-dash", "nbsp", "twelve-digits", "samordningsnummer", "number"],
)
def test_personnummer_in_any_form_refuses_the_workbook(
    run: RunCli, tmp_path: Path, cell: str
) -> None:
    folder = workbook_intervention(tmp_path / "i", [RawSheet(rows=[header_row(), row_of(2, cell)])])
    output = answer(run, folder, "build")
    assert f"D004 fel {folder / 'statistik.xlsx'}!Deltagare!C2: Cellen innehåller något som " in (
        output
    )
    assert "1236" not in output and "1234" not in output


def test_a_number_that_lost_its_leading_zeros_in_the_id_column(run: RunCli, tmp_path: Path) -> None:
    lost = row_of(2, number_cell("A2", 1011238))  # 000101-1238, stored as a number
    folder = workbook_intervention(tmp_path / "i", [RawSheet(rows=[header_row(), lost])])
    output = answer(run, folder)
    assert f"D004 fel {folder / 'statistik.xlsx'}!Deltagare!A2: Cellen innehåller" in output


def test_lost_zeros_count_only_in_an_id_column_and_with_the_check_digit() -> None:
    assert looks_like_personnummer(1011238, id_column=True)
    assert not looks_like_personnummer(1011238)  # a count elsewhere is just a number
    assert not looks_like_personnummer(1011234, id_column=True)  # wrong check digit
    assert not looks_like_personnummer(4711, id_column=True)  # a running number


@pytest.mark.parametrize("header", ["Person-nummer", "PNR", "pers.nr", "Deltagarens personnummer"])
def test_a_personnummer_column_header_refuses_the_workbook(
    run: RunCli, tmp_path: Path, header: str
) -> None:
    headers = header_row().replace("</row>", text_cell("O1", header) + "</row>")
    folder = workbook_intervention(tmp_path / "i", [RawSheet(rows=[headers])])
    output = answer(run, folder)
    assert f"D004 fel {folder / 'statistik.xlsx'}!Deltagare!O1: Kolumnen '{header}' hör inte" in (
        output
    )


def test_an_xml_entity_bomb_is_refused_before_it_expands(tmp_path: Path) -> None:
    path = write_raw_xlsx(tmp_path / "s.xlsx", [RawSheet(rows=[row_of(1, text_cell("A1", "x"))])])
    entities = "".join(f'<!ENTITY e{i} "{f"&e{i - 1};" * 10 if i else "lol"}">' for i in range(10))
    patch_part(
        path,
        "xl/worksheets/sheet1.xml",
        lambda xml: xml.replace(
            "?><worksheet", f"?><!DOCTYPE worksheet [{entities}]><worksheet"
        ).replace("<t>x</t>", "<t>&e9;</t>"),
    )
    started = time.perf_counter()
    _sheets, findings = sheets_of(path)
    assert time.perf_counter() - started < 2
    assert findings[0].startswith("F001 statistik.xlsx!Deltagare En del av arbetsboken har en")


def test_a_cell_with_more_text_than_excel_allows_is_refused(tmp_path: Path) -> None:
    cell = text_cell("A1", "x" * (xlsx.MAX_CELL_CHARS + 1))
    path = write_raw_xlsx(tmp_path / "s.xlsx", [RawSheet(rows=[row_of(1, cell)])])
    _sheets, findings = sheets_of(path)
    assert findings[0].startswith(
        "F001 statistik.xlsx!Deltagare En cell i bladet 'Deltagare' innehåller mer text än Excel"
    )


# ----------------------------------------------------------------- the parts around the sheets


def _rewrite(path: Path, part: str, change: object) -> Path:
    patch_part(path, part, change)  # type: ignore[arg-type]
    return path


def test_a_doctype_in_workbook_xml_is_refused(tmp_path: Path) -> None:
    path = write_raw_xlsx(tmp_path / "s.xlsx", [RawSheet(rows=[header_row()])])
    bomb = '<!DOCTYPE workbook [<!ENTITY a "aaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
    _rewrite(path, "xl/workbook.xml", lambda xml: xml.replace("?><workbook", f"?>{bomb}<workbook"))
    assert sheets_of(path)[1] == [
        "F001 statistik.xlsx En del av arbetsboken har en DOCTYPE-deklaration. Öppna den i "
        "Excel, spara den som Excel-arbetsbok (.xlsx) och försök igen."
    ]


def test_too_many_relationships_are_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reportgen.sources.excel import package

    monkeypatch.setattr(package, "MAX_RELATIONSHIPS", 10)
    sheets = [RawSheet(title=f"Blad{i}", rows=[header_row()]) for i in range(10)]
    path = write_raw_xlsx(tmp_path / "s.xlsx", sheets)  # ten sheets and the string table
    assert sheets_of(path)[1] == [
        "F001 statistik.xlsx Arbetsboken har fler än 10 interna länkar mellan sina delar; filen "
        "kan vara skadad eller skadlig och läses inte. Öppna den i Excel, spara den som "
        "Excel-arbetsbok (.xlsx) och försök igen."
    ]


def test_a_sheet_entry_in_the_thousands_is_refused_by_its_count(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reportgen.sources.excel import package

    monkeypatch.setattr(package, "MAX_SHEET_ENTRIES", 100)
    path = write_raw_xlsx(tmp_path / "s.xlsx", [RawSheet(rows=[header_row()])])
    many = "".join(f'<sheet name="B{i}" sheetId="{i}" r:id="rId{i}"/>' for i in range(2, 5000))
    _rewrite(path, "xl/workbook.xml", lambda xml: xml.replace("</sheets>", many + "</sheets>"))
    assert sheets_of(path)[1] == [
        "F002 statistik.xlsx Arbetsboken har 4999 blad; reportgen läser högst "
        f"{xlsx.MAX_SHEETS}. Ta bort blad som inte hör till deltagarstatistiken."
    ]


def test_a_sheet_whose_part_is_not_linked_is_a_damaged_file(tmp_path: Path) -> None:
    path = write_raw_xlsx(tmp_path / "s.xlsx", [RawSheet(rows=[header_row()])])
    _rewrite(path, "xl/workbook.xml", lambda xml: xml.replace('r:id="rId1"', 'r:id="rId99"'))
    assert sheets_of(path)[1] == [
        "F001 statistik.xlsx Arbetsboken kunde inte läsas (bladet 'Deltagare' pekar på en del "
        "som inte finns). Öppna den i Excel, spara den som Excel-arbetsbok (.xlsx) och försök "
        "igen."
    ]


@pytest.mark.parametrize("target", ["../../../etc/passwd", "/etc/passwd", "file:///etc/passwd"])
def test_a_sheet_linked_outside_the_package_is_not_read(
    run: RunCli, tmp_path: Path, target: str
) -> None:
    folder = workbook_intervention(tmp_path / "i", [RawSheet(rows=[header_row()])])
    _rewrite(
        folder / "statistik.xlsx",
        "xl/_rels/workbook.xml.rels",
        lambda xml: xml.replace('Target="worksheets/sheet1.xml"', f'Target="{target}"'),
    )
    output = answer(run, folder)
    assert "Arbetsboken saknar bladet 'Deltagare' (blad i filen: inga)" in output
    assert "root:" not in output
