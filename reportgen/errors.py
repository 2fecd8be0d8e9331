"""Every exception reportgen raises on purpose.

Library code raises these; only the CLI turns them into messages and exit codes
(`exit_code` says which), so the library can be used without Click and a user
never sees a traceback for a problem they can fix.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reportgen.findings import Finding

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 3


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


class ChecksFailedError(ReportgenError):
    """A report was not written because the checks found errors (`fel`)."""

    exit_code = EXIT_FINDINGS


class ToolMissingError(ReportgenError):
    """An external program (LibreOffice) that the requested work needs is not installed."""
