"""Issue 11, classes 3, 8 and 9 in reportgen/files.py: special inputs, racing writers, bad disks.

Inputs are opened as regular files only; outputs never replace an input, are
created exclusively without --force, and a full disk or a read-only folder is
a Swedish message with exit 2 – no traceback, no `ZipFile.__del__` noise, no
half-written file.
"""

from __future__ import annotations

import errno
import os
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

import pytest

from reportgen.errors import OutputExistsError
from reportgen.files import (
    InputFileError,
    atomic_output,
    ensure_writable,
    read_input,
)
from tests.checks_support import VALID_FINAL
from tests.conftest import RunCli
from tests.untrusted_inputs import good_workbook_intervention, write_insats

ROOT = Path(__file__).resolve().parents[1]
NOISE = ("Traceback", "Exception ignored", "Internt fel")


def reportgen(*args: str | Path, limit: int | None = None) -> subprocess.CompletedProcess[str]:
    """The command line as its own process; `limit` caps the size of any file it writes."""

    def cap_file_size() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))  # type: ignore[arg-type]

    return subprocess.run(
        [sys.executable, "-m", "reportgen", *map(str, args)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=cap_file_size if limit else None,
    )


# ----------------------------------------------------------------- inputs


def test_insats_yaml_as_a_fifo_is_refused_not_waited_for(run: RunCli, tmp_path: Path) -> None:
    fifo = tmp_path / "insats.yaml"
    os.mkfifo(fifo)
    result = run("check", fifo)
    assert result.exit_code == 2
    assert f"F001 fel {fifo}: Insats.yaml är ingen vanlig fil" in result.output


def test_read_input_refuses_devices_and_checks_size_before_reading(tmp_path: Path) -> None:
    with pytest.raises(InputFileError) as caught:
        read_input(Path("/dev/zero"), max_bytes=1000)
    assert caught.value.code == "F002"
    assert "ingen vanlig fil" in caught.value.message
    big = tmp_path / "stor.yaml"
    big.write_bytes(b"x" * 2001)
    with pytest.raises(InputFileError) as caught:
        read_input(big, max_bytes=2000)
    assert caught.value.message == (
        "Filen stor.yaml är 1 kB, större än gränsen 1 kB. Kontrollera att det är rätt fil."
    )


def test_a_proc_file_that_lies_about_its_size_is_cut_off(tmp_path: Path) -> None:
    with pytest.raises(InputFileError) as caught:
        read_input(Path("/proc/self/maps"), max_bytes=10)
    assert "större än gränsen" in caught.value.message


# ----------------------------------------------------------------- outputs that are inputs


@pytest.mark.parametrize("name", ["insats.yaml", "statistik.xlsx"])
def test_build_never_replaces_its_own_input(run: RunCli, tmp_path: Path, name: str) -> None:
    folder = good_workbook_intervention(tmp_path / "i")
    before = (folder / name).read_bytes()
    result = run("build", folder, "-o", folder / name, "--force")
    assert result.exit_code == 2, result.output
    assert f"{folder / name} är en av indatafilerna och skrivs aldrig över." in result.output
    assert (folder / name).read_bytes() == before
    assert {p.name for p in folder.iterdir()} == {"insats.yaml", "statistik.xlsx"}


def test_an_output_named_with_a_leading_dash_is_an_ordinary_file(
    run: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = write_insats(tmp_path / "i", VALID_FINAL)
    monkeypatch.chdir(tmp_path)
    result = run("build", folder, "-o", "./-h.docx")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "-h.docx").is_file()


# ----------------------------------------------------------------- two writers


def test_the_second_of_two_writers_gets_a_message_not_an_overwrite(tmp_path: Path) -> None:
    target = tmp_path / "rapport.docx"
    ensure_writable(target, force=False)
    with pytest.raises(OutputExistsError) as caught, atomic_output(target) as temporary:
        temporary.write_text("min")
        target.write_text("en annan körnings rapport")  # finished first, while we wrote
    assert "skapades av en annan körning medan den här pågick; ingenting skrevs över" in (
        caught.value.message
    )
    assert target.read_text() == "en annan körnings rapport"
    assert [p.name for p in tmp_path.iterdir()] == ["rapport.docx"]  # no temporary left


def test_force_still_replaces(tmp_path: Path) -> None:
    target = tmp_path / "rapport.docx"
    target.write_text("gammal")
    ensure_writable(target, force=True)
    with atomic_output(target) as temporary:
        temporary.write_text("ny")
    assert target.read_text() == "ny"


def test_two_builds_to_the_same_output_at_once(tmp_path: Path) -> None:
    folder = write_insats(tmp_path / "i", VALID_FINAL)
    target = tmp_path / "rapport.docx"
    results: list[subprocess.CompletedProcess[str]] = []
    threads = [
        threading.Thread(target=lambda: results.append(reportgen("build", folder, "-o", target)))
        for _ in range(2)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    codes = sorted(r.returncode for r in results)
    assert codes == [0, 2], [r.stderr for r in results]
    loser = next(r for r in results if r.returncode == 2)
    assert "finns redan" in loser.stderr or "skapades av en annan körning" in loser.stderr
    assert not any(n in r.stdout + r.stderr for r in results for n in NOISE)


# ----------------------------------------------------------------- a hostile disk


def test_a_full_disk_is_a_message_without_a_traceback(tmp_path: Path) -> None:
    """RLIMIT_FSIZE makes every write past 20 kB fail, as a full disk does."""
    folder = write_insats(tmp_path / "i", VALID_FINAL)
    out = tmp_path / "ut"
    out.mkdir()
    result = reportgen("build", folder, "-o", out / "rapport.docx", limit=20_000)
    assert result.returncode == 2, result.stderr
    assert f"Fel: {out / 'rapport.docx'} kunde inte skrivas: filen blev större än" in result.stderr
    assert not any(n in result.stdout + result.stderr for n in NOISE)
    assert list(out.iterdir()) == []


@pytest.mark.skipif(os.geteuid() != 0 or not shutil.which("mount"), reason="needs root to mount")
def test_no_space_left_on_a_real_small_disk(tmp_path: Path) -> None:
    disk = Path(tempfile.mkdtemp(dir=tmp_path))  # 16 kB: less than the report's ~28 kB
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=16k", "tmpfs", disk]).returncode:
        pytest.skip("tmpfs cannot be mounted here")
    try:
        folder = write_insats(tmp_path / "i", VALID_FINAL)
        result = reportgen("build", folder, "-o", disk / "rapport.docx")
        assert result.returncode == 2, result.stderr
        assert "kunde inte skrivas: disken är full." in result.stderr
        assert not any(n in result.stdout + result.stderr for n in NOISE)
        assert list(disk.iterdir()) == []
    finally:
        subprocess.run(["umount", disk])


@pytest.mark.parametrize(
    ("number", "reason"),
    [
        (errno.EROFS, "mappen ligger på en skrivskyddad disk"),
        (errno.EACCES, "du saknar behörighet att skriva i mappen"),
        (errno.ENOSPC, "disken är full"),
    ],
)
def test_an_unwritable_folder_is_exit_2_in_swedish(
    run: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, number: int, reason: str
) -> None:
    def refuse(*_args: object, **_kwargs: object) -> None:
        raise OSError(number, os.strerror(number))

    folder = write_insats(tmp_path / "i", VALID_FINAL)
    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    result = run("build", folder, "-o", tmp_path / "rapport.docx")
    assert result.exit_code == 2
    assert f"kunde inte skrivas: {reason}. Ingen halvfärdig fil har lämnats kvar." in (
        result.output
    )


def test_sigterm_while_writing_leaves_no_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "rapport.docx"
    with pytest.raises(KeyboardInterrupt), atomic_output(target) as temporary:
        temporary.write_text("halv")
        os.kill(os.getpid(), signal.SIGTERM)
    assert list(tmp_path.iterdir()) == []
    assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL


def test_an_output_name_too_long_for_the_disk_is_a_message(run: RunCli, tmp_path: Path) -> None:
    folder = write_insats(tmp_path / "i", VALID_FINAL)
    result = run("build", folder, "-o", tmp_path / ("x" * 300 + ".docx"))
    assert result.exit_code == 2, result.output
    assert "kunde inte skrivas: filnamnet är för långt." in result.output
    assert "Internt fel" not in result.output
