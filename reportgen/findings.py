"""A finding: one thing wrong with a report, stable enough to look up and act on."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from reportgen.location import Location


class Severity(StrEnum):
    """`fel` blocks a final report; `varning` is shown but never blocks."""

    FEL = "fel"
    VARNING = "varning"


@dataclass(frozen=True)
class Finding:
    code: str
    severity: Severity
    message: str
    location: Location

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.FEL

    def as_dict(self) -> dict[str, str]:
        return {
            "code": self.code,
            "severity": str(self.severity),
            "message": self.message,
            "location": str(self.location),
        }

    def as_line(self) -> str:
        """The text form `KOD allvarlighet plats: meddelande` used by `reportgen check`.

        Escaped once here, where findings meet a terminal: a heading or value read
        from a submitted file can never move the cursor or reorder the line.
        """
        from reportgen.formatting import printable

        line = f"{self.code} {self.severity} {self.location}: {self.message}"
        return printable(line, limit=len(line) * 6)


def sort_findings(findings: list[Finding]) -> list[Finding]:
    """Errors before warnings; within each, in the order of the file (by line, findings
    without a line after those with one), then by code, keeping source order otherwise.

    An owner fixing insats.yaml reads the list top to bottom beside the file.
    """
    return sorted(
        findings,
        key=lambda f: (
            f.severity is not Severity.FEL,
            f.location.line is None,
            f.location.line or 0,
            f.code,
        ),
    )


def count(findings: list[Finding]) -> tuple[int, int]:
    """(number of errors, number of warnings)."""
    errors = sum(1 for f in findings if f.is_error)
    return errors, len(findings) - errors
