"""One checked report as staff judge it: verdict and key figures, for every staff output.

The findings workbook's "Rapporter" sheet, the compact text mode and the
completion letters all describe a report by the same few facts: the
intervention, the report kind and period, granted funds, budget, outcome and
their deviation, whether it is signed, how many errors and warnings – and a
verdict: "godkänd" (no `fel`), "komplettera" (at least one `fel`) or "kunde inte
läsas" (the file itself could not be read; never said of a file that was read).
The figures are those of the year-end compilation (reportgen.figures), so a
review and a compilation never disagree about an intervention's money.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from reportgen.figures import InterventionFigures, figures_from_loaded
from reportgen.findings import Finding
from reportgen.formatting import format_period
from reportgen.pipeline import FileCheck

APPROVED = "godkänd"
INCOMPLETE = "komplettera"
UNREADABLE = "kunde inte läsas"
KIND_WORDS = {"slutrapport": "slutrapport", "delrapport": "delrapport"}
_SIGNATURE_CODES = {"U001"}
_SCANNED_SIGNATURE = "U003"


class _Figure:
    """One of the report's figures (reportgen.figures), or None for a file not read."""

    def __set_name__(self, owner: type, name: str) -> None:
        self.attribute = name

    def __get__(self, summary: ReportSummary | None, owner: type) -> Any:
        if summary is None:
            return self
        return getattr(summary.figures, self.attribute) if summary.figures else None


@dataclass(frozen=True)
class ReportSummary:
    file: str
    figures: InterventionFigures | None  # None: the file could not be read
    signed: bool | None  # None: a scanned signature that a person must look at
    errors: int
    warnings: int
    verdict: str

    name = _Figure()  # the intervention's name
    kind = _Figure()  # "slutrapport" or "delrapport"
    granted = _Figure()
    budget = _Figure()  # the cost rows added up, as the report's Summa shows them
    outcome = _Figure()

    @property
    def period(self) -> str:
        """The period the checks judged: the report period, else the intervention's."""
        if self.figures is None or self.figures.report_start is None:
            return ""
        return format_period(self.figures.report_start, self.figures.report_end)

    @property
    def deviation(self) -> Decimal | None:
        """Outcome against budget as a fraction (-0.011 = 1,1 % under budget)."""
        if self.budget is None or self.outcome is None or self.budget == 0:
            return None
        return (self.outcome - self.budget) / self.budget

    @property
    def signed_text(self) -> str:
        return {True: "ja", False: "nej", None: "kontrollera"}[self.signed]


def summarise(check: FileCheck) -> ReportSummary:
    """The verdict and key figures of one checked input."""
    loaded = check.loaded
    if not check.readable or loaded is None:
        return ReportSummary(check.display, None, None, check.errors, check.warnings, UNREADABLE)
    signed = _signed(check.findings, loaded.report.signature is not None)
    verdict = INCOMPLETE if check.errors else APPROVED
    figures = figures_from_loaded(loaded)
    return ReportSummary(check.display, figures, signed, check.errors, check.warnings, verdict)


def _signed(findings: list[Finding], has_signature: bool) -> bool | None:
    codes = {f.code for f in findings}
    if _SCANNED_SIGNATURE in codes:
        return None
    return has_signature and not (codes & _SIGNATURE_CODES)
