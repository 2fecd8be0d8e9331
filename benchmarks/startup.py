"""How long does one command take from the shell, and how much of it is importing?

A one-off `reportgen build` or `reportgen check` is what an intervention owner
or the association's staff wait for; most of its time is Python starting and
importing libraries, so each command is timed as a new process (best of
--runs, wall and CPU time; the commands take turns, so a burst of load on the
shared machine does not fall on one command only), next to `python -c pass`,
and `python -X importtime` shows where the import time goes, by top-level
package.

The commands run with Python's bytecode cache, as an installed reportgen does
(pip compiles every module when it installs): the children get a cache of their
own in the benchmark's temporary folder, filled by one untimed run, whatever
PYTHONDONTWRITEBYTECODE says in the calling shell. Without a cache Python
compiles reportgen's ~90 modules from source on every start (about 0.1 s on
this machine); `--utan-pyc` measures that case.

Targets (issue 17): `reportgen build` without charts ≤ 0.35 s; `reportgen
check` of one .docx ≤ 0.25 s.

    .venv/bin/python benchmarks/startup.py
    .venv/bin/python benchmarks/startup.py --runs 9
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "inputs" / "arbetskonsulent-i-samverkan"
TARGETS = {"build --utan-diagram": 0.35, "check rapport.docx": 0.25}
_IMPORT = re.compile(r"import time:\s+(\d+) \|\s+(\d+) \| (\s*)(\S+)")


def command(*args: str) -> list[str]:
    script = Path(sys.executable).with_name("reportgen")
    base = [str(script)] if script.is_file() else [sys.executable, "-m", "reportgen"]
    return [*base, *args]


def child_environment(pycache: Path | None) -> dict[str, str]:
    """The children's environment: with a private bytecode cache, or with none at all."""
    env = dict(os.environ)
    if pycache is None:
        env["PYTHONDONTWRITEBYTECODE"] = "1"
        env.pop("PYTHONPYCACHEPREFIX", None)
    else:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(pycache)
    return env


def timed(
    commands: dict[str, list[str]], runs: int, env: dict[str, str]
) -> dict[str, tuple[float, float]]:
    """Best wall and best CPU seconds (user + system of the child) of each command over
    `runs` rounds. Each round runs every command once, so a burst of load from others on
    the shared machine falls on all commands alike instead of on one command's runs."""
    best = {name: (float("inf"), float("inf")) for name in commands}
    for _ in range(runs):
        for name, argv in commands.items():
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            started = time.perf_counter()
            done = subprocess.run(argv, capture_output=True, check=False, env=env)
            elapsed = time.perf_counter() - started
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            if done.returncode not in (0, 1):
                raise SystemExit(
                    f"{' '.join(argv)} slutade med {done.returncode}:\n{done.stderr!r}"
                )
            used = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
            wall, cpu = best[name]
            best[name] = (min(wall, elapsed), min(cpu, used))
    return best


def import_profile(argv: list[str], env: dict[str, str]) -> tuple[float, dict[str, float]]:
    """Total import seconds and seconds per top-level package (self time, so nothing twice)."""
    env = {**env, "PYTHONPROFILEIMPORTTIME": "1"}
    done = subprocess.run(argv, capture_output=True, text=True, env=env, check=False)
    per_package: dict[str, float] = defaultdict(float)
    for line in done.stderr.splitlines():
        found = _IMPORT.match(line)
        if found:
            per_package[found.group(4).split(".")[0]] += int(found.group(1)) / 1e6
    return sum(per_package.values()), dict(per_package)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7, help="körningar per kommando; bästa räknas")
    parser.add_argument(
        "--utan-pyc",
        dest="no_pyc",
        action="store_true",
        help="utan bytekodcache: Python kompilerar reportgens moduler vid varje start",
    )
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="reportgen-startup-"))
    env = child_environment(None if args.no_pyc else work / "pycache")
    try:
        folder = work / EXAMPLE.name
        shutil.copytree(EXAMPLE, folder)
        report = work / "rapport.docx"
        subprocess.run(  # also fills the bytecode cache (untimed)
            command("build", str(folder), "-o", str(report)),
            check=True,
            capture_output=True,
            env=env,
        )
        out = str(work / "ut.docx")
        commands = {
            "python -c pass": [sys.executable, "-c", "pass"],
            "--help": command("--help"),
            "build --utan-diagram": command(
                "build", str(folder), "-o", out, "--force", "--utan-diagram"
            ),
            "build (med diagram)": command("build", str(folder), "-o", out, "--force"),
            "check rapport.docx": command("check", str(report)),
            "check insatsmapp": command("check", str(folder)),
            "stats insatsmapp": command("stats", str(folder)),
        }
        for argv_ in commands.values():  # every command's modules in the cache before timing
            subprocess.run(argv_, capture_output=True, check=False, env=env)
        cache = "utan bytekodcache" if args.no_pyc else "med bytekodcache"
        print(
            f"Bästa av {args.runs} körningar, ny process varje gång "
            f"({Path(sys.executable).name}, {cache})."
        )
        print(f"{'kommando':26} {'vägg':>8} {'CPU':>8}  mål")
        results = {}
        for name, (wall, cpu) in timed(commands, args.runs, env).items():
            results[name] = wall
            target = TARGETS.get(name)
            verdict = ""
            if target is not None:
                verdict = f"≤ {target:.2f} s – {'OK' if wall <= target else 'över målet'}"
            print(f"{name:26} {wall:7.3f}s {cpu:7.3f}s  {verdict}")
        for name in ("build --utan-diagram", "check rapport.docx"):
            total, packages = import_profile(commands[name], env)
            top = sorted(packages.items(), key=lambda item: -item[1])[:10]
            share = total / results[name] if results[name] else 0
            print(
                f"\nImport i '{name}': {total:.3f} s "
                f"(≈ {share:.0%} av väggtiden; mätt med -X importtime)"
            )
            for package, seconds in top:
                print(f"  {package:22} {seconds * 1000:6.1f} ms")
        return 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
