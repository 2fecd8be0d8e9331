"""How much do charts cost? Build the same reports with and without charts, side by side.

Target (issue 7): a report with charts takes less than 2× the time of the same
report without charts. Measured two ways, both in this one run:

1. in one process, as in a batch worker: both variants interleaved after a
   warm-up build of each (imports, font and template caches paid once), best of
   `--repeat` builds each, garbage collected before every build;
2. the whole command as a user runs it (`reportgen build`, `--utan-diagram` for
   the plain variant), best of `--commands` runs each.

    .venv/bin/python benchmarks/charts.py
    .venv/bin/python benchmarks/charts.py --repeat 21 --commands 5
"""

from __future__ import annotations

import argparse
import gc
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from reportgen.pipeline import build_report

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ["unga-vuxna-vagen-vidare", "arbetskonsulent-i-samverkan", "samverkan-psykisk-ohalsa"]
TARGET = 2.0


def best_of(runs: int, action: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(runs):
        gc.collect()
        start = time.perf_counter()
        action()
        best = min(best, time.perf_counter() - start)
    return best


def in_process(folder: Path, target: Path, repeat: int) -> tuple[float, float]:
    def build(charts: bool) -> Callable[[], object]:
        return lambda: build_report(folder, output=target, force=True, charts=charts)

    build(False)()
    build(True)()
    plain = charted = float("inf")
    for _ in range(repeat):  # interleaved, so drift affects both alike
        plain = min(plain, best_of(1, build(False)))
        charted = min(charted, best_of(1, build(True)))
    return plain, charted


def command(folder: Path, target: Path, runs: int) -> tuple[float, float]:
    base = [sys.executable, "-m", "reportgen", "build", str(folder), "-o", str(target), "--force"]

    def run(extra: list[str]) -> Callable[[], object]:
        return lambda: subprocess.run([*base, *extra], check=True, capture_output=True)

    plain = charted = float("inf")
    for _ in range(runs):
        plain = min(plain, best_of(1, run(["--utan-diagram"])))
        charted = min(charted, best_of(1, run([])))
    return plain, charted


def report(title: str, rows: list[tuple[str, float, float]]) -> float:
    print(title)
    print(f"  {'exempel':<30} {'utan diagram':>13} {'med diagram':>12} {'kvot':>6}")
    worst = 0.0
    for name, plain, charted in rows:
        ratio = charted / plain
        worst = max(worst, ratio)
        print(f"  {name:<30} {plain * 1000:>10.0f} ms {charted * 1000:>9.0f} ms {ratio:>6.2f}")
    verdict = "OK" if worst < TARGET else "ÖVER MÅLET"
    print(f"  största kvot {worst:.2f} (mål < {TARGET:.1f}): {verdict}\n")
    return worst


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15, help="byggen per variant i processen")
    parser.add_argument("--commands", type=int, default=3, help="körningar av kommandot")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as scratch:
        target = Path(scratch) / "rapport.docx"
        folders = [(name, ROOT / "inputs" / name) for name in EXAMPLES]
        rows = [(name, *in_process(folder, target, args.repeat)) for name, folder in folders]
        worst_process = report("I en process (som i en batch), bästa av flera byggen:", rows)
        rows = [(name, *command(folder, target, args.commands)) for name, folder in folders]
        worst_command = report("Hela kommandot reportgen build, bästa av flera körningar:", rows)
    sys.exit(0 if max(worst_process, worst_command) < TARGET else 1)


if __name__ == "__main__":
    main()
