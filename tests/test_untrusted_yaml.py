"""Issue 11, classes 1, 2 and 4 in insats.yaml: whatever the owner types is a finding.

Each hostile value is written into an otherwise valid slutrapport; `check` and
`build` must answer with exit 1 or 2, the code and its `insats.yaml:LINE`, no
traceback, no "Internt fel", no raw control character echoed, the input
unchanged and no report written.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from reportgen.sources.yaml_source import MAX_TEXT_LINES, MAX_TOTAL_LINES
from reportgen.yamlio import MAX_DEPTH
from tests.checks_support import VALID_FINAL
from tests.conftest import RunCli
from tests.untrusted_inputs import (
    alias_bomb,
    block,
    name_is,
    replace,
    text_bomb,
    text_is,
    write_insats,
)

LINE_OF_NAME = VALID_FINAL.splitlines().index("  namn: Testinsats") + 1
LINE_OF_METHODS = VALID_FINAL.splitlines().index("arbetssätt: Arbetssättet.") + 1
LINE_OF_GRANTED = VALID_FINAL.splitlines().index("  beviljat_medel: 689000") + 1
LINE_OF_FUNDER = 2


def answer(run: RunCli, folder: Path, command: str = "check") -> tuple[int, str]:
    """Run `command` on `folder` and check what must hold for every hostile input."""
    source = folder / "insats.yaml"
    before = source.read_bytes()
    target = ["-o", folder / "ut" / "rapport.docx"] if command == "build" else []
    result = run(command, folder, *target)
    assert result.exit_code in (1, 2), result.output
    assert "Traceback" not in result.output
    assert "Internt fel" not in result.output
    assert not any(char in result.output for char in "\x00\x07\x1b\x9b")
    assert source.read_bytes() == before  # inputs are never modified
    assert not (folder / "ut").exists()  # no report, not even a temporary file
    return result.exit_code, result.output


@pytest.mark.parametrize(
    ("value", "character"),
    [
        ('"Pr\\0ov"', "U+0000 (NUL)"),
        ('"Pr\\e[2Jov\\a"', "U+001B (ESC)"),
        ('"Pr\\aov"', "U+0007 (BEL)"),
        ('"A\\ud800B"', "U+D800 (en ensam halva av ett teckenpar)"),
        ('"A\\uffffB"', "U+FFFF (inget tecken)"),
        ('"A\\ufdd0B"', "U+FDD0 (inget tecken)"),
        ('"A\\x9b31mB"', "U+009B (CSI)"),
    ],
    ids=["nul", "esc", "bel", "surrogate", "uffff", "ufdd0", "csi"],
)
@pytest.mark.parametrize("command", ["check", "build"])
def test_characters_that_cannot_stand_in_a_report_are_f001_at_their_line(
    run: RunCli, tmp_path: Path, value: str, character: str, command: str
) -> None:
    folder = write_insats(tmp_path / "i", name_is(value))
    code, output = answer(run, folder, command)
    assert code == 2
    assert f"F001 fel {folder / 'insats.yaml'}:{LINE_OF_NAME} insats.namn: Texten innehåller " in (
        output
    )
    assert f"tecknet {character}, som inte kan stå i en rapport" in output


def test_a_noncharacter_in_a_block_text_names_its_own_line(run: RunCli, tmp_path: Path) -> None:
    text = text_is(block(["Första raden.", "", "Andra \ufdd0stycket."]))
    folder = write_insats(tmp_path / "i", text)
    _code, output = answer(run, folder)
    line = LINE_OF_METHODS + 3  # the `|` line, then the text's third line
    assert f"insats.yaml:{line} arbetssätt: Texten innehåller tecknet U+FDD0" in output


def test_raw_control_byte_in_the_file_is_named_not_echoed(run: RunCli, tmp_path: Path) -> None:
    folder = write_insats(tmp_path / "i", VALID_FINAL.encode() + b"uppf\x1b[31m: x\n")
    code, output = answer(run, folder)
    line = VALID_FINAL.count("\n") + 1
    assert code == 2
    assert f"insats.yaml:{line}: Filen innehåller tecknet U+001B (ESC)" in output


def test_unknown_key_with_escape_sequences_is_quoted_escaped(run: RunCli, tmp_path: Path) -> None:
    folder = write_insats(tmp_path / "i", VALID_FINAL + "\u202eokänd\u202c: 1\n")
    _code, output = answer(run, folder)
    assert "Okänd nyckel '\\u202eokänd\\u202c'" in output


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        (name_is("x" * 250), LINE_OF_NAME, "Värdet är 250 tecken långt; högst 200 tecken"),
        (name_is("y" * 100_000), LINE_OF_NAME, "Värdet är 100000 tecken långt; högst 200"),
        (
            replace(VALID_FINAL, "typ: slutrapport", "titel: " + "T" * 300),
            4,
            "Värdet är 300 tecken långt; högst 50 tecken får plats här (det blir också Word",
        ),
        (
            replace(VALID_FINAL, "Sundsvalls kommun, kontaktperson", "Kommun" * 100 + ", k"),
            LINE_OF_NAME + 4,
            "Värdet är 600 tecken långt; högst 500",
        ),
        (text_is("a" * 100_001), LINE_OF_METHODS, "Texten är 100001 tecken lång"),
        (
            text_is(block(["- a"] * (MAX_TEXT_LINES + 1))),
            LINE_OF_METHODS,
            f"Texten har {MAX_TEXT_LINES + 1} rader",
        ),
    ],
    ids=["name-250", "name-100k", "title-300", "organisation-600", "text-100k", "text-lines"],
)
def test_values_longer_than_a_report_holds_are_f002_at_their_line(
    run: RunCli, tmp_path: Path, text: str, line: int, fragment: str
) -> None:
    folder = write_insats(tmp_path / "i", text)
    code, output = answer(run, folder, "build")
    assert code == 2
    assert f"F002 fel {folder / 'insats.yaml'}:{line} " in output
    assert fragment in output


def test_all_texts_together_are_bounded(run: RunCli, tmp_path: Path) -> None:
    lines = MAX_TOTAL_LINES // 11 + 100  # each text within its own limit, together not
    text = VALID_FINAL
    for key, old in [
        ("arbetssätt", "Arbetssättet."),
        ("avvikelser", "Inga avvikelser från planeringen."),
        ("uppföljning", "Uppföljningen."),
        ("  bakgrund", "Bakgrunden."),
        ("  syfte", "Syftet."),
        ("  målgrupp", "Målgruppen."),
        ("  effekter", "Effekterna."),
        ("  samverkan", "Samverkan."),
        ("  erfarenheter", "Erfarenheterna."),
        ("  implementering", "Implementeringen."),
        ("  systemfel", "Systemfelen."),
    ]:
        indent = "  " if key.startswith(" ") else ""
        lines_text = "".join(f"{indent}  - x\n" for _ in range(lines))
        text = replace(text, f"{key}: {old}\n", f"{key}: |\n{lines_text}")
    folder = write_insats(tmp_path / "i", text)
    _code, output = answer(run, folder)
    total = lines * 11 + 5  # and the one-line texts: two goals, two outcomes, the comment
    assert f"beskrivning.bakgrund: Den här och de andra texterna har tillsammans {total} rader" in (
        output
    )


def test_250_000_bullet_lines_are_refused_quickly(run: RunCli, tmp_path: Path) -> None:
    folder = write_insats(tmp_path / "i", text_is(block(f"- {i % 10}" for i in range(250_000))))
    started = time.perf_counter()
    _code, output = answer(run, folder, "build")
    assert time.perf_counter() - started < 10
    assert f"insats.yaml:{LINE_OF_METHODS} arbetssätt: Texten är " in output


@pytest.mark.parametrize(
    ("text", "line"),
    [
        (text_is("[" * 5000 + "]" * 5000), LINE_OF_METHODS),
        (text_is("{a: " * 2000 + "1" + "}" * 2000), LINE_OF_METHODS),
        (text_is("[" * (MAX_DEPTH + 5) + "x" + "]" * (MAX_DEPTH + 5)), LINE_OF_METHODS),
        (
            text_is("\n" + "".join("  " * (i + 1) + f"k{i}:\n" for i in range(MAX_DEPTH + 5))),
            LINE_OF_METHODS + MAX_DEPTH,
        ),
    ],
    ids=["flow-5000", "flow-maps-2000", "inside-a-text", "block-maps"],
)
def test_deep_nesting_is_f001_with_its_line(
    run: RunCli, tmp_path: Path, text: str, line: int
) -> None:
    folder = write_insats(tmp_path / "i", text)
    code, output = answer(run, folder, "build")
    assert code == 2
    assert f"F001 fel {folder / 'insats.yaml'}:{line}" in output
    assert f"Värdena är nästlade i fler än {MAX_DEPTH} nivåer" in output


@pytest.mark.parametrize(
    ("value", "tag"),
    [("!!binary aGVsbG8=", "!!binary"), ("!!set {a, b}", "!!set"), ("!!omap [a: 1]", "!!omap")],
)
def test_tags_other_than_plain_values_are_refused(
    run: RunCli, tmp_path: Path, value: str, tag: str
) -> None:
    folder = write_insats(tmp_path / "i", text_is(value))
    _code, output = answer(run, folder, "build")
    assert f"insats.yaml:{LINE_OF_METHODS} arbetssätt: Taggen '{tag}' är inte tillåten" in output


@pytest.mark.parametrize(
    ("granted", "code", "fragment"),
    [
        ("9" * 5000, "F001", "Talet har 5000 siffror"),
        ('"' + "9" * 5000 + '"', "B005", "är 5000 tecken långt och inget belopp"),
        ("1.0e+300", "B005", 'Beloppet "1e+300" är orimligt stort'),
        ("1e300", "B005", 'Beloppet "1e300" är skrivet med exponent (e)'),
        ("1000000000000", "B005", "är orimligt stort (minst 1 000 000 000 000 kr)"),
        (".nan", "B005", 'Beloppet "nan" är inte ett tal'),
        ("-.inf", "B005", 'Beloppet "-inf" är inte ett tal'),
    ],
    ids=["int-5000-digits", "text-5000-digits", "1e+300", "1e300-text", "trillion", "nan", "inf"],
)
def test_impossible_amounts_are_findings_not_dates_or_crashes(
    run: RunCli, tmp_path: Path, granted: str, code: str, fragment: str
) -> None:
    text = replace(VALID_FINAL, "beviljat_medel: 689000", f"beviljat_medel: {granted}")
    folder = write_insats(tmp_path / "i", text)
    _exit, output = answer(run, folder, "build")
    assert f"{code} fel {folder / 'insats.yaml'}:{LINE_OF_GRANTED} insats.beviljat_medel:" in output
    assert fragment in output
    assert "ser ut som ett datum" not in output


def test_rows_whose_sum_would_overflow_a_float_are_refused(run: RunCli, tmp_path: Path) -> None:
    text = VALID_FINAL.replace("budget: 30000, utfall: 30000", "budget: 1.7e+308, utfall: 1.7e+308")
    folder = write_insats(tmp_path / "i", text)
    _code, output = answer(run, folder, "build")
    assert "ekonomi.rader[2].budget: Beloppet" in output
    assert "orimligt stort" in output


def test_alias_bomb_of_values_is_refused(run: RunCli, tmp_path: Path) -> None:
    folder = write_insats(tmp_path / "i", alias_bomb())
    code, output = answer(run, folder)
    assert code == 2
    assert "orimligt många värden eller orimligt mycket text när ankare och alias" in output


def test_alias_bomb_of_text_is_refused_before_rendering(run: RunCli, tmp_path: Path) -> None:
    text = text_bomb(chars=400_000, copies=12)
    assert len(text) < 500_000  # small on disk, 9.6 million characters expanded
    folder = write_insats(tmp_path / "i", text)
    started = time.perf_counter()
    code, output = answer(run, folder, "build")
    assert time.perf_counter() - started < 10
    assert code == 2
    assert "4 miljoner tecken" in output


@pytest.mark.parametrize(
    ("funder", "fragment"),
    [
        ("a" * 100_000, "Värdet är 100000 tecken långt; högst 500"),
        ("a" * 60, "'" + "a" * 40 + "…' är inget namn på en förbundsprofil"),
        ('"sund\\0svall"', "tecknet U+0000 (NUL)"),
        ("../../tmp/egen", "'../../tmp/egen' är inget namn på en förbundsprofil"),
        ("/etc", "'/etc' är inget namn på en förbundsprofil"),
        ("Sundsvall", "Förbundsprofilen 'Sundsvall' finns inte"),
    ],
    ids=["100k", "60", "nul", "relative-path", "absolute-path", "capitals"],
)
def test_forbund_names_an_installed_profile_only(
    run: RunCli, tmp_path: Path, funder: str, fragment: str
) -> None:
    folder = write_insats(
        tmp_path / "i", replace(VALID_FINAL, "förbund: sundsvall", f"förbund: {funder}")
    )
    code, output = answer(run, folder, "build")
    assert code == 2
    assert f"{folder / 'insats.yaml'}:{LINE_OF_FUNDER} " in output
    assert fragment in output


def test_owner_yaml_cannot_load_a_profile_folder_by_path(run: RunCli, tmp_path: Path) -> None:
    """A folder holding a permissive profile.yaml exists; naming it in förbund must not load it."""
    import shutil

    from reportgen.profile import templates_root

    own = tmp_path / "egen"
    shutil.copytree(templates_root() / "sundsvall", own)
    profile = own / "profile.yaml"
    profile.write_text(profile.read_text(encoding="utf-8").replace("id: sundsvall", "id: egen"))
    text = replace(VALID_FINAL, "förbund: sundsvall", f"förbund: {own}")
    folder = write_insats(tmp_path / "i", text)
    code, output = answer(run, folder, "build")
    assert code == 2
    assert f"förbund: '{str(own)[:40]}…' är inget namn på en förbundsprofil" in output


def test_an_operator_profile_in_reportgen_mallar_is_named_by_id(
    run: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil

    from reportgen.profile import templates_root

    shutil.copytree(templates_root() / "sundsvall", tmp_path / "mallar" / "egen")
    monkeypatch.setenv("REPORTGEN_MALLAR", str(tmp_path / "mallar"))
    folder = write_insats(
        tmp_path / "i", replace(VALID_FINAL, "förbund: sundsvall", "förbund: egen")
    )
    result = run("check", folder)
    assert result.exit_code == 0, result.output
