"""What a batch writes besides the reports: the compilation and granskning.json.

Both are made from the workers' small results only (figures, findings), in the
parent process, after every report is done.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from reportgen.batch.discover import COMPILATION_DIR
from reportgen.batch.results import BatchResult, InterventionResult
from reportgen.errors import ReportgenError, debug_enabled, internal_error_message

REVIEW_FILE = "granskning.json"
COMPILATION_DOCX = "uppfoljning.docx"
COMPILATION_XLSX = "uppfoljning.xlsx"


def write_compilation(result: BatchResult, *, draft: bool, force: bool, charts: bool) -> None:
    """One compilation (.docx and .xlsx) per funder the batch's interventions report to.

    A batch of one funder writes sammanstallning/uppfoljning.*; a batch that mixes
    funders writes sammanstallning/<förbund>/uppfoljning.* for each, with that
    funder's template and name – never all of them under the majority's.
    """
    from reportgen.compilation.funders import by_funder
    from reportgen.profile import DEFAULT_PROFILE

    groups = by_funder(result.results, DEFAULT_PROFILE)
    base = result.out / COMPILATION_DIR
    problems = []
    for funder, results in groups.items():
        folder = base if len(groups) == 1 else base / funder
        problem = _write_one_compilation(
            result, results, funder, folder, draft=draft, force=force, charts=charts
        )
        if problem:
            problems.append(problem if len(groups) == 1 else f"{funder}: {problem}")
    if problems:
        result.compilation_error = " ".join(problems)


def _write_one_compilation(
    result: BatchResult,
    results: list[InterventionResult],
    funder: str,
    folder: Path,
    *,
    draft: bool,
    force: bool,
    charts: bool,
) -> str | None:
    """Write one funder's compilation into `folder`; the reason when it was not written.

    Both files are written or neither. Should one intervention's figures break the
    compilation (a bug, never the owner's fault), that intervention is left out, said
    so, and the compilation of the others is written.
    """
    from reportgen.files import ensure_writable
    from reportgen.profile import load_profile
    from reportgen.render.docx import rebuild_hint

    docx_path, xlsx_path = folder / COMPILATION_DOCX, folder / COMPILATION_XLSX
    try:
        profile = load_profile(funder)
        template = profile.compilation_template_path
        if template is None or not template.is_file():
            raise ReportgenError(
                f"Förbundsprofilen '{profile.id}' saknar en mall för sammanställningen "
                f"(sammanstallningsmall i {profile.directory / 'profile.yaml'}"
                + (f", letade efter {template}" if template else "")
                + f"). Rätta profilen eller {rebuild_hint(profile.directory / COMPILATION_DOCX)}."
            )
        ensure_writable(docx_path, force=force)
        ensure_writable(xlsx_path, force=force)

        def write(chosen: Sequence[InterventionResult], staging: Path) -> None:
            _render_compilation(chosen, profile, template, staging, draft=draft, charts=charts)

        try:
            _staged(folder, lambda staging: write(results, staging))
        except ReportgenError:
            raise
        except Exception:
            if debug_enabled():
                raise
            left_out = _breaking_results(results, write, folder)
            if not left_out:
                raise
            result.compilation_left_out.extend(r.path for r in left_out)
            kept = [r for r in results if r not in left_out]
            _staged(folder, lambda staging: write(kept, staging))
    except ReportgenError as exc:
        return exc.message
    except Exception as exc:  # a bug must not cost the reports their granskning.json
        if debug_enabled():
            raise
        return internal_error_message(exc) + " Rapporterna är byggda."
    if result.compilation_docx is None:
        result.compilation_docx, result.compilation_xlsx = docx_path, xlsx_path
    result.compilations.append((profile.id, docx_path, xlsx_path))
    return None


def _render_compilation(
    results: Sequence[InterventionResult],
    profile: Any,
    template: Path,
    folder: Path,
    *,
    draft: bool,
    charts: bool,
) -> None:
    from reportgen.compilation import build_compilation
    from reportgen.render.compilation_docx import render_compilation_docx
    from reportgen.render.compilation_xlsx import write_compilation_xlsx

    compilation = build_compilation(
        results,
        association=profile.name,
        page_header=profile.page_header,
        draft=draft and any(r.draft for r in results),
    )
    chart_images = None
    if charts:
        from reportgen.render.compilation_charts import compilation_charts

        chart_images = compilation_charts([r.figures for r in results if r.figures])
    render_compilation_docx(compilation, template, folder / COMPILATION_DOCX, charts=chart_images)
    write_compilation_xlsx(compilation, folder / COMPILATION_XLSX)


def _staged(folder: Path, write: Callable[[Path], None]) -> None:
    """Write both compilation files into a private folder, then move them into place:
    a failure in the second never leaves a new .docx beside an old or missing .xlsx."""
    import shutil
    import tempfile

    folder.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".sammanstallning.", suffix=".tmp", dir=folder))
    try:
        write(staging)
        for name in (COMPILATION_DOCX, COMPILATION_XLSX):
            os.replace(staging / name, folder / name)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _breaking_results(
    results: Sequence[InterventionResult],
    write: Callable[[Sequence[InterventionResult], Path], None],
    folder: Path,
) -> list[InterventionResult]:
    """The interventions whose figures alone make the compilation fail (rare: a bug)."""
    import shutil
    import tempfile

    breaking = []
    for candidate in results:
        if candidate.figures is None:
            continue
        probe = Path(tempfile.mkdtemp(prefix=".sammanstallning.", suffix=".tmp", dir=folder))
        try:
            write([candidate], probe)
        except Exception:
            breaking.append(candidate)
        finally:
            shutil.rmtree(probe, ignore_errors=True)
    return breaking


def write_review(result: BatchResult, *, force: bool) -> Path | None:
    """granskning.json: `check --format json`'s shape per file, plus build status and totals.

    A run that built nothing (say, every report already existed) never replaces an
    earlier run's review without --force: that review is the one staff still need.
    """
    from reportgen.files import write_atomically

    path = result.out / COMPILATION_DIR / REVIEW_FILE
    if not force and not result.built and path.exists():
        result.review_kept = True
        return None
    payload = {
        "files": [r.as_json() for r in result.results],
        "summary": {
            "interventions": len(result.results),
            "built": len(result.built),
            "not_built": len(result.not_built),
            "errors": sum(r.errors for r in result.results),
            "warnings": sum(r.warnings for r in result.results),
        },
        "compilation": {
            "docx": str(result.compilation_docx) if result.compilation_docx else None,
            "xlsx": str(result.compilation_xlsx) if result.compilation_xlsx else None,
            "per_funder": {
                funder: {"docx": str(docx), "xlsx": str(xlsx)}
                for funder, docx, xlsx in result.compilations
            },
            "reason": result.compilation_error,
            "left_out": result.compilation_left_out,
        },
    }
    text = json.dumps(payload, ensure_ascii=False, indent=2) + "\n"
    write_atomically(path, lambda tmp: tmp.write_text(text, encoding="utf-8"))
    return path


def summary_rows(result: BatchResult) -> list[tuple[str, str, int, int]]:
    """(intervention, report file or reason, fel, varningar) per intervention, for the CLI."""
    from reportgen.compilation import result_label

    rows = []
    for r in result.results:
        outcome = (r.report_relative or r.report or "") if r.built else f"inte byggd: {r.reason}"
        if r.built and r.draft:
            outcome += " (utkast)"
        rows.append((result_label(r), outcome, r.errors, r.warnings))
    return rows
