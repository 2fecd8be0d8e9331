"""Word -> PDF for one file: through the UNO bridge when it can, else `soffice --convert-to`.

`convert_to_pdf` converts one document with a one-worker pool (pool.py) when a Python
with `uno` exists, because only the bridge gives native charts their alt text (LibreOffice
7.4 drops it on import; see uno_bridge.py). `convert_once`, one `soffice --convert-to`,
is the fallback without UNO: the same PDF, except that charts have no /Alt.

Each conversion gets its own throw-away profile (two soffice processes sharing one
block or fail silently), prepared so that nothing outside the document is loaded
(options.write_profile). The document is converted from a private copy named
`dokument.docx`, so no file name – not even one beginning with `-`, which soffice
would read as an option – reaches LibreOffice's command line, and the PDF is moved
into place atomically, like every other file reportgen writes.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import stat
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from reportgen.errors import ConversionError, ReportgenError, ToolMissingError
from reportgen.files import atomic_output
from reportgen.pdf.options import DEFAULT_OPTIONS, PdfOptions, write_profile

CONVERSION_TIMEOUT_SECONDS = 180
STAGED_NAME = "dokument.docx"
INSTALL_HINT = (
    "Installera LibreOffice och försök igen – på Debian/Ubuntu: "
    "sudo apt-get install libreoffice-writer-nogui (på Windows/macOS: libreoffice.org)."
)


@dataclass(frozen=True)
class ConversionResult:
    docx: Path
    pdf: Path | None
    error: str | None = None


def find_soffice() -> str | None:
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    return None


def require_soffice() -> str:
    """Call before doing any work, so a missing LibreOffice costs the user nothing."""
    found = find_soffice()
    if found is None:
        raise ToolMissingError(f"--pdf kräver LibreOffice, som inte hittades. {INSTALL_HINT}")
    return found


def office_environment(root: Path) -> dict[str, str]:
    """HOME and TMPDIR inside `root`, so LibreOffice leaves nothing outside what we delete."""
    temporary = root / "tmp"
    temporary.mkdir(exist_ok=True)
    return {**os.environ, "HOME": str(root), "TMPDIR": str(temporary)}


def office_sockets(profile: Path, pipe: str | None = None) -> list[Path]:
    """The local sockets LibreOffice creates in /tmp (LibreOffice 7.4 ignores TMPDIR here).

    A LibreOffice that is killed leaves them behind: its single-instance pipe, named
    after the MD5 of the profile URL (in UTF-16, each byte in unpadded hex, as
    desktop/source/app/officeipcthread.cxx does), and the UNO pipe the pool names.
    """
    import hashlib

    digest = hashlib.md5(profile.as_uri().encode("utf-16-le"), usedforsecurity=False).digest()
    names = ["SingleOfficeIPC_" + "".join(f"{byte:x}" for byte in digest)]
    if pipe:
        names.append(pipe)
    folder = Path("/tmp") if os.access("/tmp", os.W_OK) else Path("/var/tmp")
    user = os.getuid() if hasattr(os, "getuid") else 0
    return [folder / f"OSL_PIPE_{user}_{name}" for name in names]


def remove_sockets(sockets: list[Path]) -> None:
    for socket in sockets:
        with contextlib.suppress(OSError):
            if stat.S_ISSOCK(socket.lstat().st_mode):
                socket.unlink()


def pdf_target(docx: Path, target: Path | None, *, force: bool) -> Path:
    path = target or docx.with_suffix(".pdf")
    if path.exists() and not force:
        raise ReportgenError(f"{path} finns redan. Ange --force för att skriva över den.")
    return path


def convert_to_pdf(
    docx: Path,
    *,
    soffice: str | None = None,
    force: bool = True,
    options: PdfOptions = DEFAULT_OPTIONS,
    target: Path | None = None,
) -> Path:
    """Convert `docx` to a PDF (beside it unless `target`) with a fresh LibreOffice, driven
    over UNO when possible (charts get their alt text), else with `--convert-to`."""
    from reportgen.pdf.pool import PdfPool, uno_python

    program = soffice or require_soffice()
    destination = pdf_target(docx, target, force=force)
    if uno_python() is None:
        return convert_once(docx, soffice=program, options=options, target=destination)
    with PdfPool(1, options=options, soffice=program) as pool:
        return pool.convert(docx, target=destination)


def convert_once(
    docx: Path,
    *,
    soffice: str | None = None,
    force: bool = True,
    options: PdfOptions = DEFAULT_OPTIONS,
    target: Path | None = None,
) -> Path:
    """Convert `docx` with one `soffice --convert-to`: the fallback without UNO, which
    cannot give charts their alt text (LibreOffice drops it on import)."""
    program = soffice or require_soffice()
    destination = pdf_target(docx, target, force=force)
    with tempfile.TemporaryDirectory(prefix="reportgen-lo-") as workdir:
        root = Path(workdir)
        write_profile(root / "profil")
        staged = root / "in" / STAGED_NAME
        staged.parent.mkdir()
        stage(docx, staged)
        outdir = root / "ut"
        try:
            completed = run_office(
                program, root / "profil", staged, outdir, options.convert_to_argument(), root
            )
        except subprocess.TimeoutExpired:
            raise ConversionError(
                f"LibreOffice blev inte klar med {docx} inom {CONVERSION_TIMEOUT_SECONDS} s. "
                "Öppna filen i LibreOffice för att se om den är skadad."
            ) from None
        produced = outdir / (Path(STAGED_NAME).stem + ".pdf")
        if completed.returncode != 0 or not produced.is_file():
            detail = (completed.stderr or completed.stdout or "").strip().splitlines()
            raise ConversionError(
                f"LibreOffice kunde inte skapa PDF av {docx}"
                + (f" ({detail[-1]})" if detail else "")
                + ". Kontrollera att filen går att öppna i LibreOffice."
            )
        place(produced, destination)
    return destination


def run_office(
    program: str, profile: Path, source: Path, outdir: Path, convert_to: str, workdir: Path
) -> subprocess.CompletedProcess[str]:
    """One headless LibreOffice conversion with its own profile, nothing read from stdin.

    On a timeout the profile's sockets are removed before TimeoutExpired goes on up,
    so a hung LibreOffice leaves nothing behind; callers word the message.
    """
    command = [
        program,
        f"-env:UserInstallation={profile.as_uri()}",
        "--headless",
        "--norestore",
        "--nolockcheck",
        "--convert-to",
        convert_to,
        "--outdir",
        str(outdir),
        str(source),
    ]
    try:
        return subprocess.run(
            command,
            capture_output=True,
            text=True,
            timeout=CONVERSION_TIMEOUT_SECONDS,
            check=False,
            env=office_environment(workdir),
            stdin=subprocess.DEVNULL,
        )
    except subprocess.TimeoutExpired:
        remove_sockets(office_sockets(profile))
        raise


def stage(docx: Path, staged: Path) -> None:
    try:
        shutil.copyfile(docx, staged)
    except OSError as exc:
        raise ConversionError(
            f"{docx} kunde inte läsas för PDF-konverteringen ({exc.strerror})."
        ) from None


def place(produced: Path, destination: Path) -> None:
    """Copy the finished PDF into place atomically (never a half-written PDF)."""
    with atomic_output(destination) as temporary:
        shutil.copyfile(produced, temporary)
