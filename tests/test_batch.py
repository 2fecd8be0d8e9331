"""`reportgen batch`: every report, the compilation, and going on past broken interventions."""

from __future__ import annotations

import json
import os
import signal
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from reportgen.batch import run_batch
from reportgen.batch.discover import discover, output_folders, sweep_temporary_files
from reportgen.cli import cli
from reportgen.errors import InputError, OutputExistsError
from reportgen.folding import slugify
from reportgen.sources import load_source
from tests.batch_data import write_association, write_intervention
from tests.docx_text import open_docx

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "inputs"
HAS_EXCEL_SOURCE = (ROOT / "reportgen" / "sources" / "excel" / "source.py").is_file()


def invoke(*args: str):
    return CliRunner().invoke(cli, ["batch", *args])


def sheet_rows(path: Path, sheet: str) -> dict[str, list]:
    """Rows of a compilation sheet keyed by their first cell (values, not text)."""
    workbook = load_workbook(path)
    return {
        str(row[0].value): [cell.value for cell in row]
        for row in workbook[sheet].iter_rows(min_row=4)
        if row[0].value is not None
    }


@pytest.fixture
def association(tmp_path) -> tuple[Path, list]:
    """Five good interventions (nested), one with a `fel`, one whose YAML does not parse."""
    inputs = tmp_path / "inputs"
    expected = write_association(inputs, 5, participants=30)
    expected.append(write_intervention(inputs / "med-fel", 91, defect="fel"))
    write_intervention(inputs / "trasig-yaml", 92, defect="yaml")
    return inputs, expected


# ----------------------------------------------------------------- the shipped examples


def test_batch_on_the_shipped_examples_builds_every_report_and_the_compilation(tmp_path):
    out = tmp_path / "out"
    result = invoke(str(EXAMPLES), "-o", str(out), "--jobs", "2")
    assert result.exit_code == 0, result.output
    folders = sorted(p.parent for p in EXAMPLES.glob("*/insats.yaml"))
    reports = sorted(out.glob("*/*rapport-*.docx"))
    assert len(reports) == len(folders)
    for report in reports:
        open_docx(report)
    # one compilation per funder: the examples report to Sundsvall and to Västerås
    funders = sorted({load_source(folder).report.funder for folder in folders})
    assert funders == ["sundsvall", "vasteras"]
    for funder in funders:
        open_docx(out / "sammanstallning" / funder / "uppfoljning.docx")
    assert not (out / "sammanstallning" / "uppfoljning.docx").exists()
    compilation = out / "sammanstallning" / "sundsvall"

    # the totals are the sums of what each insats.yaml says, read independently here
    loaded = [load_source(folder) for folder in folders]
    loaded = [x for x in loaded if x.report.funder == "sundsvall"]
    budget = sheet_rows(compilation / "uppfoljning.xlsx", "Tabell 3 Budget")
    assert budget["Summa"][1] == sum(int(x.report.intervention.granted) for x in loaded)
    assert budget["Summa"][3] == sum(
        int(sum(r.outcome for r in x.report.economy.rows if r.outcome is not None)) for x in loaded
    )
    goals = sheet_rows(compilation / "uppfoljning.xlsx", "Tabell 2 Mål")
    assert goals["Summa"][1] == sum(len(x.report.goals) for x in loaded)

    review = json.loads((out / "sammanstallning" / "granskning.json").read_text("utf-8"))
    assert [entry["status"] for entry in review["files"]] == ["byggd"] * len(folders)
    assert review["compilation"]["reason"] is None


# ----------------------------------------------------------------- generated associations


def test_totals_equal_the_sums_even_with_failing_interventions(tmp_path, association):
    inputs, expected = association
    out = tmp_path / "out"
    result = run_batch(inputs, out, jobs=2)

    assert result.exit_code == 1
    assert len(result.results) == 7
    not_built = {Path(r.path).parent.name: r for r in result.not_built}
    assert set(not_built) == {"med-fel", "trasig-yaml"}
    assert "1 fel (B001) måste rättas först" in not_built["med-fel"].reason
    assert not_built["trasig-yaml"].reason.startswith(f"{inputs}/trasig-yaml/insats.yaml:")
    assert "YAML" in not_built["trasig-yaml"].reason

    xlsx = out / "sammanstallning" / "uppfoljning.xlsx"
    budget = sheet_rows(xlsx, "Tabell 3 Budget")
    # every readable intervention is listed (the failed one marked), the unreadable is not
    listed = [name for name in budget if name.startswith("Insats")]
    assert sorted(listed) == sorted(
        e.name + (" *" if e.name.startswith("Insats 091") else "") for e in expected
    )
    assert budget["Summa"][1] == sum(e.granted for e in expected)
    assert budget["Summa"][2] == sum(e.budget for e in expected)
    assert budget["Summa"][3] == sum(e.outcome for e in expected)
    assert budget["Summa"][5] == sum(e.granted for e in expected) - sum(e.outcome for e in expected)
    goals = sheet_rows(xlsx, "Tabell 2 Mål")
    statuses = [status for e in expected for status in e.goals]
    assert goals["Summa"][1:5] == [
        len(statuses),
        statuses.count("ja"),
        statuses.count("delvis"),
        statuses.count("nej"),
    ]

    review = sheet_rows(xlsx, "Tabell 6 Granskning")
    assert review["Summa"][2] == "5 av 7 rapporter byggdes"
    assert review[f"{inputs}/trasig-yaml/insats.yaml"][1] == "Inte byggd"


@pytest.mark.skipif(not HAS_EXCEL_SOURCE, reason="statistik.xlsx läses ännu inte")
def test_participant_totals_equal_the_sums_of_the_interventions(tmp_path, association):
    inputs, expected = association
    out = tmp_path / "out"
    result = run_batch(inputs, out, jobs=2)
    with_data = [r.figures.participants for r in result.results if r.figures]
    with_data = [p for p in with_data if p is not None]
    assert with_data, "no intervention had participant statistics"
    rows = sheet_rows(out / "sammanstallning" / "uppfoljning.xlsx", "Tabell 4 Deltagare")
    summa = rows["Summa:"]
    women = lambda key: sum(getattr(e, key).women for e in expected)  # noqa: E731
    men = lambda key: sum(getattr(e, key).men for e in expected)  # noqa: E731
    assert summa[1:10] == [
        women("new"),
        men("new"),
        women("new") + men("new"),
        women("exited"),
        men("exited"),
        women("exited") + men("exited"),
        women("ongoing"),
        men("ongoing"),
        women("ongoing") + men("ongoing"),
    ]
    reasons = load_workbook(out / "sammanstallning" / "uppfoljning.xlsx")["Tabell 5 Avslut"]
    summa = next(row for row in reasons.iter_rows(min_row=5) if row[1].value == "Summa")
    assert summa[4].value == women("exited") + men("exited")


def test_review_json_has_the_check_format_per_file(tmp_path, association):
    inputs, _ = association
    out = tmp_path / "out"
    run_batch(inputs, out, jobs=1)
    review = json.loads((out / "sammanstallning" / "granskning.json").read_text("utf-8"))
    entry = next(f for f in review["files"] if f["path"].endswith("med-fel/insats.yaml"))
    assert entry["status"] == "inte byggd"
    assert entry["report"] is None
    assert entry["errors"] == 1
    check = CliRunner().invoke(cli, ["check", str(inputs / "med-fel"), "--format", "json"])
    assert entry["findings"] == json.loads(check.output)["files"][0]["findings"]
    built = next(f for f in review["files"] if f["status"] == "byggd")
    assert Path(built["report"]).is_file()
    assert review["summary"] == {
        "interventions": 7,
        "built": 5,
        "not_built": 2,
        "errors": 2,
        "warnings": sum(f["warnings"] for f in review["files"]),
    }


def test_cli_prints_plain_progress_lines_and_a_summary_table(tmp_path, association):
    inputs, _ = association
    out = tmp_path / "out"
    result = invoke(str(inputs), "-o", str(out), "-j", "2")
    assert result.exit_code == 1
    lines = result.output.splitlines()
    progress = [line for line in lines if line.startswith("[")]
    assert len(progress) == 7
    assert all(line.startswith(f"[{n}/7] ") for n, line in enumerate(progress, start=1))
    assert any(": skrev " in line and line.endswith(".docx") for line in progress)
    assert any(f"{inputs}/med-fel: inte byggd – 1 fel (B001)" in line for line in progress)
    header = next(line for line in lines if line.startswith("Insats "))
    assert header.split() == ["Insats", "Rapport", "eller", "skäl", "Fel", "Varningar"]
    assert "5 av 7 rapporter byggdes" in result.output
    assert f"Skrev {out}/sammanstallning/uppfoljning.xlsx" in result.output


def test_existing_reports_are_not_overwritten_without_force(tmp_path):
    inputs = tmp_path / "inputs"
    write_association(inputs, 2, participants=0, nested=False)
    out = tmp_path / "out"
    assert invoke(str(inputs), "-o", str(out)).exit_code == 0
    report = next(out.glob("insats-000/*.docx"))
    report.write_bytes(b"handredigerad")

    again = run_batch(inputs, out, jobs=1)
    assert again.exit_code == 1
    assert all(not r.built for r in again.results)
    assert "finns redan. Ange --force" in again.results[0].reason
    assert report.read_bytes() == b"handredigerad"
    assert "finns redan" in (again.compilation_error or "")

    forced = run_batch(inputs, out, jobs=1, force=True)
    assert forced.exit_code == 0
    open_docx(report)


def test_draft_builds_reports_with_errors_and_marks_them(tmp_path, association):
    inputs, _ = association
    out = tmp_path / "out"
    result = run_batch(inputs, out, jobs=2, draft=True)
    drafted = next(r for r in result.results if r.path.endswith("med-fel/insats.yaml"))
    assert drafted.built and drafted.draft and drafted.errors == 1
    header = " ".join(p.text for p in open_docx(Path(drafted.report)).sections[0].header.paragraphs)
    assert "UTKAST" in header
    clean = next(r for r in result.results if r.built and not r.errors)
    assert not clean.draft
    review = sheet_rows(out / "sammanstallning" / "uppfoljning.xlsx", "Tabell 6 Granskning")
    assert review[drafted.figures.name][1] == "Byggd (utkast)"


def test_kind_option_overrides_every_intervention(tmp_path):
    inputs = tmp_path / "inputs"
    write_association(inputs, 2, participants=0, nested=False)
    result = run_batch(inputs, tmp_path / "out", jobs=1, kind="delrapport")
    assert [Path(r.report).name.split("-")[0] for r in result.results] == ["delrapport"] * 2


# ----------------------------------------------------------------- usage errors (exit 2)


def test_missing_inputs_is_a_usage_error(tmp_path):
    result = invoke(str(tmp_path / "finns-inte"), "-o", str(tmp_path / "out"))
    assert result.exit_code == 2
    assert "finns-inte finns inte eller är ingen mapp" in result.output


def test_no_interventions_is_a_usage_error(tmp_path):
    (tmp_path / "tom").mkdir()
    result = invoke(str(tmp_path / "tom"), "-o", str(tmp_path / "out"))
    assert result.exit_code == 2
    assert "Hittade ingen insats.yaml under" in result.output
    with pytest.raises(InputError):
        run_batch(tmp_path / "tom", tmp_path / "out")


def test_output_that_is_a_file_is_a_usage_error(tmp_path):
    inputs = tmp_path / "inputs"
    write_intervention(inputs / "a", 1, participants=0)
    (tmp_path / "out").write_text("x")
    result = invoke(str(inputs), "-o", str(tmp_path / "out"))
    assert result.exit_code == 2
    assert "är en fil. Ange en mapp med -o" in result.output
    with pytest.raises(OutputExistsError):
        run_batch(inputs, tmp_path / "out")


def test_jobs_must_be_positive(tmp_path):
    result = invoke(str(tmp_path), "-o", str(tmp_path / "out"), "--jobs", "0")
    assert result.exit_code == 2
    assert "Ogiltigt värde för '-j' / '--jobs'" in result.output


# ----------------------------------------------------------------- discovery and layout


def test_discovery_finds_nested_folders_sorted_and_skips_hidden_and_output(tmp_path):
    for folder in ("b", "a/djup/insats", ".git/gammal", "out/kopia", "c"):
        (tmp_path / folder).mkdir(parents=True)
        (tmp_path / folder / "insats.yaml").write_text("x")
    (tmp_path / "utan-yaml").mkdir()
    found = discover(tmp_path, exclude=tmp_path / "out")
    assert [p.relative_to(tmp_path).as_posix() for p in found] == ["a/djup/insats", "b", "c"]


def test_output_folders_are_unique_and_never_the_compilation_folder(tmp_path):
    inputs = tmp_path
    folders = [inputs / "a" / "b", inputs / "a-b", inputs / "sammanstallning", inputs]
    planned = output_folders(folders, inputs, Path("out"))
    assert [p.as_posix() for p in planned] == [
        "out/a-b",
        "out/a-b-2",
        "out/sammanstallning-2",
        f"out/{slugify(tmp_path.name)}",
    ]


def test_stale_temporary_files_are_swept_but_nothing_else(tmp_path):
    stale = tmp_path / ".slutrapport-x.ab12_xyz.tmp"
    stale.write_bytes(b"halv")
    kept = [tmp_path / "slutrapport-x.docx", tmp_path / ".gitkeep", tmp_path / "anteckning.tmp"]
    for path in kept:
        path.write_bytes(b"x")
    assert sweep_temporary_files([tmp_path, tmp_path / "saknas"]) == [stale]
    assert all(path.exists() for path in kept)


# ----------------------------------------------------------------- a worker that dies


def test_a_worker_that_dies_costs_only_its_own_intervention(tmp_path, monkeypatch):
    """A worker killed mid-write (out of memory, say): its temp file is swept, the rest build."""
    import reportgen.pipeline
    from reportgen.files import atomic_output

    inputs = tmp_path / "inputs"
    write_association(inputs, 4, participants=0, nested=False)
    real_render = reportgen.pipeline.render_loaded
    out = tmp_path / "out"
    retried = tmp_path / "insats-003-skriven-en-gang"

    def render_or_die(loaded, target, **kwargs):
        if "insats-002" in str(loaded.folder):
            # die only once the other worker has written insats-003 but not yet
            # reported back: that result is lost with the pool, so the retry of
            # insats-003 must be allowed to replace the file this batch wrote
            deadline = time.monotonic() + 5
            while not list((out / "insats-003").glob("*.docx")) and time.monotonic() < deadline:
                time.sleep(0.02)
            with atomic_output(target) as temporary:
                temporary.write_bytes(b"halvskriven")
                os.kill(os.getpid(), signal.SIGKILL)
        written = real_render(loaded, target, **kwargs)
        if "insats-003" in str(loaded.folder) and not retried.exists():
            retried.touch()
            time.sleep(3)  # the pool breaks meanwhile and this worker is stopped
        return written

    # the workers are forked after this, so they inherit the patch
    monkeypatch.setattr(reportgen.pipeline, "render_loaded", render_or_die)
    result = run_batch(inputs, out, jobs=2)

    status = {Path(r.path).parent.name: r.built for r in result.results}
    assert status == {
        "insats-000": True,
        "insats-001": True,
        "insats-002": False,
        "insats-003": True,
    }
    died = result.results[2]
    assert died.reason.startswith("Arbetsprocessen avslutades oväntat")
    assert list(out.rglob("*.tmp")) == []
    assert not list((out / "insats-002").glob("*.docx"))


def test_missing_compilation_template_is_reported_and_the_reports_still_build(
    tmp_path, monkeypatch
):
    import shutil

    templates = tmp_path / "mallar"
    shutil.copytree(ROOT / "templates", templates)
    (templates / "sundsvall" / "uppfoljning.docx").unlink()
    monkeypatch.setenv("REPORTGEN_MALLAR", str(templates))
    inputs = tmp_path / "inputs"
    write_association(inputs, 2, participants=0, nested=False)
    out = tmp_path / "out"

    result = invoke(str(inputs), "-o", str(out), "-j", "1")
    assert result.exit_code == 1
    assert "2 av 2 rapporter byggdes" in result.output
    assert "Sammanställningen skrevs inte: Förbundsprofilen 'sundsvall' saknar en mall" in (
        result.output
    )
    review = json.loads((out / "sammanstallning" / "granskning.json").read_text("utf-8"))
    builder = templates / "sundsvall" / "build_templates.py"
    assert f"bygg om den med 'python {builder}'" in review["compilation"]["reason"]
    assert review["compilation"]["docx"] is None


def test_an_interim_report_with_errors_is_built_and_flagged(tmp_path, association):
    """As with `reportgen build`, only a final report is stopped by its errors."""
    inputs, _ = association
    out = tmp_path / "out"
    result = run_batch(inputs, out, jobs=2, kind="delrapport")
    interim = next(r for r in result.results if r.path.endswith("med-fel/insats.yaml"))
    assert interim.built and interim.errors == 1 and not interim.draft
    review = sheet_rows(out / "sammanstallning" / "uppfoljning.xlsx", "Tabell 6 Granskning")
    assert review[interim.figures.name][1] == "Byggd med fel"
