"""Safety checks for Office files (.docx, .xlsx) before any parser touches them.

Submitted reports and team spreadsheets are untrusted uploads. A renamed text
file, an old binary .doc, a password-protected document (which Office stores as
an OLE container, not a zip) or a zip bomb must each give a clear finding
instead of a parser traceback or an exhausted machine. Limits are checked on
the zip directory alone, before decompressing anything.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from reportgen.errors import InputError
from reportgen.findings import Finding, Severity
from reportgen.location import Location

MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_EXPANDED_BYTES = 200 * 1024 * 1024
MAX_ENTRIES = 5_000
MAX_RATIO = 200  # uncompressed / compressed for the whole archive

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

# suffix -> (what it should be, with its article; the part every such file has; the fix)
_KINDS = {
    ".docx": ("inget Word-dokument", "word/document.xml", "Spara om den i Word som .docx."),
    ".xlsx": ("ingen Excel-arbetsbok", "xl/workbook.xml", "Spara om den i Excel som .xlsx."),
}


def _fail(code: str, display: str, message: str) -> InputError:
    return InputError(
        f"{display}: {message}", [Finding(code, Severity.FEL, message, Location(display))]
    )


def check_office_file(path: Path, display: str | None = None) -> None:
    """Raise InputError (F001/F002) unless `path` is a plausible, sane .docx/.xlsx."""
    shown = display or str(path)
    suffix = path.suffix.lower()
    not_kind, main_part, resave = _KINDS.get(suffix, ("ingen Office-fil", "", "Spara om filen."))
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise _fail("F001", shown, "Filen finns inte. Kontrollera sökvägen.") from None
    except OSError as exc:
        raise _fail("F001", shown, f"Filen kan inte läsas ({exc.strerror}).") from None
    if size == 0:
        raise _fail("F001", shown, f"Filen är tom (0 byte) och är {not_kind}. {resave}")
    if size > MAX_FILE_BYTES:
        raise _fail(
            "F001",
            shown,
            f"Filen är {size // (1024 * 1024)} MB, större än gränsen "
            f"{MAX_FILE_BYTES // (1024 * 1024)} MB. Ta bort inbäddade bilder eller dela upp filen.",
        )
    with path.open("rb") as handle:
        head = handle.read(8)
    if head == _OLE_MAGIC:
        raise _fail(
            "F002",
            shown,
            f"Filen är lösenordsskyddad eller sparad i det gamla binära formatet (.doc/.xls). "
            f"Ta bort lösenordet och {resave[0].lower()}{resave[1:]}",
        )
    if not zipfile.is_zipfile(path):
        raise _fail(
            "F002",
            shown,
            f"Filen är {not_kind} (den är inte en Office Open XML-fil: kanske en omdöpt "
            f"textfil, eller en fil som blev avbruten när den sparades). {resave}",
        )
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            names = {info.filename for info in infos}
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise _fail(
            "F001", shown, f"Filen är skadad och kan inte öppnas ({exc}). {resave}"
        ) from None
    if len(infos) > MAX_ENTRIES:
        raise _fail("F001", shown, f"Filen innehåller orimligt många delar ({len(infos)}).")
    expanded = sum(info.file_size for info in infos)
    compressed = max(1, sum(info.compress_size for info in infos))
    megabytes = expanded // (1024 * 1024)
    if expanded > MAX_EXPANDED_BYTES:
        raise _fail(
            "F001",
            shown,
            f"Filen packas upp till {megabytes} MB, mer än gränsen "
            f"{MAX_EXPANDED_BYTES // (1024 * 1024)} MB – den kan vara skadad eller skadlig "
            "och öppnas inte.",
        )
    if expanded / compressed > MAX_RATIO and expanded > 10_000_000:
        raise _fail(
            "F001",
            shown,
            f"Filen packas upp {expanded // compressed} gånger större ({megabytes} MB), mer än "
            f"{MAX_RATIO} gånger som är gränsen – den kan vara skadad eller skadlig och öppnas "
            "inte.",
        )
    if any(info.flag_bits & 0x1 for info in infos):
        raise _fail("F002", shown, f"Filen är krypterad. Ta bort lösenordet. {resave}")
    if main_part and main_part not in names:
        raise _fail(
            "F002",
            shown,
            f"Filen är en zip-fil men {not_kind} (saknar {main_part}). {resave}",
        )
