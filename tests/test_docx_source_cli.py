"""`reportgen check` on a folder of submitted Word reports: per-file findings, a summary
table, JSON, and a run that goes on past files that cannot be read."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from reportgen.cli import cli
from tests.docx_fixtures import HandFilled, write_docx, write_inbox


@pytest.fixture
def inbox(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Four files as staff receive them: a clean report, a faulty one, notes, a broken file."""
    monkeypatch.chdir(tmp_path)
    return [str(p) for p in write_inbox("notes.txt", "broken.docx")]


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


def test_several_files_give_findings_per_file_and_a_summary(inbox: list[str]) -> None:
    result = run("check", *inbox)
    assert result.exit_code == 2, result.output  # an unreadable input wins over findings
    out = result.output
    assert "a.docx: inga fel eller varningar." in out
    assert (
        'B005 fel b.docx §6 Ekonomisk rapport, rad "Lönekostnader", kolumn Utfall: '
        'Beloppet "Se separat redovisning" är inte ett tal.'
    ) in out
    assert "S001 fel b.docx §4.2: " in out
    assert "F002 fel notes.txt: Filtypen '.txt' stöds inte." in out
    assert "F001 fel broken.docx" in out or "F002 fel broken.docx" in out
    table = out[out.index("Sammanfattning") :].splitlines()
    assert table[1].split() == ["Fil", "Insats", "Fel", "Varningar"]
    assert table[3].split() == ["a.docx", "Stegvis", "till", "arbete", "0", "0"]
    assert table[4].split() == ["b.docx", "Unga", "vuxna", "2", "0"]
    assert table[5].startswith("notes.txt") and "(kunde inte läsas)" in table[5]
    assert table[6].startswith("broken.docx") and "(kunde inte läsas)" in table[6]
    assert table[-1].split() == ["Totalt", "4", "filer", "4", "0"]


def test_json_lists_every_file(inbox: list[str]) -> None:
    result = run("check", "--format", "json", *inbox)
    assert result.exit_code == 2
    files = json.loads(result.stdout)["files"]
    assert [f["path"] for f in files] == inbox
    assert files[0]["findings"] == []
    [b005] = [f for f in files[1]["findings"] if f["code"] == "B005"]
    assert b005 == {
        "code": "B005",
        "severity": "fel",
        "message": 'Beloppet "Se separat redovisning" är inte ett tal. Skriv beloppet i kronor, '
        "t.ex. 709 000 eller 709 000 kr. Förklaringar hör hemma i texten under tabellen, "
        "inte i beloppscellen.",
        "location": 'b.docx §6 Ekonomisk rapport, rad "Lönekostnader", kolumn Utfall',
    }


def test_clean_reports_exit_0(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    write_docx(Path("a.docx"))
    write_docx(Path("b.docx"), HandFilled(title="Delrapport"))
    result = run("check", "a.docx", "b.docx")
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output


def test_reader_codes_are_listed_by_regler() -> None:
    result = run("regler")
    assert result.exit_code == 0
    for code in ("S003", "S004", "S005", "S006", "B008", "B009", "U002", "U003", "T004", "F003"):
        assert any(line.startswith(f"{code} ") for line in result.output.splitlines()), code
