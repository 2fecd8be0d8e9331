"""What a batch worker sends back for one intervention, and what the batch returns.

Deliberately small and picklable: a worker process returns paths, counts,
findings as plain dicts and the compilation figures – never the report model –
so results cross the process boundary cheaply and memory stays flat however
many interventions an association has.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reportgen.errors import exit_code_for
from reportgen.figures import InterventionFigures

STATUS_BUILT = "byggd"
STATUS_NOT_BUILT = "inte byggd"


@dataclass(frozen=True)
class InterventionResult:
    """One intervention's outcome: built or not (and why), its findings and figures."""

    path: str  # the insats.yaml as the user names it, e.g. inputs/x/insats.yaml
    built: bool
    report: str | None = None  # the written report, e.g. out/x/slutrapport-x.docx
    report_relative: str | None = None  # the same, relative to OUT (for the compilation)
    reason: str | None = None  # why it was not built
    errors: int = 0
    warnings: int = 0
    findings: tuple[dict[str, str], ...] = ()
    figures: InterventionFigures | None = None
    draft: bool = False  # built as a draft despite errors (--utkast)

    @property
    def name(self) -> str | None:
        return self.figures.name if self.figures else None

    @property
    def status(self) -> str:
        return STATUS_BUILT if self.built else STATUS_NOT_BUILT

    def as_json(self) -> dict[str, Any]:
        """One entry of granskning.json: `check --format json`'s path and findings, and more."""
        return {
            "path": self.path,
            "name": self.name,
            "status": self.status,
            "draft": self.draft,
            "report": self.report,
            "reason": self.reason,
            "errors": self.errors,
            "warnings": self.warnings,
            "findings": list(self.findings),
        }


@dataclass
class BatchResult:
    """Everything `run_batch` did; the CLI prints it and picks the exit code from it."""

    out: Path
    results: list[InterventionResult] = field(default_factory=list)
    review: Path | None = None  # granskning.json
    compilation_docx: Path | None = None
    compilation_xlsx: Path | None = None
    # every compilation written: (funder id, .docx, .xlsx); one per funder in a mixed batch
    compilations: list[tuple[str, Path, Path]] = field(default_factory=list)
    compilation_error: str | None = None  # why the compilation was not written
    compilation_left_out: list[str] = field(default_factory=list)  # inputs it could not include
    review_kept: bool = False  # granskning.json of an earlier run kept (nothing built now)
    seconds: float = 0.0
    jobs: int = 1
    pdfs: list[Any] = field(default_factory=list)  # reportgen.pdf.ConversionResult, with --pdf

    @property
    def built(self) -> list[InterventionResult]:
        return [r for r in self.results if r.built]

    @property
    def not_built(self) -> list[InterventionResult]:
        return [r for r in self.results if not r.built]

    @property
    def pdf_failures(self) -> list[Any]:
        return [conversion for conversion in self.pdfs if conversion.pdf is None]

    @property
    def exit_code(self) -> int:
        """0 when every report, the compilation (and with --pdf every PDF) was written, else 1."""
        return exit_code_for(
            unreadable=False,
            errors=bool(self.not_built or self.compilation_error or self.pdf_failures),
        )
