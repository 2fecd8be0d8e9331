"""`reportgen stats`, and bad workbooks end to end through `check` and `build`."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from tests.conftest import RunCli
from tests.excel_workbooks import HEADERS, intervention, row, write_workbook

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "inputs" / "arbetskonsulent-i-samverkan"
NBSP = "\u00a0"


def good_rows():
    return [
        row("1", "K", "2025-02-03", "2025-05-30", code=1),
        row("2", "M", "2025-03-03"),
    ]


# ----------------------------------------------------------------- stats


def test_stats_prints_the_tables_of_an_example(run: RunCli) -> None:
    result = run("stats", str(EXAMPLE))
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.startswith(
        "Deltagarstatistik 2025-01-01 – 2025-12-31 – Arbetskonsulent i samverkan\n"
    )
    assert "Tabell 1. Deltagare under rapportperioden 2025-01-01 – 2025-12-31" in out
    header = next(line for line in out.splitlines() if line.strip().startswith("Kvinnor"))
    assert header.split() == ["Kvinnor", "Män", "Totalt"]
    persons = next(line for line in out.splitlines() if line.startswith("Deltagare (personer)"))
    assert persons.split()[-3:] == ["23", "21", "44"]
    assert f"20 (58,8{NBSP}%)" in out  # försörjningsstöd before, as goal 4 quotes it
    assert result.stderr == ""


def test_stats_json(run: RunCli) -> None:
    result = run("stats", str(EXAMPLE), "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["insats"] == "Arbetskonsulent i samverkan"
    assert data["period"] == {"från": "2025-01-01", "till": "2025-12-31"}
    assert data["statistik"]["period"]["persons"] == {
        "women": 23,
        "men": 21,
        "other": 0,
        "total": 44,
    }
    assert data["statistik"]["period"]["exited"]["total"] == 34
    assert data["tabeller"][0]["kolumner"] == ["", "Kvinnor", "Män", "Totalt"]
    assert data["findings"] == []


def test_stats_other_period(run: RunCli) -> None:
    result = run("stats", str(EXAMPLE), "--period", "2025-01-01 – 2025-06-30", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["period"] == {"från": "2025-01-01", "till": "2025-06-30"}
    assert data["statistik"]["period"]["persons"]["total"] < 44


def test_stats_on_a_bare_workbook_needs_a_period(run: RunCli, tmp_path: Path) -> None:
    path = write_workbook(tmp_path / "statistik.xlsx", good_rows())
    result = run("stats", str(path))
    assert result.exit_code == 2
    assert "Ange perioden med --period" in result.stderr
    result = run("stats", str(path), "--period", "2025")
    assert result.exit_code == 0, result.output
    assert "Deltagarstatistik 2025-01-01 – 2025-12-31\n" in result.stdout


def test_stats_without_statistik_in_the_yaml(run: RunCli, tmp_path: Path) -> None:
    result = run("stats", str(ROOT / "inputs" / "samverkan-psykisk-ohalsa"))
    assert result.exit_code == 2
    assert "anger ingen deltagarstatistik" in result.stderr


def test_stats_with_value_errors_prints_tables_and_exits_1(run: RunCli, tmp_path: Path) -> None:
    folder = intervention(
        tmp_path / "i", [*good_rows(), row("3", "K", "2025-04-01", "2025-05-01", code=12)]
    )
    result = run("stats", str(folder))
    assert result.exit_code == 1
    assert "Tabell 1." in result.stdout
    assert f"D002 fel {folder / 'statistik.xlsx'}!Deltagare!K4: Avslutskoden '12' finns inte" in (
        result.stderr
    )


def test_stats_refuses_personnummer(run: RunCli, tmp_path: Path) -> None:
    folder = intervention(tmp_path / "i", [row("850101-1234", "K", "2025-02-03")])
    result = run("stats", str(folder))
    assert result.exit_code == 1
    assert "D004 fel" in result.stderr
    assert "850101" not in result.output
    assert "Tabell" not in result.stdout


def test_stats_on_unreadable_workbook_exits_2(run: RunCli, tmp_path: Path) -> None:
    folder = intervention(tmp_path / "i", [])
    (folder / "statistik.xlsx").write_text("inte excel", encoding="utf-8")
    result = run("stats", str(folder))
    assert result.exit_code == 2
    assert "F002 fel" in result.stderr
    assert "Traceback" not in result.output


# ----------------------------------------------------------------- bad workbooks end to end


def _missing_sheet(folder: Path) -> None:
    write_workbook(folder / "statistik.xlsx", good_rows(), title="Blad1")


def _missing_column(folder: Path) -> None:
    write_workbook(folder / "statistik.xlsx", [], headers=[h for h in HEADERS if h != "startdatum"])


def _wrong_types(folder: Path) -> None:
    write_workbook(
        folder / "statistik.xlsx",
        [row("1", "K", "förra våren", None, born="nittiofyra", step_start="ett", code="x")],
    )


def _personnummer(folder: Path) -> None:
    write_workbook(folder / "statistik.xlsx", [row(8501011234, "K", "2025-02-03")])


def _renamed_text(folder: Path) -> None:
    (folder / "statistik.xlsx").write_text("id;kön\n1;K\n", encoding="utf-8")


def _encrypted(folder: Path) -> None:
    (folder / "statistik.xlsx").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512)


def _truncated_zip(folder: Path) -> None:
    path = folder / "statistik.xlsx"
    path.write_bytes(path.read_bytes()[:300])


def _corrupt_zip(folder: Path) -> None:
    """The zip directory is intact, the compressed sheet data is not."""
    path = folder / "statistik.xlsx"
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo("xl/worksheets/sheet1.xml")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra) + 20
    for index in range(start, start + 40):
        data[index] ^= 0xFF
    path.write_bytes(bytes(data))


def _damaged_xml(folder: Path) -> None:
    with zipfile.ZipFile(folder / "statistik.xlsx", "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types")
        archive.writestr("xl/workbook.xml", "<workbook")


BAD = {
    "missing-sheet": (_missing_sheet, "F002", "saknar bladet 'Deltagare'"),
    "missing-column": (_missing_column, "F002", "Kolumnen 'startdatum' saknas"),
    "wrong-types": (_wrong_types, "D003", "'förra våren' är inget datum"),
    "personnummer": (_personnummer, "D004", "liknar ett personnummer"),
    "renamed-text": (_renamed_text, "F002", "kanske en omdöpt textfil"),
    "encrypted": (_encrypted, "F002", "lösenordsskyddad"),
    "truncated-zip": (_truncated_zip, "F002", "inte en Office Open XML-fil"),
    "corrupt-zip": (_corrupt_zip, "F001", "Arbetsboken kunde inte läsas"),
    "damaged-xml": (_damaged_xml, "F001", "kunde inte läsas"),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_workbook_gives_a_swedish_finding_and_no_traceback(
    run: RunCli, tmp_path: Path, case: str
) -> None:
    make, code, decisive = BAD[case]
    folder = intervention(tmp_path / case, good_rows())
    make(folder)
    result = run("check", str(folder), "--format", "json")
    assert result.exit_code in (1, 2), result.output
    assert "Traceback" not in result.output
    [entry] = json.loads(result.stdout)["files"]
    matching = [f for f in entry["findings"] if f["code"].startswith(code)]
    assert matching, entry["findings"]
    assert any(decisive in f["message"] for f in matching), matching
    assert all(f["severity"] == "fel" for f in matching)
    assert any("statistik.xlsx" in f["location"] for f in matching)


def test_wrong_types_are_each_located(run: RunCli, tmp_path: Path) -> None:
    folder = intervention(tmp_path / "i", good_rows())
    _wrong_types(folder)
    result = run("check", str(folder))
    assert result.exit_code == 1
    book = folder / "statistik.xlsx"
    for expected in (
        f"D003 fel {book}!Deltagare!E2: 'förra våren' är inget datum",
        f"D002 fel {book}!Deltagare!C2: Födelseåret 'nittiofyra' är inget årtal",
        f"D002 fel {book}!Deltagare!L2: Steget 'ett' finns inte i processtrappan",
        f"D002 fel {book}!Deltagare!K2: Avslutskoden 'x' finns inte",
    ):
        assert expected in result.stdout


def test_build_refuses_a_final_report_with_workbook_errors(run: RunCli, tmp_path: Path) -> None:
    folder = intervention(tmp_path / "i", good_rows())
    _personnummer(folder)
    result = run("build", str(folder), "-o", str(tmp_path / "r.docx"))
    assert result.exit_code == 1
    assert not (tmp_path / "r.docx").exists()
    assert "D004" in result.stderr


def test_check_and_build_with_a_good_workbook(run: RunCli, tmp_path: Path) -> None:
    folder = intervention(
        tmp_path / "i", good_rows(), extra_yaml="deltagare: {antal: 2, kvinnor: 1, män: 1}\n"
    )
    result = run("check", str(folder))
    assert "statistik.xlsx" not in result.stdout, result.stdout
    result = run("build", str(folder), "-o", str(tmp_path / "r.docx"))
    assert result.exit_code == 0, result.output
    assert (tmp_path / "r.docx").is_file()
