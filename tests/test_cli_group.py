"""The command line as Swedish officers meet it: Swedish names, suggestions, whole help lines."""

from __future__ import annotations

from pathlib import Path

import pytest

from reportgen.cli.group import ALIASES

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "inputs" / "ips-stod-delrapport"


@pytest.mark.parametrize(("swedish", "english"), sorted(ALIASES.items()))
def test_swedish_names_run_the_same_command(run, swedish: str, english: str) -> None:
    assert run(swedish, "--help").output.replace(swedish, english) == run(
        english, "--help"
    ).output.replace(swedish, english)


def test_granska_checks_like_check(run) -> None:
    swedish, english = run("granska", EXAMPLE), run("check", EXAMPLE)
    assert (swedish.exit_code, swedish.output) == (english.exit_code, english.output)


def test_a_mistyped_command_gets_a_suggestion_in_swedish(run) -> None:
    result = run("biuld", EXAMPLE)
    assert result.exit_code == 2
    assert "Det finns inget kommando 'biuld'. Menade du 'build'?" in result.output
    assert "Menade du 'granska'?" in run("granksa").output


def test_help_shows_whole_descriptions_and_the_swedish_names(run) -> None:
    text = " ".join(run("--help").output.split())
    assert (
        "build (bygg) Kontrollera en insats och skriv dess rapport i förbundets Word-mall." in text
    )
    assert "stats (statistik) Visa tabellerna som reportgen räknar fram ur deltagarstatistiken" in (
        text
    )
    assert "..." not in text.split("Kommandon:", 1)[1]
