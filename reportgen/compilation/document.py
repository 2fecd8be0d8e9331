"""The whole compilation: title, period, the summary in words and the six tables."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from reportgen.compilation.cells import Share, Table
from reportgen.compilation.tables import (
    NOT_BUILT_NOTE,
    budget_table,
    exit_reasons_table,
    goals_table,
    interventions_table,
    participants_table,
    review_table,
)
from reportgen.compilation.totals import ReportStatus, Totals, entry, totals
from reportgen.formatting import format_amount, format_period


@dataclass(frozen=True)
class Compilation:
    association: str
    page_header: str
    title: str
    period_start: date | None
    period_end: date | None
    compiled_on: date
    summary: tuple[str, ...]
    tables: tuple[Table, ...]
    totals: Totals
    draft: bool = False

    @property
    def period_text(self) -> str:
        return format_period(self.period_start, self.period_end)

    def table(self, key: str) -> Table:
        for table in self.tables:
            if table.key == key:
                return table
        raise KeyError(key)


def build_compilation(
    results: Sequence[ReportStatus],
    *,
    association: str,
    page_header: str,
    compiled_on: date | None = None,
    draft: bool = False,
) -> Compilation:
    """All six tables and the summary from the batch's per-intervention results.

    Interventions whose insats.yaml could be read appear in every per-intervention
    table (domain.md §8 rule 22), also when their report was not built; they are
    marked with an asterisk and Tabell 6 says why. Interventions that could not
    be read at all appear only in Tabell 6.
    """
    entries = [entry(result) for result in results]
    readable = [e for e in entries if e.figures is not None]
    any_not_built = any(not e.result.built for e in readable)
    any_interim = any(e.figures is not None and e.figures.kind == "delrapport" for e in readable)

    sums = totals(readable, results)
    starts = [e.figures.report_start for e in readable if e.figures and e.figures.report_start]
    ends = [e.figures.report_end for e in readable if e.figures and e.figures.report_end]
    notes = (NOT_BUILT_NOTE,) if any_not_built else ()
    tables = (
        interventions_table(readable, notes),
        goals_table(readable, sums, notes),
        budget_table(readable, sums, notes, any_interim),
        participants_table(readable, sums, notes),
        exit_reasons_table(sums),
        review_table(entries),
    )
    return Compilation(
        association=association,
        page_header=page_header,
        title="Uppföljning av insatser",
        period_start=min(starts) if starts else None,
        period_end=max(ends) if ends else None,
        compiled_on=compiled_on or date.today(),
        summary=_summary(sums, len(results)),
        tables=tables,
        totals=sums,
        draft=draft,
    )


def _summary(totals: Totals, found: int) -> tuple[str, ...]:
    """The Sammanfattning paragraph: the key totals in words, from the same numbers."""
    sentences = [
        f"Sammanställningen omfattar {totals.interventions} insatser "
        f"({totals.individual} individinriktade och {totals.structural} "
        f"strukturövergripande). {totals.built} av {found} rapporter byggdes utan "
        "hinder; tabell 6 visar granskningen av varje rapport."
    ]
    burn = Share(totals.outcome, totals.budget)
    granted = f"Totalt beviljades {format_amount(totals.granted, unit='kr')}."
    if not totals.budget and not totals.outcome:
        sentences.append(f"{granted} Rapporterna redovisar ingen budget eller inget utfall.")
    else:
        sentences.append(
            f"{granted} Budgeten var {format_amount(totals.budget, unit='kr')} och utfallet "
            f"{format_amount(totals.outcome, unit='kr')}"
            + (f", en förbrukningskvot på {burn.percent_text()}." if totals.budget else ".")
        )
    if totals.new.total or totals.exited.total or totals.ongoing.total:
        sentences.append(
            f"Under perioden skrevs {totals.new.total} deltagare in ({totals.new.women} kvinnor "
            f"och {totals.new.men} män) och {totals.exited.total} avslutades "
            f"({totals.exited.women} kvinnor och {totals.exited.men} män). "
            f"{totals.ongoing.total} deltagare var pågående vid periodens slut."
        )
    g = totals.goals
    if g.total:
        sentences.append(
            f"Av insatsernas {g.total} mål har {g.yes} uppnåtts, {g.partly} delvis uppnåtts "
            f"och {g.no} inte uppnåtts."
            + (f" För {g.missing} mål saknas uppgift." if g.missing else "")
        )
    return tuple(sentences)
