"""Where funder profiles come from: the installed ones and folders the operator names.

Installed profiles live in the package (`reportgen/_templates`, or `templates/`
in a checkout), or under `$REPORTGEN_MALLAR` when set (it replaces them). The
operator may add folders with `--profiler MAPP` or `$REPORTGEN_PROFILER` (several
separated by the platform's path separator): each is either one profile
(it holds profile.yaml) or a folder of profiles. Operator folders come first,
so an operator can try a changed copy of an installed profile.

An owner's insats.yaml never adds to this list: `förbund:` is an identifier
looked up here (see `reportgen.profile.load_profile`). This module only deals
with paths, so both `reportgen.profile` and the `profil` commands can use it.
"""

from __future__ import annotations

import os
from pathlib import Path

TEMPLATES_ENV = "REPORTGEN_MALLAR"
OPERATOR_ENV = "REPORTGEN_PROFILER"
PROFILE_FILE = "profile.yaml"

_operator_folders: list[Path] = []


def templates_root() -> Path:
    """Where installed profiles live: $REPORTGEN_MALLAR, the installed copy, or the checkout."""
    env = os.environ.get(TEMPLATES_ENV)
    if env:
        return Path(env)
    here = Path(__file__).resolve().parent.parent
    installed = here / "_templates"
    if installed.is_dir():
        return installed
    return here.parent / "templates"


def add_operator_folders(folders: list[Path]) -> None:
    """Folders named on the command line (`--profiler MAPP`), for this process."""
    for folder in folders:
        resolved = folder.resolve()
        if resolved not in _operator_folders:
            _operator_folders.append(resolved)


def operator_folders() -> list[Path]:
    """`--profiler` folders, then $REPORTGEN_PROFILER's, in the order given."""
    found = list(_operator_folders)
    for part in os.environ.get(OPERATOR_ENV, "").split(os.pathsep):
        if part.strip():
            resolved = Path(part.strip()).resolve()
            if resolved not in found:
                found.append(resolved)
    return found


def profile_folders() -> dict[str, Path]:
    """Profile id (its folder's name) -> folder; an operator's folder wins over an installed one."""
    found: dict[str, Path] = {}
    for folder in [*operator_folders(), templates_root()]:
        for candidate in _profiles_in(folder):
            found.setdefault(candidate.name, candidate)
    return found


def _profiles_in(folder: Path) -> list[Path]:
    if (folder / PROFILE_FILE).is_file():
        return [folder.resolve()]
    if not folder.is_dir():
        return []
    return sorted(p.parent.resolve() for p in folder.glob(f"*/{PROFILE_FILE}"))
