"""How fast is `reportgen check` on submitted Word reports, compared with python-docx itself?

Generates 200 realistic submitted reports (hand-filled variants built with
tests/docx_fixtures.py – bold or styled headings, the three section-2 layouts,
the four 4.1 headers, amounts in every written form, the layouts of issue 12
(one big table, boxed sections, cost-table title rows and two-row headers,
Shift+Enter lines, signature pictures), some with mistakes – plus
a few reports rendered by `reportgen build` from the examples, with charts),
then times, side by side in one run:

  (a) the floor: python-docx alone opening each file and walking all its
      paragraphs and every cell of every table;
  (b) reportgen checking the same files (`reportgen.review.check_path`, the
      library call behind `reportgen check`: safety checks, reading, all rules).

Each is run several rounds, alternating, and the best round counts, so a busy
machine does not decide the result. Target: (b) / (a) < 1.5.

    .venv/bin/python benchmarks/check_docx.py            # 200 files, 3 rounds
    .venv/bin/python benchmarks/check_docx.py -n 50 -r 5
    .venv/bin/python -m cProfile -s cumtime benchmarks/check_docx.py -n 50 -r 1
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from docx import Document  # noqa: E402

from reportgen.pipeline import build_report  # noqa: E402
from reportgen.pipeline import inspect as check_path  # noqa: E402
from tests.docx_fixtures import COST_ROWS, GOALS, SIGNATURE, TEXTS, HandFilled, write_docx  # noqa: E402

TARGET = 1.5
FILLER = (
    "Arbetet har bedrivits i nära samverkan mellan kommunen, Arbetsförmedlingen, "
    "Försäkringskassan och regionen, med gemensamma ärendedragningar varannan vecka och "
    "en tydlig plan för varje deltagare."
)


def hand_filled(rng: random.Random, index: int) -> HandFilled:
    """One submitted report with a random mix of the variants staff really receive."""
    texts = {
        key: "\n\n".join([text, *([FILLER] * rng.randint(1, 5))]) for key, text in TEXTS.items()
    }
    rows = list(COST_ROWS)
    if rng.random() < 0.3:
        rows = [r for r in rows if r[1]]  # unused rows deleted
    if rng.random() < 0.3:
        rows = [
            (label, f"{budget} kr" if budget else "", f"{outcome}:-" if outcome else "")
            for label, budget, outcome in rows
        ]
    if rng.random() < 0.05:
        rows[-1] = (rows[-1][0], rows[-1][1], "Se separat redovisning")
    signature = list(SIGNATURE)
    if rng.random() < 0.1:
        signature = ["Organisation:", "Ort och datum:", "Underskrift", "....."]
    goals = list(GOALS) * rng.randint(1, 3)
    layout = rng.choice(["flow"] * 6 + ["one_table", "boxed"])
    return HandFilled(
        layout=layout,
        section1=rng.choice(["lines", "lines", "soft_breaks", "cells_under"]),
        cost_layout=rng.choice(["plain", "plain", "title_row", "two_row_header"]),
        signature_image=rng.choice([None] * 8 + ["on_line", "in_cell"]),
        title=rng.choice(["Slutrapport", "Del/slutrapport", "Slutrapport 2023", "Delrapport"]),
        intro=rng.random() < 0.8,
        heading_format=rng.choice(["style", "style", "bold", "plain", "char_style"]),
        short_headings=rng.random() < 0.4,
        own_line_questions=rng.choice(["own_line", "none", "run_in"]),
        name=f"Insats {index}",
        contacts_layout=rng.choice(["cells", "lines", "paragraphs"]),
        texts=texts,
        goals_header=rng.choice(["canonical", "instruction_row", "fused", "merged", "above"]),
        goals=goals,
        cost_rows=rows,
        signature=signature,
        headings={"4.2": None} if rng.random() < 0.05 else {},
    )


def generate(folder: Path, count: int, seed: int = 2026) -> list[Path]:
    rng = random.Random(seed)
    examples = sorted(p.parent for p in (ROOT / "inputs").glob("*/insats.yaml"))
    rendered = min(len(examples) * 2, count // 10)
    paths: list[Path] = []
    for index in range(rendered):
        example = examples[index % len(examples)]
        target = folder / f"genererad-{index:03d}.docx"
        build_report(example, output=target, force=True, draft=True)
        paths.append(target)
    for index in range(rendered, count):
        paths.append(write_docx(folder / f"inskickad-{index:03d}.docx", hand_filled(rng, index)))
    return paths


def python_docx_walk(path: Path) -> None:
    """The floor: open with python-docx and touch every paragraph and every table cell."""
    document = Document(str(path))
    for paragraph in document.paragraphs:
        _ = paragraph.text
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                _ = cell.text


def reportgen_check(path: Path) -> None:
    result = check_path(path)
    if result.name is None and result.readable:
        raise AssertionError(f"{path}: read without an intervention name")


def timed(function: Callable[[Path], None], paths: list[Path]) -> float:
    start = time.perf_counter()
    for path in paths:
        function(path)
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", "--files", type=int, default=200, help="number of reports")
    parser.add_argument("-r", "--rounds", type=int, default=3, help="timing rounds (best counts)")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="reportgen-bench-") as tmp:
        started = time.perf_counter()
        paths = generate(Path(tmp), args.files)
        print(f"{len(paths)} rapporter genererade på {time.perf_counter() - started:.1f} s")
        reportgen_check(paths[0])  # imports and profile loading are not per file
        python_docx_walk(paths[0])
        floor: list[float] = []
        ours: list[float] = []
        for _ in range(args.rounds):
            floor.append(timed(python_docx_walk, paths))
            ours.append(timed(reportgen_check, paths))
    best_floor, best_ours = min(floor), min(ours)
    ratio = best_ours / best_floor
    per_file = 1000 / len(paths)
    for label, seconds in (
        ("(a) python-docx öppnar och går igenom", best_floor),
        ("(b) reportgen check", best_ours),
    ):
        print(f"{label:<40} {seconds:6.2f} s ({seconds * per_file:5.1f} ms/fil)")
    print(f"kvot (b)/(a): {ratio:.2f} (mål < {TARGET})")
    return 0 if ratio < TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
