"""Issue 13, dates and goal answers as real reports write them (owner trial problems 10 and 12).

R6 and R7 write their period as `20230101–20231231`; owners answer "Har målet
uppnåtts?" with `Ja.`, `Delvis uppnått` or, in a delrapport, `pågår`. These are
read; a value that is still wrong is a content finding at its line (exit 1),
never a file-format error (F002, exit 2).
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from reportgen.sources.yaml_source import load_report
from tests.checks_support import VALID_FINAL, VALID_INTERIM, line_of, replace, run_rules
from tests.conftest import RunCli


def _load(tmp_path: Path, text: str):
    path = tmp_path / "insats.yaml"
    path.write_text(text, encoding="utf-8")
    return load_report(path, display="insats.yaml")


def _check_json(run: RunCli, tmp_path: Path, text: str) -> tuple[int, list[dict[str, str]]]:
    folder = tmp_path / "insats"
    folder.mkdir(exist_ok=True)
    (folder / "insats.yaml").write_text(text, encoding="utf-8")
    result = run("check", "--format", "json", folder)
    return result.exit_code, json.loads(result.output)["files"][0]["findings"]


# ----------------------------------------------------------------- dates


@pytest.mark.parametrize(
    "written",
    [
        "{från: 20230101, till: 20231231}",
        "{från: 2023.01.01, till: 2023.12.31}",
        '{från: "20230101", till: "2023/12/31"}',
        "20230101–20231231",
        '"2023-01-01 – 2023-12-31"',
        "2023.01.01 till 2023.12.31",
    ],
)
def test_compact_and_dotted_dates_and_one_line_periods_are_read(
    tmp_path: Path, written: str
) -> None:
    text = replace(
        VALID_FINAL,
        "  tidsperiod: {från: 2025-01-01, till: 2025-12-31}",
        f"  tidsperiod: {written}",
    )
    report, findings = _load(tmp_path, text)
    assert findings == []
    period = report.intervention.period
    assert period is not None
    assert (period.start, period.end) == (date(2023, 1, 1), date(2023, 12, 31))


def test_signature_date_in_the_compact_form(tmp_path: Path) -> None:
    report, findings = _load(tmp_path, replace(VALID_FINAL, "datum: 2026-01-16", "datum: 20260116"))
    assert findings == []
    assert report.signature is not None and report.signature.signed_on == date(2026, 1, 16)


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "datum: 2026-01-16",
            "datum: 2026-02-30",
            'Datumet "2026-02-30" finns inte i kalendern. Skriv datum som ÅÅÅÅ-MM-DD, t.ex. '
            "2025-12-31 (20251231 och 2025.12.31 går också).",
        ),
        (
            "datum: 2026-01-16",
            "datum: 16 januari",
            'Värdet "16 januari" är inget datum. Skriv datum som ÅÅÅÅ-MM-DD, t.ex. 2025-12-31 '
            "(20251231 och 2025.12.31 går också).",
        ),
        (
            "datum: 2026-01-16",
            "datum: 20261301",
            'Datumet "20261301" finns inte i kalendern. Skriv datum som ÅÅÅÅ-MM-DD, t.ex. '
            "2025-12-31 (20251231 och 2025.12.31 går också).",
        ),
    ],
)
def test_a_wrong_date_is_t005_and_exit_1(
    run: RunCli, tmp_path: Path, old: str, new: str, message: str
) -> None:
    text = replace(VALID_FINAL, old, new)
    exit_code, findings = _check_json(run, tmp_path, text)
    assert exit_code == 1
    t005 = [f for f in findings if f["code"] == "T005"]
    assert t005 == [
        {
            "code": "T005",
            "severity": "fel",
            "message": message,
            "location": f"{tmp_path}/insats/insats.yaml:{line_of(text, new)} underskrift.datum",
        }
    ]
    assert not [f for f in findings if f["code"].startswith("F")]


def test_a_wrong_date_in_a_period_is_reported_once(tmp_path: Path) -> None:
    text = replace(VALID_FINAL, "tidsperiod: {från: 2025-01-01,", "tidsperiod: {från: 2025-00-01,")
    findings = run_rules(tmp_path, text)
    assert [(f.code, f.location.line, f.location.key) for f in findings] == [
        ("T005", line_of(text, "tidsperiod:"), "insats.tidsperiod")
    ]


# ----------------------------------------------------------------- uppnått


@pytest.mark.parametrize(
    ("written", "read"),
    [
        ("Ja.", "ja"),
        ("JA", "ja"),
        ("ja!", "ja"),
        ("Delvis uppnått", "delvis"),
        ("delvis uppnått.", "delvis"),
        ('"Ja, delvis"', "delvis"),
        ("Nej.", "nej"),
        ("Ej uppnått", "nej"),
        ("yes", "ja"),
        ("Uppnått", "ja"),
        ('""', None),
    ],
)
def test_achievement_is_read_case_and_punctuation_insensitive(
    tmp_path: Path, written: str, read: str | None
) -> None:
    text = replace(VALID_FINAL, "    uppnått: nej\n", f"    uppnått: {written}\n")
    report, findings = _load(tmp_path, text)
    assert findings == []
    assert report.goals is not None and report.goals[1].achieved == read


@pytest.mark.parametrize("written", ["pågår", "Pågår.", "PÅGÅENDE"])
def test_pagar_is_an_answer_in_a_delrapport(tmp_path: Path, written: str) -> None:
    text = replace(
        VALID_INTERIM,
        "  - mål: Minst 30 deltagare ska skrivas in under 2026.\n",
        "  - mål: Minst 30 deltagare ska skrivas in under 2026.\n"
        f"    uppnått: {written}\n    utfall: 14 inskrivna hittills.\n",
    )
    assert run_rules(tmp_path, text) == []
    report, _ = _load(tmp_path, text)
    assert report.goals is not None and report.goals[0].achieved == "pågår"


def test_a_wrong_answer_is_g003_and_exit_1(run: RunCli, tmp_path: Path) -> None:
    text = replace(VALID_FINAL, "    uppnått: nej\n", "    uppnått: Ja, 44 deltagare\n")
    exit_code, findings = _check_json(run, tmp_path, text)
    assert exit_code == 1
    g003 = [f for f in findings if f["code"] == "G003"]
    assert g003 == [
        {
            "code": "G003",
            "severity": "fel",
            "message": 'Svaret "Ja, 44 deltagare" på om målet har uppnåtts kan inte läsas. '
            "Skriv ja, nej eller delvis (i en delrapport också pågår) och beskriv resultatet "
            "under 'utfall'.",
            "location": f"{tmp_path}/insats/insats.yaml:{line_of(text, '44 deltagare')} "
            "mål[2].uppnått",
        }
    ]
    assert not [f for f in findings if f["code"].startswith("F")]


def test_pagar_in_a_slutrapport_is_a_goal_finding(tmp_path: Path) -> None:
    text = replace(VALID_FINAL, "    uppnått: nej\n", "    uppnått: Pågår\n")
    findings = run_rules(tmp_path, text)
    assert [(f.code, str(f.severity), f.location.line, f.location.key) for f in findings] == [
        ("G002", "fel", line_of(text, "uppnått: Pågår"), "mål[2].uppnått")
    ]
    assert findings[0].message == (
        'Mål 2 ("Minst 30 % ska gå till arbete eller studier.") har svaret "pågår" på "Har '
        'målet uppnåtts? Ja eller nej". En slutrapport ska svara ja, nej eller delvis; beskriv '
        'det som återstår under "Utfall/resultat för respektive mål".'
    )


def test_a_wrong_answer_or_date_is_reported_once(tmp_path: Path) -> None:
    """G003 and T005 already say the value is wrong: no second "saknas" (G002, U001)."""
    text = replace(VALID_FINAL, "    uppnått: nej\n", "    uppnått: kanske\n")
    text = replace(text, "datum: 2026-01-16", "datum: 2026-01-32")
    assert sorted(f.code for f in run_rules(tmp_path, text)) == ["G003", "T005"]


def test_pagar_is_shown_in_the_goals_table(tmp_path: Path) -> None:
    from docx_text import normalized_lines

    from reportgen.pipeline import build_report

    text = replace(
        VALID_INTERIM,
        "  - mål: Minst 30 deltagare ska skrivas in under 2026.\n",
        "  - mål: Minst 30 deltagare ska skrivas in under 2026.\n"
        "    uppnått: pågår\n    utfall: 14 inskrivna hittills.\n",
    )
    folder = tmp_path / "ips"
    folder.mkdir()
    (folder / "insats.yaml").write_text(text, encoding="utf-8")
    lines = normalized_lines(build_report(folder, output=tmp_path / "r.docx").output)
    assert "| Minst 30 deltagare ska skrivas in under 2026. | Pågår | 14 inskrivna hittills. |" in (
        lines
    )
