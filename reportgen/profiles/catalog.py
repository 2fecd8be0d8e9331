"""`reportgen profil lista`: every profile found, with a version that is its content.

The version is a hash of every file in the profile's folder (profile.yaml,
the Word templates, the examples), so two associations – or a report and the
profile it was checked against – can tell whether they used the same profile
without anyone keeping version numbers.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from reportgen.errors import ProfileError
from reportgen.profile import load_profile_dir
from reportgen.profile.search import operator_folders, profile_folders

VERSION_LENGTH = 12


@dataclass(frozen=True)
class ProfileEntry:
    id: str
    folder: Path
    version: str
    name: str = ""
    kinds: tuple[tuple[str, str], ...] = ()  # (kind, the title it prints)
    operator: bool = False  # from --profiler / $REPORTGEN_PROFILER
    problem: str = ""  # why it could not be loaded

    def as_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "namn": self.name,
            "rapporttyper": dict(self.kinds),
            "version": self.version,
            "mapp": str(self.folder),
            "operatör": self.operator,
            "fel": self.problem or None,
        }


def content_version(folder: Path) -> str:
    """A hash of the folder's files (names and bytes), caches and hidden files left out."""
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if not path.is_file() or any(
            part.startswith(".") or part == "__pycache__" for part in relative.parts
        ):
            continue
        digest.update(relative.as_posix().encode("utf-8") + b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()[:VERSION_LENGTH]


def list_profiles() -> list[ProfileEntry]:
    operator = {folder.resolve() for folder in operator_folders()}
    entries = []
    for profile_id, folder in sorted(profile_folders().items()):
        by_operator = folder in operator or folder.parent in operator
        version = content_version(folder)
        try:
            profile = load_profile_dir(folder)
        except ProfileError as exc:
            entries.append(
                ProfileEntry(profile_id, folder, version, operator=by_operator, problem=exc.message)
            )
            continue
        entries.append(
            ProfileEntry(
                profile_id,
                folder,
                version,
                name=profile.name,
                kinds=tuple(profile.titles.items()),
                operator=by_operator,
            )
        )
    return entries
