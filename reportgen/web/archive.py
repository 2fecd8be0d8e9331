"""Zip files in and out: the year-end upload, checked before anything is unpacked, and the result.

An uploaded zip is hostile until read. Its directory is checked first – number of
entries, unpacked size of each and of all, packing ratio (a zip bomb packs gigabytes
of zeros into kilobytes), names that climb out of the folder (`../`, `/etc`, `C:\\`),
symbolic links, encryption, and the file types an intervention folder holds – and
only then is anything unpacked, counting real bytes as they come (a header can lie).
"""

from __future__ import annotations

import os
import re
import shutil
import stat
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from reportgen.web.settings import ZipLimits, format_size

EXTRACTED = (".yaml", ".yml", ".xlsx")
# What else an intervention folder may hold: left out, never refused.
IGNORED = (".json", ".docx", ".pdf", ".txt", ".md")
_JUNK = re.compile(r"(^|/)(__MACOSX/|\.DS_Store$|Thumbs\.db$|desktop\.ini$|~\$)", re.I)
_DRIVE = re.compile(r"^[A-Za-z]:")
RATIO_FLOOR = 1024 * 1024  # the ratio matters only for entries that unpack to more than this


class ArchiveRefused(Exception):
    """The archive breaks a limit or holds what it should not; `status` is the HTTP answer."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message


@dataclass(frozen=True)
class Member:
    info: zipfile.ZipInfo
    target: PurePosixPath  # where it goes, relative to the extraction folder


def _refuse(code: str, message: str, status: int = 422) -> ArchiveRefused:
    return ArchiveRefused(status, code, message)


def plan(path: Path, limits: ZipLimits) -> list[Member]:
    """Check the archive's directory against `limits`; return what will be unpacked."""
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise _refuse(
            "inte_zip",
            "Arkivet är ingen giltig zip-fil. Packa insatsmapparna med 'Skicka till → "
            "Komprimerad mapp' (Windows) eller 'Komprimera' (macOS) och försök igen.",
            415,
        ) from None
    if len(infos) > limits.max_entries:
        raise _refuse(
            "for_manga_filer",
            f"Arkivet innehåller {len(infos)} filer; högst {limits.max_entries} tas emot.",
            413,
        )
    members: list[Member] = []
    total = 0
    seen: set[str] = set()
    for info in infos:
        name = info.filename.replace("\\", "/")
        if info.is_dir() or _JUNK.search(name):
            continue
        _check_name(info, name)
        suffix = os.path.splitext(name)[1].lower()
        if suffix in IGNORED or PurePosixPath(name).name.startswith("."):
            continue
        if suffix not in EXTRACTED:
            raise _refuse(
                "fel_filtyp",
                f"Arkivet innehåller {name}, som inte hör till en insatsmapp (filtypen "
                f"'{suffix or '(ingen)'}'). Ta bort den: bara insats.yaml och statistik.xlsx "
                "behövs.",
                415,
            )
        _check_size(info, name, limits)
        total += info.file_size
        if total > limits.max_expanded:
            raise _refuse(
                "for_stort_uppackat",
                f"Arkivet blir mer än {format_size(limits.max_expanded)} uppackat. Skicka "
                "färre insatser per gång.",
                413,
            )
        key = name.casefold()
        if key in seen:
            raise _refuse("dubblett", f"Arkivet innehåller {name} två gånger.")
        seen.add(key)
        members.append(Member(info, PurePosixPath(name)))
    if not any(m.target.name.lower() == "insats.yaml" for m in members):
        raise _refuse(
            "ingen_insats",
            "Arkivet innehåller ingen insats.yaml. Varje insats ska ligga i en egen mapp med "
            "sin insats.yaml (och statistik.xlsx).",
        )
    return _without_common_top(members)


def _check_name(info: zipfile.ZipInfo, name: str) -> None:
    parts = PurePosixPath(name).parts
    if name.startswith("/") or _DRIVE.match(name) or ".." in parts or "\x00" in name:
        raise _refuse(
            "otillaten_sokvag",
            f"Arkivet innehåller sökvägen '{name}', som pekar utanför arkivet. Packa om "
            "mapparna utan absoluta sökvägar eller '..'.",
        )
    if stat.S_ISLNK(info.external_attr >> 16):
        raise _refuse(
            "lank", f"Arkivet innehåller en symbolisk länk ({name}); packa om utan länkar."
        )
    if info.flag_bits & 0x1:
        raise _refuse("krypterad", f"{name} i arkivet är lösenordsskyddad; packa om utan lösenord.")


def _check_size(info: zipfile.ZipInfo, name: str, limits: ZipLimits) -> None:
    if info.file_size > limits.max_entry:
        raise _refuse(
            "for_stor_fil",
            f"{name} blir {format_size(info.file_size)} uppackad; högst "
            f"{format_size(limits.max_entry)} per fil tas emot.",
            413,
        )
    packed = max(1, info.compress_size)
    if info.file_size > RATIO_FLOOR and info.file_size / packed > limits.max_ratio:
        raise _refuse(
            "zipbomb",
            f"{name} är packad {info.file_size // packed} gånger (högst {limits.max_ratio} "
            "tas emot) – arkivet ser ut som en zip-bomb och packas inte upp.",
            413,
        )


def _without_common_top(members: list[Member]) -> list[Member]:
    """`insatser/a/insats.yaml`, `insatser/b/…` -> `a/insats.yaml`, `b/…` (nicer output names)."""
    tops = {m.target.parts[0] for m in members}
    if len(tops) != 1 or any(len(m.target.parts) < 3 for m in members):
        return members
    return [Member(m.info, PurePosixPath(*m.target.parts[1:])) for m in members]


def extract(path: Path, members: list[Member], folder: Path, limits: ZipLimits) -> None:
    """Unpack `members` into `folder`, stopping at any file larger than its header said."""
    root = folder.resolve()
    with zipfile.ZipFile(path) as archive:
        for member in members:
            target = (root / member.target).resolve()
            if root not in target.parents:  # plan() already refused this; belt and braces
                raise _refuse("otillaten_sokvag", f"{member.info.filename} pekar utanför arkivet.")
            target.parent.mkdir(parents=True, exist_ok=True)
            allowed = min(member.info.file_size, limits.max_entry)
            with archive.open(member.info) as source, target.open("xb") as out:
                written = 0
                while chunk := source.read(1024 * 1024):
                    written += len(chunk)
                    if written > allowed:
                        raise _refuse(
                            "zipbomb",
                            f"{member.info.filename} är större uppackad än arkivet anger; "
                            "arkivet packas inte upp.",
                            413,
                        )
                    out.write(chunk)


def pack(folder: Path, target: Path) -> Path:
    """Every file under `folder` into the zip `target` (paths relative to `folder`)."""
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file() and not path.is_symlink() and not path.name.startswith("."):
                archive.write(path, path.relative_to(folder).as_posix())
    return target


def remove(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)
