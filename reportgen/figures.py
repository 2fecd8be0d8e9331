"""One intervention's figures for the year-end compilation: a few numbers, never the model.

A batch worker reduces each loaded report to an `InterventionFigures` and sends
that back to the parent process instead of the whole model: it is small and
picklable, so memory stays flat however many interventions an association has.
The compilation (reportgen.compilation) adds these figures up; the batch's
results carry them. Both import this module, and it imports neither.

Counts by gender are `reportgen.stats.ByGender`, the same type the statistics
tables count with, so a compilation total is the sum of the very numbers each
report shows.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from reportgen.economy import economy_lines, economy_totals
from reportgen.stats import ByGender

if TYPE_CHECKING:
    from reportgen.loaded import LoadedReport
    from reportgen.stats import Statistics


@dataclass(frozen=True)
class ParticipantFigures:
    """The report period's participant figures of one intervention (stats.PeriodFigures)."""

    start: date | None
    end: date | None
    new: ByGender
    exited: ByGender
    ongoing: ByGender
    exit_reasons: dict[int, ByGender] = field(default_factory=dict)


@dataclass(frozen=True)
class GoalCounts:
    yes: int = 0
    partly: int = 0
    no: int = 0
    missing: int = 0  # a goal whose "uppnått" is not filled in

    @property
    def total(self) -> int:
        return self.yes + self.partly + self.no + self.missing

    def __add__(self, other: GoalCounts) -> GoalCounts:
        return GoalCounts(
            self.yes + other.yes,
            self.partly + other.partly,
            self.no + other.no,
            self.missing + other.missing,
        )


@dataclass(frozen=True)
class InterventionFigures:
    """What the compilation needs from one intervention: a few numbers, never the model."""

    funder: str
    name: str | None
    kind: str
    orientation: str | None
    start: date | None
    end: date | None
    report_start: date | None
    report_end: date | None
    granted: Decimal | None
    budget: Decimal | None  # the sum of the cost rows, as the report's Summa shows it
    outcome: Decimal | None
    goals: GoalCounts
    participants: ParticipantFigures | None


def figures_from_loaded(loaded: LoadedReport) -> InterventionFigures:
    """Reduce a loaded report to its compilation figures.

    Budget and outcome are the totals reportgen computes for the report's own
    `Summa` row (same-category rows added, every row counted once), so the
    compilation and the report can never disagree.
    """
    report = loaded.report
    intervention = report.intervention
    budget, outcome = economy_totals(economy_lines(report, loaded.profile))
    goals = report.goals or []
    achieved = Counter(goal.achieved for goal in goals)
    period = intervention.period
    report_period = report.report_period
    return InterventionFigures(
        funder=loaded.profile.id,
        name=intervention.name,
        kind=report.kind,
        orientation=intervention.orientation,
        start=period.start if period else None,
        end=period.end if period else None,
        report_start=report_period.start if report_period else None,
        report_end=report_period.end if report_period else None,
        granted=intervention.granted,
        budget=budget,
        outcome=outcome,
        goals=GoalCounts(
            yes=achieved["ja"],
            partly=achieved["delvis"],
            no=achieved["nej"],
            missing=achieved[None],
        ),
        participants=participant_figures(loaded.statistics),
    )


def participant_figures(statistics: Statistics | None) -> ParticipantFigures | None:
    """The report period's figures (None for an intervention without participant data)."""
    if statistics is None:
        return None
    period = statistics.period
    return ParticipantFigures(
        start=period.start,
        end=period.end,
        new=period.new,
        exited=period.exited,
        ongoing=period.ongoing,
        exit_reasons={int(code): counts for code, counts in period.exit_reasons.items()},
    )
