"""Issue 11, class 5: a personnummer in any text is a `fel` at its place, never quoted.

One detector (reportgen.personnummer) serves the workbook refusal (D004,
tests/test_untrusted_excel.py) and the text rule D006 here, which reads the
loaded model and so covers insats.yaml and a submitted Word report alike.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from reportgen.personnummer import find_personnummer, looks_like_personnummer
from tests.checks_support import VALID_FINAL, VALID_INTERIM
from tests.conftest import RunCli
from tests.docx_fixtures import TEXTS, HandFilled, write_docx
from tests.untrusted_inputs import block, replace, text_is, write_insats

VALID = "850101-1236"  # a real date and a valid check digit
LINE_OF_METHODS = VALID_FINAL.splitlines().index("arbetssätt: Arbetssättet.") + 1


@pytest.mark.parametrize(
    "text",
    [
        "850101-1236",
        "850101\u20131236",  # en dash
        "850101\u20141236",  # em dash
        "850101\u22121236",  # minus sign
        "850101 - 1236",
        "850101\u00a01236",  # no-break space
        "850101\u202f-\u202f1236",  # narrow no-break spaces
        "8501011236",
        "19850101-1236",
        "198501011236",
        "850101+1236",  # over a hundred years old
        "850161-1233",  # samordningsnummer: day + 60
        "Deltagaren (850101-1236) kom i mars.",
    ],
)
def test_the_detector_finds_every_form(text: str) -> None:
    assert list(find_personnummer(text)), text


@pytest.mark.parametrize(
    "text",
    [
        "850101-1234",  # wrong check digit
        "851301-1236",  # month 13
        "850132-1236",  # day 32
        "18850101-1236",  # century outside 1900–2099
        "2025-01-01 – 2025-12-31",
        "689 000 kr av 1 250 000 kr",
        "070-123 45 67",
        "Ärende 1234567890123",
    ],
)
def test_the_detector_keeps_false_alarms_down_in_free_text(text: str) -> None:
    assert not list(find_personnummer(text)), text


def test_the_quick_look_never_misses_what_the_detector_would_match() -> None:
    """may_hold_personnummer (the quick look before the detector, also over texts joined by
    newlines) is false only where the detector's pattern matches nothing, on random text
    built from digits, the separators and spaces the pattern knows, letters and newlines."""
    import random

    from reportgen.personnummer import _PATTERN, may_hold_personnummer

    rng = random.Random(3)
    alphabet = "0123456789" * 4 + "-+\u2013\u2014\u2212 \t\u00a0\u202f\nab"
    candidates = 0
    for _ in range(20_000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(8, 24)))
        if _PATTERN.search(text):
            candidates += 1
            assert may_hold_personnummer(text), repr(text)
    assert candidates > 1_000
    joined = "\n".join(["Budget 689 000 kr", "Ärende 070-123 45 67", "År 2025"])
    assert not may_hold_personnummer(joined)
    assert may_hold_personnummer("\n".join([joined, f"Deltagaren {VALID}"]))


def test_a_workbook_cell_needs_no_check_digit() -> None:
    """In a participant sheet anything of the form is refused, mistyped or not."""
    assert looks_like_personnummer("850101-1234")
    assert not looks_like_personnummer("850101-1234", checksum=True)


@pytest.mark.parametrize(
    ("text", "key", "line", "where"),
    [
        (text_is(f"Deltagaren {VALID} fick arbete."), "arbetssätt", LINE_OF_METHODS, ""),
        (
            text_is(block(["Första stycket.", "", f"Andra: 850101\u20131236 och 19{VALID}."])),
            "arbetssätt",
            LINE_OF_METHODS,
            " (2 gånger, första i stycke 2)",
        ),
        (
            replace(VALID_FINAL, "32 deltagare skrevs in.", f"32 skrevs in, bl.a. {VALID}."),
            "mål[1].utfall",
            VALID_FINAL.splitlines().index("    utfall: 32 deltagare skrevs in.") + 1,
            "",
        ),
        (
            replace(VALID_FINAL, "kontaktperson: Anna Berg", f"kontaktperson: Anna {VALID}"),
            "insats.ansvarig.kontaktperson",
            VALID_FINAL.splitlines().index("  namn: Testinsats") + 5,
            "",
        ),
    ],
    ids=["methods", "second-paragraph", "goal-outcome", "contact"],
)
def test_a_personnummer_in_insats_yaml_is_d006_at_its_place(
    run: RunCli, tmp_path: Path, text: str, key: str, line: int, where: str
) -> None:
    folder = write_insats(tmp_path / "i", text)
    result = run("build", folder, "-o", tmp_path / "rapport.docx")
    assert result.exit_code == 1, result.output
    assert (
        f"D006 fel {folder / 'insats.yaml'}:{line} {key}: Texten innehåller något som liknar "
        f"ett personnummer (ÅÅMMDD-XXXX){where}. Personuppgifter hör inte hemma i rapporten"
    ) in result.output
    assert "1236" not in result.output  # never the number itself
    assert not (tmp_path / "rapport.docx").exists()


def test_a_personnummer_in_a_submitted_word_report_is_d006(run: RunCli, tmp_path: Path) -> None:
    texts = dict(TEXTS)
    texts["5.3"] = f"Det som gått bäst var stödet till deltagaren {VALID}."
    path = write_docx(tmp_path / "rapport.docx", HandFilled(texts=texts))
    result = run("check", path)
    assert result.exit_code == 1, result.output
    assert f"D006 fel {path} §5.3: Texten innehåller något som liknar ett personnummer" in (
        result.output
    )
    assert "1236" not in result.output


def test_a_clean_report_has_no_d006(run: RunCli, tmp_path: Path) -> None:
    result = run("check", write_insats(tmp_path / "i", VALID_FINAL))
    assert "D006" not in result.output


@pytest.mark.parametrize("draft", [False, True], ids=["plain", "utkast"])
def test_no_report_with_a_personnummer_is_written_not_even_a_draft_delrapport(
    run: RunCli, tmp_path: Path, draft: bool
) -> None:
    text = replace(VALID_INTERIM, "arbetssätt: Arbetssättet.", f"arbetssätt: Stöd till {VALID}.")
    folder = write_insats(tmp_path / "i", text)
    target = tmp_path / "rapport.docx"
    result = run("build", folder, "-o", target, *(["--utkast"] if draft else []))
    assert result.exit_code == 1, result.output
    assert "rapporten skrevs inte – indata innehåller något som liknar ett personnummer (D006)" in (
        result.output
    )
    assert "inte heller ett utkast" in result.output
    assert not target.exists()


def test_a_batch_names_the_personnummer_as_the_reason(tmp_path: Path) -> None:
    from reportgen.batch import run_batch

    text = replace(VALID_INTERIM, "arbetssätt: Arbetssättet.", f"arbetssätt: Stöd till {VALID}.")
    write_insats(tmp_path / "in" / "a", text)
    result = run_batch(tmp_path / "in", tmp_path / "out", jobs=1, draft=True)
    (entry,) = result.results
    assert not entry.built and "liknar ett personnummer (D006)" in (entry.reason or "")
