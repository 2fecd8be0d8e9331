"""`reportgen init` and `reportgen schema`: give owners a file they can fill in.

The skeleton is a commented insats.yaml (the comments are the funder's own
wording, so owners recognise each section) plus the JSON Schema next to it, so
editors such as VS Code offer completion and hover help offline, and the
participant workbook statistik.xlsx with drop-down lists and instructions.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from importlib import resources
from pathlib import Path

from reportgen.errors import OutputExistsError
from reportgen.files import write_atomically

SCHEMA_FILE = "insats.schema.json"
STATISTICS_FILE = "statistik.xlsx"


def schema_text() -> str:
    from reportgen.model import json_schema

    return json.dumps(json_schema(), ensure_ascii=False, indent=2) + "\n"


def _writer(text: str) -> Callable[[Path], None]:
    def write(temporary: Path) -> None:
        temporary.write_text(text, encoding="utf-8")

    return write


def write_schema(path: Path) -> None:
    write_atomically(path, _writer(schema_text()))


def skeleton_text(kind: str, *, today: date | None = None) -> str:
    """The commented insats.yaml; periods default to the current calendar year.

    A delrapport's report period defaults to the first half-year: an interim report that
    claimed the whole year would be judged (and read) as covering it.
    """
    year = (today or date.today()).year
    template = resources.files("reportgen").joinpath("skeleton/insats.yaml").read_text("utf-8")
    report_end = f"{year}-06-30" if kind == "delrapport" else f"{year}-12-31"
    return template.format(
        typ=kind, start=f"{year}-01-01", end=f"{year}-12-31", report_end=report_end
    )


def new_intervention_files(folder: Path) -> list[Path]:
    """insats.yaml, its schema and statistik.xlsx in `folder` (created), none of which may
    exist yet: init never overwrites an owner's files."""
    targets = [folder / "insats.yaml", folder / SCHEMA_FILE, folder / STATISTICS_FILE]
    existing = [p for p in targets if p.exists()]
    if existing:
        names = ", ".join(str(p) for p in existing)
        raise OutputExistsError(
            f"{names} finns redan. init skriver aldrig över befintliga filer – "
            "välj en ny mapp eller ta bort filen först."
        )
    folder.mkdir(parents=True, exist_ok=True)
    return targets


def init_intervention(folder: Path, *, kind: str = "slutrapport") -> list[Path]:
    """Create the files of a new intervention folder; refuse if any already exists."""
    from reportgen.workbook_template import write_statistics_workbook

    targets = new_intervention_files(folder)
    write_atomically(targets[0], _writer(skeleton_text(kind)))
    write_schema(targets[1])
    write_statistics_workbook(targets[2])
    return targets
