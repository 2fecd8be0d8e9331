"""`reportgen build`: check an intervention, then write its report.

Checks run first. A report with any `fel` is not written (the funder's
template must be complete and its totals must add up) unless it is built as a
draft (`utkast`), which marks every page so it cannot be mistaken for the real
thing. Warnings never block.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reportgen.checks import check_report
from reportgen.errors import ChecksFailedError
from reportgen.findings import Finding, count, sort_findings
from reportgen.folding import without_diacritics
from reportgen.loaded import LoadedReport
from reportgen.sources import load_source


@dataclass
class BuildResult:
    output: Path
    findings: list[Finding] = field(default_factory=list)
    draft: bool = False
    pdf: Path | None = None


def slugify(text: str) -> str:
    """`Arbetskonsulent i samverkan` -> `arbetskonsulent-i-samverkan` (safe on every OS)."""
    slug = re.sub(r"[^a-z0-9]+", "-", without_diacritics(text)).strip("-")
    return slug[:60].rstrip("-") or "insats"


def default_output(loaded: LoadedReport) -> Path:
    name = loaded.report.intervention.name or loaded.folder.name
    return loaded.folder / f"{loaded.report.kind}-{slugify(name)}.docx"


def blocks_build(kind: str) -> bool:
    """Errors block a final report only (design.md): an interim report is work in
    progress, written with its errors listed so they can be fixed before the final one."""
    return kind == "slutrapport"


def findings_for(loaded: LoadedReport) -> list[Finding]:
    """Everything wrong with a loaded report: what the sources found plus every rule."""
    rule_findings = check_report(
        loaded.report,
        loaded.profile,
        statistics=loaded.statistics,
        source_findings=loaded.findings,
    )
    return sort_findings([*loaded.findings, *rule_findings])


def build_report(
    path: Path,
    *,
    output: Path | None = None,
    force: bool = False,
    kind: str | None = None,
    draft: bool = False,
    charts: bool = True,
    pdf: bool = False,
    pdfa: bool = False,
) -> BuildResult:
    """Check and render one intervention's report; raise instead of writing a bad one.

    With `pdf`, LibreOffice must be present before any work starts; it starts in the
    background while the report is checked and rendered, and the PDF is written beside
    the .docx (`pdfa`: also PDF/A-2).
    """
    from reportgen.pdf import PdfOptions, PdfPool

    pool = PdfPool(1, options=PdfOptions(pdfa=pdfa)).start() if pdf else None
    try:
        return _build_report(path, output, force, kind, draft, charts, pool)
    finally:
        if pool is not None:
            pool.close()


def _build_report(
    path: Path,
    output: Path | None,
    force: bool,
    kind: str | None,
    draft: bool,
    charts: bool,
    pool: Any,
) -> BuildResult:
    from reportgen.files import ensure_writable

    pdf = pool is not None
    loaded = load_source(path, kind=kind)
    target = output or default_output(loaded)
    ensure_writable(target, force=force)
    if pdf:
        ensure_writable(target.with_suffix(".pdf"), force=force)
    findings = findings_for(loaded)
    errors, _warnings = count(findings)
    if errors and not draft and blocks_build(loaded.report.kind):
        raise ChecksFailedError(
            f"{loaded.display}: slutrapporten skrevs inte – {errors} fel måste rättas först "
            "(eller bygg ett utkast med --utkast).",
            findings,
        )
    render_loaded(loaded, target, force=force, draft=draft, charts=charts)
    pdf_path = pool.convert(target) if pool is not None else None
    return BuildResult(output=target, findings=findings, draft=draft, pdf=pdf_path)


def render_loaded(
    loaded: LoadedReport, target: Path, *, force: bool, draft: bool, charts: bool = True
) -> Path:
    from reportgen.render.context import build_context
    from reportgen.render.docx import render_docx

    tables = statistics_tables(loaded, charts=charts)
    context = build_context(
        loaded.report, loaded.profile, draft=draft, tables=tables, charts=charts
    )
    return render_docx(loaded.profile.template_path, context, target, force=force)


def statistics_tables(loaded: LoadedReport, *, charts: bool) -> Sequence[dict[str, Any]]:
    """The 4.4 tables for an intervention with participant statistics (none otherwise)."""
    if loaded.statistics is None:
        return []
    from reportgen.render.stats_tables import tables_for

    return tables_for(loaded, charts=charts)
