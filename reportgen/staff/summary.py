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
from datetime import date
from decimal import Decimal

from reportgen.findings import Finding
from reportgen.formatting import format_period
from reportgen.pipeline import FileCheck

APPROVED = "godkänd"
INCOMPLETE = "komplettera"
UNREADABLE = "kunde inte läsas"
KIND_WORDS = {"slutrapport": "slutrapport", "delrapport": "delrapport"}
_SIGNATURE_CODES = {"U001"}
_SCANNED_SIGNATURE = "U003"


@dataclass(frozen=True)
class ReportSummary:
    file: str
    name: str | None
    kind: str | None  # "slutrapport" | "delrapport"
    period_start: date | None  # the period the checks judged (the report period)
    period_end: date | None
    granted: Decimal | None
    budget: Decimal | None  # the cost rows added up, as the report's Summa shows them
    outcome: Decimal | None
    signed: bool | None  # None: a scanned signature that a person must look at
    errors: int
    warnings: int
    verdict: str

    @property
    def period(self) -> str:
        if self.period_start is None and self.period_end is None:
            return ""
        return format_period(self.period_start, self.period_end)

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
    from reportgen.figures import figures_from_loaded

    loaded = check.loaded
    if not check.readable or loaded is None:
        return ReportSummary(
            check.display,
            None,
            None,
            None,
            None,
            None,
            None,
            None,
            None,
            check.errors,
            check.warnings,
            UNREADABLE,
        )
    figures = figures_from_loaded(loaded)
    return ReportSummary(
        file=check.display,
        name=figures.name,
        kind=figures.kind,
        period_start=figures.report_start,
        period_end=figures.report_end,
        granted=figures.granted,
        budget=figures.budget,
        outcome=figures.outcome,
        signed=_signed(check.findings, loaded.report.signature is not None),
        errors=check.errors,
        warnings=check.warnings,
        verdict=INCOMPLETE if check.errors else APPROVED,
    )


def _signed(findings: list[Finding], has_signature: bool) -> bool | None:
    codes = {f.code for f in findings}
    if _SCANNED_SIGNATURE in codes:
        return None
    return has_signature and not (codes & _SIGNATURE_CODES)
