"""The association's totals, added up from the interventions' figures, never typed.

The compilation reads each intervention through `ReportStatus`: the few
attributes of a batch result it needs (its figures and whether its report was
built). `reportgen.batch.results.InterventionResult` has them; declaring them
here keeps the dependency one way – the batch uses the compilation, the
compilation does not know the batch.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol

from reportgen.figures import GoalCounts, InterventionFigures
from reportgen.stats import ByGender

INDIVIDUAL = "individinriktad"
STRUCTURAL = "strukturövergripande"
NOT_BUILT_MARK = " *"


class ReportStatus(Protocol):
    """One intervention's batch outcome, as far as the compilation reads it."""

    @property
    def path(self) -> str: ...  # the insats.yaml as the user names it

    @property
    def built(self) -> bool: ...

    @property
    def draft(self) -> bool: ...  # built as a draft despite errors

    @property
    def report(self) -> str | None: ...

    @property
    def report_relative(self) -> str | None: ...  # relative to the batch's output folder

    @property
    def reason(self) -> str | None: ...  # why it was not built

    @property
    def errors(self) -> int: ...

    @property
    def warnings(self) -> int: ...

    @property
    def figures(self) -> InterventionFigures | None: ...  # None when unreadable


@dataclass(frozen=True)
class Entry:
    """One intervention as the tables see it: its label, figures and report status."""

    label: str
    figures: InterventionFigures | None
    result: ReportStatus


def entry(result: ReportStatus) -> Entry:
    """An intervention's own name marked with `NOT_BUILT_MARK` when its report was not built."""
    figures = result.figures
    mark = "" if result.built or figures is None else NOT_BUILT_MARK
    return Entry(label=result_label(result) + mark, figures=figures, result=result)


def result_label(result: ReportStatus) -> str:
    """How an intervention is named in summaries: its name, else its path."""
    return (result.figures.name if result.figures else None) or result.path


@dataclass(frozen=True)
class Totals:
    """The association's totals: computed here, shown in the tables and the summary."""

    interventions: int
    individual: int
    structural: int
    built: int
    granted: Decimal
    budget: Decimal
    outcome: Decimal
    goals: GoalCounts
    new: ByGender
    exited: ByGender
    ongoing: ByGender
    exit_reasons: dict[int, ByGender]


def totals(entries: Sequence[Entry], results: Sequence[ReportStatus]) -> Totals:
    """Sums over the readable interventions; `built` counts every result."""
    figures = [e.figures for e in entries if e.figures is not None]
    goals = GoalCounts()
    new = exited = ongoing = ByGender()
    reasons: dict[int, ByGender] = {}
    for f in figures:
        goals = goals + f.goals
        p = f.participants
        if p is not None:
            new, exited, ongoing = new + p.new, exited + p.exited, ongoing + p.ongoing
            for code, counts in p.exit_reasons.items():
                reasons[code] = reasons.get(code, ByGender()) + counts
    return Totals(
        interventions=len(figures),
        individual=sum(1 for f in figures if f.orientation == INDIVIDUAL),
        structural=sum(1 for f in figures if f.orientation == STRUCTURAL),
        built=sum(1 for r in results if r.built),
        granted=_sum(f.granted for f in figures),
        budget=_sum(f.budget for f in figures),
        outcome=_sum(f.outcome for f in figures),
        goals=goals,
        new=new,
        exited=exited,
        ongoing=ongoing,
        exit_reasons=dict(sorted(reasons.items())),
    )


def _sum(values: Iterable[Decimal | None]) -> Decimal:
    return sum((v for v in values if v is not None), Decimal(0))
