"""statistik.xlsx read without openpyxl: serial dates, column letters, number formats, cell
types and styles.xml, each against what openpyxl (still installed, for writing) reads.

Workbooks are raw XML in a zip (tests/untrusted_inputs.py) with the part under test
added (`with_parts`), so each test says exactly what the file holds.
"""

from __future__ import annotations

import subprocess
import sys
import zipfile
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest
from openpyxl.styles.numbers import is_date_format as openpyxl_is_date_format
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import CALENDAR_MAC_1904
from openpyxl.utils.datetime import from_excel as openpyxl_from_excel

from reportgen.sources.excel import package, xlsx
from reportgen.sources.excel.serials import (
    MAC_EPOCH,
    WINDOWS_EPOCH,
    BadReference,
    column_index,
    column_letter,
    from_excel,
    parse_reference,
)
from reportgen.sources.excel.sheet import Collector, Refused
from reportgen.sources.excel.source import read_workbook
from tests.untrusted_inputs import RawSheet, header_row, number_cell, row_of, write_raw_xlsx

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
STYLES_REL = (
    '<Relationship Id="rIdS" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/styles" Target="{target}"/>'
)
PERIOD = (date(2025, 1, 1), date(2025, 12, 31))


def with_parts(path: Path, parts: dict[str, str | bytes], styles_at: str | None = None) -> Path:
    """Rewrite the package with `parts` added or replaced; `styles_at` also links a styles
    part from workbook.xml.rels (a target relative to xl/, or absolute)."""
    with zipfile.ZipFile(path) as archive:
        content = {info.filename: archive.read(info) for info in archive.infolist()}
    for name, value in parts.items():
        content[name] = value.encode("utf-8") if isinstance(value, str) else value
    if styles_at is not None:
        rels = content["xl/_rels/workbook.xml.rels"].decode("utf-8")
        link = STYLES_REL.format(target=styles_at)
        content["xl/_rels/workbook.xml.rels"] = rels.replace(
            "</Relationships>", link + "</Relationships>"
        ).encode("utf-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in content.items():
            archive.writestr(name, data)
    return path


def styles(formats: list[int], custom: dict[int, str] | None = None) -> str:
    """A styles.xml whose cellXfs are `formats` (numFmtId each), with custom codes."""
    codes = "".join(
        f'<numFmt numFmtId="{number}" formatCode="{code}"/>'
        for number, code in (custom or {}).items()
    )
    xfs = "".join(f'<xf numFmtId="{number}" xfId="0"/>' for number in formats)
    return (
        f'<?xml version="1.0"?><styleSheet xmlns="{MAIN}"><numFmts>{codes}</numFmts>'
        f'<cellStyleXfs><xf numFmtId="14"/></cellStyleXfs><cellXfs>{xfs}</cellXfs>'
        "<dxfs/></styleSheet>"
    )


def styled(ref: str, style: int, number: float | int) -> str:
    return f'<c r="{ref}" s="{style}"><v>{number}</v></c>'


def sheets_and_findings(path: Path) -> tuple[dict, datetime | None, list[str]]:
    findings = Collector("statistik.xlsx")
    try:
        sheets, epoch = xlsx.read_sheets(path, findings)
    except Refused:
        return {}, None, [f"{f.code} {f.location} {f.message}" for f in findings.all()]
    return sheets, epoch, [f"{f.code} {f.location} {f.message}" for f in findings.all()]


def first_row(path: Path, row: int = 1) -> tuple:
    sheets, _epoch, findings = sheets_and_findings(path)
    assert findings == []
    return sheets["Deltagare"].rows[row]


# ----------------------------------------------------------------- serial dates and letters


SERIALS = [0, 0.25, 0.999994, 1, 1.5, 28, 59, 59.75, 60, 60.5, 61, 366, 25569, 45800, 45800.75]
SERIALS += [45800.123456, 2958465, 2958465.99999, -1, -1.5, 100000.0001]


@pytest.mark.parametrize("serial", SERIALS)
@pytest.mark.parametrize("epoch", [WINDOWS_EPOCH, MAC_EPOCH], ids=["1900", "1904"])
def test_serial_dates_are_read_as_openpyxl_read_them(serial: float, epoch: datetime) -> None:
    theirs = CALENDAR_MAC_1904 if epoch == MAC_EPOCH else WINDOWS_EPOCH
    assert outcome(from_excel, serial, epoch) == outcome(openpyxl_from_excel, serial, theirs)
    assert outcome(from_excel, serial, epoch, duration=True) == outcome(
        openpyxl_from_excel, serial, theirs, timedelta=True
    )


def outcome(convert: Callable[..., object], *args: object, **options: object) -> object:
    """The value, or the kind of error (a serial past 9999-12-31 has no date)."""
    try:
        return convert(*args, **options)
    except (OverflowError, ValueError) as exc:
        return type(exc)


def test_the_1900_leap_year_bug_and_the_1904_epoch() -> None:
    assert from_excel(1) == datetime(1900, 1, 1)
    assert from_excel(59) == datetime(1900, 2, 28)
    assert from_excel(60) == datetime(1900, 2, 28)  # Excel's 29 February 1900, which never was
    assert from_excel(61) == datetime(1900, 3, 1)
    assert from_excel(45800) == datetime(2025, 5, 23)
    assert from_excel(1, MAC_EPOCH) == datetime(1904, 1, 2)  # serial 0, 1904-01-01, is a time
    assert from_excel(44338, MAC_EPOCH) == datetime(2025, 5, 23)  # 1462 days fewer
    assert from_excel(0.5) == time(12, 0)
    assert from_excel(1.25, duration=True) == timedelta(days=1, hours=6)
    with pytest.raises(OverflowError):
        from_excel(1e12)


def test_column_letters_both_ways_as_excel_names_them() -> None:
    for index in range(1, 18_279):
        letters = get_column_letter(index)
        assert column_letter(index) == letters
        assert column_index(letters) == column_index(letters.lower()) == index
    assert column_letter(200) == "GR" and column_letter(16_384) == "XFD"


@pytest.mark.parametrize(
    ("reference", "expected"),
    [("A1", (1, 1)), ("b17", (17, 2)), ("$C$9", (9, 3)), ("XFD1048576", (1_048_576, 16_384))],
)
def test_cell_references(reference: str, expected: tuple[int, int]) -> None:
    assert parse_reference(reference) == expected


@pytest.mark.parametrize("reference", ["A0", "1A", "ABCD1", "A", "", "A1B2", "A-1", "Ö1"])
def test_a_reference_that_names_no_cell_is_damage(reference: str) -> None:
    with pytest.raises(BadReference, match="är ogiltig"):
        parse_reference(reference)


# ----------------------------------------------------------------- number formats


@pytest.mark.parametrize(
    ("code", "is_date"),
    [
        ("yyyy-mm-dd", True),
        ("YYYY\\-MM\\-DD", True),  # LibreOffice
        ("[$-41D]d mmmm yyyy;@", True),
        ("d/m/yy h:mm", True),
        ("[h]:mm:ss", True),
        ("mm:ss.0", True),
        ("General", False),
        ("0.00", False),
        ("#,##0 kr", False),
        ('"Dag "0', False),  # letters in quotes are text
        ("0\\d", False),  # an escaped letter is text
        ("[Red]0.00", False),
        ("0;[Red]-0;yyyy", False),  # only the first section decides
    ],
)
def test_date_format_codes_as_openpyxl_sees_them(code: str, is_date: bool) -> None:
    assert package.is_date_format(code) is is_date
    assert openpyxl_is_date_format(code) is is_date


def test_cell_styles_decide_which_numbers_are_dates(tmp_path: Path) -> None:
    formats = [0, 14, 164, 165, 166, 2, 22, 30, 57, 46, 167, 14]
    custom = {
        164: "yyyy-mm-dd",
        165: "[$-41D]d mmmm yyyy",
        166: "0.00",
        167: "[h]:mm",
        14: "dd/mm/yyyy",  # a custom code for a built-in id wins, as in Excel
    }
    cells = [styled(f"{column_letter(i + 1)}1", i, 45800.5) for i in range(len(formats))]
    path = write_raw_xlsx(tmp_path / "s.xlsx", [RawSheet(rows=[row_of(1, *cells)])])
    with_parts(path, {"xl/styles.xml": styles(formats, custom)}, styles_at="styles.xml")
    at_noon = datetime(2025, 5, 23, 12)
    assert first_row(path) == (
        45800.5,  # General
        at_noon,  # 14, given the code dd/mm/yyyy
        at_noon,  # yyyy-mm-dd
        at_noon,  # a Swedish long date
        45800.5,  # 0.00
        45800.5,  # 2: 0.00
        at_noon,  # 22: m/d/yy h:mm
        at_noon,  # 30: an East Asian locale's date
        at_noon,  # 57: the same
        timedelta(days=45800.5),  # 46: [h]:mm:ss
        timedelta(days=45800.5),  # [h]:mm
        at_noon,
    )


def test_styles_are_found_without_a_relationship_and_by_an_absolute_target(
    tmp_path: Path,
) -> None:
    cells = row_of(1, styled("A1", 1, 45800))
    plain = write_raw_xlsx(tmp_path / "a.xlsx", [RawSheet(rows=[cells])])
    with_parts(plain, {"xl/styles.xml": styles([0, 14])})
    assert first_row(plain) == (datetime(2025, 5, 23),)
    elsewhere = write_raw_xlsx(tmp_path / "b.xlsx", [RawSheet(rows=[cells])])
    with_parts(elsewhere, {"xl/stil/s.xml": styles([0, 14])}, styles_at="/xl/stil/s.xml")
    assert first_row(elsewhere) == (datetime(2025, 5, 23),)


def test_a_date_style_on_a_serial_no_date_has_reads_as_an_error_value(tmp_path: Path) -> None:
    path = write_raw_xlsx(tmp_path / "s.xlsx", [RawSheet(rows=[row_of(1, styled("A1", 1, 1e9))])])
    with_parts(path, {"xl/styles.xml": styles([0, 14])}, styles_at="styles.xml")
    assert first_row(path) == ("#VALUE!",)


def test_a_cell_style_that_is_no_number_is_a_damaged_file(tmp_path: Path) -> None:
    cells = row_of(1, '<c r="A1" s="x"><v>45800</v></c>')
    path = write_raw_xlsx(tmp_path / "s.xlsx", [RawSheet(rows=[cells])])
    with_parts(path, {"xl/styles.xml": styles([0, 14])}, styles_at="styles.xml")
    assert sheets_and_findings(path)[2] == [
        "F001 statistik.xlsx!Deltagare Arbetsboken kunde inte läsas (en cell har formatet 'x', "
        "som inte finns). Öppna den i Excel, spara den som Excel-arbetsbok (.xlsx) och försök "
        "igen."
    ]


# ----------------------------------------------------------------- the 1904 date system


def test_a_1904_workbook_reads_dates_and_bare_serials_in_its_own_epoch(tmp_path: Path) -> None:
    header = header_row()
    start = column_letter(5)  # startdatum
    rows = [header, row_of(2, number_cell("A2", 1), styled(f"{start}2", 1, 44338))]
    rows.append(row_of(3, number_cell("A3", 2), number_cell(f"{start}3", 44339)))  # no style
    path = write_raw_xlsx(tmp_path / "statistik.xlsx", [RawSheet(rows=rows)])
    with zipfile.ZipFile(path) as archive:
        workbook = archive.read("xl/workbook.xml").decode("utf-8")
    with_parts(
        path,
        {
            "xl/workbook.xml": workbook.replace("<sheets>", '<workbookPr date1904="1"/><sheets>'),
            "xl/styles.xml": styles([0, 14]),
        },
        styles_at="styles.xml",
    )
    sheets, epoch, findings = sheets_and_findings(path)
    assert (epoch, findings) == (MAC_EPOCH, [])
    assert sheets["Deltagare"].rows[2][4] == datetime(2025, 5, 23)
    result = read_workbook(path, display="statistik.xlsx", period=PERIOD)
    assert [f.as_line() for f in result.findings if f.code != "D002"] == []
    assert [e.start for e in result.episodes] == [date(2025, 5, 23), date(2025, 5, 24)]


@pytest.mark.parametrize("value", ["0", "false", ""])
def test_date1904_off_is_the_1900_system(tmp_path: Path, value: str) -> None:
    path = write_raw_xlsx(tmp_path / "s.xlsx", [RawSheet(rows=[row_of(1, number_cell("A1", 1))])])
    with zipfile.ZipFile(path) as archive:
        workbook = archive.read("xl/workbook.xml").decode("utf-8")
    tag = f'<workbookPr date1904="{value}"/><sheets>'
    with_parts(path, {"xl/workbook.xml": workbook.replace("<sheets>", tag)})
    assert sheets_and_findings(path)[1] == WINDOWS_EPOCH


# ----------------------------------------------------------------- a hostile styles.xml


def test_a_styles_part_with_a_doctype_is_refused(tmp_path: Path) -> None:
    bomb = '<!DOCTYPE s [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>'
    hostile = styles([0, 14]).replace('<?xml version="1.0"?>', '<?xml version="1.0"?>' + bomb)
    path = write_raw_xlsx(tmp_path / "s.xlsx", [RawSheet(rows=[header_row()])])
    with_parts(path, {"xl/styles.xml": hostile}, styles_at="styles.xml")
    assert sheets_and_findings(path)[2] == [
        "F001 statistik.xlsx En del av arbetsboken har en DOCTYPE-deklaration. Öppna den i "
        "Excel, spara den som Excel-arbetsbok (.xlsx) och försök igen."
    ]


@pytest.mark.parametrize("where", ["styles.xml", "/xl/annan/stil.xml"])
def test_a_huge_styles_part_is_refused_by_its_size_wherever_it_is(
    tmp_path: Path, where: str
) -> None:
    filler = "<dxf/>" * (5 * 1024 * 1024 // 6)
    huge = styles([0, 14]).replace("<dxfs/>", f"<dxfs>{filler}</dxfs>")
    part = "xl/" + where if not where.startswith("/") else where[1:]
    path = write_raw_xlsx(tmp_path / "s.xlsx", [RawSheet(rows=[header_row()])])
    with_parts(path, {part: huge}, styles_at=where)
    assert path.stat().st_size < 100_000
    assert sheets_and_findings(path)[2] == [
        f"F001 statistik.xlsx Delen {part} i arbetsboken packas upp till 5 MB, mer än gränsen "
        "4 MB; filen kan vara skadad eller skadlig och läses inte. Öppna den i Excel, spara "
        "den som Excel-arbetsbok (.xlsx) och försök igen."
    ]


def test_too_many_cell_formats_are_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(package, "MAX_CELL_FORMATS", 100)
    path = write_raw_xlsx(tmp_path / "s.xlsx", [RawSheet(rows=[header_row()])])
    with_parts(path, {"xl/styles.xml": styles([14] * 101)}, styles_at="styles.xml")
    assert sheets_and_findings(path)[2] == [
        "F001 statistik.xlsx Arbetsboken har fler än 100 cellformat; filen kan vara skadad eller "
        "skadlig och läses inte. Öppna den i Excel, spara den som Excel-arbetsbok (.xlsx) och "
        "försök igen."
    ]


def test_what_follows_cellxfs_in_styles_is_not_parsed(tmp_path: Path) -> None:
    """A broken or expensive tail (dxfs, colours, extensions) costs nothing."""
    broken = styles([0, 14]).replace("<dxfs/></styleSheet>", "<dxfs><x></dxfs>")
    path = write_raw_xlsx(tmp_path / "s.xlsx", [RawSheet(rows=[row_of(1, styled("A1", 1, 61))])])
    with_parts(path, {"xl/styles.xml": broken}, styles_at="styles.xml")
    assert first_row(path) == (datetime(1900, 3, 1),)


# ----------------------------------------------------------------- imports


def test_reading_a_workbook_imports_neither_openpyxl_nor_numpy(tmp_path: Path) -> None:
    path = write_raw_xlsx(tmp_path / "s.xlsx", [RawSheet(rows=[header_row()])])
    with_parts(path, {"xl/styles.xml": styles([0, 14])}, styles_at="styles.xml")
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from reportgen.sources.excel.source import read_workbook\n"
        f"result = read_workbook(Path({str(path)!r}), period=None)\n"
        "assert not result.findings, result.findings\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('openpyxl', 'numpy')))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stdout.strip() == "[]"
