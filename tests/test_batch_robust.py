"""A batch that other runs, earlier runs or one odd intervention cannot spoil."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from reportgen.batch import outputs as batch_outputs
from reportgen.batch import run_batch
from reportgen.batch.discover import output_lock
from reportgen.errors import OutputExistsError
from tests.batch_data import write_association

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def association(tmp_path: Path) -> Path:
    inputs = tmp_path / "inputs"
    write_association(inputs, 3, participants=0, nested=False)
    return inputs


def test_a_second_batch_into_the_same_folder_is_refused(tmp_path: Path, association) -> None:
    out = tmp_path / "out"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from pathlib import Path; "
            "from reportgen.batch.discover import output_lock\n"
            f"with output_lock(Path({str(out)!r})):\n"
            "    print('låst', flush=True); time.sleep(30)",
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "låst"
        with pytest.raises(OutputExistsError, match="En annan reportgen batch skriver redan till"):
            run_batch(association, out, jobs=1)
        assert not any(out.rglob("*.docx"))  # the refused batch wrote nothing
    finally:
        holder.kill()
        holder.wait()
    # the lock dies with its holder: the next batch runs
    assert len(run_batch(association, out, jobs=1).built) == 3


def test_the_lock_is_released_after_a_batch(tmp_path: Path) -> None:
    with output_lock(tmp_path / "out"):
        pass
    with output_lock(tmp_path / "out"):
        assert list((tmp_path / "out").iterdir()) == []  # nothing left in OUT


def test_rerun_without_force_keeps_the_previous_review(tmp_path: Path, association, run) -> None:
    out = tmp_path / "out"
    assert run("batch", association, "-o", out, "-j", "1").exit_code == 0
    review = out / "sammanstallning" / "granskning.json"
    before = review.read_text("utf-8")
    time.sleep(0.01)

    again = run("batch", association, "-o", out, "-j", "1")
    assert again.exit_code == 1
    assert "granskning.json från förra körningen behölls" in again.output
    assert review.read_text("utf-8") == before
    assert json.loads(before)["summary"]["built"] == 3


def test_one_intervention_that_breaks_the_compilation_is_left_out(
    tmp_path: Path, association, monkeypatch: pytest.MonkeyPatch, run
) -> None:
    real = batch_outputs._render_compilation

    def fragile(results, *args, **kwargs):
        if any(r.path.endswith("insats-002/insats.yaml") for r in results):
            raise ValueError("planterat fel")
        return real(results, *args, **kwargs)

    monkeypatch.setattr(batch_outputs, "_render_compilation", fragile)
    out = tmp_path / "out"
    result = run("batch", association, "-o", out, "-j", "1")
    assert result.exit_code == 0, result.output
    assert "Sammanställningen utelämnar" in result.output and "insats-002" in result.output
    compilation = out / "sammanstallning"
    assert (compilation / "uppfoljning.docx").is_file()
    assert (compilation / "uppfoljning.xlsx").is_file()
    review = json.loads((compilation / "granskning.json").read_text("utf-8"))
    assert [Path(p).parent.name for p in review["compilation"]["left_out"]] == ["insats-002"]
    assert not [p for p in compilation.iterdir() if p.name.startswith(".")]


def test_compilation_files_are_written_both_or_neither(
    tmp_path: Path, association, monkeypatch: pytest.MonkeyPatch
) -> None:
    import reportgen.render.compilation_xlsx as xlsx

    def broken(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(xlsx, "write_compilation_xlsx", broken)
    out = tmp_path / "out"
    result = run_batch(association, out, jobs=1)
    compilation = out / "sammanstallning"
    assert not (compilation / "uppfoljning.docx").exists()
    assert not (compilation / "uppfoljning.xlsx").exists()
    assert result.compilation_error and len(result.built) == 3
    assert not [p for p in compilation.iterdir() if p.name.startswith(".")]
