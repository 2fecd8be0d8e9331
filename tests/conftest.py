"""Fixtures shared by the test modules: the command line and throwaway interventions.

Test helpers are imported one way everywhere: `from tests.<module> import ...`
(pyproject puts the repository root on the path).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from reportgen.cli import cli

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "inputs"

RunCli = Callable[..., Result]
MakeIntervention = Callable[..., Path]


@pytest.fixture(scope="session", autouse=True)
def private_template_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Prepared templates go to a folder of this test run, never the user's ~/.cache
    (set in os.environ so the reportgen processes the tests start inherit it)."""
    previous = os.environ.get("REPORTGEN_CACHE")
    os.environ["REPORTGEN_CACHE"] = str(tmp_path_factory.mktemp("mallcache"))
    yield
    if previous is None:
        os.environ.pop("REPORTGEN_CACHE", None)
    else:
        os.environ["REPORTGEN_CACHE"] = previous


@pytest.fixture
def run() -> RunCli:
    """`run("check", folder)`: the command line in-process, as a user would type it."""
    runner = CliRunner()

    def invoke(*args: str | Path) -> Result:
        return runner.invoke(cli, [str(arg) for arg in args])

    return invoke


@pytest.fixture
def make_intervention(tmp_path: Path) -> MakeIntervention:
    """A private copy of a shipped example, optionally with its insats.yaml edited.

    `make_intervention("ips-stod-delrapport", replace={"old": "new"})` copies the
    folder into tmp_path (inputs are never modified) and applies text replacements,
    each of which must match, so a fixture cannot silently stop testing anything.
    """

    def make(
        example: str = "arbetskonsulent-i-samverkan",
        *,
        name: str | None = None,
        replace: dict[str, str] | None = None,
    ) -> Path:
        folder = tmp_path / (name or example)
        shutil.copytree(EXAMPLES / example, folder)
        if replace:
            yaml_path = folder / "insats.yaml"
            text = yaml_path.read_text(encoding="utf-8")
            for old, new in replace.items():
                assert old in text, f"{old!r} finns inte i {example}/insats.yaml"
                text = text.replace(old, new)
            yaml_path.write_text(text, encoding="utf-8")
        return folder

    return make
