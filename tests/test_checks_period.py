"""T001–T003: reversed periods, a report period outside the intervention, early signing."""

from __future__ import annotations

from pathlib import Path

import pytest

from reportgen.findings import Severity
from tests.checks_support import VALID_FINAL, VALID_INTERIM, codes, line_of, replace, run_rules

REPORT_PERIOD = "  period: {från: 2025-01-01, till: 2025-12-31}"
INTERVENTION_PERIOD = "  tidsperiod: {från: 2025-01-01, till: 2025-12-31}"


def period_findings(tmp_path: Path, text: str) -> list:
    return [f for f in run_rules(tmp_path, text) if f.code.startswith("T")]


@pytest.mark.parametrize("text", [VALID_FINAL, VALID_INTERIM], ids=["slutrapport", "delrapport"])
def test_sane_dates_are_quiet(tmp_path: Path, text: str) -> None:
    assert period_findings(tmp_path, text) == []


def test_report_period_may_be_left_out(tmp_path: Path) -> None:
    text = replace(VALID_FINAL, REPORT_PERIOD + "\n", "")
    assert period_findings(tmp_path, text) == []


# --------------------------------------------------------------------------- T001


def test_intervention_period_ending_before_it_starts_is_t001(tmp_path: Path) -> None:
    text = replace(
        VALID_FINAL, INTERVENTION_PERIOD, "  tidsperiod: {från: 2025-12-31, till: 2025-01-01}"
    )
    findings = period_findings(tmp_path, text)
    assert codes(findings) == ["T001"]  # no T002 on top of a reversed period
    [finding] = findings
    assert finding.severity is Severity.FEL
    line = line_of(text, "tidsperiod:")
    assert str(finding.location) == f"insats.yaml:{line} insats.tidsperiod.till"
    assert finding.message == (
        "Insatsens tidsperiod slutar 2025-01-01, före den börjar 2025-12-31. Byt plats på "
        "datumen eller rätta det som är fel."
    )


def test_reversed_report_period_is_t001(tmp_path: Path) -> None:
    text = replace(
        VALID_FINAL, REPORT_PERIOD, "  period:\n    från: 2025-06-30\n    till: 2025-01-01"
    )
    [finding] = period_findings(tmp_path, text)
    assert finding.code == "T001"
    line = line_of(text, "till: 2025-01-01")
    assert str(finding.location) == f"insats.yaml:{line} rapport.period.till"
    assert finding.message.startswith("Rapportperioden slutar 2025-01-01")


def test_one_day_period_is_fine(tmp_path: Path) -> None:
    text = replace(VALID_FINAL, REPORT_PERIOD, "  period: {från: 2025-12-31, till: 2025-12-31}")
    assert period_findings(tmp_path, text) == []


# --------------------------------------------------------------------------- T002


def test_report_period_outside_the_intervention_is_t002(tmp_path: Path) -> None:
    text = replace(VALID_FINAL, REPORT_PERIOD, "  period: {från: 2024-01-01, till: 2024-12-31}")
    text = replace(text, "datum: 2026-01-16", "datum: 2025-01-16")
    [finding] = period_findings(tmp_path, text)
    assert (finding.code, finding.severity) == ("T002", Severity.FEL)
    line = line_of(text, "period: {från: 2024")
    assert str(finding.location) == f"insats.yaml:{line} rapport.period"
    assert finding.message == (
        "Rapportperioden 2024-01-01 – 2024-12-31 och insatsens tidsperiod "
        "2025-01-01 – 2025-12-31 överlappar inte alls. Rätta rapportperioden eller "
        "insatsens tidsperiod så att rapporten avser en del av insatsens tid."
    )


def test_report_period_partly_outside_is_t002_warning(tmp_path: Path) -> None:
    text = replace(
        VALID_FINAL, INTERVENTION_PERIOD, "  tidsperiod: {från: 2025-03-01, till: 2027-02-28}"
    )
    [finding] = period_findings(tmp_path, text)
    assert (finding.code, finding.severity) == ("T002", Severity.VARNING)
    assert "överlappar bara delvis" in finding.message


# --------------------------------------------------------------------------- T003


def test_final_report_signed_before_period_end_is_t003_error(tmp_path: Path) -> None:
    text = replace(VALID_FINAL, "datum: 2026-01-16", "datum: 2025-12-30")
    [finding] = period_findings(tmp_path, text)
    assert (finding.code, finding.severity) == ("T003", Severity.FEL)
    line = line_of(text, "underskrift:")
    assert str(finding.location) == f"insats.yaml:{line} underskrift.datum"
    assert finding.message == (
        "Underskriften är daterad 2025-12-30, före rapportperiodens slut 2025-12-31. En "
        "rapport kan skrivas under först när perioden är slut: rätta underskriftens datum eller "
        "rapportperioden."
    )


def test_signing_on_the_last_day_is_fine(tmp_path: Path) -> None:
    text = replace(VALID_FINAL, "datum: 2026-01-16", "datum: 2025-12-31")
    assert period_findings(tmp_path, text) == []


def test_interim_report_signed_early_is_only_a_warning(tmp_path: Path) -> None:
    text = replace(VALID_INTERIM, "datum: 2026-08-14", "datum: 2026-06-01")
    [finding] = period_findings(tmp_path, text)
    assert (finding.code, finding.severity) == ("T003", Severity.VARNING)


def test_without_report_period_the_intervention_end_counts(tmp_path: Path) -> None:
    text = replace(VALID_FINAL, REPORT_PERIOD + "\n", "")
    text = replace(text, "datum: 2026-01-16", "datum: 2025-11-30")
    [finding] = period_findings(tmp_path, text)
    assert finding.code == "T003"
    assert "2025-12-31" in finding.message
