"""How fast is reading and summarising a large statistik.xlsx, and does memory stay flat?

Generates workbooks of participant episodes (the skeleton of `reportgen init`
filled with invented rows: re-entries, ongoing episodes, several income
sources, dates as Excel dates and some as ISO text) in a temporary folder, then

1. times `read_workbook` in this process – opening the file with the Office
   safety checks, reading every cell, the personnummer scan, validating each
   value, computing all statistics – plus building the report tables, best of
   --runs (target: under 2 seconds for 5 000 rows);
2. runs `reportgen stats WORKBOOK --period 2025` as a user does, for each size
   in --sizes, and reports its time and peak memory (RSS). A sheet holds at
   most 20 000 rows with values (the untrusted-input limit, header included),
   so a larger one is refused with F002 – after how long, and with how much
   memory, is what the largest size shows. Target (issue 17): 50 000 rows
   ≤ 2 s, peak memory flat in the number of rows.

    .venv/bin/python benchmarks/stats.py                   # 5 000 rows; 5 000, 19 999, 50 000
    .venv/bin/python benchmarks/stats.py --rows 20000 --runs 3 --sizes 1000 50000
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from reportgen.render.stats_tables import build_tables  # noqa: E402
from reportgen.sources.excel.columns import COLUMNS  # noqa: E402
from reportgen.sources.excel.source import read_workbook  # noqa: E402
from reportgen.workbook_template import build_workbook  # noqa: E402

TARGET_SECONDS = 2.0
TARGET_COMMAND_ROWS = 50_000
_MEASURE = """
import json, resource, subprocess, sys, time
started = time.perf_counter()
done = subprocess.run(sys.argv[1:], capture_output=True, text=True)
seconds = time.perf_counter() - started
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({"seconds": seconds, "peak_kib": peak, "rc": done.returncode,
                  "first": (done.stderr.strip().splitlines() or [""])[0][:160]}))
"""
PERIOD = (date(2025, 1, 1), date(2025, 12, 31))
INTERVENTION = (date(2023, 1, 1), date(2025, 12, 31))
INCOME = (
    "Försörjningsstöd",
    "A-kassa",
    "Aktivitetsstöd",
    "Sjukpenning/rehabiliteringspenning",
    "Aktivitetsersättning",
    "Ingen offentlig försörjning",
)


def write_sheet(path: Path, rows: int, seed: int = 5000) -> None:
    rng = random.Random(seed)
    workbook = build_workbook()
    sheet = workbook["Deltagare"]
    persons = max(1, int(rows * 0.85))  # about one in seven episodes is a re-entry
    next_start: dict[int, date] = {}
    for index in range(rows):
        person = rng.randint(1, persons)
        earliest = next_start.get(person, INTERVENTION[0])
        start = earliest + timedelta(days=rng.randint(0, 200))
        if start > date(2025, 12, 15):
            person = persons + index  # no room left for this person: a new one
            start = INTERVENTION[0] + timedelta(days=rng.randint(0, 1000))
        ended = rng.random() < 0.8
        end = start + timedelta(days=rng.randint(20, 330)) if ended else None
        if end is not None and end > INTERVENTION[1]:
            end = None
        next_start[person] = (end or date(2099, 1, 1)) + timedelta(days=30)
        # "Ingen offentlig försörjning" stands alone; other sources may come in twos
        before = "; ".join(rng.sample(INCOME[:-1], rng.choice((1, 1, 2))))
        if rng.random() < 0.1:
            before = INCOME[-1]
        values = {
            "id": f"D-{person:05d}",
            "kön": rng.choice(("K", "M", "K", "M", "Annat")),
            "födelseår": rng.randint(1960, 2006),
            "remittent": rng.choice(("AF", "FK", "Kommun", "Region", "Egen anmälan")),
            "startdatum": start if index % 10 else start.isoformat(),
            "slutdatum": end,
            "försörjning_före": before,
            "försörjning_efter": rng.choice(INCOME) if end else None,
            "aktivt_arbetssökande_före": rng.choice(("Ja", "Nej")),
            "aktivt_arbetssökande_efter": rng.choice(("Ja", "Nej")) if end else None,
            "avslutskod": rng.randint(1, 7) if end else None,
            "steg_start": rng.randint(1, 3),
            "steg_slut": rng.randint(1, 5),
            "utbildning": rng.choice(("Grundskola", "Gymnasium", "Uppgift saknas")),
        }
        for column, spec in enumerate(COLUMNS, start=1):
            sheet.cell(row=index + 2, column=column, value=values[spec.key])
    workbook.save(path)


def measure(path: Path) -> tuple[float, int, int]:
    started = time.perf_counter()
    result = read_workbook(path, display="statistik.xlsx", period=PERIOD, intervention=INTERVENTION)
    assert result.statistics is not None, [f.as_line() for f in result.findings]
    tables = build_tables(result.statistics)
    elapsed = time.perf_counter() - started
    return elapsed, len(result.episodes), len(tables)


def command(path: Path) -> dict[str, object]:
    """`reportgen stats` on `path` in a new process: seconds, peak RSS, exit code."""
    argv = [sys.executable, "-m", "reportgen", "stats", str(path), "--period", "2025"]
    done = subprocess.run(
        [sys.executable, "-c", _MEASURE, *argv], capture_output=True, text=True, check=True
    )
    result: dict[str, object] = json.loads(done.stdout)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--sizes", type=int, nargs="*", default=[5000, 19_999, 50_000])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "statistik.xlsx"
        write_sheet(path, args.rows)
        size = path.stat().st_size // 1024
        measure(path)  # warm-up: imports
        times = []
        for _ in range(args.runs):
            elapsed, episodes, tables = measure(path)
            times.append(elapsed)
        best = min(times)
        print(
            f"I processen: {args.rows} rader ({size} kB): "
            f"{episodes} inskrivningar, {tables} tabeller"
        )
        print("tider (s): " + ", ".join(f"{t:.3f}" for t in times))
        verdict = "OK" if best < TARGET_SECONDS else "FÖR LÅNGSAMT"
        print(f"bästa: {best:.3f} s (mål < {TARGET_SECONDS:.1f} s) – {verdict}")

        print(f"\nreportgen stats som kommando:{'tid':>14} {'topp-RSS':>10}  slutkod")
        for rows in args.sizes:
            sheet = Path(folder) / f"statistik-{rows}.xlsx"
            write_sheet(sheet, rows)
            result = command(sheet)
            line = (
                f"  {rows:>7} rader ({sheet.stat().st_size // 1024:>5} kB) "
                f"{result['seconds']:7.2f} s {int(result['peak_kib']) // 1024:6d} MiB"
                f"  {result['rc']}"
            )
            if rows == TARGET_COMMAND_ROWS:
                ok = float(result["seconds"]) <= TARGET_SECONDS  # type: ignore[arg-type]
                line += f"  (mål ≤ {TARGET_SECONDS:.0f} s: {'OK' if ok else 'över målet'})"
            print(line)
            if result["rc"] == 2:
                print(f"      {result['first']}")


if __name__ == "__main__":
    main()
