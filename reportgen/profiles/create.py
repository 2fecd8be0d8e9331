"""`reportgen profil ny MAPP --från ID`: a copy of a profile to start a new funder from.

The copy gets the folder's name as its id; everything else (name, page
header, headings, templates, examples) is the source's until the new funder's
staff change it, and `reportgen profil kontrollera MAPP` tells them what still
disagrees.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from reportgen.errors import OutputExistsError, ProfileError
from reportgen.profile import PROFILE_ID, load_profile


def copy_profile(source_id: str, target: Path) -> Path:
    """Copy profile `source_id` to `target` (which must not exist); returns the new folder."""
    if not PROFILE_ID.fullmatch(target.name):
        raise ProfileError(
            f"Mappnamnet '{target.name}' blir profilens id och får bara innehålla små bokstäver "
            "a–z, siffror och bindestreck (t.ex. timra)."
        )
    if target.exists():
        raise OutputExistsError(f"{target} finns redan. Välj en ny mapp.")
    source = load_profile(source_id)
    shutil.copytree(
        source.directory, target, ignore=shutil.ignore_patterns("__pycache__", "*.pyc", ".*")
    )
    profile_file = target / "profile.yaml"
    text = profile_file.read_text(encoding="utf-8")
    text, replaced = re.subn(r"(?m)^id:.*$", f"id: {target.name}", text, count=1)
    if not replaced:
        text = f"id: {target.name}\n{text}"
    profile_file.write_text(text, encoding="utf-8")
    return target
