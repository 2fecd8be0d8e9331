"""The one pipeline: load → findings → gate → render → write, and inspect → findings.

Every front end – `reportgen build`, the batch workers, `reportgen check` and the
web service – calls these functions, so there is exactly one draft rule and one
gate. `build_one` never raises for anything an intervention contains: it
returns a `BuildOutcome` that says what happened. `build_report` is the raising
form the `build` command uses, so that the CLI maps errors to exit codes in one
place.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reportgen.errors import (
    ChecksFailedError,
    InputError,
    InternalError,
    OutputExistsError,
    ReportgenError,
    debug_enabled,
    internal_error_message,
)
from reportgen.findings import Finding, Severity, count, sort_findings
from reportgen.folding import slugify
from reportgen.loaded import LoadedReport
from reportgen.location import Location

if TYPE_CHECKING:
    from reportgen.pdf import PdfPool


# Findings that stop every report, delrapport and draft alike: a report must never carry
# a personnummer, and one found anywhere in the input means it could.
NEVER_WRITTEN = frozenset({"D004", "D006"})


class BuildStatus(StrEnum):
    """What became of one intervention."""

    BUILT = "byggd"
    BLOCKED = "stoppad"  # a slutrapport with errors (not a draft), or a personnummer
    EXISTS = "finns redan"  # the output exists and force was not given
    UNREADABLE = "oläslig"  # an input file could not be read
    FAILED = "misslyckades"  # a setup problem (profile, template, disk) stopped the write
    INTERNAL = "internt fel"  # a bug in reportgen


class _Counted:
    """`errors` and `warnings` of anything that holds findings."""

    findings: list[Finding]

    @property
    def errors(self) -> int:
        return count(self.findings)[0]

    @property
    def warnings(self) -> int:
        return count(self.findings)[1]


@dataclass
class BuildOutcome(_Counted):
    """Everything `build_one` learnt about one intervention, whatever happened."""

    status: BuildStatus
    display: str  # the input as the user names it, e.g. inputs/x/insats.yaml
    findings: list[Finding] = field(default_factory=list)
    output: Path | None = None  # the report written (or that would have been)
    pdf: Path | None = None
    draft: bool = False  # written with the UTKAST mark
    message: str = ""  # why it was not built, in Swedish, naming the fix
    loaded: LoadedReport | None = None
    error: ReportgenError | None = None  # the exception behind a failed status

    @property
    def built(self) -> bool:
        return self.status is BuildStatus.BUILT

    @property
    def kind(self) -> str | None:
        return self.loaded.report.kind if self.loaded else None


@dataclass
class FileCheck(_Counted):
    """One inspected input (folder, insats.yaml or submitted .docx) and its findings."""

    display: str
    findings: list[Finding] = field(default_factory=list)
    name: str | None = None  # the intervention's name, when it could be read
    readable: bool = True
    loaded: LoadedReport | None = field(default=None, repr=False, compare=False)


def default_output(loaded: LoadedReport) -> Path:
    name = loaded.report.intervention.name or loaded.folder.name
    return loaded.folder / f"{loaded.report.kind}-{slugify(name)}.docx"


def blocks_build(kind: str) -> bool:
    """Errors block a final report only (design.md): an interim report is work in
    progress, written with its errors listed so they can be fixed before the final one."""
    return kind == "slutrapport"


def marked_as_draft(*, draft: bool, errors: int) -> bool:
    """The one draft rule: UTKAST marks a report written *despite* errors. A clean
    report built with --utkast is the real thing and carries no mark."""
    return draft and errors > 0


def findings_for(loaded: LoadedReport) -> list[Finding]:
    """Everything wrong with a loaded report: what the sources found plus every rule."""
    from reportgen.checks import check_report

    rule_findings = check_report(
        loaded.report,
        loaded.profile,
        statistics=loaded.statistics,
        source_findings=loaded.findings,
    )
    return sort_findings([*loaded.findings, *rule_findings, *_appendix_findings(loaded)])


def _appendix_findings(loaded: LoadedReport) -> list[Finding]:
    """Appendix files (`bilagor[].fil`) are read only when the report is rendered; check
    them here too, so `check` says what `build` would leave out."""
    if not any(a.file for a in loaded.report.appendices):
        return []
    from reportgen.render.appendix import appendix_findings

    return appendix_findings(loaded.report, loaded.folder)


def load(path: Path, *, kind: str | None = None, profile: str | None = None) -> LoadedReport:
    """Any input as a LoadedReport; `profile` reads a Word report with that funder's headings."""
    from reportgen.sources import load_source

    return load_source(path, kind=kind, profile=profile)


def display_name(path: Path) -> str:
    return str(path / "insats.yaml") if path.is_dir() else str(path)


def build_one(
    source: Path,
    *,
    output: Path | None = None,
    output_dir: Path | None = None,
    kind: str | None = None,
    draft: bool = False,
    force: bool = False,
    charts: bool = True,
    pdf_pool: PdfPool | None = None,
) -> BuildOutcome:
    """Check and build one intervention; never raises for anything the input contains.

    `output` names the report; otherwise it is named like `default_output`, inside
    `output_dir` when given. With `pdf_pool`, a PDF is written beside the report.
    """
    display = display_name(source)
    try:
        loaded = load(source, kind=kind)
    except ReportgenError as exc:
        findings = exc.findings or [Finding("F001", Severity.FEL, exc.message, Location(display))]
        return BuildOutcome(
            BuildStatus.UNREADABLE, display, sort_findings(findings), message=exc.message, error=exc
        )
    except Exception as exc:  # a corrupt file may break any parser
        return _internal(display, exc)

    outcome = BuildOutcome(BuildStatus.BUILT, loaded.display, loaded=loaded)
    try:
        outcome.findings = findings_for(loaded)
        target = output or default_output(loaded)
        if output is None and output_dir is not None:
            target = output_dir / target.name
        outcome.output = target
        errors = outcome.errors
        private = sorted({f.code for f in outcome.findings if f.code in NEVER_WRITTEN})
        if private:
            outcome.status = BuildStatus.BLOCKED
            outcome.message = (
                f"{loaded.display}: rapporten skrevs inte – indata innehåller något som liknar "
                f"ett personnummer ({', '.join(private)}). En rapport får bara innehålla "
                "summeringar, inte heller ett utkast; ta bort uppgiften och försök igen."
            )
            return outcome
        if errors and not draft and blocks_build(loaded.report.kind):
            outcome.status = BuildStatus.BLOCKED
            outcome.message = (
                f"{loaded.display}: slutrapporten skrevs inte – {errors} fel måste rättas "
                "först (eller bygg ett utkast med --utkast)."
            )
            return outcome
        _ensure_writable(target, force=force, pdf=pdf_pool is not None)
        outcome.draft = marked_as_draft(draft=draft, errors=errors)
        render_loaded(loaded, target, force=force, draft=outcome.draft, charts=charts)
        if pdf_pool is not None:
            outcome.pdf = pdf_pool.convert(target)
    except OutputExistsError as exc:
        outcome.status, outcome.message, outcome.error = BuildStatus.EXISTS, exc.message, exc
    except ReportgenError as exc:
        outcome.status, outcome.message, outcome.error = BuildStatus.FAILED, exc.message, exc
        outcome.findings = sort_findings([*outcome.findings, *exc.findings])
    except Exception as exc:
        internal = _internal(outcome.display, exc)
        internal.loaded, internal.output = loaded, outcome.output
        return internal
    return outcome


def _ensure_writable(target: Path, *, force: bool, pdf: bool) -> None:
    from reportgen.files import ensure_writable

    ensure_writable(target, force=force)
    if pdf:
        ensure_writable(target.with_suffix(".pdf"), force=force)


def _internal(display: str, exc: Exception) -> BuildOutcome:
    if debug_enabled():
        raise exc
    message = internal_error_message(exc)
    finding = Finding("F001", Severity.FEL, message, Location(display))
    return BuildOutcome(BuildStatus.INTERNAL, display, [finding], message=message)


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
) -> BuildOutcome:
    """`build_one` for a caller that wants exceptions: raise instead of writing a bad one.

    With `pdf`, LibreOffice must be present before any work starts; it starts in the
    background while the report is checked and rendered, and the PDF is written beside
    the .docx (`pdfa`: also PDF/A-2).
    """
    pool = None
    if pdf or pdfa:
        from reportgen.pdf import PdfOptions, PdfPool

        pool = PdfPool(1, options=PdfOptions(pdfa=pdfa)).start()
    try:
        outcome = build_one(
            path, output=output, kind=kind, draft=draft, force=force, charts=charts, pdf_pool=pool
        )
    finally:
        if pool is not None:
            pool.close()
    return raise_for(outcome)


def raise_for(outcome: BuildOutcome) -> BuildOutcome:
    """The outcome if the report was written, else the exception that says why."""
    if outcome.built:
        return outcome
    if outcome.status is BuildStatus.BLOCKED:
        raise ChecksFailedError(outcome.message, outcome.findings)
    if outcome.status is BuildStatus.INTERNAL:
        raise InternalError(outcome.message)
    if outcome.error is not None:
        raise outcome.error
    raise InputError(outcome.message, outcome.findings)


def render_loaded(
    loaded: LoadedReport, target: Path, *, force: bool, draft: bool, charts: bool = True
) -> Path:
    from reportgen.render.docx import render_docx

    context = report_context(loaded, draft=draft, charts=charts)
    return render_docx(loaded.profile.template_path, context, target, force=force)


def report_context(loaded: LoadedReport, *, draft: bool, charts: bool) -> dict[str, Any]:
    """Everything the funder's template is filled from (`reportgen profil kontrollera`
    checks a template's placeholders against it)."""
    from reportgen.render.context import build_context
    from reportgen.render.funder_context import funder_context

    tables = statistics_tables(loaded, charts=charts)
    context = build_context(
        loaded.report,
        loaded.profile,
        draft=draft,
        tables=tables,
        charts=charts,
        folder=loaded.folder,
    )
    context.update(funder_context(loaded, charts=charts))  # the profile's own blocks
    return context


def statistics_tables(loaded: LoadedReport, *, charts: bool) -> Sequence[dict[str, Any]]:
    """The 4.4 tables for an intervention with participant statistics (none otherwise)."""
    if loaded.statistics is None:
        return []
    from reportgen.render.stats_blocks import tables_for

    return tables_for(loaded, charts=charts)


def inspect(path: Path, *, profile: str | None = None) -> FileCheck:
    """Every finding for one input: a folder, an insats.yaml or a submitted .docx.

    One file's problems never stop the others: an unreadable file becomes F001/F002
    findings in its own entry, which is what staff need for a folder of reports.
    `profile` (a funder's id) reads a submitted Word report with that funder's
    headings; without it the best-matching funder is chosen.
    """
    display = display_name(path)
    try:
        loaded = load(path, profile=profile)
    except InputError as exc:
        findings = exc.findings or [Finding("F001", Severity.FEL, exc.message, Location(display))]
        return FileCheck(display, sort_findings(findings), readable=False)
    except ReportgenError as exc:
        return FileCheck(
            display, [Finding("F001", Severity.FEL, exc.message, Location(display))], readable=False
        )
    except Exception as exc:  # a corrupt upload may break any parser; never stop the run
        if debug_enabled():
            raise
        message = (
            f"Filen kunde inte läsas ({type(exc).__name__}: {exc}). Kontrollera att den "
            "går att öppna, spara om den och försök igen."
        )
        return FileCheck(
            display, [Finding("F001", Severity.FEL, message, Location(display))], readable=False
        )
    return FileCheck(
        loaded.display, findings_for(loaded), name=loaded.report.intervention.name, loaded=loaded
    )


def check_paths(paths: Iterable[Path], *, profile: str | None = None) -> list[FileCheck]:
    return [inspect(path, profile=profile) for path in paths]
