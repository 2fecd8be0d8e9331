"""Issue 13, the title agrees with the kind, and a delrapport says its period on page one.

Built from the owner trial's problems 3, 8 and 23: R6's title "Slutrapport 2023"
built with `--typ delrapport`, the IPS delrapport whose first page showed only
the intervention's year, and `init --typ delrapport` writing a full year.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from reportgen.pipeline import build_report, findings_for
from reportgen.sources import load_source
from tests.conftest import MakeIntervention, RunCli
from tests.docx_text import normalized_lines

FINAL = "rapport:\n  typ: slutrapport\n"
INTERIM = "rapport:\n  typ: delrapport\n"


def _codes(folder: Path, kind: str | None = None) -> list[tuple[str, str]]:
    return [(f.code, str(f.severity)) for f in findings_for(load_source(folder, kind=kind))]


def test_slutrapport_title_on_a_delrapport_warns_and_is_kept(
    make_intervention: MakeIntervention, tmp_path: Path
) -> None:
    folder = make_intervention(
        "samverkan-psykisk-ohalsa", replace={FINAL: FINAL + "  titel: Slutrapport 2023\n"}
    )
    assert _codes(folder) == []
    findings = findings_for(load_source(folder, kind="delrapport"))
    s007 = [f for f in findings if f.code == "S007"]
    assert [(f.code, str(f.severity), f.location.key) for f in s007] == [
        ("S007", "varning", "rapport.titel")
    ]
    assert s007[0].message == (
        'Rubriken "Slutrapport 2023" säger en slutrapport, men rapporten är en delrapport '
        '(rapport.typ eller --typ). Ändra rapport.titel, t.ex. till "Delrapport", eller ta bort '
        'den så skrivs "Delrapport".'
    )
    built = build_report(folder, output=tmp_path / "r.docx", kind="delrapport", charts=False)
    assert "S007" in [f.code for f in built.findings]
    assert normalized_lines(built.output)[1] == "[Title] Slutrapport 2023"


def test_the_reverse_warns_too(make_intervention: MakeIntervention) -> None:
    folder = make_intervention(
        "ips-stod-delrapport", replace={INTERIM: INTERIM + "  titel: Halvårsrapport 2026\n"}
    )
    assert ("S007", "varning") not in _codes(folder)
    assert ("S007", "varning") in _codes(folder, kind="slutrapport")


@pytest.mark.parametrize(
    ("title", "kind", "printed"),
    [
        ("Slutrapport", "delrapport", "Delrapport"),  # only the kind's word: --typ replaces it
        ("slutrapport.", "delrapport", "Delrapport"),
        ("Del/slutrapport", "delrapport", "Del/slutrapport"),  # the template's name: both kinds
        ("Helårsrapport", "slutrapport", "Helårsrapport"),
    ],
)
def test_a_title_that_is_only_a_kind_word_follows_the_kind(
    make_intervention: MakeIntervention, tmp_path: Path, title: str, kind: str, printed: str
) -> None:
    folder = make_intervention(
        "samverkan-psykisk-ohalsa", replace={FINAL: FINAL + f"  titel: {title}\n"}
    )
    findings = findings_for(load_source(folder, kind=kind))
    assert "S007" not in [f.code for f in findings]
    built = build_report(folder, output=tmp_path / "r.docx", kind=kind, charts=False)
    assert normalized_lines(built.output)[1] == f"[Title] {printed}"


def test_delrapport_states_its_period_in_section_1(tmp_path: Path) -> None:
    root = Path(__file__).resolve().parents[1]
    built = build_report(
        root / "inputs" / "ips-stod-delrapport", output=tmp_path / "r.docx", charts=False
    )
    lines = normalized_lines(built.output)
    at = lines.index("[Normal] Tidsperiod: 2026-01-01 – 2026-12-31")
    assert lines[at + 1] == "[Normal] Rapportperiod: 2026-01-01 – 2026-06-30"
    assert lines[at + 2].startswith("[Normal] Beviljat medel:")
    assert lines.index("[Heading 1] 1. Insatsen") < at


def test_a_final_report_of_the_whole_intervention_has_no_extra_line(tmp_path: Path) -> None:
    root = Path(__file__).resolve().parents[1]
    built = build_report(
        root / "inputs" / "samverkan-psykisk-ohalsa", output=tmp_path / "r.docx", charts=False
    )
    assert not any(
        line.startswith("[Normal] Rapportperiod") for line in normalized_lines(built.output)
    )


def test_init_delrapport_writes_a_half_year(run: RunCli, tmp_path: Path) -> None:
    result = run("init", tmp_path / "ny", "--typ", "delrapport")
    assert result.exit_code == 0, result.output
    report = load_source(tmp_path / "ny").report
    assert report.report.period is not None and report.intervention.period is not None
    assert (report.report.period.start.month, report.report.period.start.day) == (1, 1)
    assert (report.report.period.end.month, report.report.period.end.day) == (6, 30)
    assert report.intervention.period.end.month == 12
