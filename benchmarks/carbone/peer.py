"""Carbone (Node.js) as an optional peer in the benchmarks: install, build its template, render.

Nothing of Carbone is committed: `package.json` pins the version, and npm installs
it on first use into a cache folder ($REPORTGEN_BENCH_CACHE, default
~/.cache/reportgen-bench/carbone). Without node or npm, or when the install
fails (offline), `unavailable()` says why and the benchmarks skip Carbone with
that reason printed.

The same content: each report's Carbone data is reportgen's own template
context for it (benchmarks/carbone/data.py), and the Carbone template has the
same sections and tables as Sundsvall's (benchmarks/carbone/template.py).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from data import plain  # noqa: E402
from template import build, carbone_data  # noqa: E402

CACHE = (
    Path(os.environ.get("REPORTGEN_BENCH_CACHE", Path.home() / ".cache" / "reportgen-bench"))
    / "carbone"
)
INSTALL_TIMEOUT = 300


def unavailable() -> str | None:
    """None when Carbone can run here, else why not (printed by the benchmarks)."""
    for tool in ("node", "npm"):
        if shutil.which(tool) is None:
            return f"{tool} saknas (installera Node.js för att jämföra med Carbone)"
    try:
        _install()
    except (OSError, subprocess.SubprocessError) as exc:
        return f"Carbone kunde inte installeras med npm i {CACHE}: {exc}"
    return None


def version() -> str:
    manifest = CACHE / "node_modules" / "carbone" / "package.json"
    return str(json.loads(manifest.read_text("utf-8"))["version"])


def _install() -> None:
    CACHE.mkdir(parents=True, exist_ok=True)
    wanted = json.loads((HERE / "package.json").read_text("utf-8"))["dependencies"]["carbone"]
    manifest = CACHE / "node_modules" / "carbone" / "package.json"
    if manifest.is_file() and json.loads(manifest.read_text("utf-8"))["version"] == wanted:
        return
    shutil.copyfile(HERE / "package.json", CACHE / "package.json")
    done = subprocess.run(
        ["npm", "install", "--no-audit", "--no-fund", "--omit=dev", "--loglevel=error"],
        cwd=CACHE,
        capture_output=True,
        text=True,
        timeout=INSTALL_TIMEOUT,
        check=False,
    )
    if done.returncode != 0 or not manifest.is_file():
        raise subprocess.SubprocessError((done.stderr or done.stdout).strip()[-300:])


def template(folder: Path) -> Path:
    """The Carbone template, built afresh from Sundsvall's."""
    folder.mkdir(parents=True, exist_ok=True)
    return build(folder / "carbone-rapport.docx")


def data_for(context: dict[str, Any]) -> dict[str, Any]:
    """Carbone's data for one report: reportgen's context as plain JSON."""
    return carbone_data(plain(context))


def render(
    template_path: Path,
    reports: list[dict[str, Any]],
    folder: Path,
    *,
    warmup: int = 5,
    rounds: int = 3,
) -> dict[str, Any]:
    """Render each report's data with Carbone in one Node process: per-report best seconds
    (`seconds`), one pass over all (`total`) and Carbone's version."""
    folder.mkdir(parents=True, exist_ok=True)
    entries = []
    for index, data in enumerate(reports):
        source = folder / f"data-{index:04d}.json"
        source.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
        entries.append({"data": str(source), "out": str(folder / f"carbone-{index:04d}.docx")})
    job = folder / "job.json"
    job.write_text(
        json.dumps(
            {"template": str(template_path), "reports": entries, "warmup": warmup, "rounds": rounds}
        ),
        "utf-8",
    )
    done = subprocess.run(
        ["node", str(HERE / "render.js"), str(job)],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "NODE_PATH": str(CACHE / "node_modules")},
        cwd=folder,
    )
    if done.returncode != 0:
        raise RuntimeError(f"Carbone misslyckades:\n{done.stderr[-2000:]}")
    result: dict[str, Any] = json.loads(done.stdout)
    return result
