"""insats.yaml -> model: every accepted form, every refusal, with file, line and key."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from reportgen.errors import InputError
from reportgen.findings import Finding
from reportgen.sources.yaml_source import load_report

VALID_MINIMAL = """\
schema: reportgen/insats/v1
förbund: sundsvall
rapport: {typ: slutrapport}
insats:
  namn: Testinsats
  tidsperiod: {från: 2025-01-01, till: 2025-12-31}
  beviljat_medel: 100000
ekonomi:
  rader:
    - {kostnadsslag: Lönekostnader, budget: 100000, utfall: 100000}
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "insats.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def load_error(tmp_path: Path, text: str) -> InputError:
    with pytest.raises(InputError) as caught:
        load_report(write(tmp_path, text), display="insats.yaml")
    return caught.value


def test_valid_minimal_loads_with_locations(tmp_path: Path) -> None:
    report, findings = load_report(write(tmp_path, VALID_MINIMAL), display="insats.yaml")
    assert findings == []
    assert report.intervention.name == "Testinsats"
    assert report.intervention.granted == Decimal(100000)
    assert (
        str(report.locations.at("insats.beviljat_medel")) == "insats.yaml:7 insats.beviljat_medel"
    )
    assert str(report.locations.at("ekonomi.rader[1].utfall")) == (
        "insats.yaml:10 ekonomi.rader[1].utfall"
    )
    # a key the file never mentions points at its nearest parent's line
    assert str(report.locations.at("ekonomi.summa.budget")) == "insats.yaml:8 ekonomi.summa.budget"


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("709000", Decimal(709000)),
        ('"709 000"', Decimal(709000)),
        ('"709 000 kr"', Decimal(709000)),
        ('"912 000: -"', Decimal(912000)),
        ("912 000:-", Decimal(912000)),
        ('"1 250 tkr"', Decimal(1250000)),
        ('"709\u00a0000"', Decimal(709000)),
        ('"709\u202f000 kr"', Decimal(709000)),
    ],
)
def test_amount_forms_accepted(tmp_path: Path, written: str, expected: Decimal) -> None:
    text = VALID_MINIMAL.replace("beviljat_medel: 100000", f"beviljat_medel: {written}")
    report, findings = load_report(write(tmp_path, text), display="insats.yaml")
    assert findings == []
    assert report.intervention.granted == expected


@pytest.mark.parametrize(
    "written",
    ['"Se separat redovisning"', '"?"', '"ca 700 000"', "sjuhundratusen", '"700 000 / 650 000"'],
)
def test_amount_that_is_no_number_is_b005_quoting_it(tmp_path: Path, written: str) -> None:
    text = VALID_MINIMAL.replace("utfall: 100000}", f"utfall: {written}}}")
    report, findings = load_report(write(tmp_path, text), display="insats.yaml")
    assert [f.code for f in findings] == ["B005"]
    finding = findings[0]
    assert str(finding.severity) == "fel"
    assert str(finding.location) == "insats.yaml:10 ekonomi.rader[1].utfall"
    assert written.strip('"') in finding.message
    # never a silent zero: the value is absent, not 0
    assert report.economy is not None and report.economy.rows is not None
    assert report.economy.rows[0].outcome is None


def test_unquoted_colon_space_amount_explains_quoting(tmp_path: Path) -> None:
    text = VALID_MINIMAL.replace("beviljat_medel: 100000", "beviljat_medel: 912 000: -")
    error = load_error(tmp_path, text)
    (finding,) = error.findings
    assert finding.code == "F001"
    assert str(finding.location) == "insats.yaml:7"
    assert 'citattecken: "912 000: -"' in finding.message


def test_duplicate_key_is_refused_with_both_lines(tmp_path: Path) -> None:
    text = VALID_MINIMAL.replace(
        "  beviljat_medel: 100000\n", "  beviljat_medel: 100000\n  beviljat_medel: 200000\n"
    )
    error = load_error(tmp_path, text)
    (finding,) = error.findings
    assert finding.code == "F001"
    assert str(finding.location) == "insats.yaml:8 insats.beviljat_medel"
    assert "förekommer två gånger (första gången på rad 7)" in finding.message


def load_findings(tmp_path: Path, text: str) -> list[Finding]:
    """What the source reports for a file it can read: every finding, in line order."""
    _report, findings = load_report(write(tmp_path, text), display="insats.yaml")
    return findings


def test_unknown_key_suggests_the_closest_known_key(tmp_path: Path) -> None:
    text = VALID_MINIMAL + "beskrivning:\n  malgrupp: Unga vuxna\n  bakrund: Text\n"
    findings = load_findings(tmp_path, text)
    messages = {str(f.location): f.message for f in findings}
    assert [f.code for f in findings] == ["F002", "F002"]
    assert messages["insats.yaml:12 beskrivning.malgrupp"].startswith(
        "Okänd nyckel 'malgrupp' – menade du 'målgrupp'?"
    )
    assert "menade du 'bakgrund'?" in messages["insats.yaml:13 beskrivning.bakrund"]
    assert (
        "Tillåtna nycklar här: bakgrund, syfte, målgrupp."
        in messages["insats.yaml:13 beskrivning.bakrund"]
    )


def test_an_unknown_key_does_not_stop_the_reading(tmp_path: Path) -> None:
    """The other values are read, so the rules can run in the same round (issue 13)."""
    text = VALID_MINIMAL + "beskrivning:\n  malgrupp: Unga vuxna\n  syfte: Att hjälpa\n"
    report, findings = load_report(write(tmp_path, text), display="insats.yaml")
    assert [(f.code, f.location.key) for f in findings] == [("F002", "beskrivning.malgrupp")]
    assert report.description is not None
    assert (report.description.purpose, report.description.target_group) == ("Att hjälpa", None)
    assert report.intervention.name == "Testinsats"


def test_all_schema_errors_are_reported_together(tmp_path: Path) -> None:
    text = VALID_MINIMAL.replace("typ: slutrapport", "typ: årsrapport") + "mål: Bli bättre\n"
    findings = load_findings(tmp_path, text)
    by_key = {f.location.key: f.message for f in findings}
    assert set(by_key) == {"rapport.typ", "mål"}
    assert "Tillåtna värden: delrapport, slutrapport" in by_key["rapport.typ"]
    assert "'mål' ska vara en lista" in by_key["mål"]
    assert [f.location.line for f in findings] == [3, 11]  # in file order


def test_a_period_that_is_no_period_is_a_content_finding_with_the_form(tmp_path: Path) -> None:
    text = VALID_MINIMAL.replace(
        "  tidsperiod: {från: 2025-01-01, till: 2025-12-31}\n", "  tidsperiod: hela 2025\n"
    )
    report, findings = load_report(write(tmp_path, text), display="insats.yaml")
    [finding] = findings
    assert (finding.code, str(finding.severity)) == ("T005", "fel")
    assert str(finding.location) == "insats.yaml:6 insats.tidsperiod"
    assert finding.message == (
        'Perioden "hela 2025" kan inte läsas. Skriv den som {från: 2025-01-01, till: '
        "2025-12-31} (eller som 2025-01-01 – 2025-12-31)."
    )
    assert report.intervention.period is None


def test_invalid_date_names_line_and_form(tmp_path: Path) -> None:
    text = VALID_MINIMAL.replace("till: 2025-12-31", "till: 2025-13-01")
    report, findings = load_report(write(tmp_path, text), display="insats.yaml")
    [finding] = findings
    assert (finding.code, str(finding.severity)) == ("T005", "fel")
    # at the date's line, named by its period: the period is left out as a whole
    assert str(finding.location) == "insats.yaml:6 insats.tidsperiod"
    assert finding.message == (
        'Datumet "2025-13-01" finns inte i kalendern. Skriv datum som ÅÅÅÅ-MM-DD, t.ex. '
        "2025-12-31 (20251231 och 2025.12.31 går också)."
    )
    assert report.intervention.period is None


def test_missing_file_is_f001(tmp_path: Path) -> None:
    with pytest.raises(InputError) as caught:
        load_report(tmp_path / "saknas.yaml", display="saknas.yaml")
    (finding,) = caught.value.findings
    assert (finding.code, finding.message) == ("F001", "Filen finns inte. Kontrollera sökvägen.")


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("- en\n- lista\n", "innehåller en lista"),
        ("bara text\n", 'innehåller texten "bara text"'),
    ],
)
def test_not_a_mapping_is_f002(tmp_path: Path, text: str, fragment: str) -> None:
    error = load_error(tmp_path, text)
    (finding,) = error.findings
    assert finding.code == "F002"
    assert fragment in finding.message


def test_empty_file_is_f002(tmp_path: Path) -> None:
    error = load_error(tmp_path, "# bara en kommentar\n")
    assert [f.code for f in error.findings] == ["F002"]
    assert "reportgen init" in error.findings[0].message


@pytest.mark.parametrize(
    "payload",
    [
        "!!python/object/apply:os.system ['echo hackad']",
        "!!python/object:reportgen.model.Report {}",
        "!!python/name:os.system",
    ],
)
def test_python_tags_are_refused(tmp_path: Path, payload: str) -> None:
    error = load_error(tmp_path, VALID_MINIMAL + f"avvikelser: {payload}\n")
    (finding,) = error.findings
    assert finding.code == "F001"
    assert finding.location.line == 11
    assert "är inte tillåten" in finding.message


def test_not_utf8_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "insats.yaml"
    path.write_bytes(VALID_MINIMAL.replace("Testinsats", "Målgrupp").encode("latin-1"))
    with pytest.raises(InputError) as caught:
        load_report(path, display="insats.yaml")
    (finding,) = caught.value.findings
    assert finding.code == "F001"
    assert finding.location.line == 2  # "förbund" is the first non-ASCII word
    assert "UTF-8" in finding.message


def test_alias_bomb_is_refused(tmp_path: Path) -> None:
    lines = ['a0: &a0 ["x", "x", "x", "x", "x", "x", "x", "x", "x", "x"]']
    for level in range(1, 8):
        prev = f"*a{level - 1}"
        lines.append(f"a{level}: &a{level} [{', '.join([prev] * 10)}]")
    error = load_error(tmp_path, "\n".join(lines) + "\n")
    assert error.findings[0].code == "F001"
    assert "orimligt många värden" in error.findings[0].message


def test_oversized_file_is_refused_before_parsing(tmp_path: Path) -> None:
    path = tmp_path / "insats.yaml"
    path.write_text("avvikelser: |\n" + ("  x\n" * 800_000), encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_report(path, display="insats.yaml")
    assert "större än gränsen" in caught.value.findings[0].message


def test_text_list_becomes_bullets_and_bools_become_answers(tmp_path: Path) -> None:
    text = VALID_MINIMAL + (
        "arbetssätt: [Kartläggning, Matchning]\n"
        "mål:\n  - {mål: Ett mål, uppnått: Ja, utfall: Klart}\n"
        "  - {mål: Två, uppnått: yes, utfall: Klart}\n"
        "bemanning:\n  - {roll: Coach, omfattning: '50 %'}\n  - {roll: Chef, omfattning: '0,2'}\n"
    )
    report, _ = load_report(write(tmp_path, text), display="insats.yaml")
    assert report.methods == "- Kartläggning\n- Matchning"
    assert [g.achieved for g in report.goals or []] == ["ja", "ja"]
    assert [s.fte for s in report.staffing] == [0.5, 0.2]


def test_more_partners_than_the_profile_has_contact_slots(tmp_path: Path) -> None:
    """The slots come from the profile (Sundsvall: kontaktplatser 4 = 1 + 3)."""
    from reportgen.sources import load_source

    partners = "".join(f"    - {{organisation: Org {i}}}\n" for i in range(4))
    text = VALID_MINIMAL.replace(
        "  beviljat_medel: 100000\n", "  beviljat_medel: 100000\n  parter:\n" + partners
    )
    loaded = load_source(write(tmp_path, text))
    [finding] = [f for f in loaded.findings if f.code == "F002"]
    assert str(finding.location).endswith("insats.yaml:12 insats.parter[4]")
    assert finding.message == (
        "'parter' har 4 rader, men Samordningsförbundet Sundsvalls mall har plats för högst 3 "
        "övriga förbundsmedlemmar (kontaktplatser: 4 med den ansvariga organisationen). Ta bort "
        "1 rad(er)."
    )


def test_fast_parser_gives_the_same_values_and_lines_as_the_pure_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from reportgen import yamlio

    root = Path(__file__).resolve().parents[1] / "inputs"
    texts = [p.read_text(encoding="utf-8") for p in sorted(root.glob("*/insats.yaml"))]
    fast = [yamlio.parse_yaml(text) for text in texts]
    monkeypatch.setattr(yamlio, "_FAST_LOADER", None)
    pure = [yamlio.parse_yaml(text) for text in texts]
    assert [(f.data, f.lines) for f in fast] == [(p.data, p.lines) for p in pure]


def test_empty_value_at_the_end_of_a_flow_mapping_loads(tmp_path: Path) -> None:
    """libyaml refuses `{…, namn:}`; PyYAML reads it as an empty value, and so do we."""
    text = VALID_MINIMAL + "underskrift: {organisation: Kommunen, namn:}\n"
    report, findings = load_report(write(tmp_path, text), display="insats.yaml")
    assert findings == []
    assert report.signature is not None and report.signature.name is None


def test_no_forbidden_character_is_printable() -> None:
    """The readers skip forbidden_character for a text that str.isprintable() passes
    (yamlio's texts, the workbook fast lane's cells): that holds for every code point."""
    import sys

    from reportgen.formatting import forbidden_character

    printable = "".join(chr(c) for c in range(sys.maxunicode + 1) if chr(c).isprintable())
    assert forbidden_character(printable) is None
