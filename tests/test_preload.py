"""reportgen.preload – run by the batch's parent and the service's forkserver before they
fork workers – leaves a worker's first report nothing to import: every module a build
needs is loaded once and shared by the workers."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted(p.parent for p in (ROOT / "inputs").glob("*/insats.yaml"))

_PROBE = """
import json, sys
from pathlib import Path
from reportgen.preload import preload
from reportgen.batch.worker import Task, build_one

folders, out = [Path(p) for p in sys.argv[2:]], Path(sys.argv[1])
preload()
before = set(sys.modules)
for number, folder in enumerate(folders):
    target = out / str(number)
    result = build_one(Task(folder, target, out, kind=None, draft=False, force=True, charts=True))
    assert result.built, result
print("NEW " + json.dumps(sorted(set(sys.modules) - before)))
"""


def _new_modules(out: Path, folders: list[Path]) -> list[str]:
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, str(out), *map(str, folders)],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
        cwd=ROOT,
    )
    marker = done.stdout.rfind("NEW ")
    assert marker >= 0, done.stderr
    return json.loads(done.stdout[marker + len("NEW ") :])


def test_a_build_after_preload_imports_nothing_of_its_own(tmp_path: Path) -> None:
    _new_modules(tmp_path / "first", EXAMPLES)  # the templates prepared and stored once
    new = _new_modules(tmp_path / "second", EXAMPLES)
    own = [m for m in new if m.split(".")[0] in {"reportgen", "yaml", "jinja2", "docx", "lxml"}]
    assert own == [], own
