"""How much do charts cost? Build the same reports with and without charts, side by side.

Target (issue 7): a report with charts takes less than 2× the time of the same
report without charts. Both variants run in this one process, interleaved, after
a warm-up build of each (matplotlib's import and font cache are paid once per
process, as in a batch worker), and the median of several builds is compared.

    .venv/bin/python benchmarks/charts.py            # quick
    .venv/bin/python benchmarks/charts.py --repeat 15
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from reportgen.build import build_report

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ["unga-vuxna-vagen-vidare", "arbetskonsulent-i-samverkan", "samverkan-psykisk-ohalsa"]


def timed_build(folder: Path, target: Path, *, charts: bool) -> float:
    start = time.perf_counter()
    build_report(folder, output=target, force=True, charts=charts)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7, help="builds per variant and example")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as scratch:
        target = Path(scratch) / "rapport.docx"
        print(f"{'exempel':<32} {'utan diagram':>13} {'med diagram':>12} {'kvot':>6}")
        ratios = []
        for name in EXAMPLES:
            folder = ROOT / "inputs" / name
            for charts in (False, True):  # warm-up: imports, font cache, template cache
                timed_build(folder, target, charts=charts)
            without, with_charts = [], []
            for _ in range(args.repeat):
                without.append(timed_build(folder, target, charts=False))
                with_charts.append(timed_build(folder, target, charts=True))
            plain, charted = statistics.median(without), statistics.median(with_charts)
            ratios.append(charted / plain)
            ratio = charted / plain
            print(f"{name:<32} {plain * 1000:>10.0f} ms {charted * 1000:>9.0f} ms {ratio:>6.2f}")
        worst = max(ratios)
        verdict = "OK" if worst < 2 else "ÖVER MÅLET"
        print(f"största kvot {worst:.2f} (mål < 2,0): {verdict}")


if __name__ == "__main__":
    main()
