"""One intervention, start to finish, inside a batch worker process.

`build_one` is what each worker runs: the pipeline's `build_one` (the very
function `reportgen build` calls), turned into a small picklable
`InterventionResult`. Nothing an intervention contains can stop the
batch: every failure becomes "not built" with a Swedish reason.

Stopping is the other half of this module. Workers ignore Ctrl-C (the parent
decides when to stop, so a keypress cannot kill a worker halfway through a
write) and turn SIGTERM into an exception that unwinds through the atomic
writer, which deletes its temporary file. On Linux a worker also receives
SIGTERM when the batch process itself dies (even by SIGKILL), so orphaned
workers neither linger nor leave temporary files behind.
"""

from __future__ import annotations

import contextlib
import gc
import os
import signal
import sys
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING

from reportgen.batch.results import InterventionResult
from reportgen.errors import InputError, ReportgenError
from reportgen.figures import InterventionFigures
from reportgen.findings import Finding, Severity, count
from reportgen.location import Location

if TYPE_CHECKING:
    from reportgen.pipeline import BuildOutcome

EXIT_TERMINATED = 128 + signal.SIGTERM


@dataclass(frozen=True)
class Task:
    """One intervention to build; everything a worker needs, picklable."""

    folder: Path
    out_dir: Path  # the report is written here, named like `reportgen build` names it
    out_root: Path  # OUT, to name the report relative to it in the compilation
    kind: str | None = None
    draft: bool = False
    force: bool = False
    charts: bool = True

    @property
    def display(self) -> str:
        return str(self.folder / "insats.yaml")


class _Terminated(BaseException):
    """Raised in a busy worker on SIGTERM; unwinds `finally` blocks (temporary files)."""


_busy = False


_USUAL_GC_THRESHOLDS = (700, 10, 10)
"""CPython's defaults."""


def init_worker() -> None:
    """Process-pool initializer: how a worker reacts to Ctrl-C, SIGTERM and a dying parent,
    and the collector's usual thresholds again.

    `reportgen.cli` raises the young generation to 100 000 objects so that start-up
    imports pass with few collections; a worker builds report after report, and with
    that threshold the cyclic garbage of each report reached the older generations and
    stayed there: the largest worker grew from 45 to 55 MiB between 50 and 200 reports.
    """
    gc.set_threshold(*_USUAL_GC_THRESHOLDS)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _on_sigterm)
    _die_with_parent()


def _on_sigterm(signum: int, frame: FrameType | None) -> None:
    if _busy:
        raise _Terminated
    os._exit(EXIT_TERMINATED)


def _die_with_parent() -> None:
    """Ask Linux to send SIGTERM when the batch process dies (prctl PR_SET_PDEATHSIG)."""
    if not sys.platform.startswith("linux"):
        return
    with contextlib.suppress(Exception):
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        pr_set_pdeathsig = 1
        libc.prctl(pr_set_pdeathsig, signal.SIGTERM, 0, 0, 0)
    if os.getppid() == 1:  # the parent died before prctl took effect
        os._exit(EXIT_TERMINATED)


def build_one(task: Task) -> InterventionResult:
    """Check and build one intervention; never raises for anything the intervention contains."""
    global _busy
    _busy = True
    try:
        return _build(task)
    except _Terminated:
        # The temporary file is already gone (atomic_output's finally ran on the way
        # up); leave at once instead of reporting back to a parent that is stopping.
        os._exit(EXIT_TERMINATED)
    finally:
        _busy = False


def _build(task: Task) -> InterventionResult:
    """The pipeline's outcome, in the batch's words: reasons name the batch's own fixes."""
    from reportgen.figures import figures_from_loaded
    from reportgen.pipeline import NEVER_WRITTEN, BuildStatus, build_one

    outcome = build_one(
        task.folder,
        output_dir=task.out_dir,
        kind=task.kind,
        draft=task.draft,
        force=task.force,
        charts=task.charts,
    )
    figures = figures_from_loaded(outcome.loaded) if outcome.loaded is not None else None
    if outcome.built and outcome.output is not None:
        return InterventionResult(
            path=outcome.display,
            built=True,
            report=str(outcome.output),
            report_relative=_relative(outcome.output, task.out_root),
            errors=outcome.errors,
            warnings=outcome.warnings,
            findings=tuple(f.as_dict() for f in outcome.findings),
            figures=figures,
            draft=outcome.draft,
        )
    reason = outcome.message
    if outcome.status is BuildStatus.BLOCKED and not NEVER_WRITTEN & codes_of(outcome):
        codes = ", ".join(sorted({f.code for f in outcome.findings if f.is_error}))
        reason = (
            f"{outcome.errors} fel ({codes}) måste rättas först; se 'reportgen check "
            f"{task.folder}' (eller bygg utkast med --utkast)."
        )
    elif outcome.status is BuildStatus.EXISTS:
        reason = f"{outcome.output} finns redan. Ange --force för att skriva över den."
    elif outcome.status is BuildStatus.UNREADABLE:
        reason = _reason(outcome.error, outcome.findings) if outcome.error else reason
    return not_built(outcome.display, reason, outcome.findings, figures=figures)


def codes_of(outcome: BuildOutcome) -> set[str]:
    return {f.code for f in outcome.findings}


def _reason(exc: ReportgenError, findings: list[Finding]) -> str:
    """Why a file could not be read: the first finding names the place and the fix."""
    errors = [f for f in findings if f.is_error]
    if not isinstance(exc, InputError) or not errors:
        return exc.message
    first = errors[0]
    more = f" (och {len(errors) - 1} fel till)" if len(errors) > 1 else ""
    return f"{first.location}: {first.message}{more}"


def _relative(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)


def not_built(
    display: str,
    reason: str,
    findings: list[Finding],
    *,
    figures: InterventionFigures | None = None,
) -> InterventionResult:
    errors, warnings = count(findings)
    return InterventionResult(
        path=display,
        built=False,
        reason=reason,
        errors=errors,
        warnings=warnings,
        findings=tuple(f.as_dict() for f in findings),
        figures=figures,
    )


def crashed(task: Task) -> InterventionResult:
    """The result for an intervention whose worker process died (killed, out of memory)."""
    message = (
        "Arbetsprocessen avslutades oväntat medan rapporten byggdes (slut på minne eller "
        "avbruten process). Bygg insatsen ensam med 'reportgen build' för att se felet."
    )
    return not_built(
        task.display, message, [Finding("F001", Severity.FEL, message, Location(task.display))]
    )
