"""compute_statistics against figures computed by hand (domain.md §6.3).

The scenario below covers what real sheets contain: a person who re-enters
(P1 across the period start, P2 twice inside the period), an episode crossing
the period boundary (P2's first, ending on 1 January), ongoing episodes (one
starting on the last day), an episode after the period, several income
sources for one person, missing values and a gender outside K/M.
"""

from __future__ import annotations

import pickle
import random
from datetime import date, timedelta

import pytest

from reportgen.stats import (
    EXIT_REASONS,
    ByGender,
    Episode,
    compute_statistics,
    period_figures,
)

FS = "Försörjningsstöd"
SJP = "Sjukpenning/rehabiliteringspenning"
AKASSA = "A-kassa"
NONE = "Ingen offentlig försörjning"
STUDY = "Studiestöd/studiemedel"
UNKNOWN = "Uppgift saknas"

PERIOD = (date(2025, 1, 1), date(2025, 12, 31))
START = date(2024, 1, 1)


def ep(row: int, person: str, gender: str, start: str, end: str | None = None, **kw) -> Episode:
    return Episode(
        row=row,
        person=person,
        gender=gender,
        start=date.fromisoformat(start),
        end=date.fromisoformat(end) if end else None,
        **kw,
    )


SCENARIO = [
    # P1: an episode in 2024 only, then a re-entry inside the period
    ep(2, "p1", "K", "2024-03-01", "2024-12-31", exit_code=1, birth_year=2000),
    ep(
        3,
        "p1",
        "K",
        "2025-02-01",
        "2025-06-30",
        exit_code=1,
        birth_year=2000,
        referrer="AF",
        income_before=frozenset({FS, AKASSA}),
        income_after=frozenset({NONE}),
        seeking_before=False,
        seeking_after=True,
        step_start=1,
        step_end=3,
        education="Gymnasium",
    ),
    # P2: crosses the period start and ends on its first day; re-enters and ends on its last
    ep(
        4,
        "p2",
        "M",
        "2024-11-15",
        "2025-01-01",
        exit_code=2,
        birth_year=1990,
        referrer="FK",
        income_before=frozenset({SJP}),
        income_after=frozenset({SJP}),
        seeking_before=False,
        seeking_after=False,
        step_start=2,
        step_end=2,
    ),
    ep(
        9,
        "p2",
        "M",
        "2025-09-01",
        "2025-12-31",
        exit_code=1,
        birth_year=1990,
        referrer="egen anmälan",
        income_before=frozenset({FS}),
        income_after=frozenset({FS, STUDY}),
        seeking_before=True,
        seeking_after=True,
        step_start=2,
        step_end=4,
    ),
    # P3: ongoing, no birth year
    ep(
        5,
        "p3",
        "M",
        "2025-03-01",
        referrer="kommun",
        income_before=frozenset({FS}),
        step_start=1,
        step_end=2,
        education="Grundskola",
    ),
    # P4: another gender, starts on the period's last day, no referrer, no steps
    ep(6, "p4", "annat", "2025-12-31", birth_year=2007, education="Grundskola"),
    # P5: a trial-period leaver; income before not recorded
    ep(
        7,
        "p5",
        "K",
        "2025-05-01",
        "2025-05-31",
        exit_code=7,
        birth_year=1965,
        referrer="region",
        income_after=frozenset({UNKNOWN}),
        step_start=3,
        step_end=2,
        education="Högskola ≥3 år",
    ),
    # P6: after the period – in no figure
    ep(8, "p6", "K", "2026-01-05", birth_year=1980),
]


@pytest.fixture(scope="module")
def stats():
    return compute_statistics(SCENARIO, *PERIOD, START)


def test_period_counts_by_gender(stats) -> None:
    figures = stats.period
    assert figures.participated == ByGender(women=2, men=3, other=1)
    assert figures.persons == ByGender(women=2, men=2, other=1)
    assert figures.unique_persons == 5
    assert figures.episodes_differ
    assert figures.new == ByGender(women=2, men=2, other=1)
    assert figures.exited == ByGender(women=2, men=2, other=0)
    assert figures.ongoing == ByGender(women=0, men=1, other=1)


def test_period_identities_hold(stats) -> None:
    figures = stats.period
    assert figures.participated.total == figures.exited.total + figures.ongoing.total
    exits = sum((v for v in figures.exit_reasons.values()), ByGender())
    assert exits + figures.exits_without_code == figures.exited
    for value in (figures.participated, figures.new, figures.exited, figures.ongoing):
        assert value.total == value.women + value.men + value.other


def test_exit_reasons_cover_all_seven_codes(stats) -> None:
    reasons = stats.period.exit_reasons
    assert sorted(reasons) == list(EXIT_REASONS)
    assert reasons[1] == ByGender(women=1, men=1)
    assert reasons[2] == ByGender(men=1)
    assert reasons[7] == ByGender(women=1)
    assert all(reasons[code].total == 0 for code in (3, 4, 5, 6))
    assert stats.period.exits_without_code == ByGender()


def test_cumulative_counts_since_intervention_start(stats) -> None:
    figures = stats.cumulative
    assert (figures.start, figures.end) == (START, PERIOD[1])
    assert figures.participated == ByGender(women=3, men=3, other=1)
    assert figures.persons == ByGender(women=2, men=2, other=1)
    assert figures.new == ByGender(women=3, men=3, other=1)
    assert figures.exited == ByGender(women=3, men=2)
    assert figures.ongoing == stats.period.ongoing


def test_cumulative_never_starts_after_the_period() -> None:
    stats = compute_statistics(SCENARIO, *PERIOD, date(2025, 6, 1))
    assert stats.cumulative.start == PERIOD[0]
    assert compute_statistics(SCENARIO, *PERIOD, None).cumulative == stats.cumulative


def test_income_before_and_after_share_one_base(stats) -> None:
    income = stats.income
    assert income.base == 3  # P5's exit has no income before and is left out
    assert income.not_measured == 1
    assert (income.row(FS).before, income.row(FS).after, income.row(FS).change) == (2, 1, -1)
    assert (income.row(AKASSA).before, income.row(AKASSA).after) == (1, 0)
    assert (income.row(NONE).before, income.row(NONE).after) == (0, 1)
    assert (income.row(SJP).before, income.row(SJP).after) == (1, 1)
    assert (income.row(STUDY).before, income.row(STUDY).after) == (0, 1)
    assert (income.row(UNKNOWN).before, income.row(UNKNOWN).after) == (0, 0)
    # several sources for one person: the columns add up to more than n
    assert sum(r.before for r in income.rows) == 4 > income.base


def test_job_seeking_uses_the_same_kind_of_base(stats) -> None:
    seeking = stats.job_seeking
    assert (seeking.base, seeking.not_measured) == (3, 1)
    row = seeking.row("aktivt arbetssökande")
    assert (row.before, row.after, row.change) == (1, 2, 1)


def test_referrers_count_new_and_participating_episodes(stats) -> None:
    referrers = stats.referrers
    assert referrers.new == {
        "AF": 1,
        "FK": 0,
        "kommun": 1,
        "region": 1,
        "egen anmälan": 1,
        "annan": 1,  # P4 has no referrer: counted as "Övrig/uppgift saknas"
    }
    assert referrers.participated["FK"] == 1
    assert sum(referrers.new.values()) == stats.period.new.total
    assert sum(referrers.participated.values()) == stats.period.participated.total


def test_ladder_steps(stats) -> None:
    ladder = stats.ladder
    assert ladder.measured == 5
    assert ladder.not_measured == 1
    assert (ladder.moved_up, ladder.unchanged, ladder.moved_down) == (3, 1, 1)
    assert ladder.total_steps == 4
    assert ladder.mean_steps == pytest.approx(0.8)
    assert ladder.at_start == {1: 2, 2: 2, 3: 1, 4: 0, 5: 0}
    assert ladder.at_end == {1: 0, 2: 3, 3: 1, 4: 1, 5: 0}


def test_days_in_the_intervention(stats) -> None:
    days = stats.days
    # exits: 149, 47, 30 and 121 days; ongoing at 31 December: 305 and 0 days
    assert days.exited == 4
    assert days.exited_mean_days == pytest.approx(86.75)
    assert days.exited_median_days == pytest.approx(84.0)
    assert days.ongoing == 2
    assert days.ongoing_mean_days == pytest.approx(152.5)
    assert days.ongoing_median_days == pytest.approx(152.5)


def test_age_bands_and_education_count_persons(stats) -> None:
    bands = {label: value for label, value in stats.age_bands.items() if value.total}
    assert bands == {
        "Under 20 år": ByGender(other=1),
        "25–29 år": ByGender(women=1),
        "30–39 år": ByGender(men=1),
        "60 år och äldre": ByGender(women=1),
        "Uppgift saknas": ByGender(men=1),
    }
    assert sum((v for v in stats.age_bands.values()), ByGender()) == stats.period.persons
    education = {label: value for label, value in stats.education.items() if value.total}
    assert education == {
        "Grundskola": ByGender(men=1, other=1),
        "Gymnasium": ByGender(women=1),
        "Högskola ≥3 år": ByGender(women=1),
        "Uppgift saknas": ByGender(men=1),  # P2's latest episode has no education
    }


def test_period_boundaries_are_inclusive() -> None:
    rows = [
        ep(2, "a", "K", "2025-01-01", "2025-01-01", exit_code=1),  # one day, in the period
        ep(3, "b", "M", "2024-06-01", "2024-12-31", exit_code=1),  # ends the day before
        ep(4, "c", "K", "2026-01-01"),  # starts the day after
    ]
    figures = period_figures(rows, *PERIOD)
    assert figures.participated == ByGender(women=1)
    assert figures.new == figures.exited == ByGender(women=1)
    assert figures.ongoing == ByGender()


def test_exit_without_code_is_counted_apart() -> None:
    figures = period_figures([ep(2, "a", "M", "2025-02-01", "2025-03-01")], *PERIOD)
    assert figures.exited == ByGender(men=1)
    assert figures.exits_without_code == ByGender(men=1)
    assert all(v.total == 0 for v in figures.exit_reasons.values())


def test_empty_sheet_gives_zeros_not_errors() -> None:
    stats = compute_statistics([], *PERIOD, START)
    assert stats.period.participated == ByGender()
    assert stats.income.base == 0
    assert stats.ladder.mean_steps is None
    assert stats.days.exited_mean_days is None


def test_identities_hold_on_random_sheets() -> None:
    rng = random.Random(4)
    for _ in range(20):
        rows = []
        for index in range(rng.randint(0, 60)):
            start = date(2024, 1, 1) + timedelta(days=rng.randint(0, 800))
            end = start + timedelta(days=rng.randint(0, 300)) if rng.random() < 0.7 else None
            rows.append(
                Episode(
                    row=index + 2,
                    person=str(rng.randint(1, 40)),
                    gender=rng.choice(["K", "M", "annat"]),
                    start=start,
                    end=end,
                    exit_code=rng.choice([None, 1, 2, 3, 4, 5, 6, 7]) if end else None,
                )
            )
        figures = compute_statistics(rows, *PERIOD, START).period
        for gender in ("women", "men", "other"):
            assert getattr(figures.participated, gender) == getattr(
                figures.exited, gender
            ) + getattr(figures.ongoing, gender)
        assert figures.unique_persons == figures.persons.total <= figures.participated.total


def test_statistics_pickle_for_worker_processes(stats) -> None:
    assert pickle.loads(pickle.dumps(stats)) == stats
