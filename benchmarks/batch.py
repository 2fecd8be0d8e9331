"""How fast is `reportgen batch`, compared with docxtpl rendering alone?

Generates N synthetic interventions of realistic size (every section filled,
eight budget rows, a statistik.xlsx with 200 participants each; generator in
tests/batch_data.py), then measures in one run:

  (a) the floor: rendering and writing each report from a context computed
      beforehand, with the renderer and caches reportgen itself uses (the
      template read, patched and compiled once per process; render/docx.py),
      so the floor does none of the work reportgen does only once either;
  (b) `reportgen batch INPUTS -o OUT` as a user runs it (a new process: start-up,
      discovery, reading YAML and Excel, every check, statistics, rendering, the
      compilation and granskning.json), with --jobs 1 and with --jobs 2;
  (c) Carbone 3 (Node.js) rendering the same N reports' content one after the
      other in one process (benchmarks/carbone/), when node and npm are present;
      skipped with the reason printed otherwise. Carbone 3's community edition
      cannot insert pictures: it renders the text and tables.

It prints reports per second for each, the ratios, the CPU time (which a busy
machine disturbs less than wall time), and the peak memory (RSS) of the worker
processes and of the parent for N/4 and N interventions. Workers handle one
report at a time and send only small summaries back, so their peak must not
grow with N; the parent grows only at the very end, by the compilation
document, which by nature lists every intervention. Targets on a 2-core
machine at N=200: (b, jobs 1) ≤ 1.5 × the floor's time; jobs 2 ≥ 1.7 × faster
than jobs 1 (≥ 1.5 × for a small batch of 16); peak memory flat.

Charts (native Word chart parts, 3–4 per report) are built by reportgen but
arrive in the floor's contexts ready-made, so compare with --utan-diagram to see
reportgen's own overhead, and without it to see what a user waits for.

    .venv/bin/python benchmarks/batch.py                 # N=40, a quick look
    .venv/bin/python benchmarks/batch.py --n 200         # the real measurement
    .venv/bin/python benchmarks/batch.py --n 200 --utan-diagram
    .venv/bin/python benchmarks/batch.py --n 16 --rounds 3   # a small batch: start-up
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "benchmarks" / "carbone"))

from batch_data import write_association  # noqa: E402

TARGET_FLOOR_RATIO = 1.5
TARGET_SPEEDUP = 1.7
TARGET_SPEEDUP_SMALL = 1.5  # issue 17: 16 interventions, where start-up weighs most
SMALL_BATCH = 16
PARTICIPANTS = 200

# Runs one command and reports its wall time and the peak RSS of it and its
# descendants (ru_maxrss of RUSAGE_CHILDREN is the largest reaped descendant).
_MEASURE = """
import json, resource, subprocess, sys, time
started = time.perf_counter()
completed = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
seconds = time.perf_counter() - started
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"seconds": seconds, "peak_kib": usage.ru_maxrss,
                  "cpu": usage.ru_utime + usage.ru_stime, "rc": completed.returncode,
                  "stderr": completed.stderr.decode()[-2000:]}))
"""


_SPIN = "x = 0\nfor i in range(4_000_000):\n    x += i\n"


def machine_scaling() -> float:
    """How much faster two independent CPU-bound processes finish than one after the other,
    right now: the ceiling for --jobs 2 on a machine other work is also using."""
    argv = [sys.executable, "-c", _SPIN]
    started = time.perf_counter()
    subprocess.run(argv, check=True)
    alone = time.perf_counter() - started
    started = time.perf_counter()
    both = [subprocess.Popen(argv) for _ in range(2)]
    for process in both:
        process.wait()
    return 2 * alone / (time.perf_counter() - started)


def amdahl(one: float, all_of_them: float, n: int) -> tuple[float, float]:
    """(fixed seconds, the best `--jobs 2` speed-up they allow) from `--jobs 1` on one
    intervention and on n: the n − 1 extra reports cost (all − one) / (n − 1) each, and
    only that per-report part can run on two cores at once."""
    per_report = (all_of_them - one) / (n - 1)
    fixed = max(0.0, one - per_report)
    return fixed, all_of_them / (fixed + n * per_report / 2)


def generate(root: Path, count: int) -> None:
    write_association(root, count, participants=PARTICIPANTS, nested=False)


def contexts(inputs: Path, *, charts: bool) -> list[tuple[Path, dict[str, Any]]]:
    """(template, context) of every intervention, computed as reportgen computes them."""
    from reportgen.pipeline import report_context
    from reportgen.sources import load_source

    found = []
    for folder in sorted(p for p in inputs.iterdir() if (p / "insats.yaml").is_file()):
        loaded = load_source(folder)
        context = report_context(loaded, draft=False, charts=charts)
        found.append((loaded.profile.template_path, context))
    return found


def floor(prepared: list[tuple[Path, dict[str, Any]]], out: Path) -> dict[str, float]:
    """Render and write every report from its ready context, with reportgen's renderer and
    its once-per-process caches (warmed by one render first): wall and CPU seconds."""
    from reportgen.render.docx import render_docx

    out.mkdir(parents=True, exist_ok=True)
    render_docx(prepared[0][0], prepared[0][1], out / "warm.docx", force=True)
    started, cpu = time.perf_counter(), time.process_time()
    for index, (template, context) in enumerate(prepared):
        render_docx(template, context, out / f"rapport-{index:04d}.docx", force=True)
    return {"seconds": time.perf_counter() - started, "cpu": time.process_time() - cpu}


def carbone(prepared: list[tuple[Path, dict[str, Any]]], out: Path) -> dict[str, float] | str:
    """Carbone rendering the same reports one after the other, or why it was skipped."""
    import peer

    reason = peer.unavailable()
    if reason is not None:
        return reason
    data = [peer.data_for(context) for _, context in prepared]
    result = peer.render(peer.template(out), data, out / "carbone", warmup=5, rounds=1)
    return {"seconds": result["total"], "cpu": float("nan")}


def batch(inputs: Path, out: Path, jobs: int, *, charts: bool) -> dict[str, float]:
    """`reportgen batch` in a fresh process: wall seconds and peak RSS (MiB)."""
    shutil.rmtree(out, ignore_errors=True)
    command = [sys.executable, "-m", "reportgen", "batch", str(inputs), "-o", str(out)]
    command += ["--jobs", str(jobs)] + ([] if charts else ["--utan-diagram"])
    measured = subprocess.run(
        [sys.executable, "-c", _MEASURE, *command],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    result = json.loads(measured.stdout)
    if result["rc"] != 0:
        raise SystemExit(
            f"reportgen batch misslyckades (slutkod {result['rc']}):\n{result['stderr']}"
        )
    built = len([p for p in out.glob("*/*.docx") if p.parent.name != "sammanstallning"])
    expected = len([p for p in inputs.iterdir() if p.is_dir()])
    if built != expected:
        raise SystemExit(f"reportgen batch byggde {built} av {expected} rapporter")
    return {
        "seconds": result["seconds"],
        "cpu": result["cpu"],
        "peak_mib": result["peak_kib"] / 1024,
    }


def memory(inputs: Path, out: Path, *, charts: bool) -> dict[str, float] | None:
    """Peak RSS (MiB) of the batch's parent and of its largest worker, sampled from /proc.

    The parent is reported twice: while the workers build the reports, and over
    the whole run, which includes writing the compilation at the end (that one
    document holds every intervention, so it is the only part that grows with N).
    """
    if not Path("/proc/self/status").is_file():
        return None
    shutil.rmtree(out, ignore_errors=True)
    command = [sys.executable, "-m", "reportgen", "batch", str(inputs), "-o", str(out)]
    command += ["--jobs", "2"] + ([] if charts else ["--utan-diagram"])
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, cwd=ROOT)
    parent = building = worker = 0
    while process.poll() is None:
        rss = _rss_kib(process.pid)
        children = _children(process.pid)
        parent = max(parent, rss)
        if children:
            building = max(building, rss)
        for child in children:
            worker = max(worker, _rss_kib(child))
        time.sleep(0.05)
    return {"parent": parent / 1024, "building": building / 1024, "worker": worker / 1024}


def _rss_kib(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        if ppid == pid:
            found.append(int(entry.name))
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=40, help="antal insatser (standard 40)")
    parser.add_argument("--rounds", type=int, default=1, help="mätomgångar; bästa räknas")
    parser.add_argument(
        "--utan-diagram", dest="charts", action="store_false", help="rapporter utan diagram"
    )
    parser.add_argument("--keep", type=Path, help="behåll genererade filer i den här mappen")
    args = parser.parse_args(argv)
    n = args.n
    small = max(4, n // 4)

    work = args.keep or Path(tempfile.mkdtemp(prefix="reportgen-batch-bench-"))
    try:
        inputs, inputs_small = work / "inputs", work / "inputs-small"
        started = time.perf_counter()
        generate(inputs, n)
        generate(inputs_small, small)
        inputs_one = work / "inputs-one"
        shutil.copytree(sorted(p.parent for p in inputs.glob("*/insats.yaml"))[0], inputs_one / "a")
        print(
            f"Genererade {n} + {small} insatser ({PARTICIPANTS} deltagare, 8 budgetrader var) "
            f"på {time.perf_counter() - started:.1f} s. Diagram: {'ja' if args.charts else 'nej'}. "
            f"Kärnor: {os.cpu_count()}."
        )

        prepared = contexts(inputs, charts=args.charts)
        floor_s, jobs1, jobs2, peers, one = [], [], [], [], []
        for _ in range(args.rounds):
            floor_s.append(floor(prepared, work / "floor"))
            one.append(batch(inputs_one, work / "out-one", 1, charts=args.charts))
            jobs1.append(batch(inputs, work / "out1", 1, charts=args.charts))
            jobs2.append(batch(inputs, work / "out2", 2, charts=args.charts))
            peers.append(carbone(prepared, work / "peer"))
        best_floor = min(floor_s, key=lambda r: r["seconds"])
        best1 = min(jobs1, key=lambda r: r["seconds"])
        best2 = min(jobs2, key=lambda r: r["seconds"])
        ratio = best1["seconds"] / best_floor["seconds"]
        speedup = best1["seconds"] / best2["seconds"]
        rows = [
            ("(a) golv: rendera + skriva", best_floor),
            ("(b) reportgen batch --jobs 1", best1),
            ("(b) reportgen batch --jobs 2", best2),
        ]
        measured_peers = [p for p in peers if isinstance(p, dict)]
        if measured_peers:
            rows.append(
                ("(c) Carbone 3, en process", min(measured_peers, key=lambda r: r["seconds"]))
            )
        print()
        print(f"{'':32} {'tid':>8} {'rapporter/s':>12} {'CPU-tid':>8}")
        for label, measured in rows:
            seconds = measured["seconds"]
            print(f"{label:32} {seconds:7.2f}s {n / seconds:12.1f} {measured['cpu']:7.2f}s")
        print()
        verdict = "OK" if ratio <= TARGET_FLOOR_RATIO else "över målet"
        print(f"jobs 1 / golv:  {ratio:.2f} × (mål ≤ {TARGET_FLOOR_RATIO}) – {verdict}")
        wanted = TARGET_SPEEDUP_SMALL if n <= SMALL_BATCH else TARGET_SPEEDUP
        verdict = "OK" if speedup >= wanted else "under målet"
        print(f"jobs 2 snabbare än jobs 1: {speedup:.2f} × (mål ≥ {wanted}) – {verdict}")
        print(
            f"  två fristående processer på maskinen just nu: {machine_scaling():.2f} × "
            "(taket för jobs 2 när andra också använder kärnorna)"
        )
        fixed, ceiling = amdahl(min(r["seconds"] for r in one), best1["seconds"], n)
        print(
            f"  det fasta (start, import, sammanställning; en batch med 1 insats minus en "
            f"rapport): {fixed:.2f} s av {best1['seconds']:.2f} s – taket för jobs 2 med två "
            f"kärnor: {ceiling:.2f} ×"
        )
        if measured_peers:
            peer_seconds = rows[-1][1]["seconds"]
            print(
                f"jobs 1 / Carbone: {best1['seconds'] / peer_seconds:.2f} ×; "
                f"jobs 2 / Carbone: {best2['seconds'] / peer_seconds:.2f} ×"
            )
        else:
            print(f"Carbone hoppades över: {peers[0]}")

        sizes = {small: memory(inputs_small, work / "mem-small", charts=args.charts)}
        sizes[n] = memory(inputs, work / "mem", charts=args.charts)
        print()
        if None in sizes.values():
            peak = max(best1["peak_mib"], best2["peak_mib"])
            print(f"Topp-RSS (största process) vid N={n}: {peak:.0f} MiB (/proc saknas)")
            return 0
        print(f"{'Topp-RSS med --jobs 2':40}" + "".join(f"{f'N={k}':>10}" for k in sizes))
        for key, label in (
            ("worker", "största arbetsprocessen"),
            ("building", "huvudprocessen medan rapporterna byggs"),
            ("parent", "huvudprocessen inkl. sammanställningen"),
        ):
            values = "".join(f"{m[key]:7.0f} MiB" for m in sizes.values() if m)
            print(f"{label:40}{values}")
        return 0
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
