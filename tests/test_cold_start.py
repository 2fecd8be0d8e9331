"""A one-off command imports only what its path needs (issue 17: a cold start that feels
instant). Each command runs in a new process and reports the modules it imported; these
are behaviour tests, the timings are benchmarks/startup.py's.

The first build with a template prepares it with docxtpl and python-docx and keeps the
result in the template store (render/template_store.py, the tests' own cache folder);
the builds checked here are the ones after that, as every build but a template's first.
Likewise a check keeps the profiles' parsed values, and the check examined is the next one."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "inputs" / "arbetskonsulent-i-samverkan"

# Run the console script's main() and print every imported module, however it exits.
_PROBE = """
import json, sys
sys.argv = ["reportgen", *sys.argv[1:]]
from reportgen.cli import main
try:
    main()
except SystemExit:
    pass
finally:
    print("\\nMODULES " + json.dumps(sorted(sys.modules)))
"""

# Heavy libraries and reportgen packages that building a report without charts never needs.
NOT_FOR_BUILD = (
    "matplotlib",
    "numpy",
    "openpyxl",
    "PIL",
    "docx",
    "docxtpl",
    "reportgen.pdf",
    "reportgen.staff",
    "reportgen.batch",
    "reportgen.web",
)
# Checking a submitted Word report renders nothing, reads no workbook and, once the
# profiles' parsed values are kept (profile/stored.py), parses no YAML.
NOT_FOR_CHECK = (
    *NOT_FOR_BUILD,
    "jinja2",
    "reportgen.render",
    "reportgen.stats",
    "http.client",
    "yaml",
    "reportgen.yamlio",
    "subprocess",  # only a .doc/.odt/.rtf is converted, with LibreOffice
)


def imported(*args: str, cwd: Path) -> set[str]:
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    marker = done.stdout.rfind("MODULES ")
    assert marker >= 0, done.stderr
    return set(json.loads(done.stdout[marker + len("MODULES ") :]))


def unwanted(modules: set[str], names: tuple[str, ...]) -> list[str]:
    return sorted(n for n in names if n in modules)


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example intervention, built once (which also stores the prepared template)."""
    folder = tmp_path_factory.mktemp("kallstart") / EXAMPLE.name
    shutil.copytree(EXAMPLE, folder)
    imported("build", str(folder), "-o", "granskas.docx", "--utan-diagram", cwd=folder)
    assert (folder / "granskas.docx").is_file()
    return folder


def test_build_without_charts_imports_no_heavy_library(example: Path) -> None:
    modules = imported("build", str(example), "-o", "rapport.docx", "--utan-diagram", cwd=example)
    assert (example / "rapport.docx").is_file()
    assert unwanted(modules, NOT_FOR_BUILD) == []
    # the template's body was proven well-formed when it was prepared (render/body_shape.py)
    # and that is stored: a report's body is neither parsed nor is lxml loaded for it
    assert "lxml" not in modules


def test_check_of_a_word_report_imports_neither_rendering_nor_python_docx(example: Path) -> None:
    imported("check", str(example / "granskas.docx"), cwd=example)  # keeps every profile
    modules = imported("check", str(example / "granskas.docx"), cwd=example)
    assert "reportgen.sources.docx.source" in modules  # it did read the report
    assert unwanted(modules, NOT_FOR_CHECK) == []


def test_check_of_an_intervention_folder_renders_nothing(example: Path) -> None:
    modules = imported("check", str(example), cwd=example)
    assert unwanted(modules, (*NOT_FOR_BUILD, "jinja2", "reportgen.render")) == []
