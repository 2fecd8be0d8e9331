"""Every exception reportgen raises on purpose.

Library code raises these; only the CLI turns them into messages and exit codes
(`exit_code` says which), so the library can be used without Click and a user
never sees a traceback for a problem they can fix.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reportgen.findings import Finding

# The exit-code policy of every command (listed in `reportgen --help` and the README).
EXIT_OK = 0  # klart
EXIT_FINDINGS = 1  # fel hittades (en rapport byggdes inte, eller check fann fel)
EXIT_USAGE = 2  # användningsfel eller oläsbar indata
EXIT_INTERNAL = 3  # internt fel: en bugg i reportgen
EXIT_INTERRUPTED = 130  # avbrutet med Ctrl-C eller SIGTERM

EXIT_CODES_HELP = (
    "Slutkoder: 0 = klart, 1 = fel hittades, 2 = användningsfel eller oläsbar indata, "
    "3 = internt fel i reportgen, 130 = avbrutet."
)


def exit_code_for(
    *, unreadable: bool, errors: bool, warnings: bool = False, strict: bool = False
) -> int:
    """The one rule every command ends by: unreadable input outranks errors, which
    outrank warnings (those count only with --strict)."""
    if unreadable:
        return EXIT_USAGE
    if errors or (strict and warnings):
        return EXIT_FINDINGS
    return EXIT_OK


def debug_enabled() -> bool:
    """REPORTGEN_DEBUG=1 lets a developer see the traceback instead of the Swedish message."""
    return bool(os.environ.get("REPORTGEN_DEBUG"))


def internal_error_message(exc: BaseException) -> str:
    """What a user reads when reportgen itself fails: never blames their files."""
    return (
        f"Internt fel i reportgen ({type(exc).__name__}: {exc}). Det är en bugg i reportgen, "
        "inte ett fel i dina filer. Kör igen med REPORTGEN_DEBUG=1 för detaljer och rapportera "
        "det till förvaltarna."
    )


class ReportgenError(Exception):
    """Base class: a problem the user can act on, with a complete Swedish message."""

    exit_code: int = EXIT_USAGE

    def __init__(self, message: str, findings: Sequence[Finding] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.findings: list[Finding] = list(findings)


class InputError(ReportgenError):
    """An input file is missing, unreadable or not in the expected format.

    Carries the findings (F001/F002, and any others the source found) so that
    `check` can list them like every other finding.
    """


class ProfileError(ReportgenError):
    """A funder profile or its template is missing or broken – a setup problem."""


class OutputExistsError(ReportgenError):
    """The output file exists and the user did not ask to overwrite it."""


class InputFileError(ReportgenError):
    """An input file that must not or cannot be read; `code` is F001 (unreadable) or F002.

    The caller turns it into a finding at the place the file was named.
    """

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


class OutputWriteError(ReportgenError):
    """An output could not be written: disk full, read-only folder, no permission, an input."""


class ChecksFailedError(ReportgenError):
    """A report was not written because the checks found errors (`fel`)."""

    exit_code = EXIT_FINDINGS


class ToolMissingError(ReportgenError):
    """An external program (LibreOffice) that the requested work needs is not installed."""


class InternalError(ReportgenError):
    """A bug in reportgen, caught where it happened and reported without blaming the input."""

    exit_code = EXIT_INTERNAL


class ConversionError(ReportgenError):
    """LibreOffice ran but produced no PDF."""


class BatchInterrupted(ReportgenError):
    """Ctrl-C or SIGTERM stopped a batch; finished reports stay, no partial files."""

    exit_code = EXIT_INTERRUPTED

    def __init__(self, message: str, finished: Sequence[object]) -> None:
        super().__init__(message)
        self.finished = list(finished)  # the batch's InterventionResults so far
