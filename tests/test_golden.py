"""Golden text of one rendered example, compared as normalized text (never docx bytes).

Regenerate after an intended change with: UPDATE_GOLDEN=1 pytest tests/test_golden.py
"""

from __future__ import annotations

import os
from pathlib import Path

from reportgen.pipeline import build_report
from tests.docx_text import normalized_lines

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "tests" / "golden" / "samverkan-psykisk-ohalsa.txt"


def test_structural_example_matches_golden_text(tmp_path: Path) -> None:
    output = build_report(
        ROOT / "inputs" / "samverkan-psykisk-ohalsa", output=tmp_path / "r.docx"
    ).output
    actual = "\n".join(normalized_lines(output)) + "\n"
    if os.environ.get("UPDATE_GOLDEN"):
        GOLDEN.write_text(actual, encoding="utf-8")
    assert actual == GOLDEN.read_text(encoding="utf-8")
