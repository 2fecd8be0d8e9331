"""Word -> PDF with LibreOffice in headless mode: the file board members actually read.

Each conversion gets its own throw-away LibreOffice user profile, because two
soffice processes sharing one profile block or fail silently; that is what lets
a batch convert in a small pool. The PDF is moved into place atomically, like
every other file reportgen writes.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from reportgen.errors import ReportgenError, ToolMissingError
from reportgen.render.docx import atomic_output

CONVERSION_TIMEOUT_SECONDS = 180
INSTALL_HINT = (
    "Installera LibreOffice och försök igen – på Debian/Ubuntu: "
    "sudo apt-get install libreoffice-writer-nogui (på Windows/macOS: libreoffice.org)."
)


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


class ConversionError(ReportgenError):
    """LibreOffice ran but produced no PDF."""


def convert_to_pdf(docx: Path, *, soffice: str | None = None, force: bool = True) -> Path:
    """Convert `docx` to a PDF beside it and return the PDF's path."""
    program = soffice or require_soffice()
    target = docx.with_suffix(".pdf")
    if target.exists() and not force:
        raise ReportgenError(f"{target} finns redan. Ange --force för att skriva över den.")
    with (
        tempfile.TemporaryDirectory(prefix="reportgen-lo-profil-") as profile,
        tempfile.TemporaryDirectory(prefix="reportgen-lo-ut-") as outdir,
    ):
        command = [
            program,
            f"-env:UserInstallation={Path(profile).as_uri()}",
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--convert-to",
            "pdf",
            "--outdir",
            outdir,
            str(docx),
        ]
        try:
            completed = subprocess.run(
                command,
                capture_output=True,
                text=True,
                timeout=CONVERSION_TIMEOUT_SECONDS,
                check=False,
                env={**os.environ, "HOME": profile},
            )
        except subprocess.TimeoutExpired:
            raise ConversionError(
                f"LibreOffice blev inte klar med {docx} inom {CONVERSION_TIMEOUT_SECONDS} s. "
                "Öppna filen i LibreOffice för att se om den är skadad."
            ) from None
        produced = Path(outdir) / f"{docx.stem}.pdf"
        if completed.returncode != 0 or not produced.is_file():
            detail = (completed.stderr or completed.stdout or "").strip().splitlines()
            raise ConversionError(
                f"LibreOffice kunde inte skapa PDF av {docx}"
                + (f" ({detail[-1]})" if detail else "")
                + ". Kontrollera att filen går att öppna i LibreOffice."
            )
        with atomic_output(target) as temporary:
            shutil.copyfile(produced, temporary)
    return target


@dataclass(frozen=True)
class ConversionResult:
    docx: Path
    pdf: Path | None
    error: str | None = None


def convert_many(
    documents: Iterable[Path],
    *,
    jobs: int = 2,
    on_done: Callable[[ConversionResult], None] | None = None,
) -> list[ConversionResult]:
    """Convert several documents in a small pool; one failure never stops the others."""
    program = require_soffice()

    def one(docx: Path) -> ConversionResult:
        try:
            return ConversionResult(docx, convert_to_pdf(docx, soffice=program))
        except ReportgenError as exc:
            return ConversionResult(docx, None, exc.message)

    results: list[ConversionResult] = []
    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        for result in pool.map(one, list(documents)):
            results.append(result)
            if on_done is not None:
                on_done(result)
    return results
