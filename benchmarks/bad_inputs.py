"""Does every hostile input get an answer within 10 s and 500 MB?

Generates a corpus of hostile inputs across the failure classes of issue 11
(values that once ended in "Internt fel", bombs for time and memory, special
files, owner-supplied profiles, personnummer that got through, formulas typed
as names) in a temporary folder – small on disk, built by tests/untrusted_inputs.py
– and runs each as a user would, as its own process (`reportgen check` or
`build`). For each it measures the wall time and the peak resident memory of
that process (os.wait4's rusage), and checks the answer: an exit code the case
expects (1 or 2 for almost all), no traceback, no "Internt fel", no raw terminal
control character echoed from the input.

Prints one line per case and the worst time and worst peak RSS; exits 1 if a
case failed or a target was missed. Targets on this 2-core machine: every input
answered in ≤ 10 s and ≤ 500 MB peak RSS.

    .venv/bin/python benchmarks/bad_inputs.py            # the whole corpus
    .venv/bin/python benchmarks/bad_inputs.py -k pnr     # cases whose name has "pnr"
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.checks_support import VALID_FINAL  # noqa: E402
from tests.untrusted_inputs import (  # noqa: E402
    RawSheet,
    alias_bomb,
    block,
    fifo_intervention,
    header_row,
    name_is,
    number_cell,
    participant_rows,
    replace,
    row_of,
    statistik_named,
    symlink_intervention,
    text_bomb,
    text_cell,
    text_is,
    workbook_intervention,
    write_insats,
)

TARGET_SECONDS = 10.0
TARGET_MB = 500
TIMEOUT = 120  # a case still running then has failed anyway
FORBIDDEN_OUTPUT = ("Traceback", "Internt fel", "Exception ignored", "\x1b", "\x07", "\x9b")


@dataclass
class Case:
    name: str
    klass: int  # issue 11's failure class
    make: Callable[[Path], Path]  # builds the folder to read and returns it
    command: str = "check"  # check | build
    expect: frozenset[int] = field(default_factory=lambda: frozenset({1, 2}))


# ----------------------------------------------------------------- the corpus


def _yaml(text: str | bytes) -> Callable[[Path], Path]:
    return lambda folder: write_insats(folder, text)


def _granted(value: str) -> str:
    return replace(VALID_FINAL, "beviljat_medel: 689000", f"beviljat_medel: {value}")


def _funder(value: str) -> str:
    return replace(VALID_FINAL, "förbund: sundsvall", f"förbund: {value}")


def _book(*rows: str | Iterable[str], **sheet: object) -> Callable[[Path], Path]:
    """An intervention with a one-sheet raw workbook; iterables are streamed lazily."""

    def make(folder: Path) -> Path:
        def lines() -> Iterator[str]:
            for item in rows:
                yield from [item] if isinstance(item, str) else item

        return workbook_intervention(folder, [RawSheet(rows=lines(), **sheet)])  # type: ignore[arg-type]

    return make


def _many_lines() -> str:
    """Three texts of 1 999 lines each: inside every limit, the most a report may render."""
    text = text_is(block(["- a"] * 1999))
    text = replace(text, "uppföljning: Uppföljningen.", "uppföljning: " + block(["- b"] * 1999))
    return replace(
        text, "avvikelser: Inga avvikelser från planeringen.", "avvikelser: " + block(["c"] * 1999)
    )


def _mkfifo_insats(folder: Path) -> Path:
    folder.mkdir(parents=True)
    os.mkfifo(folder / "insats.yaml")
    return folder


def _shared_strings(folder: Path) -> Path:
    strings = (f"<si><r><t>{i}</t></r><r><t>x</t></r></si>" for i in range(300_000))
    return workbook_intervention(folder, [RawSheet(rows=[header_row()])], shared_strings=strings)


def _sheets(folder: Path) -> Path:
    sheets = [RawSheet(title=f"Blad{i}", rows=[header_row()]) for i in range(60)]
    return workbook_intervention(folder, sheets)


def _styled(count: int) -> Iterator[str]:
    return (f'<row r="{r}"><c r="A{r}" s="1"/></row>' for r in range(2, count))


def _wide_row() -> Iterator[str]:
    yield '<row r="2">' + "<c/>" * 1_500_000 + "</row>"


def _formula_batch(folder: Path) -> Path:
    write_insats(folder / "a", name_is('"=HYPERLINK(\\"http://x.invalid\\",\\"klicka\\")"'))
    write_insats(folder / "b", name_is("+SUM(1)"))
    return folder


PNR_HEADER = header_row().replace("</row>", text_cell("O1", "Person-nummer") + "</row>")

CASES: list[Case] = [
    # 1: values the user typed
    Case("nul-i-namn", 1, _yaml(name_is('"Pr\\0ov"'))),
    Case("esc-i-text", 1, _yaml(text_is('"rad\\e[2J\\e[31mröd\\a"')), "build"),
    Case("ensam-surrogat", 1, _yaml(name_is('"A\\ud800B"')), "build"),
    Case("icke-tecken", 1, _yaml(name_is('"A\\uffffB"')), "build"),
    Case("c1-csi", 1, _yaml(text_is('"A\\x9b31mB"')), "build"),
    Case("råa-styrtecken-i-filen", 1, _yaml(VALID_FINAL.encode() + b"uppf\x07: x\n")),
    Case("namn-250-tecken", 1, _yaml(name_is("x" * 250)), "build"),
    Case("namn-100-kb", 1, _yaml(name_is("y" * 100_000)), "build"),
    Case(
        "titel-300-tecken",
        1,
        _yaml(replace(VALID_FINAL, "typ: slutrapport", "titel: " + "T" * 300)),
        "build",
    ),
    Case("djup-flödeslista", 1, _yaml(text_is("[" * 5000 + "]" * 5000))),
    Case(
        "djupa-mappningar",
        1,
        _yaml(text_is("\n" + "".join("  " * (i + 1) + f"k{i}:\n" for i in range(60)))),
    ),
    Case("djupt-i-text", 1, _yaml(text_is("[" * 40 + "x" + "]" * 40)), "build"),
    Case("binary-tagg", 1, _yaml(text_is("!!binary aGVsbG8=")), "build"),
    Case("set-tagg", 1, _yaml(text_is("!!set {a, b}"))),
    Case("belopp-1e300", 1, _yaml(_granted("1.0e+300")), "build"),
    Case("belopp-5000-siffror", 1, _yaml(_granted("9" * 5000)), "build"),
    Case("belopp-text-5000-siffror", 1, _yaml(_granted('"' + "9" * 5000 + '"')), "build"),
    Case(
        "belopp-nan-inf",
        1,
        _yaml(replace(VALID_FINAL, "budget: 644000, utfall: 644000", "budget: .nan, utfall: .inf")),
        "build",
    ),
    Case(
        "summa-över-flyttal",
        1,
        _yaml(
            VALID_FINAL.replace(
                "budget: 30000, utfall: 30000", "budget: 1.7e+308, utfall: 1.7e+308"
            )
        ),
        "build",
    ),
    Case("förbund-100-kb", 1, _yaml(_funder("a" * 100_000)), "build"),
    Case("förbund-nul", 1, _yaml(_funder('"sund\\0svall"')), "build"),
    Case("statistik-långt-namn", 1, lambda f: statistik_named(f, "s" * 5000 + ".xlsx"), "build"),
    Case("nyckel-med-esc", 1, _yaml(VALID_FINAL + '"\\e]0;titel\\a": 1\n')),
    # 2: time and memory
    Case("alias-bomb-värden", 2, _yaml(alias_bomb())),
    Case("alias-bomb-text", 2, _yaml(text_bomb()), "build"),
    Case(
        "250000-punkter", 2, _yaml(text_is(block(f"- {i % 10}" for i in range(250_000)))), "build"
    ),
    Case("6000-rader-text-bygger", 2, _yaml(_many_lines()), "build", frozenset({0})),
    Case(
        "dimension-2-miljarder",
        2,
        _book(header_row(), participant_rows(3), dimension="A1:XFD2000000000"),
        "build",
        frozenset({0, 1}),
    ),
    Case("cell-i-XFD2", 2, _book(header_row(), row_of(2, number_cell("XFD2", 1)))),
    Case(
        "cell-på-rad-2-miljarder",
        2,
        _book(header_row(), row_of(2_000_000_000, number_cell("A2000000000", 1))),
    ),
    Case("en-miljon-rader", 2, _book(header_row(), participant_rows(1_000_000)), "build"),
    Case("1,5-miljoner-tomma-rader", 2, _book(header_row(), _styled(1_500_000))),
    Case("en-rad-1,5-miljoner-celler", 2, _book(header_row(), _wide_row())),
    Case("300000-delade-texter", 2, _shared_strings),
    Case("60-blad", 2, _sheets),
    # 3: special files
    Case("statistik-fifo", 3, fifo_intervention, "build"),
    Case("statistik-dev-zero", 3, lambda f: symlink_intervention(f, "/dev/zero")),
    Case("statistik-dev-urandom", 3, lambda f: symlink_intervention(f, "/dev/urandom")),
    Case("statistik-proc-kcore", 3, lambda f: statistik_named(f, "/proc/kcore")),
    Case("statistik-länk-passwd", 3, lambda f: symlink_intervention(f, "/etc/passwd")),
    Case("statistik-punktpunkt", 3, lambda f: statistik_named(f, "../../etc/passwd")),
    Case("statistik-mapp", 3, lambda f: statistik_named(f, ".")),
    Case("insats-är-fifo", 3, _mkfifo_insats),
    # 4: profiles from the owner
    Case("förbund-sökväg", 4, _yaml(_funder("../../tmp/egen")), "build"),
    Case("förbund-absolut", 4, _yaml(_funder("/etc")), "build"),
    # 5: personnummer
    Case("pnr-i-fritext", 5, _yaml(text_is("Deltagaren 850101–1236 fick arbete.")), "build"),
    Case(
        "pnr-i-mål",
        5,
        _yaml(replace(VALID_FINAL, "32 deltagare skrevs in.", "32, bl.a. 19850101 - 1236.")),
        "build",
    ),
    Case(
        "pnr-arbetsbok-nbsp",
        5,
        _book(header_row(), row_of(2, text_cell("A2", "850101\u00a01236"))),
        "build",
    ),
    Case(
        "pnr-arbetsbok-tappad-nolla", 5, _book(header_row(), row_of(2, number_cell("A2", 1011238)))
    ),
    Case("pnr-rubrik-person-nummer", 5, _book(PNR_HEADER)),
    # 6: formulas typed as names (the batch writes the compilation workbook)
    Case("formel-som-namn", 6, _formula_batch, "batch", frozenset({0, 1})),
]


# ----------------------------------------------------------------- running


@dataclass
class Outcome:
    case: Case
    seconds: float
    peak_mb: float
    exit_code: int
    problem: str = ""


def run_case(case: Case, workdir: Path) -> Outcome:
    folder = case.make(workdir / case.name)
    args = [sys.executable, "-m", "reportgen", case.command, str(folder)]
    if case.command == "build":
        args += ["-o", str(workdir / f"{case.name}.docx")]
    elif case.command == "batch":
        args += ["-o", str(workdir / f"{case.name}-ut")]
    with tempfile.TemporaryFile() as log:
        started = time.perf_counter()
        process = subprocess.Popen(
            args, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL
        )
        timer = threading.Timer(TIMEOUT, process.kill)
        timer.start()
        # wait4, not Popen.wait: the rusage of exactly this child (peak RSS included)
        _pid, status, usage = os.wait4(process.pid, 0)
        timer.cancel()
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        log.seek(0)
        text = log.read().decode("utf-8", "replace")
    outcome = Outcome(case, seconds, usage.ru_maxrss / 1024, process.returncode)
    shown = [repr(s) for s in FORBIDDEN_OUTPUT if s in text]
    if process.returncode not in case.expect:
        outcome.problem = f"slutkod {process.returncode}, väntade {sorted(case.expect)}"
    elif shown:
        outcome.problem = f"utdata innehåller {', '.join(shown)}"
    if outcome.problem:
        outcome.problem += " :: " + text.strip().replace("\n", " | ")[-300:]
    return outcome


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-k", dest="pattern", default="", help="bara fall vars namn innehåller")
    options = parser.parse_args()
    cases = [c for c in CASES if options.pattern in c.name]
    print(
        f"{len(cases)} fientliga indata, varje som egen process (mål ≤ {TARGET_SECONDS:.0f} s, "
        f"≤ {TARGET_MB} MB)\n"
    )
    outcomes = []
    with tempfile.TemporaryDirectory(prefix="reportgen-bad-inputs-") as temporary:
        for case in cases:
            outcome = run_case(case, Path(temporary))
            outcomes.append(outcome)
            mark = "FEL " if outcome.problem else "ok  "
            print(
                f"{mark}{case.klass}  {case.command:<5} {case.name:<28} {outcome.seconds:5.2f} s "
                f"{outcome.peak_mb:6.0f} MB  slutkod {outcome.exit_code}"
                + (f"\n      {outcome.problem}" if outcome.problem else "")
            )
    worst_time = max(outcomes, key=lambda o: o.seconds)
    worst_memory = max(outcomes, key=lambda o: o.peak_mb)
    failed = [o for o in outcomes if o.problem]
    print(
        f"\nSämsta tid: {worst_time.seconds:.2f} s ({worst_time.case.name}); "
        f"största topp-RSS: {worst_memory.peak_mb:.0f} MB ({worst_memory.case.name}); "
        f"{len(outcomes) - len(failed)} av {len(outcomes)} fall besvarade som väntat."
    )
    within = worst_time.seconds <= TARGET_SECONDS and worst_memory.peak_mb <= TARGET_MB
    print("Målen nås." if within and not failed else "Målen nås INTE.")
    return 0 if within and not failed else 1


if __name__ == "__main__":
    sys.exit(main())
