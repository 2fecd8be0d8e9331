"""Uploaded files onto disk: a private folder per request, safe names, the expected types.

A browser sends whatever name the user's file had ("C:\\Users\\anna\\rapport.docx",
"../../etc/passwd", "   .docx"); only its last part is kept, cleaned, and made unique
inside the request's own folder, which nobody else can read and which is deleted
when the answer has been sent (`request_folder`).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import shutil
import tempfile
import unicodedata
from collections.abc import AsyncIterator, Iterable, Sequence
from pathlib import Path

from starlette.datastructures import UploadFile

from reportgen.web.problems import ApiError

REPORT_SUFFIXES = (".docx",)
YAML_SUFFIXES = (".yaml", ".yml")
WORKBOOK_SUFFIXES = (".xlsx",)
MAX_NAME = 100

_UNSAFE = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*]+')


def safe_name(filename: str | None, fallback: str) -> str:
    """The last part of an uploaded file's name, without anything a file system minds."""
    raw = (filename or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = _UNSAFE.sub("_", unicodedata.normalize("NFC", raw)).strip().lstrip(".").strip()
    if not name or set(name) <= {"_", " ", "."}:
        return fallback
    if len(name) > MAX_NAME:
        stem, dot, suffix = name.rpartition(".")
        name = (stem[: MAX_NAME - len(suffix) - 1] + dot + suffix) if dot else name[:MAX_NAME]
    return name


def unique_names(names: Iterable[str]) -> list[str]:
    """`rapport.docx`, `rapport.docx` -> `rapport.docx`, `rapport (2).docx`."""
    taken: set[str] = set()
    unique = []
    for name in names:
        candidate, number = name, 2
        stem, dot, suffix = name.rpartition(".")
        while candidate.casefold() in taken:
            candidate = f"{stem} ({number}).{suffix}" if dot else f"{name} ({number})"
            number += 1
        taken.add(candidate.casefold())
        unique.append(candidate)
    return unique


def suffix_of(name: str) -> str:
    return os.path.splitext(name)[1].lower()


def wrong_type(name: str, expected: str, field: str) -> ApiError:
    return ApiError(
        415,
        "fel_filtyp",
        f"{name}: filtypen '{suffix_of(name) or '(ingen)'}' tas inte emot här. Skicka {expected}.",
        field=field,
    )


def present(uploads: Iterable[UploadFile | str | None]) -> list[UploadFile]:
    """The files actually chosen: a browser sends an empty part for an empty file input."""
    return [u for u in uploads if isinstance(u, UploadFile) and (u.filename or u.size)]


@contextlib.asynccontextmanager
async def request_folder(root: Path) -> AsyncIterator[Path]:
    """A folder only this process can read, deleted (with everything in it) afterwards."""
    folder = Path(await asyncio.to_thread(tempfile.mkdtemp, prefix="begaran-", dir=root))
    try:
        yield folder
    finally:
        await asyncio.to_thread(shutil.rmtree, folder, True)


async def save(upload: UploadFile, target: Path, *, field: str) -> int:
    """Copy an upload to `target`; refuse an empty file. Returns the size in bytes."""

    def copy() -> int:
        upload.file.seek(0)
        with target.open("xb") as out:
            shutil.copyfileobj(upload.file, out, 1024 * 1024)
            return out.tell()

    size = await asyncio.to_thread(copy)
    if size == 0:
        raise ApiError(
            400,
            "tom_fil",
            f"{target.name} är tom (0 byte). Välj filen igen; kontrollera att den sparats.",
            field=field,
        )
    return size


async def save_review_files(
    uploads: Sequence[UploadFile], folder: Path, *, max_files: int
) -> list[str]:
    """Save the files to review; return the names to inspect (reports and insats files).

    A workbook is read through the insats.yaml that names it, so it is only accepted
    beside one; anything that is neither a report, an insats file nor a workbook is
    refused before anything is read.
    """
    if not uploads:
        raise ApiError(
            400,
            "ingen_fil",
            "Ingen fil skickades. Välj en eller flera inskickade rapporter (.docx), "
            "eller en insats.yaml med sin statistik.xlsx.",
            field="fil",
        )
    if len(uploads) > max_files:
        raise ApiError(
            413,
            "for_manga_filer",
            f"{len(uploads)} filer skickades; högst {max_files} tas emot per gång. "
            "Dela upp dem på flera granskningar.",
            field="fil",
        )
    names = unique_names(safe_name(u.filename, f"fil-{i + 1}") for i, u in enumerate(uploads))
    accepted = REPORT_SUFFIXES + YAML_SUFFIXES + WORKBOOK_SUFFIXES
    for name in names:
        if suffix_of(name) not in accepted:
            raise wrong_type(
                name, "inskickade rapporter (.docx), insats.yaml eller statistik.xlsx", "fil"
            )
    inspected = [n for n in names if suffix_of(n) in REPORT_SUFFIXES + YAML_SUFFIXES]
    if not any(suffix_of(n) in YAML_SUFFIXES for n in names) and any(
        suffix_of(n) in WORKBOOK_SUFFIXES for n in names
    ):
        raise ApiError(
            422,
            "arbetsbok_utan_insats",
            "En statistik-arbetsbok granskas tillsammans med sin insats: skicka insats.yaml "
            "(som anger arbetsboken under 'statistik:') i samma granskning.",
            field="fil",
        )
    for upload, name in zip(uploads, names, strict=True):
        await save(upload, folder / name, field="fil")
    return inspected
