"""A new funder is a folder: a third profile, numbered unlike Sundsvall, needs no code.

Issue 14's acceptance: goals under 3.4, two contact slots and no signature
section build, check their own build clean (round trip) and read a hand-filled
copy – no KeyError. The profile comes from the operator ($REPORTGEN_PROFILER),
never from a path in insats.yaml.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document

from reportgen.pipeline import build_report, findings_for, inspect
from reportgen.profile import Role, load_profile
from reportgen.sources import load_source
from tests.checks_support import VALID_FINAL, replace
from tests.profile_fixtures import make_third_profile

THIRD = replace(
    replace(
        VALID_FINAL[: VALID_FINAL.index("underskrift:")],
        "förbund: sundsvall",
        "förbund: tredje",
    ),
    "  ansvarig: {organisation: Sundsvalls kommun, kontaktperson: Anna Berg, epost: a@b.se}\n",
    "  ansvarig: {organisation: Tredje kommun, kontaktperson: Anna Berg, epost: a@b.se}\n"
    "  parter:\n    - {organisation: Försäkringskassan, kontaktperson: Per Ek, epost: p@fk.se}\n",
)


@pytest.fixture
def third(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The intervention folder of a report to Samordningsförbundet Tredje."""
    monkeypatch.setenv("REPORTGEN_PROFILER", str(make_third_profile(tmp_path / "mallar")))
    folder = tmp_path / "insats"
    folder.mkdir()
    (folder / "insats.yaml").write_text(THIRD, encoding="utf-8")
    return folder


def test_the_third_profile_holds_its_roles_under_its_own_numbers(third: Path) -> None:
    profile = load_profile("tredje")
    assert profile.section_for(Role.GOALS).id == "3.4"  # type: ignore[union-attr]
    assert profile.section_for(Role.ECONOMY).id == "4"  # type: ignore[union-attr]
    assert profile.section_for(Role.SIGNATURE) is None
    assert profile.contact_slots == 2


def test_it_builds_and_checks_its_own_build_clean(third: Path) -> None:
    assert [f.as_line() for f in findings_for(load_source(third))] == []
    output = third / "rapport.docx"
    build_report(third, output=output, charts=False)
    text = [p.text for p in Document(str(output)).paragraphs]
    assert "3.4 Mål och resultat" in text and "4. Ekonomi" in text
    assert not any("Underskrift" in line for line in text)
    checked = inspect(output)
    assert checked.readable and [f.as_line() for f in checked.findings] == []
    assert checked.loaded is not None and checked.loaded.profile.id == "tredje"
    report = checked.loaded.report
    assert [g.goal for g in report.goals or []] == [
        "Minst 30 deltagare ska skrivas in.",
        "Minst 30 % ska gå till arbete eller studier.",
    ]
    assert [p.organisation for p in report.intervention.partners] == ["Försäkringskassan"]
    assert report.intervention.responsible.organisation == "Tredje kommun"  # type: ignore[union-attr]


def test_a_hand_filled_copy_without_its_goals_names_section_3_4(third: Path) -> None:
    """Typed by hand: bold headings, no goals table – the goals section is reported by its
    own number, and nothing asks for a signature the form does not have."""
    output = third / "rapport.docx"
    build_report(third, output=output, charts=False)
    document = Document(str(output))
    body = document.element.body
    goals_table = document.tables[1]
    body.remove(goals_table._tbl)
    for paragraph in document.paragraphs:
        if paragraph.style.name.startswith("Heading") and paragraph.text != "3.4 Mål och resultat":
            paragraph.style = document.styles["Normal"]
            for run in paragraph.runs:
                run.bold = True
    hand_filled = third / "handifylld.docx"
    document.save(str(hand_filled))
    checked = inspect(hand_filled)
    assert [(f.code, f.location.section) for f in checked.findings] == [("G001", "3.4")]
    assert checked.findings[0].message == (
        'Inga mål är angivna, men avsnitt 3.4 "Mål och resultat" krävs i en slutrapport. '
        "Skriv insatsens uppsatta mål med uppnått och utfall, ett per rad under 'mål:'."
    )


def test_more_members_than_its_two_slots_is_f002(third: Path) -> None:
    path = third / "insats.yaml"
    path.write_text(
        replace(
            THIRD,
            "  parter:\n",
            "  parter:\n    - {organisation: Arbetsförmedlingen}\n",
        ),
        encoding="utf-8",
    )
    [finding] = [f for f in load_source(third).findings if f.code == "F002"]
    assert "högst 1 övriga förbundsmedlemmar (kontaktplatser: 2" in finding.message
