"""S001/S002: required sections missing or empty, as the funder profile defines them."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from reportgen.findings import Severity
from reportgen.profile import templates_root
from tests.checks_support import (
    VALID_FINAL,
    VALID_INTERIM,
    line_of,
    only,
    plain,
    replace,
    run_rules,
)


@pytest.mark.parametrize("text", [VALID_FINAL, VALID_INTERIM], ids=["slutrapport", "delrapport"])
def test_complete_reports_have_no_section_findings(tmp_path: Path, text: str) -> None:
    findings = run_rules(tmp_path, text)
    assert only(findings, "S001") == [] and only(findings, "S002") == []


def test_missing_key_is_s001_at_its_parent(tmp_path: Path) -> None:
    text = replace(VALID_FINAL, "  bakgrund: Bakgrunden.\n", "")
    [finding] = only(run_rules(tmp_path, text), "S001")
    assert finding.severity is Severity.FEL
    assert (
        str(finding.location) == f"insats.yaml:{line_of(text, 'beskrivning:')} beskrivning.bakgrund"
    )
    assert plain(finding.message) == (
        'Avsnitt 3.1 "Bakgrund till insatsen" saknas, men krävs i en slutrapport. Fyll i avsnittet.'
    )


def test_missing_block_gives_one_s001_per_required_section(tmp_path: Path) -> None:
    text = replace(
        VALID_FINAL,
        "beskrivning:\n  bakgrund: Bakgrunden.\n  syfte: Syftet.\n  målgrupp: Målgruppen.\n",
        "",
    )
    findings = only(run_rules(tmp_path, text), "S001")
    assert [str(f.location) for f in findings] == [
        "insats.yaml beskrivning.bakgrund",
        "insats.yaml beskrivning.syfte",
        "insats.yaml beskrivning.målgrupp",
    ]
    assert "3.2" in findings[1].message and '"Syfte med insatsen"' in findings[1].message


def test_key_without_value_is_s001_saying_it_has_no_value(tmp_path: Path) -> None:
    text = replace(VALID_FINAL, "  namn: Testinsats\n", "  namn:\n")
    [finding] = only(run_rules(tmp_path, text), "S001")
    assert str(finding.location) == f"insats.yaml:{line_of(text, '  namn:')} insats.namn"
    assert finding.message == (
        'Avsnitt 1 "Insatsen": "Insatsens namn" saknar värde, men krävs i en slutrapport. '
        "Fyll i värdet."
    )


@pytest.mark.parametrize("blank", ['"   "', '"\\t\\n"', '"..."', "|\n    ...\n"])
def test_blank_text_is_s002(tmp_path: Path, blank: str) -> None:
    text = replace(VALID_FINAL, "  syfte: Syftet.\n", f"  syfte: {blank}\n")
    findings = run_rules(tmp_path, text)
    [finding] = only(findings, "S002")
    assert only(findings, "S001") == []
    assert finding.severity is Severity.FEL
    assert str(finding.location) == f"insats.yaml:{line_of(text, '  syfte:')} beskrivning.syfte"
    assert finding.message == (
        'Avsnitt 3.2 "Syfte med insatsen" är tomt, men krävs i en slutrapport. '
        "Skriv ett svar i avsnittet."
    )


def test_empty_goal_list_is_left_to_g001(tmp_path: Path) -> None:
    start = VALID_FINAL.index("mål:\n")
    end = VALID_FINAL.index("arbetssätt:")
    text = VALID_FINAL[:start] + "mål: []\n" + VALID_FINAL[end:]
    findings = run_rules(tmp_path, text)
    assert [f.code for f in findings] == ["G001"]
    assert str(findings[0].location) == f"insats.yaml:{line_of(text, 'mål: []')} mål"


def test_empty_cost_rows_are_s002(tmp_path: Path) -> None:
    start = VALID_FINAL.index("  rader:\n")
    end = VALID_FINAL.index("  summa:")
    text = VALID_FINAL[:start] + "  rader: []\n" + VALID_FINAL[end:]
    [finding] = only(run_rules(tmp_path, text), "S002")
    assert str(finding.location) == f"insats.yaml:{line_of(text, 'rader: []')} ekonomi.rader"
    assert '6 "Ekonomisk rapport"' in finding.message


def test_responsible_party_is_answered_by_its_organisation(tmp_path: Path) -> None:
    text = replace(
        VALID_FINAL,
        "  ansvarig: {organisation: Sundsvalls kommun, kontaktperson: Anna Berg, epost: a@b.se}",
        "  ansvarig: {kontaktperson: Anna Berg, epost: a@b.se}",
    )
    [finding] = only(run_rules(tmp_path, text), "S001")
    line = line_of(text, "ansvarig:")
    assert str(finding.location) == f"insats.yaml:{line} insats.ansvarig.organisation"
    assert finding.message == (
        'Avsnitt 2 "Följande förbundsmedlemmar har sökt medel": "Ansvarig för genomförande '
        'av insats - Organisation" saknas, men krävs i en slutrapport. Fyll i värdet.'
    )


def test_blank_responsible_organisation_is_s002(tmp_path: Path) -> None:
    text = replace(
        VALID_FINAL,
        "{organisation: Sundsvalls kommun, kontaktperson",
        '{organisation: " ", kontaktperson',
    )
    [finding] = only(run_rules(tmp_path, text), "S002")
    assert finding.location.key == "insats.ansvarig.organisation"


def test_required_sections_differ_by_report_kind(tmp_path: Path) -> None:
    """4.4 and 5.x are required in a final report only (the profile says so)."""
    final = replace(VALID_FINAL, "uppföljning: Uppföljningen.\n", "")
    [finding] = only(run_rules(tmp_path, final), "S001")
    assert finding.location.key == "uppföljning"
    assert "krävs i en slutrapport" in finding.message
    # The interim example has neither uppföljning nor analys, and that is fine.
    assert "uppföljning" not in VALID_INTERIM and "analys" not in VALID_INTERIM
    assert only(run_rules(tmp_path, VALID_INTERIM), "S001") == []


def test_requirements_come_only_from_the_profile(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A profile that requires 4.4 in interim reports too makes the same report fail."""
    profile_dir = tmp_path / "strangare"
    shutil.copytree(templates_root() / "sundsvall", profile_dir)
    profile_file = profile_dir / "profile.yaml"
    yaml_text = profile_file.read_text(encoding="utf-8")
    old = "    underfraga_egen_rad: true\n    krävs: [slutrapport]\n    falt: [uppföljning]"
    assert old in yaml_text
    profile_file.write_text(
        yaml_text.replace(old, old.replace("[slutrapport]", "[delrapport, slutrapport]")),
        encoding="utf-8",
    )
    # An operator's profile folder ($REPORTGEN_MALLAR); insats.yaml names it, never its path.
    monkeypatch.setenv("REPORTGEN_MALLAR", str(tmp_path))
    text = replace(VALID_INTERIM, "förbund: sundsvall", "förbund: strangare")
    (tmp_path / "report").mkdir()
    [finding] = only(run_rules(tmp_path / "report", text), "S001")
    assert finding.location.key == "uppföljning"
    assert "krävs i en delrapport" in finding.message


def test_unreadable_amount_is_reported_once_as_b005_not_also_as_missing(tmp_path: Path) -> None:
    text = replace(
        VALID_FINAL, "beviljat_medel: 689000", 'beviljat_medel: "Se separat redovisning"'
    )
    findings = run_rules(tmp_path, text)
    assert [f.code for f in findings] == ["B005"]
    [finding] = findings
    line = line_of(text, "beviljat_medel")
    assert str(finding.location) == f"insats.yaml:{line} insats.beviljat_medel"
    assert "Se separat redovisning" in finding.message


def test_missing_signature_is_left_to_u001(tmp_path: Path) -> None:
    text = VALID_FINAL[: VALID_FINAL.index("underskrift:")]
    findings = run_rules(tmp_path, text)
    assert [f.code for f in findings] == ["U001"]
