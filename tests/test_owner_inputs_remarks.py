"""Issue 13, nothing dropped silently: remarks beside amounts and cost categories (trial problem 6).

Real values from the reports: `"613 000 kr (lön, IT och lokal)"` (R5), `"709 000 kr
för 2023"` (R4), `Övriga kostnader (mobil och dator)` (R2) and the trial's
`Material (IT och telefoni)`. The amount is still read; the remark becomes the
row's specification (printed under the row's label) or, where the report has no
place for it, a B011 warning that quotes it. Anything that is not an amount with
a remark stays B005.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from reportgen.pipeline import build_report, findings_for
from reportgen.sources import load_source
from reportgen.sources.yaml_source import load_report
from tests.checks_support import VALID_FINAL, line_of, replace
from tests.conftest import MakeIntervention
from tests.docx_text import normalized_lines

MATERIAL = (
    "    - {kostnadsslag: Material, specifikation: IT och telefoni, budget: 15000, utfall: 15000}"
)


def _load(tmp_path: Path, text: str):
    path = tmp_path / "insats.yaml"
    path.write_text(text, encoding="utf-8")
    return load_report(path, display="insats.yaml")


def _rows(report):
    return [(r.category, r.specification, r.budget, r.outcome) for r in report.economy.rows]


def test_a_remark_beside_the_granted_amount_is_b011_quoting_it(tmp_path: Path) -> None:
    text = replace(
        VALID_FINAL, "beviljat_medel: 689000", 'beviljat_medel: "689 000 kr (lön, IT och lokal)"'
    )
    report, findings = _load(tmp_path, text)
    assert report.intervention.granted == Decimal(689000)
    [finding] = findings
    assert (finding.code, str(finding.severity)) == ("B011", "varning")
    assert str(finding.location) == f"insats.yaml:{line_of(text, 'beviljat_medel')} " + (
        "insats.beviljat_medel"
    )
    assert finding.message == (
        'Texten "lön, IT och lokal" i beloppet "689 000 kr (lön, IT och lokal)" visas inte i '
        "rapporten – bara beloppet gör det. Skriv texten i ekonomi.kommentar (eller som "
        "specifikation på en kostnadsrad), eller ta bort den ur beloppet."
    )


def test_a_remark_in_a_stated_total_is_b011(tmp_path: Path) -> None:
    text = replace(
        VALID_FINAL,
        "summa: {budget: 689000, utfall: 689000}",
        'summa: {budget: 689000, utfall: "689 000 kr inkl. moms"}',
    )
    _report, findings = _load(tmp_path, text)
    assert [(f.code, f.location.key) for f in findings] == [("B011", "ekonomi.summa.utfall")]
    assert 'Texten "inkl. moms"' in findings[0].message


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        (
            '    - {kostnadsslag: Material, budget: 15000, utfall: "15 000 kr för 2023"}',
            ("Material", "för 2023", Decimal(15000), Decimal(15000)),
        ),
        (
            '    - {kostnadsslag: Material, specifikation: IT, budget: "15 000 kr (telefoni)", '
            "utfall: 15000}",
            ("Material", "IT; telefoni", Decimal(15000), Decimal(15000)),
        ),
        (
            "    - {kostnadsslag: Material (IT och telefoni), budget: 15000, utfall: 15000}",
            ("Material (IT och telefoni)", "IT och telefoni", Decimal(15000), Decimal(15000)),
        ),
        (
            "    - {kostnadsslag: Material (IT och telefoni), specifikation: licenser, "
            "budget: 15000, utfall: 15000}",
            (
                "Material (IT och telefoni)",
                "licenser; IT och telefoni",
                Decimal(15000),
                Decimal(15000),
            ),
        ),
        (
            "    - {kostnadsslag: Material (ange typ av material), budget: 15000, utfall: 15000}",
            ("Material (ange typ av material)", None, Decimal(15000), Decimal(15000)),
        ),
        (
            "    - {kostnadsslag: Material (IT), specifikation: IT, budget: 15000, "
            'utfall: "15 000 kr (IT)"}',
            ("Material (IT)", "IT", Decimal(15000), Decimal(15000)),
        ),
    ],
)
def test_remarks_on_a_cost_row_become_its_specification(
    tmp_path: Path, row: str, expected: tuple[object, ...]
) -> None:
    report, findings = _load(tmp_path, replace(VALID_FINAL, MATERIAL, row))
    assert findings == []
    assert _rows(report)[2] == expected


def test_other_costs_with_a_remark_keep_it(tmp_path: Path) -> None:
    """R2's real row label."""
    text = replace(
        VALID_FINAL,
        MATERIAL,
        MATERIAL
        + "\n    - {kostnadsslag: Övriga kostnader (mobil och dator), budget: 0, utfall: 0}",
    )
    report, findings = _load(tmp_path, text)
    assert findings == []
    assert _rows(report)[3][:2] == ("Övriga kostnader (mobil och dator)", "mobil och dator")


@pytest.mark.parametrize("written", ['"Se separat redovisning"', '"700 000 / 650 000"', '"?"'])
def test_what_is_no_amount_with_a_remark_stays_b005(tmp_path: Path, written: str) -> None:
    text = replace(VALID_FINAL, "beviljat_medel: 689000", f"beviljat_medel: {written}")
    report, findings = _load(tmp_path, text)
    assert [f.code for f in findings] == ["B005"]
    assert report.intervention.granted is None


def test_the_report_shows_the_remarks(make_intervention: MakeIntervention, tmp_path: Path) -> None:
    """The owner trial's reproduction, built: both remarks are printed under their rows."""
    folder = make_intervention(
        replace={
            "    - {kostnadsslag: Material, specifikation: IT och telefoni, budget: 15000, "
            "utfall: 14580}": "    - {kostnadsslag: Material (IT och telefoni), budget: 15000, "
            "utfall: 14580}",
            "    - {kostnadsslag: Lokalkostnader, budget: 30000, utfall: 30000}": (
                '    - {kostnadsslag: Lokalkostnader, budget: 30000, utfall: "30 000 kr för 2025"}'
            ),
            "beviljat_medel: 689000": 'beviljat_medel: "689 000 kr (lön, IT och lokal)"',
        }
    )
    findings = findings_for(load_source(folder))
    assert [(f.code, f.location.key) for f in findings] == [("B011", "insats.beviljat_medel")]
    lines = normalized_lines(build_report(folder, output=tmp_path / "r.docx").output)
    joined = "\n".join(lines)
    assert "| Material (ange typ av material)\nIT och telefoni | 15~000 | 14~580 |" in joined
    assert "| Lokalkostnader\nför 2025 | 30~000 | 30~000 |" in joined
    assert "[Normal] Beviljat medel: 689~000~kr" in lines
