"""Reports that arrive as .doc, .odt, .rtf or .pdf instead of .docx.

Owners still save in Word's old format, in LibreOffice's or as RTF. When
LibreOffice is installed, such a file is converted to .docx in a private
temporary folder and checked like any report (F003 says it was converted and
asks for .docx next time); without LibreOffice, and always for a PDF (whose
text cannot be read back into the template's fields reliably), the finding
says "spara som .docx i Word". The conversion uses a throw-away LibreOffice
profile that loads nothing from outside the document (reportgen.pdf's), a
copy under a fixed name (no file name of the owner's reaches the command
line) and a time limit; the original is never touched.
"""

from __future__ import annotations

import contextlib
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

from reportgen.codes import finding
from reportgen.errors import InputError
from reportgen.location import Location
from reportgen.sources.ooxml import MAX_FILE_BYTES

CONVERTIBLE_SUFFIXES = frozenset({".doc", ".odt", ".rtf"})
OTHER_SUFFIXES = CONVERTIBLE_SUFFIXES | {".pdf"}
CONVERSION_TIMEOUT_SECONDS = 60
_FORMATS = {".doc": "Word 97–2003 (.doc)", ".odt": "OpenDocument (.odt)", ".rtf": "RTF (.rtf)"}
SAVE_AS_DOCX = (
    "Be insatsägaren spara som .docx i Word (Arkiv > Spara som > Word-dokument (*.docx)) "
    "och skicka in rapporten igen."
)


def find_soffice() -> str | None:
    """LibreOffice's program, found by reportgen.pdf: imported only when a file needs
    converting (reportgen.pdf brings urllib, http and ssl, ~15 ms on every `check`)."""
    from reportgen.pdf.convert import find_soffice as find

    return find()


def refuse(path: Path, display: str, reason: str) -> InputError:
    message = f"{reason} {SAVE_AS_DOCX}"
    return InputError(f"{display}: {message}", [finding("F002", message, Location(display))])


def converted_message(path: Path) -> str:
    """F003: what was done with a file that was not .docx."""
    shown = _FORMATS.get(path.suffix.lower(), path.suffix)
    return (
        f"Filen är sparad som {shown}, inte .docx. Den konverterades till .docx med "
        "LibreOffice för granskningen; formatering och placering kan ha ändrats, så kontrollera "
        f"fynden mot originalet. {SAVE_AS_DOCX}"
    )


@contextlib.contextmanager
def as_docx(path: Path, display: str) -> Iterator[Path]:
    """The file converted to a .docx in a private temporary folder (removed afterwards)."""
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        raise refuse(
            path,
            display,
            "En PDF kan inte granskas: rapportens avsnitt och tabeller går inte att läsa ut "
            "säkert ur en PDF.",
        )
    soffice = find_soffice()
    if soffice is None:
        raise refuse(
            path,
            display,
            f"Filen är sparad som {_FORMATS.get(suffix, suffix)}, inte .docx, och LibreOffice "
            "finns inte på den här datorn för att konvertera den.",
        )
    try:
        size = path.stat().st_size
    except OSError as exc:
        message = f"Filen kan inte läsas ({exc.strerror})."
        raise InputError(
            f"{display}: {message}", [finding("F001", message, Location(display))]
        ) from None
    if size > MAX_FILE_BYTES:
        message = (
            f"Filen är {size // (1024 * 1024)} MB, större än gränsen "
            f"{MAX_FILE_BYTES // (1024 * 1024)} MB."
        )
        raise InputError(f"{display}: {message}", [finding("F001", message, Location(display))])
    with tempfile.TemporaryDirectory(prefix="reportgen-konv-") as work:
        root = Path(work)
        yield _convert(soffice, path, display, root)


def _convert(soffice: str, path: Path, display: str, root: Path) -> Path:
    import subprocess  # here, not at the top: every `check` imports this module (~2 ms)

    from reportgen.pdf.convert import run_office
    from reportgen.pdf.options import write_profile

    profile = root / "profil"
    write_profile(profile)
    staged = root / "in" / f"rapport{path.suffix.lower()}"
    staged.parent.mkdir()
    outdir = root / "ut"
    try:
        shutil.copyfile(path, staged)
        completed = run_office(soffice, profile, staged, outdir, "docx:MS Word 2007 XML", root)
    except subprocess.TimeoutExpired:
        raise refuse(
            path,
            display,
            f"LibreOffice blev inte klar med konverteringen inom {CONVERSION_TIMEOUT_SECONDS} s.",
        ) from None
    except OSError as exc:
        raise refuse(path, display, f"Filen kunde inte konverteras ({exc.strerror}).") from None
    produced = outdir / "rapport.docx"
    if completed.returncode != 0 or not produced.is_file():
        raise refuse(
            path,
            display,
            f"Filen kunde inte konverteras till .docx med LibreOffice (den kan vara skadad "
            f"eller inte vara {_FORMATS.get(path.suffix.lower(), path.suffix)}).",
        )
    return produced
