"""`reportgen check` for staff: --kort, --format xlsx -o, --kommentera and --brev."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook

from tests.conftest import RunCli
from tests.docx_fixtures import SEPARATE_ACCOUNT_ROWS, HandFilled, write_docx


@pytest.fixture
def inbox(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    monkeypatch.chdir(tmp_path)
    write_docx(Path("inkomna/a.docx"))
    write_docx(
        Path("inkomna/b.docx"), HandFilled(name="Unga vuxna", cost_rows=SEPARATE_ACCOUNT_ROWS)
    )
    return ["inkomna/a.docx", "inkomna/b.docx"]


def digests(paths: list[str]) -> list[str]:
    return [hashlib.sha256(Path(p).read_bytes()).hexdigest() for p in paths]


def test_kort_prints_one_line_per_report(run: RunCli, inbox: list[str]) -> None:
    result = run("check", *inbox, "--kort")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0].startswith("inkomna/a.docx – GODKÄND – Stegvis till arbete · slutrapport")
    assert lines[1].startswith("inkomna/b.docx – KOMPLETTERA – Unga vuxna")
    assert lines[2].startswith('    B005 fel §6 Ekonomisk rapport, rad "Lönekostnader"')
    assert lines[-1] == "2 rapporter: godkänd 1, komplettera 1."


def test_format_xlsx_writes_the_workbook(run: RunCli, inbox: list[str]) -> None:
    result = run("check", *inbox, "--format", "xlsx", "-o", "granskning.xlsx")
    assert result.exit_code == 1, result.output
    assert "Skrev granskning.xlsx" in result.stderr
    assert "KOMPLETTERA" in result.stdout  # the compact lines on screen
    workbook = load_workbook("granskning.xlsx")
    verdicts = [row[11].value for row in workbook["Rapporter"].iter_rows(min_row=2)]
    assert verdicts == ["godkänd", "komplettera"]
    codes = [row[4].value for row in workbook["Fynd"].iter_rows(min_row=2)]
    assert codes == ["B005"]


def test_format_xlsx_needs_an_output_file(run: RunCli, inbox: list[str]) -> None:
    result = run("check", *inbox, "--format", "xlsx")
    assert result.exit_code == 2
    assert "--format xlsx behöver -o FIL" in result.output
    result = run("check", *inbox, "-o", "granskning.xlsx")
    assert result.exit_code == 2
    assert "-o används med --format xlsx" in result.output
    result = run("check", *inbox, "--format", "xlsx", "-o", "inkomna/a.docx")
    assert result.exit_code == 2
    assert "ska sluta på .xlsx" in result.output


def test_existing_workbook_needs_force(run: RunCli, inbox: list[str]) -> None:
    Path("granskning.xlsx").write_bytes(b"old")
    result = run("check", *inbox, "--format", "xlsx", "-o", "granskning.xlsx")
    assert result.exit_code == 2
    assert "finns redan" in result.output
    assert Path("granskning.xlsx").read_bytes() == b"old"
    result = run("check", *inbox, "--format", "xlsx", "-o", "granskning.xlsx", "--force")
    assert result.exit_code == 1
    assert load_workbook("granskning.xlsx").sheetnames == ["Rapporter", "Fynd"]


def test_kommentera_writes_commented_copies_and_leaves_the_originals(
    run: RunCli, inbox: list[str]
) -> None:
    before = digests(inbox)
    result = run("check", *inbox, "--kommentera", "kommenterade")
    assert result.exit_code == 1
    assert "Skrev kommenterade/a.kommenterad.docx" in result.stderr
    assert "Skrev kommenterade/b.kommenterad.docx" in result.stderr
    assert digests(inbox) == before
    comments = list(Document("kommenterade/b.kommenterad.docx").comments)
    assert [c.text.split("\n")[0] for c in comments] == [
        'B005 fel – §6 Ekonomisk rapport, rad "Lönekostnader", kolumn Utfall'
    ]
    assert list(Document("kommenterade/a.kommenterad.docx").comments) == []


def test_brev_writes_a_letter_per_report_to_complete(run: RunCli, inbox: list[str]) -> None:
    result = run("check", *inbox, "--brev", "brev")
    assert result.exit_code == 1
    assert sorted(p.name for p in Path("brev").iterdir()) == ["b.komplettering.txt"]
    letter = Path("brev/b.komplettering.txt").read_text(encoding="utf-8")
    assert letter.startswith("Ämne: Komplettering av slutrapport – Unga vuxna\n")
    assert 'Avsnitt 6 Ekonomisk rapport\n- Rad "Lönekostnader", kolumn Utfall:' in letter


def test_json_stays_json_when_files_are_written(run: RunCli, inbox: list[str]) -> None:
    result = run("check", *inbox, "--format", "json", "--kommentera", "k", "--brev", "b")
    assert result.exit_code == 1
    payload = json.loads(result.stdout)
    assert [f["path"] for f in payload["files"]] == inbox
    assert "Skrev" in result.stderr


def test_kort_and_json_do_not_combine(run: RunCli, inbox: list[str]) -> None:
    result = run("check", *inbox, "--kort", "--format", "json")
    assert result.exit_code == 2
    assert "--kort och --format json" in result.output
