"""B001–B007: the economy table – totals, granted funds, deviations, outcome, categories."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from reportgen.findings import Severity
from reportgen.profile import templates_root
from tests.checks_support import (
    VALID_FINAL,
    VALID_INTERIM,
    codes,
    line_of,
    only,
    plain,
    replace,
    run_rules,
)

BUDGET_CODES = {"B001", "B002", "B003", "B004", "B005", "B006", "B007"}
ROWS = """\
    - {kostnadsslag: Lönekostnader, budget: 644000, utfall: 644000}
    - {kostnadsslag: Lokalkostnader, budget: 30000, utfall: 30000}
    - {kostnadsslag: Material, specifikation: IT och telefoni, budget: 15000, utfall: 15000}
  summa: {budget: 689000, utfall: 689000}
"""


def budget_findings(tmp_path: Path, text: str) -> list:
    return [f for f in run_rules(tmp_path, text) if f.code in BUDGET_CODES]


def with_economy(rows: str, *, granted: str = "689000", text: str = VALID_FINAL) -> str:
    """The valid final report with other cost rows (and summa line) and granted funds."""
    text = replace(text, ROWS, rows)
    return replace(text, "beviljat_medel: 689000", f"beviljat_medel: {granted}")


def without_explanations(text: str) -> str:
    text = replace(
        text, "  kommentar: Hela det beviljade beloppet har använts enligt budget.\n", ""
    )
    return replace(text, "avvikelser: Inga avvikelser från planeringen.", 'avvikelser: ""')


@pytest.mark.parametrize("text", [VALID_FINAL, VALID_INTERIM], ids=["slutrapport", "delrapport"])
def test_valid_economy_is_quiet(tmp_path: Path, text: str) -> None:
    assert budget_findings(tmp_path, text) == []


# --------------------------------------------------------------------------- B001 / B002


def test_total_off_by_one_krona_is_b001(tmp_path: Path) -> None:
    """The rows add up exactly to the granted funds; only the stated total is wrong."""
    text = replace(VALID_FINAL, "summa: {budget: 689000,", "summa: {budget: 689001,")
    findings = budget_findings(tmp_path, text)
    assert codes(findings) == ["B001"]  # not also B003: the rows do equal beviljat medel
    [finding] = findings
    assert finding.severity is Severity.FEL
    assert str(finding.location) == f"insats.yaml:{line_of(text, 'summa:')} ekonomi.summa.budget"
    assert plain(finding.message) == (
        "Summa budget är 689 001 kr men raderna summerar till 689 000 kr "
        "(summan är 1 kr för mycket). Rätta summan eller raderna."
    )


def test_outcome_total_off_is_b002(tmp_path: Path) -> None:
    text = replace(VALID_FINAL, "utfall: 689000}", "utfall: 688999}")
    [finding] = budget_findings(tmp_path, text)
    assert (finding.code, finding.severity) == ("B002", Severity.FEL)
    assert str(finding.location) == f"insats.yaml:{line_of(text, 'summa:')} ekonomi.summa.utfall"
    assert plain(finding.message).startswith(
        "Summa utfall är 688 999 kr men raderna summerar till 689 000 kr (summan är 1 kr för lite)"
    )


def test_totals_are_only_checked_when_stated(tmp_path: Path) -> None:
    text = replace(VALID_FINAL, "  summa: {budget: 689000, utfall: 689000}\n", "")
    assert budget_findings(tmp_path, text) == []


# Each row amount written in one of the accepted forms; the totals in yet another.
AMOUNT_FORMS = [
    ('"644 000"', '"30 000 kr"', '"15 000:-"', '"689 000 kr"'),
    ('"644 tkr"', '"30 000: -"', '"15\u00a0000"', "689000"),
    ("644000", '"30 000 kronor"', '"15 000 kr (it och telefoni)"', '"689 tkr"'),
    ('"644\u202f000 kr"', '"30 000 SEK"', '"15 000 kr för 2025"', '"689 000:-"'),
    ('"643 999,50"', '"30 000,25"', '"15 000,25 kr"', '"689 000"'),
]


@pytest.mark.parametrize(("salary", "rent", "material", "total"), AMOUNT_FORMS)
def test_totals_agree_whatever_form_the_amounts_take(
    tmp_path: Path, salary: str, rent: str, material: str, total: str
) -> None:
    rows = (
        f"    - {{kostnadsslag: Lönekostnader, budget: {salary}, utfall: {salary}}}\n"
        f"    - {{kostnadsslag: Lokalkostnader, budget: {rent}, utfall: {rent}}}\n"
        f"    - {{kostnadsslag: Material, budget: {material}, utfall: {material}}}\n"
        f"  summa: {{budget: {total}, utfall: {total}}}\n"
    )
    text = with_economy(rows, granted=total)
    assert budget_findings(tmp_path, text) == []


def test_an_ore_off_is_still_b001(tmp_path: Path) -> None:
    rows = (
        '    - {kostnadsslag: Lönekostnader, budget: "643 999,50", utfall: 644000}\n'
        "    - {kostnadsslag: Lokalkostnader, budget: 30000, utfall: 30000}\n"
        '    - {kostnadsslag: Material, budget: "15 000,49", utfall: 15000}\n'
        '  summa: {budget: "689 000 kr", utfall: 689000}\n'
    )
    findings = budget_findings(tmp_path, with_economy(rows))
    assert codes(findings) == ["B001", "B003"]
    assert "688 999,99 kr" in plain(only(findings, "B001")[0].message)


# --------------------------------------------------------------------------- B003


def test_budget_differing_from_granted_funds_is_b003(tmp_path: Path) -> None:
    text = replace(VALID_FINAL, "beviljat_medel: 689000", 'beviljat_medel: "700 000 kr"')
    [finding] = budget_findings(tmp_path, text)
    assert (finding.code, finding.severity) == ("B003", Severity.FEL)
    assert str(finding.location) == f"insats.yaml:{line_of(text, 'summa:')} ekonomi.summa.budget"
    assert plain(finding.message).startswith(
        "Budgeten summerar till 689 000 kr men beviljat medel är 700 000 kr "
        "(budgeten är 11 000 kr för lite)."
    )


def test_b003_points_at_the_rows_when_no_total_is_stated(tmp_path: Path) -> None:
    text = replace(VALID_FINAL, "  summa: {budget: 689000, utfall: 689000}\n", "")
    text = replace(text, "beviljat_medel: 689000", "beviljat_medel: 1 250 tkr")
    [finding] = budget_findings(tmp_path, text)
    assert finding.code == "B003"
    assert str(finding.location) == f"insats.yaml:{line_of(text, 'rader:')} ekonomi.rader"


def test_rows_without_any_budget_are_b003(tmp_path: Path) -> None:
    rows = (
        "    - {kostnadsslag: Lönekostnader, utfall: 644000}\n"
        "    - {kostnadsslag: Lokalkostnader, utfall: 45000}\n"
    )
    findings = budget_findings(tmp_path, with_economy(rows))
    [finding] = only(findings, "B003")
    assert plain(finding.message).startswith(
        "Ingen kostnadsrad har något budgetbelopp, men beviljat medel är 689 000 kr."
    )


# --------------------------------------------------------------------------- B004 final

UNDERUSED_ROWS = """\
    - {kostnadsslag: Lönekostnader, budget: 644000, utfall: 606930}
    - {kostnadsslag: Lokalkostnader, budget: 30000, utfall: 30000}
    - {kostnadsslag: Material, specifikation: IT och telefoni, budget: 15000, utfall: 14000}
  summa: {budget: 689000, utfall: 650930}
"""


def test_unexplained_deviation_and_underuse_is_b004_error(tmp_path: Path) -> None:
    text = without_explanations(with_economy(UNDERUSED_ROWS))
    [finding] = budget_findings(tmp_path, text)
    assert (finding.code, finding.severity) == ("B004", Severity.FEL)
    line = line_of(text, "ekonomi:")
    assert str(finding.location) == f"insats.yaml:{line} ekonomi.kommentar"
    assert plain(finding.message) == (
        "Utfallet 650 930 kr är 38 070 kr (5,5 %) lägre än budgeten 689 000 kr, mer än "
        "gränsen 5 %. 38 070 kr av beviljat medel (689 000 kr) har inte använts. "
        "Ingen förklaring finns: både ekonomikommentaren och avvikelserna är tomma. "
        "Förklara orsaken och om det har påverkat insatsens innehåll och utfall, i "
        'kommentaren i avsnitt 6 "Ekonomisk rapport" eller i avsnitt 4.3 "Avvikelser från '
        'planering (avseende ekonomi, tidsplan, aktiviteter mål mm)".'
    )


def test_explanation_that_never_mentions_money_is_b004_warning(tmp_path: Path) -> None:
    text = without_explanations(with_economy(UNDERUSED_ROWS))
    text = replace(text, 'avvikelser: ""', "avvikelser: Coachen var sjukskriven i sju veckor.")
    [finding] = budget_findings(tmp_path, text)
    assert (finding.code, finding.severity) == ("B004", Severity.VARNING)
    assert "texten om avvikelser nämner inte ekonomin" in finding.message


@pytest.mark.parametrize(
    "explanation",
    [
        "Lönekostnaderna blev lägre när coachen var sjukskriven.",
        "Utfallet blev 38 070 kr lägre.",
        "Budgeten underskreds.",
    ],
)
def test_deviations_text_about_the_economy_explains(tmp_path: Path, explanation: str) -> None:
    text = without_explanations(with_economy(UNDERUSED_ROWS))
    text = replace(text, 'avvikelser: ""', f"avvikelser: {explanation}")
    assert budget_findings(tmp_path, text) == []


def test_economy_comment_explains(tmp_path: Path) -> None:
    assert budget_findings(tmp_path, with_economy(UNDERUSED_ROWS)) == []


def test_small_underuse_in_final_report_needs_explanation(tmp_path: Path) -> None:
    rows = ROWS.replace("utfall: 15000}", "utfall: 14000}").replace(
        "utfall: 689000}", "utfall: 688000}"
    )
    [finding] = budget_findings(tmp_path, without_explanations(with_economy(rows)))
    assert finding.code == "B004"
    assert plain(finding.message).startswith(
        "1 000 kr av beviljat medel (689 000 kr) har inte använts."
    )


def test_underuse_rule_can_be_switched_off_in_the_profile(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    profile_dir = tmp_path / "mild"
    shutil.copytree(templates_root() / "sundsvall", profile_dir)
    # An operator's profile folder ($REPORTGEN_MALLAR); insats.yaml names it, never its path.
    monkeypatch.setenv("REPORTGEN_MALLAR", str(tmp_path))
    profile_file = profile_dir / "profile.yaml"
    profile_text = profile_file.read_text(encoding="utf-8")
    profile_file.write_text(
        replace(
            profile_text,
            "forklara_outnyttjat_i_slutrapport: true",
            "forklara_outnyttjat_i_slutrapport: false",
        ),
        encoding="utf-8",
    )
    rows = ROWS.replace("utfall: 15000}", "utfall: 14000}").replace(
        "utfall: 689000}", "utfall: 688000}"
    )
    text = without_explanations(with_economy(rows))
    text = replace(text, "förbund: sundsvall", "förbund: mild")
    (tmp_path / "r").mkdir()
    assert budget_findings(tmp_path / "r", text) == []


@pytest.mark.parametrize(
    ("outcome", "fires"),
    [("30000", False), ("64450", False), ("64480", True), ("75000", True)],
    ids=["+0 %", "exactly +5 %", "+5,004 %", "+6,5 %"],
)
def test_overrun_beyond_threshold_needs_explanation(
    tmp_path: Path, outcome: str, fires: bool
) -> None:
    """Budget 689 000; rent outcome varies. 5 % of 689 000 is 34 450."""
    rows = ROWS.replace("budget: 30000, utfall: 30000", f"budget: 30000, utfall: {outcome}")
    rows = rows.replace("  summa: {budget: 689000, utfall: 689000}\n", "")
    findings = budget_findings(tmp_path, without_explanations(with_economy(rows)))
    assert codes(findings) == (["B004"] if fires else [])
    if fires:
        assert "högre än budgeten 689 000 kr, mer än gränsen 5 %" in plain(findings[0].message)
    if outcome == "64480":  # shown with the decimals that make it visibly beyond 5 %
        assert "(5,004 %) högre" in plain(findings[0].message)
    if outcome == "75000":
        assert "(6,5 %) högre" in plain(findings[0].message)


# --------------------------------------------------------------------------- B004 interim


def interim_with_outcome(salary: str, total: str) -> str:
    text = replace(VALID_INTERIM, "utfall: 690000}", f"utfall: {salary}}}")
    text = replace(text, "utfall: 712030}", f"utfall: {total}}}")
    text = replace(text, "  kommentar: Förbrukningen följer planen.\n", "")
    return replace(
        text,
        "avvikelser: Coachen började två veckor senare än planerat.",
        'avvikelser: ""',
    )


def test_interim_outcome_in_line_with_elapsed_time_is_quiet(tmp_path: Path) -> None:
    findings = budget_findings(tmp_path, interim_with_outcome("690000", "712030"))
    assert findings == []


def test_interim_underspending_is_judged_against_elapsed_share(tmp_path: Path) -> None:
    text = interim_with_outcome("422000", "444030")
    [finding] = budget_findings(tmp_path, text)
    assert (finding.code, finding.severity) == ("B004", Severity.FEL)
    assert finding.location.key == "ekonomi.kommentar"
    message = plain(finding.message)
    assert message.startswith(
        "Förbrukningskvoten är 30 % (444 030 kr av budgeten 1 480 000 kr), men 50 % av "
        "insatsperioden 2026-01-01 – 2026-12-31 har gått vid rapportperiodens slut 2026-06-30. "
        "Förbrukningen är 39,5 % lägre än väntat, mer än gränsen 5 %."
    )


def test_interim_report_without_stated_period_is_not_judged_by_elapsed_time(
    tmp_path: Path,
) -> None:
    """Without a report period nobody can say how much of the intervention has passed."""
    text = interim_with_outcome("422000", "444030")
    text = replace(text, "  period: {från: 2026-01-01, till: 2026-06-30}\n", "")
    assert "B004" not in codes(run_rules(tmp_path, text))


def test_interim_report_needs_no_explanation_for_unused_funds(tmp_path: Path) -> None:
    """Half the money is left after half the year: that is not under-use."""
    text = interim_with_outcome("690000", "712030")
    assert "B004" not in codes(run_rules(tmp_path, text))


# --------------------------------------------------------------------------- B005


def test_unreadable_row_amount_is_b005_without_follow_up_sum_findings(tmp_path: Path) -> None:
    text = replace(
        VALID_FINAL,
        "{kostnadsslag: Lokalkostnader, budget: 30000, utfall: 30000}",
        '{kostnadsslag: Lokalkostnader, budget: "Se separat redovisning", utfall: "?"}',
    )
    findings = budget_findings(tmp_path, text)
    assert codes(findings) == ["B005", "B005"]
    line = line_of(text, "Lokalkostnader")
    assert [str(f.location) for f in findings] == [
        f"insats.yaml:{line} ekonomi.rader[2].budget",
        f"insats.yaml:{line} ekonomi.rader[2].utfall",
    ]
    assert all(f.severity is Severity.FEL for f in findings)
    assert '"Se separat redovisning"' in findings[0].message


# --------------------------------------------------------------------------- B006


def test_final_report_row_without_outcome_is_b006(tmp_path: Path) -> None:
    text = replace(VALID_FINAL, "budget: 30000, utfall: 30000}", "budget: 30000}")
    text = replace(text, "utfall: 689000}", "utfall: 659000}")
    text = replace(text, "beviljat_medel: 689000", "beviljat_medel: 689000")
    findings = budget_findings(tmp_path, text)
    [finding] = only(findings, "B006")
    assert finding.severity is Severity.FEL
    line = line_of(text, "Lokalkostnader")
    assert str(finding.location) == f"insats.yaml:{line} ekonomi.rader[2].utfall"
    assert plain(finding.message) == (
        'Raden 2 "Lokalkostnader" har budget 30 000 kr men inget utfall. En slutrapport ska '
        "redovisa utfallet för varje budgetrad: skriv utfallet (0 om inget har använts)."
    )


def test_interim_report_row_without_outcome_is_fine(tmp_path: Path) -> None:
    text = replace(VALID_INTERIM, "budget: 80000, utfall: 22030}", "budget: 80000}")
    text = replace(text, "utfall: 712030}", "utfall: 690000}")
    assert "B006" not in codes(run_rules(tmp_path, text))


def test_zero_outcome_is_an_outcome(tmp_path: Path) -> None:
    text = replace(VALID_FINAL, "budget: 15000, utfall: 15000}", 'budget: 15000, utfall: "0 kr"}')
    assert "B006" not in codes(run_rules(tmp_path, text))


# --------------------------------------------------------------------------- B007


def test_unknown_cost_category_is_b007(tmp_path: Path) -> None:
    text = replace(
        VALID_FINAL, "{kostnadsslag: Material, specifikation", "{kostnadsslag: IT, specifikation"
    )
    [finding] = budget_findings(tmp_path, text)
    assert (finding.code, finding.severity) == ("B007", Severity.FEL)
    line = line_of(text, "kostnadsslag: IT")
    assert str(finding.location) == f"insats.yaml:{line} ekonomi.rader[3].kostnadsslag"
    assert finding.message == (
        'Kostnadsslaget "IT" (rad 3) finns inte i förbundets ekonomitabell. Välj ett av: '
        "Aktiviteter, Externa tjänster, Lönekostnader, Lokalkostnader, Material, "
        "Resekostnader, Övriga kostnader, och skriv vad kostnaden avser som specifikation."
    )


def test_missing_cost_category_is_b007(tmp_path: Path) -> None:
    text = replace(VALID_FINAL, "{kostnadsslag: Lokalkostnader, budget", "{budget")
    [finding] = budget_findings(tmp_path, text)
    assert finding.code == "B007"
    assert finding.message.startswith("Kostnadsrad 2 saknar kostnadsslag.")


@pytest.mark.parametrize(
    "category", ["Material IT och telefoni", "Reskostnader", "övriga kostnader (mobil)"]
)
def test_category_variants_from_real_reports_are_accepted(tmp_path: Path, category: str) -> None:
    text = replace(VALID_FINAL, "{kostnadsslag: Material,", f"{{kostnadsslag: {category},")
    assert budget_findings(tmp_path, text) == []
