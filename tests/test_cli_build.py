"""`reportgen build` from the command line: outputs, refusals, exit codes, speed of --help."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import RunCli
from tests.docx_text import open_docx

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "inputs" / "samverkan-psykisk-ohalsa"


@pytest.fixture
def example(tmp_path: Path) -> Path:
    folder = tmp_path / "samverkan"
    shutil.copytree(EXAMPLE, folder)
    return folder


def digest(folder: Path) -> dict[str, str]:
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir() if p.is_file()
    }


def test_build_writes_default_output_and_leaves_inputs_untouched(
    run: RunCli, example: Path
) -> None:
    before = digest(example)
    result = run("build", str(example))
    assert result.exit_code == 0, result.output
    target = (
        example / "slutrapport-samverkan-kring-psykisk-ohalsa-gemensamma-vagar-till-arbete.docx"
    )
    assert result.output.strip().endswith(f"Skrev {target}")
    assert open_docx(target).paragraphs[0].text == "Slutrapport"
    after = digest(example)
    del after[target.name]
    assert after == before
    assert not [p for p in example.iterdir() if p.name.endswith(".tmp")]


def test_build_refuses_to_overwrite_without_force(
    run: RunCli, example: Path, tmp_path: Path
) -> None:
    target = tmp_path / "rapport.docx"
    target.write_bytes(b"handredigerad")
    result = run("build", str(example), "-o", str(target))
    assert result.exit_code == 2
    assert f"Fel: {target} finns redan. Ange --force för att skriva över den" in result.output
    assert target.read_bytes() == b"handredigerad"
    forced = run("build", str(example), "-o", str(target), "--force")
    assert forced.exit_code == 0, forced.output
    assert open_docx(target).paragraphs[0].text == "Slutrapport"


def test_typ_option_overrides_the_yaml(run: RunCli, example: Path, tmp_path: Path) -> None:
    target = tmp_path / "del.docx"
    result = run("build", str(example / "insats.yaml"), "--typ", "delrapport", "-o", str(target))
    assert result.exit_code == 0, result.output
    assert open_docx(target).paragraphs[0].text == "Delrapport"


def test_missing_path_is_exit_2_with_f001(run: RunCli, tmp_path: Path) -> None:
    result = run("build", str(tmp_path / "finns-inte"))
    assert result.exit_code == 2
    assert "F001 fel" in result.output
    assert "Filen eller mappen finns inte. Kontrollera sökvägen." in result.output
    assert "Traceback" not in result.output


def test_folder_without_insats_yaml(run: RunCli, tmp_path: Path) -> None:
    result = run("build", str(tmp_path))
    assert result.exit_code == 2
    assert f"reportgen init {tmp_path}" in result.output


def test_broken_yaml_is_exit_2_with_line(run: RunCli, tmp_path: Path) -> None:
    (tmp_path / "insats.yaml").write_text("insats:\n  namn: [oavslutad\n", encoding="utf-8")
    result = run("build", str(tmp_path))
    assert result.exit_code == 2
    assert f"F001 fel {tmp_path / 'insats.yaml'}:" in result.output
    assert not list(tmp_path.glob("*.docx"))


def test_bad_typ_value_is_a_swedish_usage_error(run: RunCli, example: Path) -> None:
    result = run("build", str(example), "--typ", "årsrapport")
    assert result.exit_code == 2
    assert "Ogiltigt värde för '--typ'" in result.output
    assert "'årsrapport' är inte något av 'delrapport', 'slutrapport'." in result.output


@pytest.mark.parametrize("command", ["build", "check", "init", "schema", "regler"])
def test_every_command_has_help_with_an_example(run: RunCli, command: str) -> None:
    result = run(command, "--help")
    assert result.exit_code == 0
    assert "Exempel:" in result.output
    assert "Användning: " in result.output


def test_version(run: RunCli) -> None:
    result = run("--version")
    assert result.exit_code == 0
    assert result.output.startswith("reportgen, version ")


def test_python_dash_m_works() -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "reportgen", "--version"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 0
    assert completed.stdout.startswith("reportgen, version")


def test_help_is_fast_because_heavy_imports_are_lazy() -> None:
    code = (
        "import sys, reportgen.cli; "
        "heavy = [m for m in ('docx', 'docxtpl', 'openpyxl', 'pydantic', 'matplotlib', 'babel') "
        "if m in sys.modules]; print(heavy)"
    )
    completed = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert completed.stdout.strip() == "[]"
    timings = []
    for _ in range(3):
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "reportgen", "--help"],
            capture_output=True,
            check=True,
            env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
        )
        timings.append(time.perf_counter() - start)
    assert min(timings) < 0.3, timings


def test_a_delrapport_with_errors_is_written_with_the_errors_listed(
    run: RunCli, example: Path
) -> None:
    text = (example / "insats.yaml").read_text(encoding="utf-8")
    text = text.replace("typ: slutrapport", "typ: delrapport", 1)
    text = text.replace("summa: {budget: 1240000", "summa: {budget: 1240001", 1)
    (example / "insats.yaml").write_text(text, encoding="utf-8")
    target = example / "del.docx"
    result = run("build", str(example), "-o", str(target))
    assert result.exit_code == 0, result.output
    assert "B001 fel" in result.output
    assert "Obs: delrapporten innehåller 1 fel (se ovan)." in result.output
    assert open_docx(target).paragraphs[0].text == "Delrapport"


def test_skeleton_placeholders_count_as_empty_sections(run: RunCli, tmp_path: Path) -> None:
    folder = tmp_path / "ny"
    assert run("init", str(folder)).exit_code == 0
    result = run("check", str(folder), "--format", "json")
    assert result.exit_code == 1
    assert '"code": "S002"' in result.output
    assert "beskrivning.bakgrund" in result.output


def test_unknown_funder_profile_names_the_line_and_the_known_profiles(
    run: RunCli, tmp_path: Path
) -> None:
    (tmp_path / "insats.yaml").write_text(
        "förbund: göteborg\ninsats: {namn: X}\n", encoding="utf-8"
    )
    result = run("build", str(tmp_path))
    assert result.exit_code == 2
    assert (
        f"F002 fel {tmp_path / 'insats.yaml'}:1 förbund: Förbundsprofilen 'göteborg' finns inte"
        in (result.output)
    )
    assert "Kända profiler: sundsvall, vasteras." in result.output
    assert result.output.count("Förbundsprofilen 'göteborg' finns inte") == 1
