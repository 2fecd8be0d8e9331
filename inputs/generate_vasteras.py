"""Recreate the Västerås example's statistik.xlsx (invented participants, built by design).

    .venv/bin/python inputs/generate_vasteras.py

Samordningsteam Västerås, half-year report for 2026-01-01 – 2026-06-30 to
Samordningsförbundet Västerås (domain.md §9). Every participant is invented;
the rows are built from explicit lists so that each figure the report gives
is known by design (tests/test_vasteras_figures.py asserts them):

* 60 episodes (60 persons) in the period: 34 carried over from 2025, 26 new;
  30 exits, 4 of them within the three-month trial period (not counted), so
  26 measured exits; 30 ongoing at the end of June. Outside the period: five
  exits in 2025 (one of those persons re-enters in 2026) and two starts after
  June (the sheet was saved in August).
* Measured exits: exit code 1 for 11, 2 for 6, 3 for 3, 5 for 2, 6 for 1 and
  7 for 3. Ladder (Introduktion … Kom i jobb/Avslut) measured for 22: 14
  moved up, 1 down, 7 unchanged, 30 steps in all (1,36 per person).
* Vidare FS AF-FK: 3 of 24 (2 blank); ordinary services: 9 of 23 (3 Ej reg.);
  new with aktivitetsersättning: 5 of 25 (1 without income recorded).
* Income before/after of the 24 measured with both: Försörjningsstöd 12 -> 4,
  Aktivitetsstöd 4 -> 5, Aktivitetsersättning 4 -> 2, Sjukpenning 3 -> 1,
  A-kassa 2 -> 2, Studiestöd 0 -> 2, Ingen offentlig försörjning 1 -> 8.

The workbook is the one `reportgen init --förbund vasteras` writes, with the
rows added; the example's insats.yaml and this workbook are copied to
templates/vasteras/exempel/ as the profile's own example. Reruns give the
same bytes.
"""

from __future__ import annotations

import random
import shutil
import sys
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT.parent))
sys.path.insert(0, str(ROOT))

from generate_statistics import normalise  # noqa: E402

from reportgen.profile import load_profile  # noqa: E402
from reportgen.profiles.workbook import build_profile_workbook  # noqa: E402

FOLDER = ROOT / "samordningsteam-vasteras"
EXAMPLE = ROOT.parent / "templates" / "vasteras" / "exempel" / "samordningsteam-vasteras"
STEPS = ("Introduktion", "Kom i gång", "Kom i jobb", "Kom i jobb/Avslut")

FS = "Försörjningsstöd"
AE = "Aktivitetsersättning"
AKS = "Aktivitetsstöd"
SJP = "Sjukpenning/rehabiliteringspenning"
AKASSA = "A-kassa"
STUD = "Studiestöd/studiemedel"
NONE = "Ingen offentlig försörjning"


@dataclass
class Row:
    person: str
    start: date
    end: date | None = None
    code: int | None = None
    gender: str = ""
    birth_year: int | None = None
    referrer: str = ""
    before: list[str] = field(default_factory=list)
    after: list[str] = field(default_factory=list)
    seeking_before: str = ""
    seeking_after: str = ""
    step_start: int | str | None = None
    step_end: int | str | None = None
    education: str = ""
    enhanced: str = ""
    ordinary: str = ""
    party: str = ""


# The 26 measured exits, index 0..25: (before, after, code, step move, FS AF-FK, ordinary, party)
MEASURED: tuple[tuple[list[str], list[str], int, tuple[int, int] | None, str, str, str], ...] = (
    ([FS], [NONE], 1, (1, 4), "Nej", "Nej", "AF"),
    ([FS], [NONE], 1, (1, 4), "Nej", "Nej", "AF"),
    ([FS], [NONE], 1, (1, 4), "Nej", "Nej", "AF"),
    ([FS], [NONE], 1, (1, 4), "Nej", "Nej", "AF"),
    ([FS], [NONE], 1, (1, 4), "Nej", "Nej", "AF"),
    ([FS], [FS], 3, (3, 2), "Nej", "Ja", "RV"),
    ([FS], [FS], 3, (1, 1), "Nej", "Ja", "RV"),
    ([FS], [FS], 3, (1, 1), "Nej", "Ja", "RV"),
    ([FS], [AKASSA], 1, (1, 3), "Nej", "Nej", "AF"),
    ([FS], [STUD], 1, (1, 3), "Nej", "Nej", "AF"),
    ([FS, AKS], [AKS], 7, None, "Nej", "Ej reg.", ""),
    ([FS, AKS], [FS], 6, None, "Nej", "Nej", ""),
    ([AE], [AE], 2, (1, 2), "Nej", "Ja", "FK"),
    ([AE], [AE], 2, (2, 2), "Nej", "Ja", "FK"),
    ([AE], [STUD], 1, (1, 3), "Nej", "Nej", "AF"),
    ([AE], [NONE], 1, (1, 4), "Nej", "Nej", "AF"),
    ([SJP], [SJP], 2, (1, 1), "Ja", "Ja", "AF-FK"),
    ([SJP], [AKS], 2, (2, 4), "Ja", "Ja", "AF-FK"),
    ([SJP], [AKS], 2, (2, 4), "Ja", "Ja", "AF-FK"),
    ([AKASSA], [AKASSA], 1, (1, 2), "Nej", "Nej", "AF"),
    ([AKASSA], [NONE], 1, (1, 2), "Nej", "Nej", "AF"),
    ([AKS], [AKS], 2, (2, 2), "Nej", "Ja", "AF-FK-RV-VS"),
    ([AKS], [AKS], 5, (3, 3), "Nej", "Nej", "VS"),
    ([NONE], [NONE], 5, (3, 3), "Nej", "Nej", "VS"),
    ([FS], [], 7, None, "", "Ej reg.", ""),
    ([FS], [], 7, None, "", "Ej reg.", ""),
)
MEASURED_NEW = (12, 13, 16, 19, 20, 21, 22, 23)  # started in 2026; the others in 2025
SEEKING_BEFORE = {0, 1, 2, 3, 8, 9, 19, 20}  # 8 of the measured
SEEKING_AFTER = {0, 1, 2, 3, 4, 8, 15, 19, 20}  # 9 of the measured
REFERRERS = (
    ["Västerås stad"] * 22
    + ["Arbetsförmedlingen"] * 14
    + ["Region Västmanland"] * 10
    + ["Försäkringskassan"] * 8
    + ["Egen anmälan"] * 4
    + ["Övrig/uppgift saknas"] * 2
)
EDUCATION = (
    "Grundskola",
    "Gymnasium",
    "Gymnasium",
    "Ej avslutad grundskola",
    "Eftergymnasial (<3 år)",
)


def step(value: int, index: int) -> int | str:
    """Every other row names the step, the others give its number: the reader takes both."""
    return STEPS[value - 1] if index % 2 else value


def rows() -> list[Row]:
    rng = random.Random(20260630)
    found: list[Row] = []
    carried = [i for i in range(26) if i not in MEASURED_NEW]
    for index, (before, after, code, move, enhanced, ordinary, party) in enumerate(MEASURED):
        if index in MEASURED_NEW:
            k = MEASURED_NEW.index(index)
            start = date(2026, 1, 8) + timedelta(days=5 * k)
            end = start + timedelta(days=120)
        else:
            k = carried.index(index)
            start = date(2025, 3, 3) + timedelta(days=7 * k)
            end = date(2026, 1, 15) + timedelta(days=8 * k)
        found.append(
            Row(
                f"VS-{index + 1:03d}",
                start,
                end,
                code,
                before=before,
                after=after,
                seeking_before="Ja" if index in SEEKING_BEFORE else "Nej",
                seeking_after="Ja" if index in SEEKING_AFTER else "Nej",
                step_start=step(move[0], index) if move else 1,
                step_end=step(move[1], index) if move else None,
                enhanced=enhanced,
                ordinary=ordinary,
                party=party,
            )
        )
    for k in range(4):  # exits within the three-month trial period
        start = date(2026, 2, 2) + timedelta(days=14 * k)
        found.append(
            Row(
                f"VS-{101 + k}",
                start,
                start + timedelta(days=40),
                7,
                before=[AE] if k == 0 else [FS],
                after=[FS],
                seeking_before="Ja" if k < 2 else "Nej",
                step_start=1,
                step_end=1,
                enhanced="Nej",
                ordinary="Ej reg.",
            )
        )
    for k in range(16):  # ongoing, carried over from 2025
        found.append(
            Row(
                f"VS-{201 + k}",
                date(2025, 8, 4) + timedelta(days=8 * k),
                before=[FS] if k % 3 else [SJP],
                seeking_before="Ja" if k < 7 else "Nej",
                step_start=step(1 + k % 3, k),
                step_end=step(2 + k % 3, k),
            )
        )
    for k in range(14):  # ongoing, new in 2026 (one left in August, after the period)
        start = date(2026, 2, 16) + timedelta(days=9 * k)
        row = Row(
            f"VS-{301 + k}",
            start,
            before=[AE] if k in (2, 9) else [FS],
            seeking_before="Ja" if k < 5 else "Nej",
            step_start=1,
        )
        if k == 0:
            row.end, row.code, row.after = date(2026, 8, 10), 1, [NONE]
        if k == 13:
            row.before = []  # income before not recorded
        found.append(row)
    found[-13].person = "VS-401"  # re-entry: this person also has a 2025 episode (below)
    in_period = list(found)
    for index, row in enumerate(in_period):
        row.gender = _gender(index)
        row.referrer = REFERRERS[index]
    for k in range(5):  # exited in 2025: outside the period
        start = date(2024, 9, 2) + timedelta(days=30 * k)
        found.append(
            Row(
                f"VS-{401 + k}",
                start,
                date(2025, 10, 1) + timedelta(days=7 * k),
                2,
                gender="KM"[k % 2],
                referrer="Västerås stad",
                before=[FS],
                after=[FS],
            )
        )
    for k, start in enumerate((date(2026, 7, 6), date(2026, 8, 3))):  # after the period
        found.append(
            Row(f"VS-{501 + k}", start, gender="MK"[k], referrer="Arbetsförmedlingen", before=[FS])
        )
    for row in found:
        row.birth_year = 1998 + rng.randint(0, 8) if AE in row.before else 1970 + rng.randint(0, 30)
        row.education = rng.choice(EDUCATION)
    return found


def _gender(index: int) -> str:
    """Trial 2 K 2 M, measured 14 K 12 M, ongoing 16 K 14 M: 32 K and 28 M in the period."""
    if index < 26:  # measured: the first 14 women
        return "K" if index < 14 else "M"
    if index < 30:
        return "K" if index < 28 else "M"
    if index < 46:  # ongoing carried over: 8 K 8 M
        return "K" if index < 38 else "M"
    return "K" if index < 54 else "M"  # ongoing new: 8 K 6 M


def write(folder: Path) -> Path:
    workbook = build_profile_workbook(load_profile("vasteras"))
    sheet = workbook["Deltagare"]
    for number, row in enumerate(sorted(rows(), key=lambda r: (r.start, r.person)), start=2):
        values = [
            row.person, row.gender, row.birth_year, row.referrer, row.start, row.end,
            "; ".join(row.before) or None, "; ".join(row.after) or None,
            row.seeking_before or None, row.seeking_after or None, row.code,
            row.step_start, row.step_end, row.education or None,
            row.enhanced or None, row.ordinary or None, row.party or None,
        ]  # fmt: skip
        for column, value in enumerate(values, start=1):
            cell = sheet.cell(row=number, column=column, value=value)
            if isinstance(value, date):
                cell.number_format = "yyyy-mm-dd"
    path = folder / "statistik.xlsx"
    workbook.save(path)
    normalise(path)
    return path


def main() -> None:
    path = write(FOLDER)
    print(f"Skrev {path}")
    EXAMPLE.mkdir(parents=True, exist_ok=True)
    for name in ("insats.yaml", "statistik.xlsx"):
        shutil.copyfile(FOLDER / name, EXAMPLE / name)
        print(f"Kopierade {name} till {EXAMPLE}")


if __name__ == "__main__":
    main()
