"""`reportgen check`, `reportgen regler` and the check gate of `reportgen build`, end to end."""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from reportgen.cli import cli
from tests.conftest import RunCli

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "checks"
EXAMPLES = sorted((ROOT / "inputs").glob("*/insats.yaml"))


def as_json(result: Result) -> dict:
    return json.loads(result.stdout)


def findings_of(result: Result) -> list[dict]:
    [file] = as_json(result)["files"]
    return file["findings"]


def copy_fixture(name: str, tmp_path: Path) -> Path:
    target = tmp_path / name
    shutil.copytree(FIXTURES / name, target)
    return target


def header_text(docx: Path) -> str:
    """All text of the page headers, read from the document's XML."""
    with zipfile.ZipFile(docx) as archive:
        headers = [n for n in archive.namelist() if n.startswith("word/header")]
        return "".join(archive.read(name).decode("utf-8") for name in headers)


# --------------------------------------------------------------------------- examples


def test_there_are_examples() -> None:
    assert len(EXAMPLES) >= 4


def test_every_shipped_example_passes(run: RunCli) -> None:
    result = run("check", *(str(p.parent) for p in EXAMPLES))
    assert result.exit_code == 0, result.output
    assert result.output.count("inga fel eller varningar") == len(EXAMPLES)


def test_every_shipped_example_passes_strict_in_json(run: RunCli) -> None:
    result = run("check", "--strict", "--format", "json", *(str(p) for p in EXAMPLES))
    assert result.exit_code == 0, result.output
    assert [f["findings"] for f in as_json(result)["files"]] == [[] for _ in EXAMPLES]


# --------------------------------------------------------------------------- one fixture per family

FAMILY_FIXTURES = [
    (
        "budget_sum_mismatch",
        ["B001", "B002"],
        "insats.yaml:41 ekonomi.summa.budget",
    ),
    (
        "missing_sections",
        ["S002"] + ["S001"] * 6,  # in file order: the empty 3.2 (line 16), then the missing
        "insats.yaml:16 beskrivning.syfte",
    ),
    ("unsigned", ["U001"], "insats.yaml:43 underskrift.datum"),
    ("goal_without_outcome", ["G002", "G002"], "insats.yaml:19 mål[1].uppnått"),
    ("period_outside", ["T002", "T003"], "insats.yaml:7 rapport.period"),
]


@pytest.mark.parametrize(("name", "expected", "first_location"), FAMILY_FIXTURES)
def test_family_fixture_fails_with_expected_codes(
    run: RunCli, name: str, expected: list[str], first_location: str
) -> None:
    result = run("check", "--format", "json", str(FIXTURES / name))
    assert result.exit_code == 1, result.output
    findings = findings_of(result)
    assert [f["code"] for f in findings] == expected
    assert {f["severity"] for f in findings} == {"fel"}
    assert findings[0]["location"].endswith(first_location)


def test_json_has_exactly_the_documented_structure(run: RunCli) -> None:
    path = FIXTURES / "budget_sum_mismatch" / "insats.yaml"
    result = run("check", "--format", "json", str(path))
    payload = as_json(result)
    assert list(payload) == ["files"]
    [entry] = payload["files"]
    assert list(entry) == ["path", "findings"]
    assert entry["path"] == str(path)
    first = entry["findings"][0]
    assert list(first) == ["code", "severity", "message", "location"]
    assert first == {
        "code": "B001",
        "severity": "fel",
        "message": "Summa budget är 689\u00a0001\u00a0kr men raderna summerar till "
        "689\u00a0000\u00a0kr (summan är 1\u00a0kr för mycket). Rätta summan eller raderna.",
        "location": f"{path}:41 ekonomi.summa.budget",
    }


def test_text_output_lists_errors_before_warnings_and_ends_with_a_summary(
    run: RunCli,
    tmp_path: Path,
) -> None:
    folder = copy_fixture("warnings_only", tmp_path)
    yaml_file = folder / "insats.yaml"
    text = yaml_file.read_text(encoding="utf-8")
    yaml_file.write_text(text.replace("namn: G. Ekholm", "namn:"), encoding="utf-8")
    result = run("check", str(folder))
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0] == str(yaml_file)
    assert lines[1].startswith(f"  U001 fel {yaml_file}:")
    assert lines[1].endswith(
        "underskrift.namn: Underskriften är inte komplett: "
        "namn saknas. Fyll i namnet på den som skriver under."
    )
    assert lines[2].startswith(f"  T002 varning {yaml_file}:")
    assert lines[3] == f"  {yaml_file}: 1 fel, 1 varning."


def test_several_files_each_get_their_own_summary_and_a_table(run: RunCli) -> None:
    result = run(
        "check", str(FIXTURES / "unsigned"), str(FIXTURES / "warnings_only"), str(EXAMPLES[0])
    )
    assert result.exit_code == 1
    assert "unsigned/insats.yaml: 1 fel, 0 varningar." in result.output
    assert "warnings_only/insats.yaml: 0 fel, 1 varning." in result.output
    assert "Sammanfattning" in result.output
    assert result.output.rstrip().splitlines()[-1].split() == ["Totalt", "3", "filer", "1", "1"]


# --------------------------------------------------------------------------- exit codes


def test_warnings_alone_exit_0_and_exit_1_with_strict(run: RunCli) -> None:
    folder = str(FIXTURES / "warnings_only")
    assert run("check", folder).exit_code == 0
    strict = run("check", "--strict", "--format", "json", folder)
    assert strict.exit_code == 1
    assert [(f["code"], f["severity"]) for f in findings_of(strict)] == [("T002", "varning")]


def test_yaml_syntax_error_is_f001_exit_2(run: RunCli, tmp_path: Path) -> None:
    path = tmp_path / "insats.yaml"
    path.write_text("insats:\n  namn: [Testinsats\n", encoding="utf-8")
    result = run("check", "--format", "json", str(path))
    assert result.exit_code == 2
    [finding] = findings_of(result)
    assert (finding["code"], finding["severity"]) == ("F001", "fel")
    assert finding["location"].startswith(f"{path}:")
    assert "Traceback" not in result.output


def test_binary_file_is_f001_exit_2(run: RunCli, tmp_path: Path) -> None:
    path = tmp_path / "insats.yaml"
    path.write_bytes(b"PK\x03\x04\x00\xff\xfe\x00binary")
    result = run("check", str(path))
    assert result.exit_code == 2
    assert f"F001 fel {path}" in result.output
    assert "UTF-8" in result.output
    assert "Traceback" not in result.output


def test_missing_path_is_f001_exit_2(run: RunCli, tmp_path: Path) -> None:
    result = run("check", "--format", "json", str(tmp_path / "finns-inte"))
    assert result.exit_code == 2
    assert [f["code"] for f in findings_of(result)] == ["F001"]


def test_unsupported_file_type_is_f002_exit_2(run: RunCli, tmp_path: Path) -> None:
    path = tmp_path / "rapport.txt"
    path.write_text("Slutrapport\n", encoding="utf-8")
    result = run("check", "--format", "json", str(path))
    assert result.exit_code == 2
    [finding] = findings_of(result)
    assert (finding["code"], finding["severity"], finding["location"]) == ("F002", "fel", str(path))
    assert "Filtypen '.txt' stöds inte" in finding["message"]


def test_an_unreadable_file_does_not_stop_the_others(run: RunCli, tmp_path: Path) -> None:
    bad = tmp_path / "rapport.txt"
    bad.write_text("x", encoding="utf-8")
    result = run("check", "--format", "json", str(bad), str(FIXTURES / "unsigned"))
    assert result.exit_code == 2  # unreadable input wins over findings
    files = as_json(result)["files"]
    assert [[f["code"] for f in entry["findings"]] for entry in files] == [
        ["F002"],
        ["U001"],
    ]


def test_check_without_paths_is_a_usage_error(run: RunCli) -> None:
    result = run("check")
    assert result.exit_code == 2
    assert "Ange minst en insatsmapp" in result.output


# --------------------------------------------------------------------------- rule list

ALL_CODES = [
    "B001", "B002", "B003", "B004", "B005", "B006", "B007",
    "F001", "F002", "G001", "G002", "S001", "S002",
    "T001", "T002", "T003", "U001",
]  # fmt: skip


@pytest.mark.parametrize("args", [["regler"], ["check", "--list-rules"]])
def test_rule_list_names_every_code_with_severity_and_description(
    run: RunCli, args: list[str]
) -> None:
    result = run(*args)
    assert result.exit_code == 0
    rows = {line.split()[0]: line for line in result.output.splitlines()[1:]}
    for code in ALL_CODES:
        assert code in rows, code
        assert rows[code].split()[1] in {"fel", "varning"}
        assert len(rows[code].split()) > 3  # a description follows
    assert "B001  fel           Angiven summa för budget stämmer inte med budgetraderna." in (
        result.output
    )


# --------------------------------------------------------------------------- build gate


def test_build_of_final_report_with_errors_writes_nothing(run: RunCli, tmp_path: Path) -> None:
    folder = copy_fixture("budget_sum_mismatch", tmp_path)
    before = sorted(p.name for p in folder.iterdir())
    result = run("build", str(folder))
    assert result.exit_code == 1
    assert sorted(p.name for p in folder.iterdir()) == before
    assert "B001 fel" in result.output and "B002 fel" in result.output
    assert "rapporten skrevs inte – 2 fel måste rättas först" in result.output
    assert "Traceback" not in result.output


def test_build_draft_is_written_with_utkast_in_the_header(run: RunCli, tmp_path: Path) -> None:
    folder = copy_fixture("budget_sum_mismatch", tmp_path)
    target = tmp_path / "utkast.docx"
    result = run("build", str(folder), "--utkast", "-o", str(target))
    assert result.exit_code == 0, result.output
    assert target.is_file()
    assert "B001 fel" in result.output  # the findings are listed with the draft
    assert f"Skrev utkast {target}" in result.output
    assert "UTKAST – innehåller fel enligt reportgen check" in header_text(target)


def test_build_without_errors_has_no_utkast_mark(run: RunCli, tmp_path: Path) -> None:
    target = tmp_path / "rapport.docx"
    result = run("build", str(EXAMPLES[0].parent), "-o", str(target))
    assert result.exit_code == 0, result.output
    assert "UTKAST" not in header_text(target)


def test_warnings_never_block_a_build(run: RunCli, tmp_path: Path) -> None:
    folder = copy_fixture("warnings_only", tmp_path)
    target = tmp_path / "rapport.docx"
    result = run("build", str(folder), "-o", str(target))
    assert result.exit_code == 0, result.output
    assert target.is_file()
    assert "T002 varning" in result.output
    assert "UTKAST" not in header_text(target)


def test_checking_a_workbook_directly_points_to_its_intervention(tmp_path: Path) -> None:
    workbook = tmp_path / "statistik.xlsx"
    workbook.write_bytes(b"PK\x05\x06" + b"\x00" * 18)
    result = CliRunner().invoke(cli, ["check", str(workbook)])
    assert result.exit_code == 2
    assert f"F002 fel {workbook}: En statistik-arbetsbok granskas tillsammans med sin insats" in (
        result.output
    )
    assert f"'reportgen stats {tmp_path}'" in result.output
