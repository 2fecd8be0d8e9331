"""Reading input files and writing output files safely.

Inputs are untrusted: a name in insats.yaml may point at a FIFO, a device,
/proc or a file outside the intervention's folder. They are opened here, once,
without blocking and without following a path out of the folder, checked to be
regular files and size-checked before a byte is read.

Outputs never replace a file unasked, never replace an input, are never
half-written, and two runs writing the same file do not silently overwrite each
other: without --force the finished file is linked into place exclusively, so
the second run gets a message instead. A full disk, a read-only folder or a
missing permission is a Swedish message (`OutputWriteError`, exit 2), not a
traceback.
"""

from __future__ import annotations

import contextlib
import errno
import gc
import os
import signal
import stat
import sys
import tempfile
import threading
import traceback
from collections import OrderedDict
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path
from typing import Any

from reportgen.errors import InputFileError, OutputExistsError, OutputWriteError
from reportgen.formatting import printable

MAX_NAME_CHARS = 255
"""Longest file name accepted in insats.yaml (most file systems allow 255 bytes)."""

_REMEMBERED = 512  # inputs and claimed outputs remembered per process (a service runs long)


# ----------------------------------------------------------------- inputs

_inputs: OrderedDict[tuple[int, int], str] = OrderedDict()
_lock = threading.Lock()


def input_inside(folder: Path, name: str) -> Path:
    """The file `name` (as written in insats.yaml) inside `folder`, or InputFileError.

    Only a relative name that stays inside the folder is accepted: no absolute
    path, no `..`, no symbolic link that leads out of it. The returned path is
    the resolved one, so what is checked is what is opened.
    """
    shown = printable(name)
    if "\x00" in name or len(name) > MAX_NAME_CHARS:
        raise InputFileError(
            "F002",
            f"Filnamnet '{shown}' är för långt eller innehåller ogiltiga tecken. Skriv bara "
            "filens namn, t.ex. statistik.xlsx.",
        )
    relative = Path(name)
    if relative.is_absolute() or ".." in relative.parts:
        raise InputFileError(
            "F002",
            f"'{shown}' pekar utanför insatsens mapp. Lägg filen i samma mapp som insats.yaml "
            "och skriv bara dess namn, t.ex. statistik.xlsx.",
        )
    try:
        base = folder.resolve(strict=True)
        real = (folder / relative).resolve(strict=True)
    except FileNotFoundError:
        raise InputFileError(
            "F001",
            f"Filen '{shown}' finns inte i insatsens mapp. Rätta namnet, eller ta bort raden om "
            "insatsen inte har någon sådan fil.",
        ) from None
    except (OSError, RuntimeError) as exc:  # ELOOP, ENAMETOOLONG, EACCES ...
        raise InputFileError("F001", f"Filen '{shown}' kan inte öppnas ({_reason(exc)}).") from None
    if not real.is_relative_to(base):
        raise InputFileError(
            "F002",
            f"'{shown}' är en genväg (symbolisk länk) som pekar utanför insatsens mapp och läses "
            "inte. Kopiera in själva filen i mappen.",
        )
    return real


def check_input(path: Path, *, max_bytes: int) -> int:
    """Check that `path` is a regular file of at most `max_bytes`; return its size.

    For parsers that open the file by name themselves (openpyxl, zipfile). The
    file is opened without blocking, so a FIFO or a device is refused instead of
    hanging the run or reading forever.
    """
    with _open_regular(path, max_bytes) as (_fd, size):
        return size


def read_input(path: Path, *, max_bytes: int) -> bytes:
    """The bytes of a regular file of at most `max_bytes`, or InputFileError."""
    with _open_regular(path, max_bytes) as (fd, _size):
        chunks: list[bytes] = []
        total = 0
        while total <= max_bytes:
            chunk = os.read(fd, min(1 << 20, max_bytes + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
    if total > max_bytes:  # a file that grew, or a /proc file that lies about its size
        raise _too_large(path, total, max_bytes)
    return b"".join(chunks)


@contextlib.contextmanager
def _open_regular(path: Path, max_bytes: int) -> Iterator[tuple[int, int]]:
    shown = printable(path.name)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise InputFileError("F001", "Filen finns inte. Kontrollera sökvägen.") from None
    except IsADirectoryError:
        raise InputFileError("F001", "Sökvägen är en mapp, inte en fil.") from None
    except (OSError, ValueError) as exc:
        raise InputFileError("F001", f"Filen {shown} kan inte öppnas ({_reason(exc)}).") from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise InputFileError("F001", "Sökvägen är en mapp, inte en fil.")
        if not stat.S_ISREG(info.st_mode):
            raise InputFileError(
                "F002",
                f"{shown} är ingen vanlig fil (utan t.ex. en enhet eller ett rör) och läses inte.",
            )
        if info.st_size > max_bytes:
            raise _too_large(path, info.st_size, max_bytes)
        _remember_input(info)
        yield fd, info.st_size
    finally:
        os.close(fd)


def _too_large(path: Path, size: int, limit: int) -> InputFileError:
    return InputFileError(
        "F001",
        f"Filen {printable(path.name)} är {_size_text(size)}, större än gränsen "
        f"{_size_text(limit)}. Kontrollera att det är rätt fil.",
    )


def _size_text(size: int) -> str:
    if size >= 10 * 1024 * 1024:
        return f"{size // (1024 * 1024)} MB"
    return f"{max(1, size // 1024)} kB"


def _remember_input(info: os.stat_result) -> None:
    """Remember what was read, so that no output of this process can replace it."""
    with _lock:
        _inputs[(info.st_dev, info.st_ino)] = ""
        _inputs.move_to_end((info.st_dev, info.st_ino))
        while len(_inputs) > _REMEMBERED:
            _inputs.popitem(last=False)


def _is_input(path: Path) -> bool:
    try:
        info = path.stat()
    except (OSError, ValueError):
        return False
    with _lock:
        return (info.st_dev, info.st_ino) in _inputs


# ----------------------------------------------------------------- outputs

_claims: OrderedDict[str, bool] = OrderedDict()  # output -> force, from ensure_writable


def ensure_writable(output: Path, *, force: bool) -> None:
    """Refuse to overwrite unless asked: a report may have been edited by hand after building.

    An input of this run (insats.yaml, its workbook) is never overwritten, with
    --force or without. Without --force the file is later created exclusively
    (`atomic_output`), so a run that finishes second does not replace the first.
    """
    if _is_input(output):
        raise OutputWriteError(
            f"{printable(output, 200)} är en av indatafilerna och skrivs aldrig över. Välj ett "
            "annat filnamn med -o."
        )
    try:
        exists, is_dir = output.exists(), output.is_dir()
    except (OSError, ValueError) as exc:  # a name too long, a NUL …
        if isinstance(exc, ValueError):
            exc = OSError(errno.EINVAL, "ogiltigt filnamn")
        raise _write_error(output, exc) from None
    if exists and not force:
        raise OutputExistsError(
            f"{output} finns redan. Ange --force för att skriva över den, "
            "eller -o för att välja ett annat filnamn."
        )
    if is_dir:
        raise OutputExistsError(f"{output} är en mapp. Ange ett filnamn med -o.")
    with _lock:
        key = str(output.absolute())
        _claims[key] = force
        _claims.move_to_end(key)
        while len(_claims) > _REMEMBERED:
            _claims.popitem(last=False)


@contextlib.contextmanager
def atomic_output(output: Path, *, exclusive: bool | None = None) -> Iterator[Path]:
    """Yield a temporary path beside `output`; move it into place only on success.

    A crash or Ctrl-C while writing leaves the old file (or none), never a
    truncated .docx that Word would refuse to open. `exclusive` (default: what
    `ensure_writable` was told, i.e. not --force) links the file into place only
    if no other run has created `output` meanwhile.
    """
    if exclusive is None:
        with _lock:
            exclusive = _claims.get(str(output.absolute())) is False
    temporary: Path | None = None
    try:
        with _interrupts_deferred():
            output.parent.mkdir(parents=True, exist_ok=True)
            handle, name = tempfile.mkstemp(
                prefix=f".{output.stem[:60]}.", suffix=".tmp", dir=output.parent
            )
            os.close(handle)
            temporary = Path(name)
        with _terminate_as_interrupt():
            yield temporary
            # mkstemp creates 0600 files; a report is an ordinary document for colleagues too
            os.chmod(temporary, 0o666 & ~_umask())
            _commit(temporary, output, exclusive=exclusive)
    except OSError as exc:
        if exc.errno not in _WRITE_REASONS:
            raise
        error = _write_error(output, exc)
        _release_quietly(exc)
        raise error from None
    finally:
        if temporary is not None:
            with contextlib.suppress(OSError):
                temporary.unlink()
        with _lock:
            _claims.pop(str(output.absolute()), None)


def _commit(temporary: Path, output: Path, *, exclusive: bool) -> None:
    if _is_input(output):
        raise OutputWriteError(
            f"{printable(output, 200)} är en av indatafilerna och skrivs aldrig över. Välj ett "
            "annat filnamn med -o."
        )
    if not exclusive:
        os.replace(temporary, output)
        return
    try:
        os.link(temporary, output)
    except FileExistsError:
        raise OutputExistsError(
            f"{output} skapades av en annan körning medan den här pågick; ingenting skrevs över. "
            "Ange --force för att skriva över den, eller -o för att välja ett annat filnamn."
        ) from None
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV):
            raise
        # A file system without hard links: claim the name, then replace the claim.
        try:
            os.close(os.open(output, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        except FileExistsError:
            raise OutputExistsError(
                f"{output} skapades av en annan körning medan den här pågick; ingenting "
                "skrevs över."
            ) from None
        os.replace(temporary, output)


_WRITE_REASONS = {
    errno.ENOSPC: "disken är full",
    errno.EDQUOT: "din diskkvot är slut",
    errno.EROFS: "mappen ligger på en skrivskyddad disk",
    errno.EACCES: "du saknar behörighet att skriva i mappen",
    errno.EPERM: "du saknar behörighet att skriva i mappen",
    errno.EFBIG: "filen blev större än vad disken eller systemet tillåter",
    errno.ENAMETOOLONG: "filnamnet är för långt",
    errno.ENOTDIR: "en del av sökvägen är en fil, inte en mapp",
    errno.EIO: "disken svarade med ett in/ut-fel",
}


def _write_error(output: Path, exc: OSError) -> OutputWriteError:
    reason = _WRITE_REASONS.get(exc.errno or 0, _reason(exc))
    return OutputWriteError(
        f"{printable(output, 200)} kunde inte skrivas: {reason}. Ingen halvfärdig fil har "
        "lämnats kvar. Frigör utrymme eller välj en annan mapp med -o och försök igen."
    )


def _reason(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return type(exc).__name__


def _release_quietly(exc: BaseException) -> None:
    """Drop what a failed writer left open, without "Exception ignored in ZipFile.__del__".

    python-docx and openpyxl do not close their ZipFile when a write fails; the
    object then tries to write its directory again when collected and prints a
    traceback. Clearing the finished frames of the failure lets it be collected
    here, with its (expected) second failure kept off the screen.
    """
    previous = sys.unraisablehook
    sys.unraisablehook = lambda _unraisable: None  # before the frames go: that frees it
    try:
        seen: set[int] = set()
        error: BaseException | None = exc
        while error is not None and id(error) not in seen:  # the chain of the failure
            seen.add(id(error))
            tb, error.__traceback__ = error.__traceback__, None
            if tb is not None:
                traceback.clear_frames(tb)
            del tb
            error = error.__context__
        gc.collect()
    finally:
        sys.unraisablehook = previous


def write_atomically(output: Path, write: Callable[[Path], None]) -> None:
    with atomic_output(output) as temporary:
        write(temporary)


# ----------------------------------------------------------------- signals


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


@contextlib.contextmanager
def _terminate_as_interrupt() -> Iterator[None]:
    """While a temporary file exists, SIGTERM unwinds like Ctrl-C so that it is removed.

    Only where nobody else handles SIGTERM (the default action kills the process
    without running any `finally`); batch and the PDF pool install their own.
    """
    main = threading.current_thread() is threading.main_thread()
    if not main or signal.getsignal(signal.SIGTERM) is not signal.SIG_DFL:
        yield
        return

    def interrupt(_signum: int, _frame: Any) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)


@cache
def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


# ----------------------------------------------------------------- the user's cache folder

_CACHE_OFF = {"", "0", "nej", "av", "off", "false"}


def cache_folder(name: str) -> Path | None:
    """`name` in the user's cache ($REPORTGEN_CACHE, else $XDG_CACHE_HOME/reportgen or
    ~/.cache/reportgen), created private; None when switched off (REPORTGEN_CACHE=0) or
    when the folder is not safely this user's: like Python's __pycache__, what is kept
    there is read back without question, so no one else may be able to write to it."""
    chosen = os.environ.get("REPORTGEN_CACHE")
    if chosen is not None and chosen.strip().lower() in _CACHE_OFF:
        return None
    base = Path(chosen) if chosen else Path(_xdg_cache()) / "reportgen"
    path = base / name
    try:
        path.mkdir(mode=0o700, parents=True, exist_ok=True)
        status = path.stat()
    except OSError:
        return None
    if not stat.S_ISDIR(status.st_mode) or status.st_mode & 0o022:
        return None
    if hasattr(os, "getuid") and status.st_uid != os.getuid():
        return None
    return path


def _xdg_cache() -> str:
    return os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")


def module_stamp(module: str) -> str:
    """The source file of `module` by size and time, found without importing it or its
    package (find_spec("a.b") would run a/__init__.py): part of a cache key, so that
    what was made with other code is never read back."""
    import importlib.util

    top, *rest = module.split(".")
    try:
        spec = importlib.util.find_spec(top)
    except (ImportError, ValueError):
        return f"{module}:?"
    if spec is None or not spec.submodule_search_locations:
        return f"{module}:?"
    location = next(iter(spec.submodule_search_locations))
    path = Path(location, *rest[:-1], f"{rest[-1]}.py") if rest else Path(location, "__init__.py")
    try:
        status = path.stat()
    except OSError:
        return f"{module}:?"
    return f"{module}:{status.st_size}:{status.st_mtime_ns}"
