"""Issue 13, money the funder cares about: outcome above the granted funds (B010).

Built from the owner trial's problem 11: R6's real economy, budget 867 000 /
30 000 / 15 000 (= 912 000 granted) and outcome 885 680 / 30 000 / 15 000
(= 930 680), an overrun of 18 680 kr (2,05 %), under B004's 5 % threshold.
"""

from __future__ import annotations

import pytest

from reportgen.pipeline import findings_for
from reportgen.sources import load_source
from tests.conftest import MakeIntervention

NB = "\u00a0"  # amounts and percentages are written with hard spaces
R6_ECONOMY = """ekonomi:
  kommentar: |
    Lönekostnaderna blev något högre än budget på grund av löneökning.
  rader:
    - {kostnadsslag: Lönekostnader, budget: 867000, utfall: 885680}
    - {kostnadsslag: Lokalkostnader, budget: 30000, utfall: 30000}
    - {kostnadsslag: Material, specifikation: IT och telefoni, budget: 15000, utfall: 15000}
"""


def _r6(make_intervention: MakeIntervention, comment: str | None = None, kind: str = "slut"):
    folder = make_intervention(
        "samverkan-psykisk-ohalsa",
        replace={
            "beviljat_medel: 1240000": "beviljat_medel: 912000",
            "typ: slutrapport": f"typ: {kind}rapport",
        },
    )
    path = folder / "insats.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("ekonomi:\n")
    end = text.index("\nunderskrift:", start) + 1
    economy = R6_ECONOMY
    if comment is not None:
        economy = economy.replace(
            "Lönekostnaderna blev något högre än budget på grund av löneökning.", comment
        )
    path.write_text(text[:start] + economy + "\n" + text[end:], encoding="utf-8")
    return folder


def test_r6_overrun_under_the_threshold_is_a_warning(make_intervention: MakeIntervention) -> None:
    findings = findings_for(load_source(_r6(make_intervention)))
    assert [(f.code, str(f.severity), f.location.key) for f in findings] == [
        ("B010", "varning", "ekonomi.rader")
    ]
    assert findings[0].message == (
        f"Utfallet 930{NB}680{NB}kr är 18{NB}680{NB}kr (2,05{NB}%) mer än beviljat medel "
        f"912{NB}000{NB}kr. Förklara "
        'överskridandet i kommentaren i avsnitt 6 "Ekonomisk rapport": varför det uppstod och '
        "vem som står för mellanskillnaden."
    )


@pytest.mark.parametrize(
    "comment",
    [
        "Överskridandet på 18 680 kr beror på löneökningen och betalas av regionen.",
        "Regionen står för mellanskillnaden.",
    ],
)
def test_an_explained_overrun_passes(make_intervention: MakeIntervention, comment: str) -> None:
    assert findings_for(load_source(_r6(make_intervention, comment))) == []


def test_a_delrapport_is_judged_by_its_burn_rate_instead(
    make_intervention: MakeIntervention,
) -> None:
    findings = findings_for(load_source(_r6(make_intervention, kind="del")))
    assert "B010" not in [f.code for f in findings]
