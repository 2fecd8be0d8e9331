"""The results a funder's plan asks for, from the same episodes (Västerås, domain.md §9).

Samordningsförbundet Västerås' half-year report states its results as shares
of the period's exits: how many moved up the process ladder (and by how many
steps), how many left for work, studies or job-seeking, went on to förstärkt
samverkan AF–FK or to ordinary services, and how many new participants had
aktivitetsersättning. Exits within the trial period ("prövotid", e.g. three
months) do not count towards the results; how many there were is stated.

Definitions (all inclusive of both end dates, like `stats`):

* **exits** end in the report period; **trial exits** ended before `trial_months`
  had passed since their start; the **measured** exits are the others, the base
  of every share here, except where a value was not recorded (then the base is
  those with a value, and the number without is stated);
* the **ladder** counts measured exits with both steps recorded;
* **places in use**: days enrolled within the period, per day of the period –
  the average number enrolled at once, set against the funder's årsplatser.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from reportgen.stats import (
    REFERRER_UNKNOWN,
    REFERRERS,
    BeforeAfter,
    ByGender,
    Episode,
    LadderFigures,
    before_after,
    flag_set,
)
from reportgen.stats_codes import INCOME_SOURCES

ACTIVITY_COMPENSATION = "Aktivitetsersättning"
WORK_STUDIES_SEEKING = 1  # SUS exit code 1: till arbete, studier eller arbetssökande
NOT_MEASURED_CODE = 7  # SUS exit code 7: utan mätning
NOT_REGISTERED = "ej reg."


@dataclass(frozen=True)
class Share:
    """`count` of `base`, and how many had no value recorded (left out of the base)."""

    count: int
    base: int
    not_recorded: int = 0


@dataclass(frozen=True)
class ResultFigures:
    exits: int
    trial_exits: int
    trial_months: int | None
    measured: int  # exits − trial exits
    work_studies_seeking: Share  # exit code 1 of the measured
    not_measured_code: int  # measured exits with code 7 ("Utskrivning-Utan mätning")
    enhanced_af_fk: Share | None  # None: the sheet has no such column
    ordinary_after: Share | None
    ordinary_not_registered: int
    receiving_parties: dict[str, int]  # party (AF, FK, AF-FK …) -> measured exits
    new: int
    new_activity_compensation: Share
    ladder: LadderFigures  # over the measured exits, steps 1..len(step names)
    income: BeforeAfter  # the measured exits, before against after
    seeking: BeforeAfter  # actively job-seeking, the measured exits
    overview_base: int  # who took part, trial exits left out: the job-seeking overview's n
    overview_seeking_before: int  # actively job-seeking before, of the overview's base
    overview_seeking_after: int  # measured exits actively job-seeking after
    ongoing: int  # not exited by the period end
    participated: int  # episodes overlapping the period
    referrers: dict[str, ByGender]  # episodes of the period by referrer, every key
    annual_places: int | None
    places_in_use: float  # the average number enrolled at once in the period


def compute_results(
    rows: Sequence[Episode],
    start: date,
    end: date,
    *,
    steps: int,
    trial_months: int | None,
    annual_places: int | None,
    columns: frozenset[str],
) -> ResultFigures:
    taking_part = [e for e in rows if e.overlaps(start, end)]
    exits = [e for e in taking_part if e.ended_in(start, end)]
    trial = [e for e in exits if _in_trial(e, trial_months)]
    trial_rows = {e.row for e in trial}
    measured = [e for e in exits if e.row not in trial_rows]
    new = [e for e in taking_part if e.started_in(start, end)]
    with_income = [e for e in new if e.income_before]
    ordinary = [e for e in measured if e.ordinary_after not in (None, NOT_REGISTERED)]
    return ResultFigures(
        exits=len(exits),
        trial_exits=len(trial),
        trial_months=trial_months,
        measured=len(measured),
        work_studies_seeking=_share(measured, lambda e: e.exit_code, WORK_STUDIES_SEEKING),
        not_measured_code=sum(1 for e in measured if e.exit_code == NOT_MEASURED_CODE),
        enhanced_af_fk=(
            _share(measured, lambda e: e.enhanced_af_fk, True)
            if "vidare_fs_af_fk" in columns
            else None
        ),
        ordinary_after=(
            Share(
                sum(1 for e in ordinary if e.ordinary_after == "ja"),
                len(ordinary),
                len(measured) - len(ordinary),
            )
            if "ordinarie_insats_efter_avslut" in columns
            else None
        ),
        ordinary_not_registered=sum(1 for e in measured if e.ordinary_after == NOT_REGISTERED),
        receiving_parties=dict(
            sorted(Counter(e.receiving_party for e in measured if e.receiving_party).items())
        ),
        new=len(new),
        new_activity_compensation=Share(
            sum(1 for e in with_income if ACTIVITY_COMPENSATION in e.income_before),
            len(with_income),
            len(new) - len(with_income),
        ),
        ladder=_ladder(measured, steps),
        income=before_after(
            measured,
            tuple(INCOME_SOURCES),
            lambda e: (e.income_before or None, e.income_after or None),
        ),
        seeking=before_after(
            measured,
            ("aktivt arbetssökande",),
            lambda e: (
                flag_set(e.seeking_before, "aktivt arbetssökande"),
                flag_set(e.seeking_after, "aktivt arbetssökande"),
            ),
        ),
        overview_base=len(taking_part) - len(trial),
        overview_seeking_before=sum(
            1 for e in taking_part if e.row not in trial_rows and e.seeking_before is True
        ),
        overview_seeking_after=sum(1 for e in measured if e.seeking_after is True),
        ongoing=sum(1 for e in taking_part if e.ongoing_at(end)),
        participated=len(taking_part),
        referrers={
            key: ByGender.of(e.gender for e in taking_part if _referrer(e) == key)
            for key in REFERRERS
        },
        annual_places=annual_places,
        places_in_use=_places_in_use(taking_part, start, end),
    )


def _in_trial(episode: Episode, months: int | None) -> bool:
    if months is None or episode.end is None:
        return False
    return episode.end < add_months(episode.start, months)


def add_months(day: date, months: int) -> date:
    """The same day `months` later (the month's last day when it has no such day)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return date(year, month, candidate)
        except ValueError:
            continue
    raise AssertionError("every month has a 28th")


def _share(
    episodes: Sequence[Episode], value: Callable[[Episode], object], wanted: object
) -> Share:
    values = [value(e) for e in episodes]
    recorded = [v for v in values if v is not None]
    hits = sum(1 for v in recorded if v == wanted)
    return Share(hits, len(recorded), len(values) - len(recorded))


def _referrer(episode: Episode) -> str:
    return episode.referrer or REFERRER_UNKNOWN


def _ladder(episodes: Sequence[Episode], steps: int) -> LadderFigures:
    measured = [
        e
        for e in episodes
        if e.step_start is not None
        and e.step_end is not None
        and 1 <= e.step_start <= steps
        and 1 <= e.step_end <= steps
    ]
    moves = [e.step_end - e.step_start for e in measured]  # type: ignore[operator]
    return LadderFigures(
        measured=len(measured),
        at_start={s: sum(1 for e in measured if e.step_start == s) for s in range(1, steps + 1)},
        at_end={s: sum(1 for e in measured if e.step_end == s) for s in range(1, steps + 1)},
        moved_up=sum(1 for m in moves if m > 0),
        unchanged=sum(1 for m in moves if m == 0),
        moved_down=sum(1 for m in moves if m < 0),
        total_steps=sum(moves),
        not_measured=len(episodes) - len(measured),
    )


def _places_in_use(episodes: Sequence[Episode], start: date, end: date) -> float:
    days = (end - start).days + 1
    enrolled = 0
    for episode in episodes:
        first = max(episode.start, start)
        last = min(episode.end or end, end)
        enrolled += max((last - first).days + 1, 0)
    return enrolled / days if days > 0 else 0.0
