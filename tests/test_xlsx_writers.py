"""statistik.xlsx as different programs write it, read cell for cell as openpyxl reads it.

LibreOffice Calc (shared strings, its own number formats such as `YYYY\\-MM\\-DD`, every
formula saved with its value), openpyxl (inline strings, every type it writes, the
1904 date system) and hand-made XML such as small generators write (no cell
references, prefixed elements, the rarer cell types). openpyxl is still installed for
writing workbooks, so it is the reference: `openpyxl_values` is what its reader sees.
"""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.utils.datetime import CALENDAR_MAC_1904

from reportgen.pipeline import findings_for
from reportgen.sources import load_source
from reportgen.sources.excel import xlsx
from reportgen.sources.excel.sheet import Collector, Refused
from reportgen.sources.excel.source import read_workbook
from tests.excel_workbooks import HEADERS, intervention, row, write_workbook
from tests.untrusted_inputs import NS, RawSheet, header_row, row_of, text_cell, write_raw_xlsx

PERIOD = (date(2025, 1, 1), date(2025, 12, 31))
LONG = "lång text " * 3276 + "slut..."  # 32 767 characters: as much as one Excel cell holds


def mine(path: Path) -> dict[str, dict[tuple[int, int], Any]]:
    findings = Collector("statistik.xlsx")
    sheets, _epoch = xlsx.read_sheets(path, findings)
    assert [f.as_line() for f in findings.all()] == []
    return {
        title: {
            (r, c): value
            for r, values in sheet.rows.items()
            for c, value in enumerate(values, start=1)
            if value is not None
        }
        for title, sheet in sheets.items()
    }


def openpyxl_values(path: Path) -> dict[str, dict[tuple[int, int], Any]]:
    workbook = load_workbook(path, data_only=True)
    return {
        sheet.title: {
            (cell.row, cell.column): cell.value
            for line in sheet.iter_rows()
            for cell in line
            if cell.value is not None
        }
        for sheet in workbook.worksheets
    }


def lines(path: Path) -> list[str]:
    return [f.as_line() for f in read_workbook(path, display="s.xlsx", period=PERIOD).findings]


# ----------------------------------------------------------------- LibreOffice Calc


def _originals(root: Path) -> list[Path]:
    """Three workbooks a team might keep, written with openpyxl and saved again by Calc."""
    participants = write_workbook(
        root / "deltagare.xlsx",
        [
            row("P1", "K", datetime(2025, 2, 3), datetime(2025, 5, 30), born=1990, code="=2-1"),
            row("P2", "M", "2025-03-01", None, born=1985, referrer="AF"),
            row("P3", "annat", 45800, None, education="Gymnasium", before="A-kassa"),
        ],
        survey=[["Jag blev väl bemött", 12, 0.75]],
        extra_sheets={"Anteckningar": [["Anteckning"], [LONG]]},
    )
    workbook = load_workbook(participants)
    workbook["Deltagare"]["F2"].number_format = "d mmmm yyyy"
    workbook["Deltagare"]["E2"].number_format = "[$-41D]yyyy-mm-dd hh:mm"
    workbook["Anteckningar"].sheet_state = "hidden"
    workbook.save(participants)
    personnummer = write_workbook(
        root / "pnr.xlsx",
        [row("1", "K", "2025-02-01"), row(1011238, "M", "2025-02-02")],
        extra_sheets={"Kontakter": [["Kontakt"], ["ring 850101-1236"]]},
    )
    workbook = load_workbook(personnummer)
    workbook["Kontakter"].sheet_state = "hidden"
    workbook.save(personnummer)
    survey_only = Workbook()
    sheet = survey_only.active
    assert sheet is not None
    sheet.title = "Enkät"
    sheet.append(["fråga", "antal svar", "andel positiva"])
    sheet.append(["Har du fått stöd som är till nytta för dig?", 9, "89 %"])
    survey_only.save(root / "enkat.xlsx")
    return [participants, personnummer, root / "enkat.xlsx"]


@pytest.fixture(scope="module")
def calc(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Path]]:
    """name -> (as openpyxl wrote it, as LibreOffice Calc saved it), one Calc start."""
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice saknas")
    root = tmp_path_factory.mktemp("calc")
    originals = _originals(root / "original")
    saved = root / "calc"
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={(root / '.profil').as_uri()}",
            "--headless",
            "--convert-to",
            "xlsx:Calc Office Open XML",
            "--outdir",
            str(saved),
            *(str(p) for p in originals),
        ],
        capture_output=True,
        timeout=180,
        check=False,
    )
    if not all((saved / p.name).is_file() for p in originals):
        pytest.skip("LibreOffice Calc saknas (apt-get install libreoffice-calc-nogui)")
    return {p.stem: (p, saved / p.name) for p in originals}


def test_calc_writes_its_own_kind_of_workbook(calc: dict[str, tuple[Path, Path]]) -> None:
    """The premise of the tests below: Calc's file is not openpyxl's file."""
    with zipfile.ZipFile(calc["deltagare"][1]) as archive:
        workbook = archive.read("xl/workbook.xml").decode()
        sheet = archive.read("xl/worksheets/sheet1.xml").decode()
        styles = archive.read("xl/styles.xml").decode()
        assert "xl/sharedStrings.xml" in archive.namelist()
    assert 'appName="Calc"' in workbook
    assert 't="s"' in sheet and "inlineStr" not in sheet
    assert "<f" in sheet and "<v>1</v>" in sheet  # the formula, saved with its value
    assert "formatCode=" in styles and 'state="hidden"' in workbook


def test_a_calc_workbook_reads_as_openpyxl_reads_it(calc: dict[str, tuple[Path, Path]]) -> None:
    for _original, saved in calc.values():
        assert mine(saved) == openpyxl_values(saved)


def test_a_calc_workbook_gives_the_same_participants(calc: dict[str, tuple[Path, Path]]) -> None:
    original, saved = calc["deltagare"]
    ours = read_workbook(original, display="s.xlsx", period=PERIOD)
    theirs = read_workbook(saved, display="s.xlsx", period=PERIOD)
    # openpyxl saves the formula without a value; Calc calculates it when it saves
    assert [f.as_line() for f in ours.findings] == [
        "F002 fel s.xlsx!Deltagare!K2: Cellen innehåller en formel utan sparat värde. Öppna "
        "filen i Excel och spara den (så räknas värdet ut), eller skriv in värdet direkt."
    ]
    assert [f.as_line() for f in theirs.findings] == []
    episodes = [(e.person, e.gender, e.start, e.end, e.exit_code) for e in theirs.episodes]
    assert episodes == [
        ("p1", "K", date(2025, 2, 3), date(2025, 5, 30), 1),
        ("p2", "M", date(2025, 3, 1), None, None),
        ("p3", "annat", date(2025, 5, 23), None, None),
    ]
    # the same rows from openpyxl's file, P1 without its exit code (the formula has no value)
    assert [(e.person, e.gender, e.start, e.end, e.exit_code) for e in ours.episodes] == [
        (*episodes[0][:4], None),
        *episodes[1:],
    ]
    assert theirs.statistics is not None and theirs.statistics.survey[0].answers == 12
    assert mine(saved)["Anteckningar"][(2, 1)] == LONG


def test_personnummer_in_a_calc_workbook_even_in_a_hidden_sheet(
    calc: dict[str, tuple[Path, Path]],
) -> None:
    assert lines(calc["pnr"][1]) == [
        "D004 fel s.xlsx!Deltagare!A3: Cellen innehåller något som liknar ett personnummer "
        "(ÅÅMMDD-XXXX). Deltagaruppgifter ska vara pseudonyma: ersätt det med ett löpnummer "
        "eller en kod och ta bort alla personnummer ur filen. Filen används inte förrän de är "
        "borttagna.",
        "D004 fel s.xlsx!Kontakter!A2: Cellen innehåller något som liknar ett personnummer "
        "(ÅÅMMDD-XXXX). Deltagaruppgifter ska vara pseudonyma: ersätt det med ett löpnummer "
        "eller en kod och ta bort alla personnummer ur filen. Filen används inte förrän de är "
        "borttagna. Bladet är dolt i Excel: högerklicka på en bladflik och välj Ta fram för "
        "att se det.",
    ]


def test_a_survey_only_calc_workbook_warns_d007(
    calc: dict[str, tuple[Path, Path]], tmp_path: Path
) -> None:
    folder = intervention(tmp_path / "insats", [])
    shutil.copyfile(calc["enkat"][1], folder / "statistik.xlsx")
    findings = findings_for(load_source(folder))
    assert [(f.code, f.location.key) for f in findings] == [("D007", "statistik")]


# ----------------------------------------------------------------- openpyxl


def test_every_type_openpyxl_writes_reads_as_openpyxl_reads_it(tmp_path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Deltagare"
    sheet.append(["text", "åäö\u00a0nbsp", True, False, "#N/A", 0, -17, 2**40, 1.5, 1e-7])
    sheet.append([datetime(2025, 5, 23, 12, 30), date(2025, 5, 23), time(8, 15)])
    sheet.append([timedelta(hours=30), datetime(1900, 1, 1), datetime(1900, 3, 1), "=1+1"])
    for cell, code in [("A4", "yyyy-mm-dd"), ("B4", "d mmm yy"), ("C4", "0.00"), ("D4", "@")]:
        sheet[cell] = 45800
        sheet[cell].number_format = code
    path = tmp_path / "typer.xlsx"
    workbook.save(path)
    assert mine(path) == openpyxl_values(path)
    assert mine(path)["Deltagare"][(4, 2)] == datetime(2025, 5, 23)


def test_a_1904_workbook_from_openpyxl(tmp_path: Path) -> None:
    workbook = Workbook()
    workbook.epoch = CALENDAR_MAC_1904
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Deltagare"
    sheet.append(list(HEADERS))
    sheet.append(["P1", "K", 1990, None, datetime(2025, 2, 3), datetime(2025, 5, 30), 1])
    path = tmp_path / "mac.xlsx"
    workbook.save(path)
    with zipfile.ZipFile(path) as archive:
        assert 'date1904="1"' in archive.read("xl/workbook.xml").decode()
    assert mine(path) == openpyxl_values(path)
    [episode] = read_workbook(path, period=PERIOD).episodes
    assert (episode.start, episode.end) == (date(2025, 2, 3), date(2025, 5, 30))


# ----------------------------------------------------------------- other writers


def test_cells_without_references_are_placed_as_excel_places_them(tmp_path: Path) -> None:
    cells = (
        '<row><c t="inlineStr"><is><t>a</t></is></c><c/><c t="b"><v>1</v></c></row>'
        '<row r="4"><c r="B4"/><c><v>2</v></c><c r="E4" s="0"/><c/><c><v>7</v></c></row>'
        '<row><c r="C5"><v>3</v></c><c t="str"><v>formeltext</v></c><c t="e"><v>#DIV/0!</v></c>'
        '<c t="d"><v>2025-05-23</v></c><c t="d"><v>2025-05-23T08:30:00Z</v></c></row>'
        '<row r="9"><c r="A9" t="inlineStr"><v>9</v><is><r><t>rik </t></r><r><t>text</t></r>'
        "<rPh><t>fonetik</t></rPh></is></c><c><f>1+1</f></c></row>"
    )
    path = write_raw_xlsx(tmp_path / "s.xlsx", [RawSheet(rows=[cells])])
    findings = Collector("statistik.xlsx")
    sheets, _epoch = xlsx.read_sheets(path, findings)
    sheet = sheets["Deltagare"]
    assert sheet.rows == {
        1: ("a", None, True),
        4: (None, None, 2, None, None, None, 7),
        5: (
            None,
            None,
            3,
            "formeltext",
            "#DIV/0!",
            date(2025, 5, 23),
            datetime(2025, 5, 23, 8, 30),
        ),
        9: ("rik text", None),  # a formula without a saved value is kept as None …
    }
    assert sheet.uncached == {(9, 2)}  # … and noted, for the sheet readers' F002


def test_prefixed_elements_read_the_same(tmp_path: Path) -> None:
    plain = write_raw_xlsx(
        tmp_path / "a.xlsx",
        [RawSheet(rows=[row_of(1, text_cell("A1", "id"), "<c r='B1'><v>5</v></c>")])],
    )
    with zipfile.ZipFile(plain) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    prefixed = sheet.replace(f"<worksheet {NS}>", f"<x:worksheet {NS.replace('xmlns', 'xmlns:x')}>")
    for tag in ("sheetData", "row", "c", "v", "is", "t"):
        prefixed = prefixed.replace(f"<{tag}", f"<x:{tag}").replace(f"</{tag}>", f"</x:{tag}>")
    parts["xl/worksheets/sheet1.xml"] = prefixed.replace("</worksheet>", "</x:worksheet>").encode()
    path = tmp_path / "x.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    assert "<x:c " in prefixed
    assert mine(path) == mine(plain) == {"Deltagare": {(1, 1): "id", (1, 2): 5}}


@pytest.mark.parametrize(
    ("cell", "detail"),
    [
        ('<c r="A1" t="s"><v>3</v></c>', "en cell pekar på text nummer 3, som inte finns"),
        ('<c r="A1" t="s"><v>-1</v></c>', "en cell pekar på text nummer -1, som inte finns"),
        ('<c r="A1" t="s"><v>tre</v></c>', "en cell pekar på text nummer tre, som inte finns"),
        (
            '<c r="A1" t="d"><v>i morgon</v></c>',
            "en datumcell har värdet 'i morgon', som inte är ett datum",
        ),
        ('<c r="A0"><v>1</v></c>', "cellreferensen 'A0' är ogiltig"),
        ('<c r="1A"><v>1</v></c>', "cellreferensen '1A' är ogiltig"),
        ('<c r="A1"><v>tolv</v></c>', "en talcell har värdet 'tolv', som inte är ett tal"),
        ('<c r="A1" t="b"><v>ja</v></c>', "en cell har värdet 'ja', som inte är sant eller falskt"),
    ],
)
def test_a_cell_no_program_writes_is_a_damaged_file(tmp_path: Path, cell: str, detail: str) -> None:
    path = write_raw_xlsx(
        tmp_path / "s.xlsx", [RawSheet(rows=[header_row(), f'<row r="1">{cell}</row>'])]
    )
    findings = Collector("statistik.xlsx")
    with pytest.raises(Refused):
        xlsx.read_sheets(path, findings)
    assert [f.as_line() for f in findings.all()] == [
        f"F001 fel statistik.xlsx!Deltagare: Arbetsboken kunde inte läsas ({detail}). Öppna den i "
        "Excel, spara den som Excel-arbetsbok (.xlsx) och försök igen."
    ]
