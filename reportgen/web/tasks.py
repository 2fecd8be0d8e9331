"""The work the service's worker processes do: review, build, starter files.

Each function takes and returns plain, picklable values (paths as strings, findings
as `check --format json` dicts), because it runs in another process (pool.py).
A worker serves one request at a time, so it may change directory: it works inside
the request's private folder with relative paths, and every path and message the
user sees names the uploaded file ("rapport.docx"), never the server's folder.
Importing this module warms a worker: the forkserver imports it once (preload), and
every worker forked from it starts with the pipeline, the rules and the renderers loaded.
"""

from __future__ import annotations

import contextlib
import io
import re
import zipfile
from pathlib import Path
from typing import Any

from reportgen.findings import Finding, sort_findings
from reportgen.pipeline import BuildStatus, FileCheck, build_one, inspect
from reportgen.profile import Profile
from reportgen.review import as_payload
from reportgen.web.sections import group_of

OUTPUT_DIR = "rapport"
MARKED_UP_DIR = "kommenterade"

# What only the service's tasks need, besides reportgen.preload's build modules.
_SERVICE_MODULES = (
    "reportgen.sources.docx.source",
    "reportgen.render.stats_tables",
    "reportgen.workbook_template",
    "reportgen.staff",
    "docxtpl",
    "openpyxl",
)


def warm() -> None:
    """Import what every task needs, once, in the forkserver (see the module docstring)."""
    from reportgen.preload import preload

    preload(_SERVICE_MODULES)


def file_entry(display: str, findings: list[Finding], profile: Profile | None) -> dict[str, Any]:
    """One file as `check --format json` gives it, plus the template group of each finding."""
    ordered = sort_findings(findings)
    return {
        "path": display,
        "findings": [f.as_dict() for f in ordered],
        "groups": [group_of(f, profile).as_dict() for f in ordered],
    }


def review(folder: str, names: list[str], funder: str | None = None) -> list[dict[str, Any]]:
    """`reportgen check` on each uploaded file (docx reports, insats.yaml), in `folder`;
    `funder` is `check --förbund`: read the reports with that funder's form."""
    with contextlib.chdir(folder):
        return [_entry(check) for check in _checks(names, funder)]


def review_for_staff(folder: str, names: list[str], funder: str | None = None) -> dict[str, Any]:
    """`review`, plus what staff act on (reportgen.staff): the findings workbook, and for
    each report a copy with a Word comment per finding and a letter asking for completion.

    The extras never cost the review: one that cannot be made is left out.
    """
    from reportgen import staff
    from reportgen.staff.markup import SUFFIX, plan

    with contextlib.chdir(folder):
        checks = _checks(names, funder)
        entries = [_entry(check) for check in checks]
        Path(MARKED_UP_DIR).mkdir()
        copies: dict[int, tuple[str, bytes]] = {}
        for check, target in plan(checks, Path(MARKED_UP_DIR), SUFFIX):
            with contextlib.suppress(Exception):
                staff.write_marked_up_copy(check, target)
                copies[id(check)] = (target.name, target.read_bytes())
        for check, entry in zip(checks, entries, strict=True):
            entry["marked_up"] = copies.get(id(check))
            entry["letter"] = None
            with contextlib.suppress(Exception):
                entry["letter"] = staff.completion_letter(check)
        workbook: bytes | None = None
        with contextlib.suppress(Exception):
            buffer = io.BytesIO()
            staff.build_workbook(checks).save(buffer)
            workbook = buffer.getvalue()
    return {"files": entries, "workbook": workbook}


def _checks(names: list[str], funder: str | None) -> list[FileCheck]:
    return [inspect(Path(name), profile=funder or None) for name in names]


def _entry(check: FileCheck) -> dict[str, Any]:
    payload = as_payload([check])["files"][0]
    profile = check.loaded.profile if check.loaded else None
    entry = file_entry(payload["path"], check.findings, profile)
    entry["findings"] = payload["findings"]  # exactly the CLI's, whatever changes
    entry.update(
        name=check.name,
        readable=check.readable,
        kind=check.loaded.report.kind if check.loaded else None,
    )
    return entry


def build(folder: str, insats: str, kind: str | None, draft: bool) -> dict[str, Any]:
    """`build_one` on the uploaded insats.yaml; the report lands in `folder`/rapport/."""
    with contextlib.chdir(folder):
        Path(OUTPUT_DIR).mkdir(exist_ok=True)
        outcome = build_one(Path(insats), output_dir=Path(OUTPUT_DIR), kind=kind, draft=draft)
        profile = outcome.loaded.profile if outcome.loaded else None
        built = outcome.status is BuildStatus.BUILT and outcome.output is not None
        return {
            "status": outcome.status.name,
            "message": outcome.message,
            "output": str(Path(folder) / outcome.output) if built and outcome.output else None,
            "draft": outcome.draft,
            "kind": outcome.kind,
            "name": outcome.loaded.report.intervention.name if outcome.loaded else None,
            "errors": outcome.errors,
            "warnings": outcome.warnings,
            "file": file_entry(outcome.display, outcome.findings, profile),
        }


def starter_files(profile_id: str, kind: str = "slutrapport") -> bytes:
    """A zip with the starter insats.yaml, its JSON Schema and statistik.xlsx for a funder.

    The same files `reportgen init` writes, made in memory: nothing touches the disk.
    """
    from reportgen.scaffold import SCHEMA_FILE, STATISTICS_FILE, schema_text, skeleton_text
    from reportgen.workbook_template import build_workbook

    text = skeleton_text(kind)
    # The skeleton names the default funder; a starter for another funder names that one.
    text = re.sub(r"^förbund:\s*\S+", f"förbund: {profile_id}", text, count=1, flags=re.M)
    workbook = io.BytesIO()
    build_workbook().save(workbook)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("insats.yaml", text)
        archive.writestr(SCHEMA_FILE, schema_text())
        archive.writestr(STATISTICS_FILE, workbook.getvalue())
    return buffer.getvalue()


def sample_documents(paths: list[str]) -> None:
    """Small Word documents for warming up LibreOffice (service.py) – no user's file."""
    from docx import Document

    document = Document()
    document.add_heading("Provdokument", level=1)
    document.add_paragraph("Startar LibreOffice för PDF.")
    for path in paths:
        document.save(path)


def ping() -> str:
    """A no-op the readiness probe and the tests send through the pool."""
    return "ok"


warm()
