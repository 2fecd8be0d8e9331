"""D: participant data – stated totals against the spreadsheet, and problems in statistik.xlsx.

D001 is a rule over the model: the participant totals the report states
(`deltagare` in insats.yaml) must add up by gender and agree with what
reportgen computes from statistik.xlsx. Hand counts that disagree with the
sheet are the commonest error in real reports (domain.md §8 rules 1 and 8).

D002–D005 can only be seen in the raw workbook (a code that is not a code
never reaches the statistics), so the Excel source reports them with the cell
they concern; they are registered here so `reportgen regler` lists them.
"""

from __future__ import annotations

from collections.abc import Iterator

from reportgen.checks.registry import CheckContext, rule
from reportgen.findings import Finding
from reportgen.formatting import format_period


@rule("D001")
def stated_participants(ctx: CheckContext) -> Iterator[Finding]:
    stated = ctx.report.participants
    if stated is None:
        return
    if stated.total is not None and stated.women is not None and stated.men is not None:
        split = stated.women + stated.men + (stated.other or 0)
        if split != stated.total:
            parts = f"kvinnor ({stated.women}) + män ({stated.men})"
            if stated.other is not None:
                parts += f" + annat ({stated.other})"
            yield ctx.finding(
                "D001",
                f"{parts} blir {split}, men antal är {stated.total}. Rätta siffrorna så att "
                "könsfördelningen summerar till antalet (ange 'annat' för deltagare med annat "
                "eller okänt kön).",
                "deltagare.antal",
            )

    statistics = ctx.statistics
    if statistics is None or statistics.episodes == 0:
        # A workbook without participant rows (a survey only, say) has nothing to compare
        # with: D007 already says the sheet is empty; "the workbook gives 0" would be false.
        return
    figures = statistics.period
    period = format_period(figures.start, figures.end)
    comparisons = (
        ("antal", stated.total, figures.persons.total, "personer som deltagit"),
        ("kvinnor", stated.women, figures.persons.women, "kvinnor som deltagit"),
        ("män", stated.men, figures.persons.men, "män som deltagit"),
        ("annat", stated.other, figures.persons.other, "deltagare med annat/okänt kön"),
        ("nya", stated.new, figures.new.total, "nyinskrivningar"),
        ("avslutade", stated.exited, figures.exited.total, "avslut"),
        ("pågående", stated.ongoing, figures.ongoing.total, "pågående vid periodens slut"),
    )
    for key, given, computed, what in comparisons:
        if given is None or given == computed:
            continue
        yield ctx.finding(
            "D001",
            f"deltagare.{key} anger {given}, men statistik.xlsx ger {computed} {what} under "
            f"{period}. Rätta siffran (och texter som citerar den) eller raderna i "
            "statistik.xlsx.",
            f"deltagare.{key}",
        )
