"""Writing output files safely: never over a file unasked, never half-written.

Reports, compilations, PDFs, scaffolds and review files all go through here, so
every writer shares one rule for overwriting and one atomic rename.
"""

from __future__ import annotations

import contextlib
import os
import signal
import tempfile
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path

from reportgen.errors import OutputExistsError


def ensure_writable(output: Path, *, force: bool) -> None:
    """Refuse to overwrite unless asked: a report may have been edited by hand after building."""
    if output.exists() and not force:
        raise OutputExistsError(
            f"{output} finns redan. Ange --force för att skriva över den, "
            "eller -o för att välja ett annat filnamn."
        )
    if output.exists() and output.is_dir():
        raise OutputExistsError(f"{output} är en mapp. Ange ett filnamn med -o.")


@contextlib.contextmanager
def atomic_output(output: Path) -> Iterator[Path]:
    """Yield a temporary path beside `output`; rename it into place only on success.

    A crash or Ctrl-C while writing leaves the old file (or none), never a
    truncated .docx that Word would refuse to open.
    """
    output.parent.mkdir(parents=True, exist_ok=True)
    temporary: Path | None = None
    try:
        with _interrupts_deferred():
            handle, name = tempfile.mkstemp(
                prefix=f".{output.stem}.", suffix=".tmp", dir=output.parent
            )
            os.close(handle)
            temporary = Path(name)
        yield temporary
        # mkstemp creates 0600 files; a report is an ordinary document for colleagues too
        os.chmod(temporary, 0o666 & ~_umask())
        os.replace(temporary, output)
    finally:
        if temporary is not None:
            with contextlib.suppress(FileNotFoundError):
                temporary.unlink()


@contextlib.contextmanager
def _interrupts_deferred() -> Iterator[None]:
    """Hold Ctrl-C and SIGTERM between creating the temporary file and owning it.

    An interrupt in that gap (inside mkstemp, say) would raise before the
    `finally` that removes the file is in force, and leave it behind; held
    signals are delivered as soon as the mask is restored, inside the `try`.
    """
    if not hasattr(signal, "pthread_sigmask"):  # Windows
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


@cache
def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def write_atomically(output: Path, write: Callable[[Path], None]) -> None:
    with atomic_output(output) as temporary:
        write(temporary)
