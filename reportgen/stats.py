"""Participant episodes -> the standard figures of a Finsam report (domain.md §6.3).

Since SUS closed, teams count their report tables by hand from their own
participant sheet, and the hand counts are where reports go wrong: gender
splits that do not add up, shares that no count/n can give. This module does
the counting once, from the episodes the Excel source read, so every table in
the report comes from the same rows and the identities hold by construction
(K + M + annat = Totalt; participated = exited + ongoing; shares = count / n).

Definitions, all inclusive of both end dates (domain.md §6.3):

* an **episode** is one person's stay in the insats, from `startdatum` to
  `slutdatum` (empty = pågående). A person who re-enters has two episodes with
  the same id: intakes count episodes, headcounts count persons.
* **participated**: the episode overlaps the period; **new**: it started in
  the period; **exited**: it ended in the period; **ongoing**: it had started
  by the period end and had not ended by then.
* shares are always of a stated base n: exit reasons of the period's exits,
  income and job-seeking of the period's exits that have both the before and
  the after value recorded (one base for both, so the change is meaningful),
  ladder steps of the period's participants with both steps recorded.

Everything here is a frozen dataclass of plain values, so results pickle
across the worker processes of a batch run and compare equal in tests.
Nothing here knows about Excel or Word.
"""

from __future__ import annotations

import statistics as _statistics
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

__all__ = [
    "AGE_BANDS",
    "AGE_UNKNOWN",
    "EDUCATION_LEVELS",
    "EXIT_REASONS",
    "INCOME_SOURCES",
    "OTHER",
    "REFERRERS",
    "REFERRER_UNKNOWN",
    "BeforeAfter",
    "BeforeAfterRow",
    "ByGender",
    "DurationFigures",
    "Episode",
    "LadderFigures",
    "PeriodFigures",
    "ReferrerFigures",
    "Statistics",
    "SurveyItem",
    "compute_statistics",
]

from reportgen.stats_codes import (
    AGE_BANDS,
    AGE_UNKNOWN,
    EDUCATION_LEVELS,
    EXIT_REASONS,
    INCOME_SOURCES,
    MEN,
    OTHER,
    REFERRER_UNKNOWN,
    REFERRERS,
    WOMEN,
)

# ----------------------------------------------------------------- value types


@dataclass(frozen=True)
class ByGender:
    """A count split as the funder's tables split it: K, M and "annat/uppgift saknas"."""

    women: int = 0
    men: int = 0
    other: int = 0  # "annat/uppgift saknas"

    @property
    def total(self) -> int:
        return self.women + self.men + self.other

    @classmethod
    def of(cls, genders: Iterable[str]) -> ByGender:
        counts = Counter(genders)
        return cls(
            women=counts.get(WOMEN, 0),
            men=counts.get(MEN, 0),
            other=sum(n for g, n in counts.items() if g not in (WOMEN, MEN)),
        )

    def __add__(self, other: ByGender) -> ByGender:
        return ByGender(self.women + other.women, self.men + other.men, self.other + other.other)


@dataclass(frozen=True)
class Episode:
    """One row of the `Deltagare` sheet after reading: one person's stay in the insats.

    `row` is the sheet row, kept only so that findings can point at the cell;
    it never leaves reportgen in a report. Empty cells are None (or an empty
    set for the multi-valued income columns): "not recorded", which is
    different from the recorded value "Uppgift saknas".
    """

    row: int
    person: str
    gender: str  # "K", "M" or OTHER
    start: date
    end: date | None = None
    birth_year: int | None = None
    referrer: str | None = None  # a key of REFERRERS
    income_before: frozenset[str] = frozenset()  # keys of INCOME_SOURCES
    income_after: frozenset[str] = frozenset()
    seeking_before: bool | None = None
    seeking_after: bool | None = None
    exit_code: int | None = None
    step_start: int | None = None
    step_end: int | None = None
    education: str | None = None  # one of EDUCATION_LEVELS
    # columns a funder may add (Västerås, domain.md §9)
    enhanced_af_fk: bool | None = None  # "Vidare FS AF-FK": went on to förstärkt samverkan
    ordinary_after: str | None = None  # "Ordinarie insats efter avslut": ja, nej, ej reg.
    receiving_party: str | None = None  # "Mottagande part vid avslut": AF, FK, RV, VS, AF-FK …

    @classmethod
    def of_fields(cls, fields: dict[str, Any]) -> Episode:
        """An Episode from every field by name, already checked (the sheet reader's rows).

        A frozen dataclass's __init__ sets its 19 fields one call at a time; a sheet
        of 200 rows spent a millisecond there. Missing fields take their defaults.
        """
        episode = object.__new__(cls)
        episode.__dict__.update(fields)
        return episode

    def overlaps(self, start: date, end: date) -> bool:
        return self.start <= end and (self.end is None or self.end >= start)

    def ongoing_at(self, day: date) -> bool:
        """Started by `day` and not ended by then ("pågående per sista december")."""
        return self.start <= day and (self.end is None or self.end > day)

    def ended_in(self, start: date, end: date) -> bool:
        return self.end is not None and start <= self.end <= end

    def started_in(self, start: date, end: date) -> bool:
        return start <= self.start <= end


@dataclass(frozen=True)
class PeriodFigures:
    """Who took part in one period, by gender. Counts are episodes unless named persons."""

    start: date
    end: date
    participated: ByGender  # episodes overlapping the period
    new: ByGender  # start date in the period
    exited: ByGender  # end date in the period
    ongoing: ByGender  # ongoing at the period end
    unique_persons: int  # distinct ids among the participating episodes
    exit_reasons: dict[int, ByGender]  # SUS code 1–7 -> exits in the period (all seven keys)
    persons: ByGender = field(default_factory=ByGender)  # the unique persons, by gender
    exits_without_code: ByGender = field(default_factory=ByGender)  # exits lacking a SUS code

    @property
    def episodes_differ(self) -> bool:
        """True when someone re-entered within the period, so episodes ≠ persons."""
        return self.participated.total != self.unique_persons


@dataclass(frozen=True)
class BeforeAfterRow:
    key: str
    before: int
    after: int

    @property
    def change(self) -> int:
        return self.after - self.before


@dataclass(frozen=True)
class BeforeAfter:
    """A before/after comparison over one base n (income sources, job-seeking).

    `base` is the number of exits measured both before and after; shares of
    both columns are of this same n. `not_measured` exits lack one of the two
    values and are left out (and said so in the report).
    """

    base: int
    rows: tuple[BeforeAfterRow, ...]
    not_measured: int = 0

    def row(self, key: str) -> BeforeAfterRow:
        for candidate in self.rows:
            if candidate.key == key:
                return candidate
        return BeforeAfterRow(key, 0, 0)


@dataclass(frozen=True)
class ReferrerFigures:
    """Episodes per referring agency: new in the period and all who took part."""

    new: dict[str, int]  # keys of REFERRERS, all present
    participated: dict[str, int]


@dataclass(frozen=True)
class LadderFigures:
    """Process-ladder steps of the period's participants measured at start and end.

    For an ongoing episode `steg_slut` is the latest assessment. `mean_steps` is
    per measured participant, not per mover (domain.md §6.3).
    """

    measured: int
    at_start: dict[int, int]  # step -> count, steps 1..5
    at_end: dict[int, int]
    moved_up: int
    unchanged: int
    moved_down: int
    total_steps: int  # sum of (end step − start step) over the measured
    not_measured: int = 0

    @property
    def mean_steps(self) -> float | None:
        return self.total_steps / self.measured if self.measured else None


@dataclass(frozen=True)
class DurationFigures:
    """Days in the insats (slutdatum − startdatum): exits of the period, and ongoing so far."""

    exited: int
    exited_mean_days: float | None
    exited_median_days: float | None
    ongoing: int
    ongoing_mean_days: float | None  # up to the period end
    ongoing_median_days: float | None


@dataclass(frozen=True)
class SurveyItem:
    """One row of the optional `Enkät` sheet: results already aggregated by the team."""

    question: str
    answers: int
    share_positive: float  # percent, 0–100
    row: int = 0  # sheet row, for findings only


@dataclass(frozen=True)
class Statistics:
    """Everything the report's 4.4 tables and the D checks need, as plain values."""

    period: PeriodFigures  # the report period
    cumulative: PeriodFigures  # intervention start .. report period end
    income: BeforeAfter  # exits of the period: income source before vs after
    job_seeking: BeforeAfter  # exits of the period: actively job-seeking before vs after
    referrers: ReferrerFigures
    ladder: LadderFigures
    days: DurationFigures
    age_bands: dict[str, ByGender]  # persons of the period, label -> count, table order
    education: dict[str, ByGender]  # persons of the period, level -> count, table order
    survey: tuple[SurveyItem, ...] = ()
    columns: frozenset[str] = frozenset()  # optional sheet columns present (tables need them)
    episodes: int = 0  # rows read, for the record (never shown per row)
    results: Any = None  # stats_results.ResultFigures, for a profile that reports results


# ----------------------------------------------------------------- computing


def compute_statistics(
    rows: Sequence[Episode],
    period_start: date,
    period_end: date,
    intervention_start: date | None,
    *,
    survey: Sequence[SurveyItem] = (),
    columns: Iterable[str] = (),
) -> Statistics:
    """All figures for the report period and cumulatively since the intervention started.

    `intervention_start` after the period start (or missing) makes the
    cumulative figures start with the period, so they are never smaller.
    """
    cumulative_start = period_start
    if intervention_start is not None and intervention_start < period_start:
        cumulative_start = intervention_start

    in_period = [e for e in rows if e.overlaps(period_start, period_end)]
    exits = [e for e in in_period if e.ended_in(period_start, period_end)]
    persons = _latest_per_person(in_period)

    return Statistics(
        period=period_figures(rows, period_start, period_end),
        cumulative=period_figures(rows, cumulative_start, period_end),
        income=before_after(
            exits,
            tuple(INCOME_SOURCES),
            lambda e: (e.income_before or None, e.income_after or None),
        ),
        job_seeking=before_after(
            exits,
            ("aktivt arbetssökande",),
            lambda e: (
                flag_set(e.seeking_before, "aktivt arbetssökande"),
                flag_set(e.seeking_after, "aktivt arbetssökande"),
            ),
        ),
        referrers=ReferrerFigures(
            new=_referrer_counts(e for e in in_period if e.started_in(period_start, period_end)),
            participated=_referrer_counts(in_period),
        ),
        ladder=_ladder(in_period),
        days=_durations(in_period, exits, period_end),
        age_bands=_age_bands(persons),
        education=_by_label(
            persons, EDUCATION_LEVELS, lambda e: e.education or EDUCATION_LEVELS[-1]
        ),
        survey=tuple(survey),
        columns=frozenset(columns),
        episodes=len(rows),
    )


def period_figures(rows: Sequence[Episode], start: date, end: date) -> PeriodFigures:
    """Participated / new / exited / ongoing for one period (see the module docstring)."""
    taking_part = [e for e in rows if e.overlaps(start, end)]
    exits = [e for e in taking_part if e.ended_in(start, end)]
    persons = _latest_per_person(taking_part)
    reasons = {
        code: ByGender.of(e.gender for e in exits if e.exit_code == code) for code in EXIT_REASONS
    }
    return PeriodFigures(
        start=start,
        end=end,
        participated=ByGender.of(e.gender for e in taking_part),
        new=ByGender.of(e.gender for e in taking_part if e.started_in(start, end)),
        exited=ByGender.of(e.gender for e in exits),
        ongoing=ByGender.of(e.gender for e in taking_part if e.ongoing_at(end)),
        unique_persons=len(persons),
        exit_reasons=reasons,
        persons=ByGender.of(e.gender for e in persons),
        exits_without_code=ByGender.of(e.gender for e in exits if e.exit_code not in EXIT_REASONS),
    )


def _latest_per_person(episodes: Iterable[Episode]) -> list[Episode]:
    """One episode per person: the latest started, whose gender and age describe the person."""
    latest: dict[str, Episode] = {}
    for episode in episodes:
        known = latest.get(episode.person)
        if known is None or (episode.start, episode.row) > (known.start, known.row):
            latest[episode.person] = episode
    return list(latest.values())


def flag_set(value: bool | None, key: str) -> frozenset[str] | None:
    if value is None:
        return None
    return frozenset({key}) if value else frozenset()


def before_after(
    exits: Sequence[Episode],
    keys: tuple[str, ...],
    values: Callable[[Episode], tuple[frozenset[str] | None, frozenset[str] | None]],
) -> BeforeAfter:
    """Count each key before and after over the exits that have both values recorded."""
    before: Counter[str] = Counter()
    after: Counter[str] = Counter()
    base = 0
    for episode in exits:
        pair = values(episode)
        if pair[0] is None or pair[1] is None:
            continue
        base += 1
        before.update(pair[0])
        after.update(pair[1])
    rows = tuple(BeforeAfterRow(key, before.get(key, 0), after.get(key, 0)) for key in keys)
    return BeforeAfter(base=base, rows=rows, not_measured=len(exits) - base)


def _referrer_counts(episodes: Iterable[Episode]) -> dict[str, int]:
    counts = Counter(e.referrer or REFERRER_UNKNOWN for e in episodes)
    return {key: counts.get(key, 0) for key in REFERRERS}


def _ladder(episodes: Sequence[Episode]) -> LadderFigures:
    measured = [e for e in episodes if e.step_start is not None and e.step_end is not None]
    moves = [e.step_end - e.step_start for e in measured]  # type: ignore[operator]
    return LadderFigures(
        measured=len(measured),
        at_start={step: sum(1 for e in measured if e.step_start == step) for step in range(1, 6)},
        at_end={step: sum(1 for e in measured if e.step_end == step) for step in range(1, 6)},
        moved_up=sum(1 for m in moves if m > 0),
        unchanged=sum(1 for m in moves if m == 0),
        moved_down=sum(1 for m in moves if m < 0),
        total_steps=sum(moves),
        not_measured=len(episodes) - len(measured),
    )


def _durations(
    taking_part: Sequence[Episode], exits: Sequence[Episode], period_end: date
) -> DurationFigures:
    done = [(e.end - e.start).days for e in exits if e.end is not None]
    running = [(period_end - e.start).days for e in taking_part if e.ongoing_at(period_end)]
    return DurationFigures(
        exited=len(done),
        exited_mean_days=_statistics.fmean(done) if done else None,
        exited_median_days=float(_statistics.median(done)) if done else None,
        ongoing=len(running),
        ongoing_mean_days=_statistics.fmean(running) if running else None,
        ongoing_median_days=float(_statistics.median(running)) if running else None,
    )


def age_band(episode: Episode) -> str:
    if episode.birth_year is None:
        return AGE_UNKNOWN
    age = episode.start.year - episode.birth_year
    for low, high, label in AGE_BANDS:
        if age >= low and (high is None or age <= high):
            return label
    return AGE_UNKNOWN


def _age_bands(persons: Sequence[Episode]) -> dict[str, ByGender]:
    labels = (*(label for _low, _high, label in AGE_BANDS), AGE_UNKNOWN)
    return _by_label(persons, labels, age_band)


def _by_label(
    episodes: Sequence[Episode], labels: Sequence[str], label_of: Callable[[Episode], str]
) -> dict[str, ByGender]:
    groups: dict[str, list[str]] = {label: [] for label in labels}
    for episode in episodes:
        groups[label_of(episode)].append(episode.gender)
    return {label: ByGender.of(genders) for label, genders in groups.items()}
