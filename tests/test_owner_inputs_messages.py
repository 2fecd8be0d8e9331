"""Issue 13, messages that fit the mistake (owner trial problems 9 and 16).

The three commonest newcomer mistakes used to give the same advice about
"912 000: -", or an English parser sentence. Now the message quotes the
owner's own line, names indentation when that is the cause, and is Swedish;
and a misspelt key no longer hides what the rules find: one round.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from reportgen.errors import InputError
from reportgen.sources.yaml_source import load_report
from tests.checks_support import VALID_FINAL, replace
from tests.conftest import RunCli

R6_GOAL = "Individuella insatser: Ge hälsobefrämjande råd och stöd till deltagarna"


def _refusal(tmp_path: Path, text: str) -> tuple[int | None, str]:
    path = tmp_path / "insats.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_report(path, display="insats.yaml")
    (finding,) = caught.value.findings
    assert finding.code == "F001"
    return finding.location.line, finding.message


def test_an_unquoted_colon_in_a_goal_quotes_the_owners_own_value(tmp_path: Path) -> None:
    text = replace(
        VALID_FINAL, "  - mål: Minst 30 deltagare ska skrivas in.", f"  - mål: {R6_GOAL}"
    )
    line, message = _refusal(tmp_path, text)
    assert line == text.splitlines().index(f"  - mål: {R6_GOAL}") + 1
    assert message == (
        "Kan inte läsas som YAML: värdet för 'mål' innehåller kolon följt av mellanslag, som "
        'YAML läser som en ny nyckel. Sätt värdet inom citattecken: "Individuella insatser: Ge '
        'hälsobefrämjande råd och stöd till…".'
    )
    assert "912 000" not in message


def test_an_unquoted_colon_in_an_amount_still_shows_the_amount(tmp_path: Path) -> None:
    text = replace(VALID_FINAL, "beviljat_medel: 689000", "beviljat_medel: 689 000: -")
    _line, message = _refusal(tmp_path, text)
    assert message.endswith('Sätt värdet inom citattecken: "689 000: -".')


@pytest.mark.parametrize(
    ("indent", "told"),
    [("   ", "har 3 mellanslag före sig, raden ovanför 2 mellanslag"), (" ", "har 1 mellanslag")],
)
def test_a_key_indented_wrongly_is_told_as_indentation(
    tmp_path: Path, indent: str, told: str
) -> None:
    text = replace(
        VALID_FINAL,
        "underskrift: {organisation: Sundsvalls kommun, ort: Sundsvall, datum: 2026-01-16, "
        "namn: T. Wallin}",
        "underskrift:\n  organisation: Sundsvalls kommun\n"
        f"{indent}ort: Sundsvall\n  datum: 2026-01-16\n  namn: T. Wallin",
    )
    line, message = _refusal(tmp_path, text)
    assert line == text.splitlines().index(f"{indent}ort: Sundsvall") + 1
    assert message.startswith(
        f'Kan inte läsas som YAML: indraget stämmer inte: raden "ort: Sundsvall" {told}'
    )
    assert "citattecken" not in message


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (
            "%50 av deltagarna",
            'ett värde får inte börja med tecknet "%" i YAML. Sätt värdet inom citattecken: '
            '"%50 av deltagarna".',
        ),
        (
            "*Har du fått stöd?* frågade vi",
            'ett värde får inte börja med tecknet "*" i YAML. Sätt värdet inom citattecken: '
            '"*Har du fått stöd?* frågade vi".',
        ),
        (
            '"Deltagarna sa "bra" om stödet"',
            "värdet börjar med citattecken men fortsätter efter det avslutande citattecknet. "
            "Sätt hela värdet inom citattecken av det andra slaget: "
            "'Deltagarna sa \"bra\" om stödet'.",
        ),
        (
            "@kommunen",
            'ett värde får inte börja med tecknet "@" i YAML. Sätt värdet inom citattecken: '
            '"@kommunen".',
        ),
    ],
)
def test_a_value_yaml_reserves_is_told_in_swedish(
    tmp_path: Path, value: str, expected: str
) -> None:
    text = replace(VALID_FINAL, "  systemfel: Systemfelen.", f"  systemfel: {value}")
    line, message = _refusal(tmp_path, text)
    assert line == text.splitlines().index(f"  systemfel: {value}") + 1
    assert message == f"Kan inte läsas som YAML: {expected}"


ENGLISH = re.compile(
    r"\b(found|expected|while|scanning|parsing|token|mapping|block|sequence|entries|allowed|"
    r"character|alias|anchor|document|stream)\b"
)


@pytest.mark.parametrize(
    "broken",
    [
        "a: [1, 2\nb: 1\n",
        "a: {x: 1\nb: 1\n",
        'a: "öppen\nb: 1\n',
        "a: | x\n  y\n",
        "a: - x\n",
        "a: ? x\n",
        "a: &\n",
        'a: "c:\\pelle"\n',
        "a:\n  - x\n  b: 2\n",
        "a: 1\n---\nb: 2\n",
        "a: !<tag:x> 1\n",
        "- a\nb: 1\n",
        "a: 'it's'\n",
        "a:\n\tb: 1\n",
    ],
)
def test_no_syntax_message_is_english(tmp_path: Path, broken: str) -> None:
    _line, message = _refusal(tmp_path, broken)
    assert message.startswith("Kan inte läsas") or message.startswith("Taggen")
    assert not ENGLISH.search(message), message


def test_a_misspelt_key_and_missing_answers_come_in_one_round(run: RunCli, tmp_path: Path) -> None:
    """Problem 16: `malgrupp`, no 5.5, no `ort` – all three reported by one `check`."""
    text = replace(VALID_FINAL, "  målgrupp: Målgruppen.", "  malgrupp: Målgruppen.")
    text = replace(text, "  systemfel: Systemfelen.\n", "")
    text = replace(text, " ort: Sundsvall,", "")
    folder = tmp_path / "psykolog"
    folder.mkdir()
    (folder / "insats.yaml").write_text(text, encoding="utf-8")
    result = run("check", "--format", "json", folder)
    assert result.exit_code == 1  # content to fix, not an unreadable file
    findings = json.loads(result.output)["files"][0]["findings"]
    by_code = {f["code"]: f for f in findings}
    assert set(by_code) == {"F002", "S001", "U001"}, findings
    assert by_code["F002"]["location"].endswith("insats.yaml:15 beskrivning.malgrupp")
    assert by_code["F002"]["message"].startswith("Okänd nyckel 'malgrupp' – menade du 'målgrupp'?")
    assert sorted(f["message"][:13] for f in findings if f["code"] == "S001") == [
        'Avsnitt 3.3 "',
        'Avsnitt 5.5 "',
    ]
    assert by_code["U001"]["message"].startswith("Underskriften är inte komplett: ort saknas.")
