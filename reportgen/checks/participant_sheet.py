"""D007: a workbook whose Deltagare sheet has no rows.

`reportgen init` writes statistik.xlsx with an empty Deltagare sheet, and an
owner whose intervention has no person rows (consultations, groups) may fill
only the Enkät sheet. Such a report used to print "Under perioden har 0
personer deltagit" with a table of zeros, which a funder reads literally. The
renderer now leaves the participant tables out (the survey table stays, and
counts stated under `deltagare` are shown instead); this warning says so and
names the workbook, so the owner knows why the table is missing.
"""

from __future__ import annotations

from collections.abc import Iterator

from reportgen.checks.registry import CheckContext, rule
from reportgen.findings import Finding
from reportgen.formatting import printable


@rule("D007")
def participant_sheet_without_rows(ctx: CheckContext) -> Iterator[Finding]:
    statistics = ctx.statistics
    if statistics is None or statistics.episodes:
        return
    workbook = printable((ctx.report.statistics or "statistik.xlsx").strip(), 100)
    stated = ctx.report.participants
    counted = stated is not None and any(
        value is not None for value in (stated.total, stated.women, stated.men)
    )
    shown = (
        "Rapporten visar i stället deltagarantalen under 'deltagare'"
        if counted
        else "Rapporten visar därför ingen deltagartabell"
    )
    survey = " (enkätresultaten visas)" if statistics.survey else ""
    yield ctx.finding(
        "D007",
        f"Bladet Deltagare i {workbook} har inga rader. {shown}{survey}. Fyll i en rad per "
        "inskrivning, ange antalen under 'deltagare' (antal, kvinnor, män …) om insatsen "
        "inte för en deltagarförteckning, eller ta bort raden 'statistik' om insatsen inte "
        "har deltagare.",
        "statistik",
    )
