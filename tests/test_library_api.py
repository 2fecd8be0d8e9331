"""The library API: what `import reportgen` offers, the README's example, and the one
pipeline that makes `build` and `batch` agree."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

import reportgen
from reportgen.batch import run_batch
from reportgen.pipeline import BuildStatus, build_one
from tests.docx_text import open_docx

ROOT = Path(__file__).resolve().parents[1]
BROKEN_SUM = {"summa: {budget: 689000, utfall: 650930}": "summa: {budget: 689000, utfall: 1}"}
BROKEN_INTERIM_SUM = {
    "summa: {budget: 1480000, utfall: 712030}": "summa: {budget: 1480000, utfall: 1}"
}


def header(path: Path) -> str:
    return " ".join(p.text for p in open_docx(path).sections[0].header.paragraphs)


def readme_library_example() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Som bibliotek", 1)[1]
    return re.search(r"```python\n(.+?)\n```", section, flags=re.S).group(1)


def test_every_name_in_all_is_importable_without_loading_heavy_libraries() -> None:
    code = (
        "import sys, reportgen; names = [getattr(reportgen, n) for n in reportgen.__all__]; "
        "print(sorted(m for m in ('docx', 'docxtpl', 'openpyxl', 'matplotlib') "
        "if m in sys.modules))"
    )
    # touching every name imports the pipeline (pydantic) but not the renderers
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert out.stdout.strip() == "[]"
    with pytest.raises(AttributeError, match="no attribute 'bygg'"):
        reportgen.bygg  # noqa: B018


def test_the_readme_example_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    example = readme_library_example()
    assert len(example.splitlines()) <= 6
    monkeypatch.chdir(tmp_path)
    (tmp_path / "inputs").symlink_to(ROOT / "inputs")
    namespace: dict[str, object] = {}
    exec(compile(example, "README.md", "exec"), namespace)
    written = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert written == ["delrapport-ips-stod-till-arbete.docx"]


def test_build_one_never_raises_and_says_why(make_intervention) -> None:
    folder = make_intervention(replace=BROKEN_SUM)
    outcome = build_one(folder)
    assert outcome.status is BuildStatus.BLOCKED
    assert {f.code for f in outcome.findings} == {"B002"}
    assert "slutrapporten skrevs inte – " in outcome.message
    assert not outcome.output.exists()

    missing = build_one(folder / "finns-inte")
    assert missing.status is BuildStatus.UNREADABLE and missing.findings


def test_build_and_batch_mark_the_same_reports_as_drafts(
    make_intervention, run, tmp_path: Path
) -> None:
    make_intervention(name="ren")
    make_intervention(name="fel", replace=BROKEN_SUM)
    make_intervention("ips-stod-delrapport", name="delrapport-fel", replace=BROKEN_INTERIM_SUM)
    inputs = tmp_path
    batch = run_batch(inputs, tmp_path / "batch-out", jobs=1, draft=True)
    marked_by_batch = {Path(r.path).parent.name: r.draft for r in batch.results}

    marked_by_build = {}
    for name in ("ren", "fel", "delrapport-fel"):
        target = tmp_path / "build-out" / f"{name}.docx"
        result = run("build", inputs / name, "--utkast", "-o", target)
        assert result.exit_code == 0, result.output
        marked_by_build[name] = "UTKAST" in header(target)
        assert ("Skrev utkast" in result.output) == marked_by_build[name]

    assert marked_by_build == marked_by_batch == {"ren": False, "fel": True, "delrapport-fel": True}
