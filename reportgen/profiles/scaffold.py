"""`reportgen init --förbund ID`: a new intervention folder for a funder's own form.

A profile folder may hold its own commented skeleton (`insats-mall.yaml`, the
same placeholders as reportgen's: `{typ}`, `{start}`, `{end}`, `{report_end}`);
without one, reportgen's skeleton is written with the funder's id. The
workbook is adapted to the profile (its ladder, its extra columns).
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from reportgen.files import write_atomically
from reportgen.profile import Profile, load_profile
from reportgen.profiles.workbook import write_profile_workbook
from reportgen.scaffold import new_intervention_files, skeleton_text, write_schema

SKELETON = "insats-mall.yaml"


def profile_skeleton(profile: Profile, kind: str, *, today: date | None = None) -> str:
    own = profile.directory / SKELETON
    if not own.is_file():
        text = skeleton_text(kind, today=today)
        return re.sub(r"(?m)^förbund:\s*\S+", f"förbund: {profile.id}", text, count=1)
    year = (today or date.today()).year
    report_end = f"{year}-06-30" if kind == "delrapport" else f"{year}-12-31"
    return own.read_text(encoding="utf-8").format(
        typ=kind, start=f"{year}-01-01", end=f"{year}-12-31", report_end=report_end
    )


def _write_text(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


def init_for_profile(folder: Path, *, kind: str, profile_id: str) -> list[Path]:
    """Create insats.yaml, its schema and statistik.xlsx for `profile_id`; never overwrite."""
    profile = load_profile(profile_id)
    targets = new_intervention_files(folder)
    text = profile_skeleton(profile, kind)
    write_atomically(targets[0], lambda tmp: _write_text(tmp, text))
    write_schema(targets[1])
    write_profile_workbook(targets[2], profile)
    return targets
