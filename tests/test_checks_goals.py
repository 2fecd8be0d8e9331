"""G001/G002: goals stated, and in a final report answered and followed up."""

from __future__ import annotations

from pathlib import Path

import pytest

from reportgen.findings import Severity
from tests.checks_support import (
    VALID_FINAL,
    VALID_INTERIM,
    codes,
    line_of,
    only,
    replace,
    run_rules,
)

GOALS = """\
mål:
  - mål: Minst 30 deltagare ska skrivas in.
    uppnått: ja
    utfall: 32 deltagare skrevs in.
  - mål: Minst 30 % ska gå till arbete eller studier.
    uppnått: nej
    utfall: 26 % gick till arbete eller studier.
"""


def goal_findings(tmp_path: Path, text: str) -> list:
    return [f for f in run_rules(tmp_path, text) if f.code.startswith("G")]


@pytest.mark.parametrize("text", [VALID_FINAL, VALID_INTERIM], ids=["slutrapport", "delrapport"])
def test_stated_goals_are_quiet(tmp_path: Path, text: str) -> None:
    assert goal_findings(tmp_path, text) == []


@pytest.mark.parametrize(
    "answer", ["ja", "Ja", "NEJ", "delvis", "yes", "no"], ids=lambda a: f"uppnått={a}"
)
def test_every_accepted_answer_counts(tmp_path: Path, answer: str) -> None:
    text = replace(VALID_FINAL, "    uppnått: nej\n", f"    uppnått: {answer}\n")
    assert goal_findings(tmp_path, text) == []


def test_goal_rows_without_any_goal_text_are_g001(tmp_path: Path) -> None:
    text = replace(VALID_FINAL, GOALS, "mål:\n  - mål:\n    uppnått:\n    utfall:\n")
    findings = goal_findings(tmp_path, text)
    assert codes(findings) == ["G001"]  # said once, not once per empty field
    [finding] = findings
    assert finding.severity is Severity.FEL
    line = text.splitlines().index("mål:") + 1
    assert str(finding.location) == f"insats.yaml:{line} mål"
    assert finding.message == (
        "Inga mål är angivna: målraden saknar måltext. Skriv insatsens uppsatta mål, ett per rad."
    )


def test_no_goals_at_all_is_g001_once_not_a_missing_section(tmp_path: Path) -> None:
    text = replace(VALID_FINAL, GOALS, "")
    findings = run_rules(tmp_path, text)
    assert codes(findings) == ["G001"]
    assert (findings[0].severity, findings[0].location.key) == (Severity.FEL, "mål")
    assert findings[0].message.startswith(
        'Inga mål är angivna, men avsnitt 4.1 "Insatsens mål" krävs i en slutrapport.'
    )


def test_goal_without_answer_in_final_report_is_g002(tmp_path: Path) -> None:
    text = replace(VALID_FINAL, "    uppnått: nej\n", "")
    [finding] = goal_findings(tmp_path, text)
    assert (finding.code, finding.severity) == ("G002", Severity.FEL)
    line = line_of(text, "  - mål: Minst 30 % ska")
    assert str(finding.location) == f"insats.yaml:{line} mål[2].uppnått"
    assert finding.message == (
        'Mål 2 ("Minst 30 % ska gå till arbete eller studier.") saknar svar på '
        '"Har målet uppnåtts? Ja eller nej". Svara ja, nej eller delvis.'
    )


@pytest.mark.parametrize("outcome", ["", '""', '"  "'])
def test_goal_without_outcome_in_final_report_is_g002(tmp_path: Path, outcome: str) -> None:
    text = replace(
        VALID_FINAL,
        "    utfall: 32 deltagare skrevs in.\n",
        f"    utfall: {outcome}\n",
    )
    [finding] = goal_findings(tmp_path, text)
    assert (finding.code, finding.severity) == ("G002", Severity.FEL)
    stripped = [row.rstrip() for row in text.splitlines()]
    line = stripped.index(f"    utfall: {outcome}".rstrip()) + 1
    assert str(finding.location) == f"insats.yaml:{line} mål[1].utfall"
    assert finding.message.startswith(
        'Mål 1 ("Minst 30 deltagare ska skrivas in.") saknar "Utfall/resultat för respektive mål".'
    )


def test_interim_report_goals_need_no_answer_or_outcome_yet(tmp_path: Path) -> None:
    assert "uppnått" not in VALID_INTERIM and "    utfall:" not in VALID_INTERIM
    assert goal_findings(tmp_path, VALID_INTERIM) == []


def test_goal_row_without_goal_text_among_others_is_g002(tmp_path: Path) -> None:
    text = replace(
        VALID_FINAL,
        "  - mål: Minst 30 % ska gå till arbete eller studier.\n",
        "  - mål: \n",
    )
    [finding] = goal_findings(tmp_path, text)
    assert finding.code == "G002"
    assert finding.location.key == "mål[2].mål"
    assert finding.message == "Mål 2 saknar måltext. Skriv målet eller ta bort raden."


def test_long_goal_text_is_shortened_in_the_message(tmp_path: Path) -> None:
    long_goal = "Minst 40 % av deltagarna ska ha fått arbete eller påbörjat studier under 2026."
    text = replace(
        VALID_FINAL,
        "  - mål: Minst 30 deltagare ska skrivas in.\n    uppnått: ja\n",
        f"  - mål: {long_goal}\n",
    )
    [finding] = only(goal_findings(tmp_path, text), "G002")
    assert '("Minst 40 % av deltagarna ska ha fått arbete eller…")' in finding.message
