"""Issue 11, classes 7 and 8 for `reportgen batch` (reportgen/batch/, owned by the lead).

A hostile intervention must not spoil the others: it is recorded as not built
with its reason and the compilation of the rest is written, all or nothing. Two
batches must not share an output folder, and a re-run without --force must not
replace the previous summary with an empty one.
"""

from __future__ import annotations

import json
from pathlib import Path

from reportgen.batch.discover import output_lock
from tests.checks_support import VALID_FINAL
from tests.conftest import RunCli
from tests.untrusted_inputs import name_is, replace, write_insats

HOSTILE = {
    "nul": name_is('"Pr\\0ov"'),
    "belopp": replace(VALID_FINAL, "beviljat_medel: 689000", "beviljat_medel: 1.0e+300"),
    "titel": replace(VALID_FINAL, "typ: slutrapport", "titel: " + "T" * 255),
}


def inputs(root: Path) -> Path:
    write_insats(root / "bra", VALID_FINAL)
    for name, text in HOSTILE.items():
        write_insats(root / name, text)
    return root


def review(out: Path) -> dict[str, object]:
    return json.loads((out / "sammanstallning" / "granskning.json").read_text(encoding="utf-8"))


def test_hostile_interventions_do_not_spoil_the_batch(run: RunCli, tmp_path: Path) -> None:
    out = tmp_path / "ut"
    result = run("batch", inputs(tmp_path / "in"), "-o", out, "--jobs", "1")
    assert result.exit_code == 1, result.output
    assert "Internt fel" not in result.output and "Traceback" not in result.output
    assert "1 av 4 rapporter byggdes" in result.output
    assert (out / "sammanstallning" / "uppfoljning.docx").is_file()
    assert (out / "sammanstallning" / "uppfoljning.xlsx").is_file()
    text = json.dumps(review(out), ensure_ascii=False)
    for name in HOSTILE:
        assert f"{name}/insats.yaml" in text


def test_a_second_batch_into_the_same_folder_is_turned_away(run: RunCli, tmp_path: Path) -> None:
    out = tmp_path / "ut"
    with output_lock(out):  # a first batch is still running
        result = run("batch", inputs(tmp_path / "in"), "-o", out)
    assert result.exit_code == 2, result.output
    assert f"En annan reportgen batch skriver redan till {out}." in result.output
    assert not (out / "sammanstallning").exists()


def test_a_rerun_without_force_keeps_the_previous_summary(run: RunCli, tmp_path: Path) -> None:
    source, out = inputs(tmp_path / "in"), tmp_path / "ut"
    assert run("batch", source, "-o", out, "--jobs", "1").exit_code == 1
    first = (out / "sammanstallning" / "granskning.json").read_bytes()
    again = run("batch", source, "-o", out, "--jobs", "1")
    assert again.exit_code in (1, 2), again.output
    assert (out / "sammanstallning" / "granskning.json").read_bytes() == first
