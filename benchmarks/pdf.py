"""How much do PDFs cost: one LibreOffice per file (cold) against the warm pool?

Generates N synthetic interventions (tests/batch_data.py), builds their reports once
with `reportgen batch`, then measures in one run on the same reports:

  (a) cold: one `soffice --headless --convert-to pdf` per report, each with a fresh
      profile – what every PDF cost before the pool;
  (b) warm: reportgen.pdf.PdfPool (2 LibreOffices over UNO), including their start;
  (c) `reportgen batch --pdf` against `reportgen batch` on the same inputs: the PDF
      cost a user waits for (reports and the compilation).

Acceptance (issue 15), on a 2-core machine with N=8: the PDF cost of (c) is at most a
third of (a)'s total.

    .venv/bin/python benchmarks/pdf.py            # N=8
    .venv/bin/python benchmarks/pdf.py --n 16
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))

from batch_data import write_association  # noqa: E402

from reportgen.pdf import PdfPool, require_soffice  # noqa: E402

TARGET_RATIO = 1 / 3


def run_batch(inputs: Path, out: Path, *extra: str) -> float:
    started = time.perf_counter()
    completed = subprocess.run(
        [sys.executable, "-m", "reportgen", "batch", str(inputs), "-o", str(out), *extra],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    seconds = time.perf_counter() - started
    if completed.returncode != 0:
        sys.exit(f"batch {' '.join(extra)} misslyckades:\n{completed.stdout}{completed.stderr}")
    return seconds


def cold(reports: list[Path], scratch: Path) -> float:
    soffice = require_soffice()
    started = time.perf_counter()
    for index, report in enumerate(reports):
        profile = scratch / f"profil-{index}"
        subprocess.run(
            [
                soffice,
                f"-env:UserInstallation={profile.as_uri()}",
                "--headless",
                "--norestore",
                "--convert-to",
                "pdf",
                "--outdir",
                str(scratch / "kall"),
                str(report),
            ],
            capture_output=True,
            check=True,
        )
        shutil.rmtree(profile, ignore_errors=True)
    return time.perf_counter() - started


def warm(reports: list[Path], scratch: Path) -> tuple[float, float]:
    """Total seconds including the pool's start, and seconds once it is warm."""
    started = time.perf_counter()
    with PdfPool(2) as pool:
        if not pool.warm:
            sys.exit("python3-uno saknas: poolen kan inte mätas.")
        targets = [scratch / "varm" / f"{i}.pdf" for i in range(len(reports))]
        pool.convert(reports[0], target=targets[0])
        pool.convert(reports[1 % len(reports)], target=targets[1 % len(reports)])
        warmed = time.perf_counter()
        for report, target in zip(reports, targets, strict=True):
            pool.convert(report, target=target)
        steady = time.perf_counter() - warmed
    return time.perf_counter() - started - steady, steady


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=8, help="antal insatser (standard 8)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="reportgen-bench-pdf-") as folder:
        base = Path(folder)
        inputs = base / "inputs"
        write_association(inputs, args.n, participants=40, nested=False)
        plain = run_batch(inputs, base / "utan-pdf")
        reports = sorted(
            p for p in (base / "utan-pdf").rglob("*.docx") if p.parent.name != "sammanstallning"
        )
        (base / "kall").mkdir()
        (base / "varm").mkdir()
        cold_total = cold(reports, base)
        start_and_two, steady = warm(reports, base)
        with_pdf = run_batch(inputs, base / "med-pdf", "--pdf")
    n = len(reports)
    pdf_cost = with_pdf - plain
    print(f"{n} rapporter (2 kärnor)")
    print(f"  kall: en soffice per fil     {cold_total:6.2f} s  {cold_total / n:5.2f} s/rapport")
    print(
        f"  varm: pool, 2 LibreOffice    {steady:6.2f} s  {steady / n:5.2f} s/rapport"
        f"  (start + 2 första: {start_and_two:.2f} s)"
    )
    print(f"  kvot kall/varm per rapport   {cold_total / steady:6.1f} ×")
    print(f"  batch                        {plain:6.2f} s")
    print(f"  batch --pdf                  {with_pdf:6.2f} s  ({n} rapporter + sammanställning)")
    print(
        f"  PDF-kostnad i batch          {pdf_cost:6.2f} s = {pdf_cost / cold_total:.2f} av "
        f"{n} kalla körningar (mål ≤ {TARGET_RATIO:.2f})"
    )
    if pdf_cost > cold_total * TARGET_RATIO:
        sys.exit("Målet nåddes inte.")


if __name__ == "__main__":
    main()
