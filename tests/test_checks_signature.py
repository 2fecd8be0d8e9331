"""U001: the owner's signature block (section 7) must be filled in."""

from __future__ import annotations

from pathlib import Path

import pytest

from reportgen.findings import Severity
from tests.checks_support import VALID_FINAL, VALID_INTERIM, codes, line_of, replace, run_rules

SIGNATURE = (
    "underskrift: {organisation: Sundsvalls kommun, ort: Sundsvall, datum: 2026-01-16, "
    "namn: T. Wallin}"
)


def signature_findings(tmp_path: Path, text: str) -> list:
    return [f for f in run_rules(tmp_path, text) if f.code == "U001"]


@pytest.mark.parametrize("text", [VALID_FINAL, VALID_INTERIM], ids=["slutrapport", "delrapport"])
def test_complete_signature_is_quiet(tmp_path: Path, text: str) -> None:
    assert signature_findings(tmp_path, text) == []


def test_quoted_date_string_counts_as_a_date(tmp_path: Path) -> None:
    text = replace(VALID_FINAL, "datum: 2026-01-16", 'datum: "2026-01-16"')
    assert signature_findings(tmp_path, text) == []


def test_missing_signature_block_is_one_u001(tmp_path: Path) -> None:
    text = replace(VALID_FINAL, SIGNATURE + "\n", "")
    [finding] = signature_findings(tmp_path, text)
    assert finding.severity is Severity.FEL
    assert str(finding.location) == "insats.yaml underskrift"
    assert finding.message == (
        'Underskriften saknas (avsnitt 7 "Underskrift av insatsägare"), men krävs i en '
        "slutrapport. Fyll i organisation, ort, datum och namn."
    )


def test_interim_report_needs_a_signature_too(tmp_path: Path) -> None:
    text = VALID_INTERIM[: VALID_INTERIM.index("underskrift:")]
    [finding] = signature_findings(tmp_path, text)
    assert "krävs i en delrapport" in finding.message


@pytest.mark.parametrize(
    ("part", "blank", "fix"),
    [
        ("organisation", "Sundsvalls kommun", "organisationen som lämnar rapporten"),
        ("ort", "Sundsvall", "orten där rapporten skrivs under"),
        ("datum", "2026-01-16", "datum för underskriften (ÅÅÅÅ-MM-DD)"),
        ("namn", "T. Wallin", "namnet på den som skriver under"),
    ],
)
def test_each_missing_part_is_u001_at_its_key(
    tmp_path: Path, part: str, blank: str, fix: str
) -> None:
    text = replace(VALID_FINAL, SIGNATURE, SIGNATURE.replace(f"{part}: {blank}", f"{part}: "))
    findings = run_rules(tmp_path, text)
    assert codes(findings) == ["U001"]
    [finding] = findings
    line = line_of(text, "underskrift:")
    assert str(finding.location) == f"insats.yaml:{line} underskrift.{part}"
    assert finding.message == (f"Underskriften är inte komplett: {part} saknas. Fyll i {fix}.")


def test_whitespace_name_is_not_a_signature(tmp_path: Path) -> None:
    text = replace(VALID_FINAL, "namn: T. Wallin", 'namn: "   "')
    [finding] = signature_findings(tmp_path, text)
    assert finding.location.key == "underskrift.namn"


def test_block_form_points_at_the_line_of_the_missing_part(tmp_path: Path) -> None:
    text = replace(
        VALID_FINAL,
        SIGNATURE,
        "underskrift:\n  organisation: Sundsvalls kommun\n  ort:\n  datum: 2026-01-16\n"
        "  namn: T. Wallin",
    )
    [finding] = signature_findings(tmp_path, text)
    assert str(finding.location) == f"insats.yaml:{line_of(text, '  ort:')} underskrift.ort"


def test_several_missing_parts_are_one_u001_naming_them_all(tmp_path: Path) -> None:
    text = replace(
        VALID_FINAL,
        SIGNATURE,
        "underskrift: {organisation: Sundsvalls kommun, ort: , datum: , namn: }",
    )
    [finding] = signature_findings(tmp_path, text)
    assert finding.location.key == "underskrift.ort"  # the first missing part
    assert finding.message == (
        "Underskriften är inte komplett: ort, datum och namn saknas. Fyll i orten där "
        "rapporten skrivs under, datum för underskriften (ÅÅÅÅ-MM-DD) och namnet på den som "
        "skriver under."
    )
