"""Finding the intervention folders under INPUTS and deciding where each report goes.

Everything here is decided in the parent process before any work starts, so
the output layout is deterministic (sorted, independent of which worker
finishes first) and two interventions can never write to the same file.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

from reportgen.errors import OutputExistsError
from reportgen.folding import slugify

INSATS_FILE = "insats.yaml"
COMPILATION_DIR = "sammanstallning"

# atomic_output (files.py) writes ".<stem>.<8 random chars>.tmp" beside the target;
# the compilation is staged in a folder named the same way.
_TEMPORARY = re.compile(r"^\..+\.[a-z0-9_]{8}\.tmp$")


def discover(inputs: Path, *, exclude: Path | None = None) -> list[Path]:
    """Every folder under `inputs` (any depth, `inputs` itself included) with an insats.yaml.

    Hidden folders (`.git`, `.venv`) and `exclude` (the output folder, should it
    lie inside INPUTS) are skipped; symlinked folders are not followed, so a
    link loop cannot make the batch run forever.
    """
    excluded = exclude.resolve() if exclude is not None else None
    found: list[Path] = []
    for dirpath, dirnames, filenames in os.walk(inputs):
        here = Path(dirpath)
        dirnames[:] = sorted(
            d
            for d in dirnames
            if not d.startswith(".") and (excluded is None or (here / d).resolve() != excluded)
        )
        if INSATS_FILE in filenames:
            found.append(here)
    return sorted(found)


def output_folders(folders: Iterable[Path], inputs: Path, out: Path) -> list[Path]:
    """`OUT/<slug of the folder's path under INPUTS>` for each folder, all distinct.

    One folder per intervention keeps names unique even when two interventions
    share a name (the report file is named after the intervention), and mirrors
    INPUTS so staff find a report where its input was. `sammanstallning` is
    reserved for the compilation.
    """
    used = {COMPILATION_DIR}
    planned: list[Path] = []
    for folder in folders:
        relative = folder.relative_to(inputs)
        base = slugify("-".join(relative.parts) or inputs.resolve().name)
        name, number = base, 2
        while name in used:
            name, number = f"{base}-{number}", number + 1
        used.add(name)
        planned.append(out / name)
    return planned


def sweep_temporary_files(folders: Iterable[Path]) -> list[Path]:
    """Remove temporary files a killed writer left in `folders`; return what was removed.

    Writers never leave one when they exit normally or are told to stop; this
    catches the rest (a worker killed outright, or a previous batch whose
    process was killed).
    """
    removed: list[Path] = []
    for folder in folders:
        if not folder.is_dir():
            continue
        for entry in folder.iterdir():
            if _TEMPORARY.match(entry.name) and not entry.is_symlink():
                try:
                    if entry.is_dir():
                        shutil.rmtree(entry)
                    else:
                        entry.unlink()
                except FileNotFoundError:
                    continue
                removed.append(entry)
    return removed


@contextlib.contextmanager
def output_lock(out: Path) -> Iterator[None]:
    """Only one batch writes to OUT at a time.

    Two batches into one folder would sweep each other's temporary files and
    overwrite each other's reports; the second is refused at once instead. The
    lock (flock) lives in the system's temporary folder, named after OUT, so that
    nothing but reports is ever left in OUT, and the operating system releases it
    even if the process is killed.
    """
    try:
        import fcntl
    except ImportError:  # Windows: no advisory locks; run one batch at a time
        yield
        return
    out.mkdir(parents=True, exist_ok=True)
    key = hashlib.sha256(str(out.resolve()).encode("utf-8", "surrogateescape")).hexdigest()[:16]
    lock_path = Path(tempfile.gettempdir()) / f"reportgen-batch-{key}.lock"
    with open(lock_path, "a+b") as handle:
        busy = OutputExistsError(
            f"En annan reportgen batch skriver redan till {out}. Vänta tills den är klar "
            "eller välj en annan utmapp med -o."
        )
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise busy from None
        try:
            if os.stat(lock_path).st_ino != os.fstat(handle.fileno()).st_ino:
                raise busy  # the holder removed the file as we opened it: it was theirs
        except FileNotFoundError:
            raise busy from None
        try:
            yield
        finally:
            # Removed while still held, so that nothing is left behind in the temporary
            # folder; a batch that opened the old file sees the inode change above.
            with contextlib.suppress(OSError):
                lock_path.unlink()
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
