"""Recreate the example interventions' statistik.xlsx (invented participants, fixed seeds).

    .venv/bin/python inputs/generate_statistics.py

The workbooks are inputs and are committed; this script exists so they can be
recreated and changed reviewably, and it rewrites them byte for byte (fixed
seeds, fixed zip timestamps and document dates).

Every participant is invented. The figures each example's insats.yaml quotes
("44 deltagare (23 kvinnor och 21 män) …, varav 32 nyinskrivna", "20 av de 34
avslutade … försörjningsstöd") are targets: the episodes are built to meet
them exactly, everything else (dates, ages, referrers, education) is drawn
from a seeded random generator, and the script finally recomputes the
statistics with reportgen itself and stops if any target is missed – so the
YAML texts and the spreadsheets cannot drift apart unnoticed.

* arbetskonsulent-i-samverkan: one work consultant, grant year 2025; 44
  participants, 12 of them carried over from 2024, no intake during the
  consultant's sick leave in spring.
* unga-vuxna-vagen-vidare: a team for young adults, 2024–2025, report 2025;
  160 episodes over two years with re-entries (one person three times),
  ongoing episodes and a participant of another gender.
* ips-stod-delrapport: IPS, interim report for the first half of 2026; the
  sheet was saved in August, so it also holds starts and an exit after the
  report period, which the statistics must leave out.
"""

from __future__ import annotations

import random
import re
import sys
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT.parent))

from reportgen.stats import Episode, compute_statistics  # noqa: E402
from reportgen.workbook_template import build_workbook  # noqa: E402

FIXED_ZIP_TIME = (2026, 1, 1, 0, 0, 0)
FIXED_DOC_TIME = "2026-01-01T00:00:00Z"

FS = "Försörjningsstöd"
NONE_PUBLIC = "Ingen offentlig försörjning"
STUDY = "Studiestöd/studiemedel"
SICK = "Sjukpenning/rehabiliteringspenning"
ACTIVITY_SUPPORT = "Aktivitetsstöd"
A_KASSA = "A-kassa"
ACTIVITY_COMP = "Aktivitetsersättning"
SICK_COMP = "Sjukersättning"
OTHER_PUBLIC = "Annan offentlig försörjning"
UNKNOWN = "Uppgift saknas"


@dataclass(eq=False)  # rows are compared by identity: two identical rows are two episodes
class Row:
    """One episode as it is written to the sheet."""

    person: str
    start: date
    end: date | None = None
    code: int | None = None
    outcome: str = ""  # for code 1: "arbete", "lönestöd", "studier" or "arbetssökande"
    gender: str = ""
    birth_year: int | None = None
    referrer: str = ""
    income_before: list[str] = field(default_factory=list)
    income_after: list[str] = field(default_factory=list)
    seeking_before: str = ""
    seeking_after: str = ""
    step_start: int | None = None
    step_end: int | None = None
    education: str = ""

    def overlaps(self, start: date, end: date) -> bool:
        return self.start <= end and (self.end is None or self.end >= start)


# ----------------------------------------------------------------- helpers


def weekday(
    rng: random.Random, first: date, last: date, avoid: Sequence[tuple[date, date]] = ()
) -> date:
    """A random working day in [first, last], outside the `avoid` ranges."""
    for _ in range(1000):
        day = first + timedelta(days=rng.randint(0, (last - first).days))
        if day.weekday() < 5 and not any(a <= day <= b for a, b in avoid):
            return day
    raise ValueError(f"no working day in {first}..{last}")


def pick(rng: random.Random, weights: dict[str, float]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def duration_for(rng: random.Random, code: int | None) -> int:
    """Days in the insats, by how the episode ended (trial-period leavers are short)."""
    if code == 7:
        return rng.randint(14, 45)
    if code == 6:
        return rng.randint(30, 120)
    if code in (4, 5):
        return rng.randint(45, 200)
    return rng.randint(90, 300)


def exit_episode(
    rng: random.Random,
    code: int,
    start_window: tuple[date, date],
    end_window: tuple[date, date],
    avoid: Sequence[tuple[date, date]] = (),
) -> tuple[date, date]:
    """Start and end dates for an episode that ends inside `end_window`."""
    for _ in range(2000):
        end = weekday(rng, *end_window)
        start = end - timedelta(days=duration_for(rng, code))
        fits = start_window[0] <= start <= start_window[1] and start.weekday() < 5
        if fits and not any(a <= start <= b for a, b in avoid):
            return start, end
    raise ValueError("no dates fit the windows")


def choose(
    rng: random.Random, rows: Sequence[Row], k: int, prefer: Sequence[Row] = ()
) -> list[Row]:
    """Exactly k rows, taking the preferred ones first (in random order)."""
    preferred = [r for r in prefer if r in rows]
    rng.shuffle(preferred)
    rest = [r for r in rows if r not in preferred]
    rng.shuffle(rest)
    chosen = (preferred + rest)[:k]
    if len(chosen) != k:
        raise ValueError(f"wanted {k} rows, have {len(rows)}")
    return chosen


def assign_genders(
    rng: random.Random,
    rows: Sequence[Row],
    period: tuple[date, date],
    women: int,
    men: int,
    other: int,
) -> None:
    """Genders per person: exact counts among the persons of `period`, random for the rest."""
    persons_in = sorted({r.person for r in rows if r.overlaps(*period)})
    if len(persons_in) != women + men + other:
        raise ValueError(
            f"{len(persons_in)} persons in the period, targets sum to {women + men + other}"
        )
    rng.shuffle(persons_in)
    gender = {p: "K" for p in persons_in[:women]}
    gender.update({p: "M" for p in persons_in[women : women + men]})
    gender.update({p: "Annat" for p in persons_in[women + men :]})
    for row in rows:
        if row.person not in gender:
            gender[row.person] = rng.choice("KM")
        row.gender = gender[row.person]


def assign_person_traits(
    rng: random.Random,
    rows: Sequence[Row],
    *,
    age_range: tuple[int, int],
    young_share: float,
    referrers: dict[str, float],
    education: dict[str, float],
) -> None:
    """Birth year and education per person (the same on every row), referrer per episode."""
    years: dict[str, int] = {}
    schooling: dict[str, str] = {}
    for row in sorted(rows, key=lambda r: r.start):
        if row.person not in years:
            low, high = age_range
            age = (
                rng.randint(low, min(high, 29))
                if rng.random() < young_share
                else rng.randint(max(low, 30), high)
            )
            years[row.person] = row.start.year - age
            schooling[row.person] = pick(rng, education)
        row.birth_year = years[row.person]
        row.education = schooling[row.person]
        row.referrer = pick(rng, referrers)


def income_before(rng: random.Random, weights: dict[str, float], with_fs: bool) -> list[str]:
    if with_fs:
        extra = pick(
            rng, {"": 0.6, ACTIVITY_SUPPORT: 0.15, SICK: 0.1, A_KASSA: 0.05, ACTIVITY_COMP: 0.1}
        )
        return [FS, extra] if extra else [FS]
    return [pick(rng, weights)]


def after_from_outcome(rng: random.Random, row: Row, keeps_fs: bool) -> list[str]:
    """Income directly after the insats, following how the episode ended."""
    after: list[str]
    if row.code == 1 and not row.outcome:
        row.outcome = pick(
            rng, {"arbete": 0.3, "lönestöd": 0.1, "studier": 0.3, "arbetssökande": 0.3}
        )
    if row.code == 1:
        after = {
            "arbete": [NONE_PUBLIC],
            "lönestöd": [NONE_PUBLIC],
            "studier": [STUDY],
            "arbetssökande": [ACTIVITY_SUPPORT],
        }[row.outcome]
    elif row.code == 2:
        kept = [s for s in row.income_before if s != FS]
        after = kept or [pick(rng, {SICK: 0.5, ACTIVITY_COMP: 0.3, OTHER_PUBLIC: 0.2})]
    elif row.code == 3:
        after = [SICK]
    elif row.code == 4:
        after = [OTHER_PUBLIC]
    elif row.code == 7:
        after = [UNKNOWN]
    else:
        kept = [s for s in row.income_before if s != FS]
        after = kept or [UNKNOWN]
    if keeps_fs:
        after = [FS, *[s for s in after if s not in (NONE_PUBLIC, UNKNOWN)]]
    return list(dict.fromkeys(after))


def code_one_outcomes(rows: Sequence[Row], work: int, wage_subsidy: int, studies: int) -> None:
    """Split code-1 exits into work, work with wage subsidy, studies and job-seeking."""
    outcomes = ["arbete"] * work + ["lönestöd"] * wage_subsidy + ["studier"] * studies
    for index, row in enumerate(rows):
        row.outcome = outcomes[index] if index < len(outcomes) else "arbetssökande"


def set_income(
    rng: random.Random,
    rows: Sequence[Row],
    exits: Sequence[Row],
    *,
    weights: dict[str, float],
    fs_before: int,
    fs_after: int,
) -> None:
    """Income before for every row; after for exits, with exact F-stöd counts among `exits`."""
    leavers_needed = fs_before - fs_after
    work_or_study = [r for r in exits if r.code == 1 and r.outcome != "arbetssökande"]
    prefer_lost = sorted(work_or_study, key=lambda r: r.outcome != "lönestöd")[:leavers_needed]
    with_fs = choose(rng, list(exits), fs_before, prefer=prefer_lost)
    lost = set(id(r) for r in prefer_lost)
    if len(lost) != leavers_needed or not all(r in with_fs for r in prefer_lost):
        raise ValueError("not enough work/study exits to leave försörjningsstöd")
    fs_ids = set(id(r) for r in with_fs)
    for row in rows:
        if row in exits:
            row.income_before = income_before(rng, weights, id(row) in fs_ids)
            keeps = id(row) in fs_ids and id(row) not in lost
            row.income_after = after_from_outcome(rng, row, keeps)
        else:
            row.income_before = income_before(rng, weights, rng.random() < 0.55)
            if row.end is not None:
                row.income_after = after_from_outcome(
                    rng, row, FS in row.income_before and rng.random() < 0.8
                )


def set_job_seeking(
    rng: random.Random,
    rows: Sequence[Row],
    exits: Sequence[Row],
    before: int | None,
    after: int | None,
) -> None:
    """Ja/Nej before (everyone) and after (exits); exact counts among `exits` when given."""
    seekers_after = [r for r in exits if r.code == 1 and r.outcome == "arbetssökande"]
    yes_before = (
        set(id(r) for r in choose(rng, list(exits), before)) if before is not None else None
    )
    yes_after = (
        set(id(r) for r in choose(rng, list(exits), after, prefer=seekers_after))
        if after is not None
        else None
    )
    for row in rows:
        if row in exits and yes_before is not None:
            row.seeking_before = "Ja" if id(row) in yes_before else "Nej"
        else:
            row.seeking_before = "Ja" if rng.random() < 0.3 else "Nej"
        if row.end is None:
            continue
        if row in exits and yes_after is not None:
            row.seeking_after = "Ja" if id(row) in yes_after else "Nej"
        else:
            row.seeking_after = (
                "Ja" if row.outcome == "arbetssökande" or rng.random() < 0.4 else "Nej"
            )


def set_steps(
    rng: random.Random, rows: Sequence[Row], measured: Sequence[Row], up: int, same: int, down: int
) -> None:
    """Ladder steps with exact up/same/down counts among `measured`; random for the rest."""
    if up + same + down != len(measured):
        raise ValueError("ladder targets do not add up")
    good = [r for r in measured if r.code == 1]
    poor = [r for r in measured if r.code in (3, 6, 7)]
    movers_up = choose(rng, list(measured), up, prefer=good)
    remaining = [r for r in measured if r not in movers_up]
    movers_down = choose(rng, remaining, down, prefer=poor)
    for row in rows:
        row.step_start = pick_int(rng, {1: 0.45, 2: 0.35, 3: 0.2})
        if row in movers_up:
            row.step_end = min(5, row.step_start + pick_int(rng, {1: 0.6, 2: 0.3, 3: 0.1}))
        elif row in movers_down:
            row.step_start = max(row.step_start, 2)
            row.step_end = row.step_start - 1
        elif row in measured:
            row.step_end = row.step_start
        else:
            row.step_end = max(
                1, min(5, row.step_start + pick_int(rng, {-1: 0.1, 0: 0.4, 1: 0.4, 2: 0.1}))
            )


def pick_int(rng: random.Random, weights: dict[int, float]) -> int:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


# ----------------------------------------------------------------- writing


def write(folder: Path, rows: Sequence[Row], survey: Sequence[tuple[str, int, int]] = ()) -> Path:
    workbook = build_workbook()
    sheet = workbook["Deltagare"]
    for index, row in enumerate(sorted(rows, key=lambda r: (r.start, r.person)), start=2):
        values = [
            row.person,
            row.gender,
            row.birth_year,
            row.referrer,
            row.start,
            row.end,
            "; ".join(row.income_before) or None,
            "; ".join(row.income_after) or None,
            row.seeking_before or None,
            row.seeking_after or None,
            row.code,
            row.step_start,
            row.step_end,
            row.education or None,
        ]
        for column, value in enumerate(values, start=1):
            cell = sheet.cell(row=index, column=column, value=value)
            if isinstance(value, date):
                cell.number_format = "yyyy-mm-dd"
    enkat = workbook["Enkät"]
    for index, (question, answers, positive) in enumerate(survey, start=2):
        enkat.cell(row=index, column=1, value=question)
        enkat.cell(row=index, column=2, value=answers)
        share = enkat.cell(row=index, column=3, value=positive / answers)
        share.number_format = "0.0%"
    path = folder / "statistik.xlsx"
    workbook.save(path)
    normalise(path)
    return path


def normalise(path: Path) -> None:
    """Fixed zip timestamps and document dates, so a rerun gives the same bytes."""
    with zipfile.ZipFile(path) as archive:
        parts = [(info.filename, archive.read(info)) for info in archive.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts:
            if name == "docProps/core.xml":
                text = data.decode("utf-8")
                text = re.sub(
                    r"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:\2>)",
                    lambda m: f"{m.group(1)}{FIXED_DOC_TIME}{m.group(3)}",
                    text,
                )
                data = text.encode("utf-8")
            info = zipfile.ZipInfo(name, date_time=FIXED_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)


def verify(
    name: str, rows: Sequence[Row], period: tuple[date, date], start: date, expected: dict[str, int]
) -> None:
    """Recompute with reportgen and stop if the YAML's figures are not what the sheet gives."""
    episodes = [
        Episode(
            row=i,
            person=r.person.casefold(),
            gender=r.gender if r.gender in ("K", "M") else "annat",
            start=r.start,
            end=r.end,
            income_before=frozenset(r.income_before),
            income_after=frozenset(r.income_after),
            seeking_before=None if not r.seeking_before else r.seeking_before == "Ja",
            seeking_after=None if not r.seeking_after else r.seeking_after == "Ja",
            exit_code=r.code,
            step_start=r.step_start,
            step_end=r.step_end,
        )
        for i, r in enumerate(rows, start=2)
    ]
    stats = compute_statistics(episodes, period[0], period[1], start)
    p = stats.period
    actual = {
        "personer": p.persons.total,
        "kvinnor": p.persons.women,
        "män": p.persons.men,
        "annat": p.persons.other,
        "nya": p.new.total,
        "avslutade": p.exited.total,
        "pågående": p.ongoing.total,
        "inskrivningar totalt": len(rows),
        "personer totalt": len({r.person for r in rows}),
        "försörjningsstöd före": stats.income.row(FS).before,
        "försörjningsstöd efter": stats.income.row(FS).after,
        "n försörjning": stats.income.base,
        "arbetssökande före": stats.job_seeking.row("aktivt arbetssökande").before,
        "arbetssökande efter": stats.job_seeking.row("aktivt arbetssökande").after,
        "steg uppåt": stats.ladder.moved_up,
        "steg mätta": stats.ladder.measured,
        **{f"kod {code}": value.total for code, value in p.exit_reasons.items()},
    }
    wrong = {k: (v, actual[k]) for k, v in expected.items() if actual[k] != v}
    if wrong:
        raise SystemExit(f"{name}: targets missed (wanted, got): {wrong}")
    shown = ", ".join(f"{k} {actual[k]}" for k in expected)
    print(f"{name}: {shown}")


# ----------------------------------------------------------------- the examples


REFERRERS_ADULT = {"Kommun": 0.4, "AF": 0.25, "FK": 0.15, "Region": 0.2}
EDUCATION_ADULT = {
    "Ej avslutad grundskola": 0.1,
    "Grundskola": 0.3,
    "Gymnasium": 0.4,
    "Eftergymnasial (<3 år)": 0.1,
    "Högskola ≥3 år": 0.05,
    "Uppgift saknas": 0.05,
}
INCOME_ADULT = {
    SICK: 0.3,
    A_KASSA: 0.15,
    ACTIVITY_SUPPORT: 0.2,
    ACTIVITY_COMP: 0.15,
    NONE_PUBLIC: 0.2,
}


def arbetskonsulent() -> None:
    rng = random.Random(20250101)
    sick_leave_stop = [
        (date(2025, 3, 10), date(2025, 4, 6))
    ]  # no intake while the consultant was ill
    rows: list[Row] = []
    counter = iter(range(1, 1000))

    def new_id() -> str:
        return f"AK-{next(counter):03d}"

    # The grant year 2025 (insats.tidsperiod): 12 participants carried over from 2024
    # (11 ended in 2025, one is still there) and 32 intakes (23 ended, 9 ongoing).
    codes_2025 = [1] * 15 + [2] * 9 + [3] * 4 + [4] * 1 + [5] * 2 + [6] * 1 + [7] * 2
    rng.shuffle(codes_2025)
    carried_exits, new_exits = codes_2025[:11], codes_2025[11:]
    for code in carried_exits:
        start, end = exit_episode(
            rng,
            code if code != 7 else 2,
            (date(2024, 4, 1), date(2024, 12, 13)),
            (date(2025, 1, 8), date(2025, 6, 27)),
        )
        rows.append(Row(new_id(), start, end, code))
    rows.append(Row(new_id(), weekday(rng, date(2024, 9, 2), date(2024, 11, 29))))
    for code in new_exits:
        start, end = exit_episode(
            rng,
            code,
            (date(2025, 1, 7), date(2025, 10, 17)),
            (date(2025, 2, 3), date(2025, 12, 19)),
            sick_leave_stop,
        )
        rows.append(Row(new_id(), start, end, code))
    for _ in range(9):
        rows.append(
            Row(new_id(), weekday(rng, date(2025, 4, 7), date(2025, 12, 12), sick_leave_stop))
        )

    period = (date(2025, 1, 1), date(2025, 12, 31))
    in_2025 = [r for r in rows if r.overlaps(*period)]
    exits_2025 = [r for r in in_2025 if r.end is not None and r.end.year == 2025]
    code_one_outcomes([r for r in exits_2025 if r.code == 1], work=4, wage_subsidy=2, studies=3)
    assign_genders(rng, rows, period, women=23, men=21, other=0)
    assign_person_traits(
        rng,
        rows,
        age_range=(19, 63),
        young_share=0.35,
        referrers=REFERRERS_ADULT,
        education=EDUCATION_ADULT,
    )
    set_income(rng, rows, exits_2025, weights=INCOME_ADULT, fs_before=20, fs_after=17)
    set_job_seeking(rng, rows, exits_2025, before=None, after=None)
    set_steps(rng, rows, in_2025, up=29, same=11, down=4)
    survey = [
        ("Jag har blivit bemött med respekt", 31, 29),
        ("Jag har varit delaktig i planeringen av mina insatser", 31, 27),
        ("Myndigheterna har samarbetat kring mig", 29, 21),
        ("Jag är bättre förberedd för arbete eller studier", 31, 24),
        ("Min livssituation har blivit bättre", 29, 20),
    ]
    folder = ROOT / "arbetskonsulent-i-samverkan"
    verify(
        folder.name,
        rows,
        period,
        date(2025, 1, 1),
        {
            "personer": 44,
            "kvinnor": 23,
            "män": 21,
            "nya": 32,
            "avslutade": 34,
            "pågående": 10,
            "kod 1": 15,
            "försörjningsstöd före": 20,
            "försörjningsstöd efter": 17,
            "n försörjning": 34,
            "steg uppåt": 29,
            "steg mätta": 44,
        },
    )
    write(folder, rows, survey)


def unga_vuxna() -> None:
    rng = random.Random(20240115)
    rows: list[Row] = []
    counter = iter(range(1, 10000))

    def new_id() -> str:
        return f"VV-{next(counter):04d}"

    y24 = (date(2024, 1, 8), date(2024, 12, 20))
    # 2024: 46 episodes started and ended in 2024.
    for _ in range(46):
        code = pick_int(rng, {1: 0.45, 2: 0.15, 3: 0.08, 4: 0.04, 5: 0.06, 6: 0.1, 7: 0.12})
        start, end = exit_episode(
            rng, code, (date(2024, 1, 8), date(2024, 10, 31)), (date(2024, 2, 5), y24[1])
        )
        rows.append(Row(new_id(), start, end, code))
    codes_2025 = [1] * 46 + [2] * 14 + [3] * 6 + [4] * 3 + [5] * 4 + [6] * 5 + [7] * 5
    rng.shuffle(codes_2025)
    carried_codes, new_codes = codes_2025[:29], codes_2025[29:]
    # 30 episodes started in 2024 and were carried into 2025: 29 ended in 2025, 1 still ongoing.
    for code in carried_codes:
        start, end = exit_episode(
            rng,
            code if code != 7 else 6,
            (date(2024, 5, 6), date(2024, 12, 13)),
            (date(2025, 1, 8), date(2025, 5, 30)),
        )
        rows.append(Row(new_id(), start, end, code))
    rows.append(Row(new_id(), weekday(rng, date(2024, 10, 1), date(2024, 11, 29))))
    # 2025: 84 new episodes, 54 ended in 2025, 30 ongoing at the end of the year.
    for code in new_codes:
        start, end = exit_episode(
            rng,
            code,
            (date(2025, 1, 7), date(2025, 10, 31)),
            (date(2025, 2, 3), date(2025, 12, 19)),
        )
        rows.append(Row(new_id(), start, end, code))
    for _ in range(30):
        rows.append(Row(new_id(), weekday(rng, date(2025, 5, 5), date(2025, 12, 12))))

    # Re-entries: a returning person keeps their id. Within 2024 (3), from 2024 into a
    # 2025 intake (3), and twice within 2025 (3, one of them the person who came back
    # a third time).
    def reuse(later: Row, earlier: Row) -> None:
        later.person = earlier.person

    def first_after(candidates: list[Row], day: date) -> Row:
        options = [r for r in candidates if r.start > day + timedelta(days=21)]
        chosen = rng.choice(options)
        candidates.remove(chosen)
        return chosen

    early_2024 = sorted(
        [r for r in rows if r.end and r.end < date(2024, 6, 1)], key=lambda r: r.start
    )
    intake_2024_late = [r for r in rows if r.start.year == 2024 and r.start >= date(2024, 6, 1)]
    intake_2025 = [r for r in rows if r.start.year == 2025]
    ended_early_2025 = [
        r
        for r in rows
        if r.start.year == 2024 and r.end and date(2025, 1, 1) <= r.end <= date(2025, 4, 30)
    ]
    three_timer = early_2024[0]
    second = rng.choice(
        [r for r in ended_early_2025 if r.start > three_timer.end + timedelta(days=21)]
    )
    ended_early_2025.remove(second)
    reuse(second, three_timer)
    third = first_after(intake_2025, second.end)
    reuse(third, three_timer)
    for earlier in early_2024[1:4]:
        reuse(first_after(intake_2024_late, earlier.end), earlier)
    for earlier in early_2024[4:7]:
        reuse(first_after(intake_2025, earlier.end), earlier)
    for earlier in rng.sample(ended_early_2025, 2):
        reuse(first_after(intake_2025, earlier.end), earlier)

    period = (date(2025, 1, 1), date(2025, 12, 31))
    in_2025 = [r for r in rows if r.overlaps(*period)]
    exits_2025 = [r for r in in_2025 if r.end is not None and r.end.year == 2025]
    code_one_outcomes([r for r in exits_2025 if r.code == 1], work=10, wage_subsidy=6, studies=21)
    assign_genders(rng, rows, period, women=50, men=60, other=1)
    assign_person_traits(
        rng,
        rows,
        age_range=(18, 29),
        young_share=1.0,
        referrers={"Kommun": 0.45, "AF": 0.25, "FK": 0.05, "Region": 0.15, "Egen anmälan": 0.1},
        education={
            "Ej avslutad grundskola": 0.2,
            "Grundskola": 0.45,
            "Gymnasium": 0.3,
            "Eftergymnasial (<3 år)": 0.03,
            "Uppgift saknas": 0.02,
        },
    )
    set_income(
        rng,
        rows,
        exits_2025,
        weights={ACTIVITY_COMP: 0.3, ACTIVITY_SUPPORT: 0.2, NONE_PUBLIC: 0.4, STUDY: 0.1},
        fs_before=46,
        fs_after=27,
    )
    set_job_seeking(rng, rows, exits_2025, before=24, after=52)
    for row in rows:
        row.step_start = row.step_end = None  # the team does not use the process ladder
    survey = [
        ("Jag har fått stöd som passar mig", 58, 51),
        ("Jag har haft inflytande över min planering", 58, 47),
        ("Jag vet vad nästa steg är efter insatsen", 41, 33),
        ("Jag känner mig mer redo för arbete eller studier", 41, 30),
    ]
    folder = ROOT / "unga-vuxna-vagen-vidare"
    verify(
        folder.name,
        rows,
        period,
        date(2024, 1, 1),
        {
            "personer": 111,
            "kvinnor": 50,
            "män": 60,
            "annat": 1,
            "nya": 84,
            "avslutade": 83,
            "pågående": 31,
            "inskrivningar totalt": 160,
            "kod 1": 46,
            "försörjningsstöd före": 46,
            "försörjningsstöd efter": 27,
            "n försörjning": 83,
            "arbetssökande före": 24,
            "arbetssökande efter": 52,
        },
    )
    write(folder, rows, survey)


def ips() -> None:
    rng = random.Random(20260101)
    rows: list[Row] = []
    ids = iter(f"IPS-{n:02d}" for n in range(1, 100))
    avoid = [(date(2026, 1, 1), date(2026, 1, 11))]  # the second coach started two weeks late
    # First half of 2026: 19 intakes, 3 exits (consent withdrawn, moved, further rehabilitation).
    for code in (6, 5, 2):
        start, end = exit_episode(
            rng,
            code,
            (date(2026, 1, 12), date(2026, 4, 30)),
            (date(2026, 2, 16), date(2026, 6, 26)),
            avoid,
        )
        rows.append(Row(next(ids), start, end, code))
    for _ in range(16):
        rows.append(Row(next(ids), weekday(rng, date(2026, 1, 12), date(2026, 6, 26), avoid)))
    # Saved in August: intakes and one exit after the report period, which it must not count.
    for _ in range(4):
        rows.append(Row(next(ids), weekday(rng, date(2026, 7, 1), date(2026, 8, 7))))
    july_exit = rng.choice([r for r in rows if r.end is None and r.start < date(2026, 4, 1)])
    july_exit.end, july_exit.code, july_exit.outcome = date(2026, 7, 17), 1, "arbete"

    period = (date(2026, 1, 1), date(2026, 6, 30))
    assign_genders(rng, rows, period, women=10, men=9, other=0)
    assign_person_traits(
        rng,
        rows,
        age_range=(21, 58),
        young_share=0.3,
        referrers={"Region": 0.6, "Kommun": 0.3, "Egen anmälan": 0.1},
        education=EDUCATION_ADULT,
    )
    exits_h1 = [r for r in rows if r.end is not None and r.end <= period[1]]
    set_income(
        rng,
        rows,
        exits_h1,
        weights={SICK_COMP: 0.35, ACTIVITY_COMP: 0.35, SICK: 0.2, NONE_PUBLIC: 0.1},
        fs_before=1,
        fs_after=1,
    )
    set_job_seeking(rng, rows, exits_h1, before=None, after=None)
    for row in rows:
        row.step_start = row.step_end = None
    folder = ROOT / "ips-stod-delrapport"
    verify(
        folder.name,
        rows,
        period,
        date(2026, 1, 1),
        {"personer": 19, "kvinnor": 10, "män": 9, "nya": 19, "avslutade": 3, "pågående": 16},
    )
    write(folder, rows)


def main() -> None:
    arbetskonsulent()
    unga_vuxna()
    ips()


if __name__ == "__main__":
    main()
