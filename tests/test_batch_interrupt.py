"""Stopping a batch: finished reports stay, no half-written file is ever left in OUT.

These run `reportgen batch` as a real process (signals cannot be tested inside
pytest's own process) on enough generated interventions that the stop lands
mid-run.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from reportgen.batch.worker import EXIT_TERMINATED, Task, build_one, init_worker
from tests.batch_data import write_association
from tests.docx_text import open_docx

COUNT = 60
pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX-signaler")


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("association")
    write_association(root, COUNT, participants=0, nested=False)
    return root


def start_batch(inputs: Path, out: Path) -> subprocess.Popen[str]:
    """The batch in its own session, so a "Ctrl-C" can go to its whole process group."""
    return subprocess.Popen(
        [sys.executable, "-m", "reportgen", "batch", str(inputs), "-o", str(out), "--jobs", "2"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).resolve().parents[1],
        start_new_session=True,
    )


def wait_for_reports(out: Path, at_least: int, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while len(list(out.rglob("*.docx"))) < at_least:
        assert time.monotonic() < deadline, "batch wrote no reports in time"
        time.sleep(0.02)


def assert_clean(out: Path) -> list[Path]:
    """No temporary or partial file anywhere in OUT; every .docx present opens."""
    leftovers = [p for p in out.rglob("*") if p.is_file() and p.suffix != ".docx"]
    assert leftovers == []
    reports = sorted(out.rglob("*.docx"))
    for report in reports:
        open_docx(report)  # raises on a truncated or corrupt file
    return reports


def batch_processes(out: Path) -> list[int]:
    """Pids whose command line names this test's OUT (the batch and its workers)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            command = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        if str(out).encode() in command.split(b"\0"):
            found.append(int(entry.name))
    return found


def ctrl_c(process: subprocess.Popen[str]) -> None:
    """What a terminal does on Ctrl-C: SIGINT to every process of the foreground group."""
    os.killpg(process.pid, signal.SIGINT)


def sigterm(process: subprocess.Popen[str]) -> None:
    process.send_signal(signal.SIGTERM)


@pytest.mark.parametrize("stop", [ctrl_c, sigterm], ids=["ctrl-c", "sigterm"])
def test_stopping_keeps_finished_reports_and_leaves_no_partial_file(inputs, tmp_path, stop):
    out = tmp_path / "out"
    process = start_batch(inputs, out)
    wait_for_reports(out, 3)
    stop(process)
    _, stderr = process.communicate(timeout=30)

    assert process.returncode == 130
    assert "Avbrutet efter" in stderr
    assert "inga halvfärdiga filer har lämnats kvar" in stderr
    assert "Traceback" not in stderr
    reports = assert_clean(out)
    assert 3 <= len(reports) < COUNT
    assert not (out / "sammanstallning" / "uppfoljning.docx").exists()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG är Linux")
def test_killing_the_batch_process_stops_its_workers_without_leftovers(inputs, tmp_path):
    out = tmp_path / "out"
    process = start_batch(inputs, out)
    wait_for_reports(out, 3)
    workers = [pid for pid in batch_processes(out) if pid != process.pid]
    assert workers, "no worker processes found"
    process.kill()
    process.communicate(timeout=30)

    deadline = time.monotonic() + 15
    while batch_processes(out):
        assert time.monotonic() < deadline, "orphaned workers kept running"
        time.sleep(0.05)
    reports = assert_clean(out)
    assert len(reports) < COUNT


def test_a_terminated_worker_removes_its_temporary_file(tmp_path, monkeypatch):
    """SIGTERM while the report is being written: the temp file goes, the worker exits."""
    import multiprocessing

    import reportgen.pipeline
    from reportgen.files import atomic_output

    write_association(tmp_path / "inputs", 1, participants=0, nested=False)
    folder = tmp_path / "inputs" / "insats-000"
    out_dir = tmp_path / "out" / "insats-000"
    writing = tmp_path / "skriver"

    def slow_render(loaded, target, **kwargs):
        with atomic_output(target) as temporary:
            temporary.write_bytes(b"halvskriven")
            writing.touch()
            time.sleep(30)
        return target

    monkeypatch.setattr(reportgen.pipeline, "render_loaded", slow_render)
    context = multiprocessing.get_context("fork")
    worker = context.Process(target=_worker_main, args=(Task(folder, out_dir, out_dir.parent),))
    worker.start()
    deadline = time.monotonic() + 20
    while not writing.exists():
        assert time.monotonic() < deadline and worker.is_alive(), "worker never started writing"
        time.sleep(0.02)
    assert [p.name.endswith(".tmp") for p in out_dir.iterdir()] == [True]
    os.kill(worker.pid, signal.SIGTERM)
    worker.join(10)
    assert worker.exitcode == EXIT_TERMINATED
    assert list(out_dir.iterdir()) == []


def _worker_main(task: Task) -> None:
    init_worker()
    build_one(task)
