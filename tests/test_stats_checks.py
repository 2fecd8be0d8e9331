"""D001: participant totals stated in insats.yaml against each other and against statistik.xlsx."""

from __future__ import annotations

from pathlib import Path

from reportgen.checks import all_rules
from reportgen.findings import Severity
from reportgen.pipeline import findings_for
from reportgen.sources import load_source
from tests.excel_workbooks import intervention, row

ROWS = [
    row("1", "K", "2025-02-03", "2025-05-30", code=1),
    row("2", "K", "2025-03-03"),
    row("3", "M", "2025-04-01", "2025-09-30", code=2),
    row("1", "K", "2025-08-04"),  # a re-entry: one person, two intakes
]


def d001(folder: Path) -> list[tuple[str, str]]:
    loaded = load_source(folder)
    return [
        (str(f.location), f.message)
        for f in findings_for(loaded)
        if f.code == "D001" and f.severity is Severity.FEL
    ]


def line_of(folder: Path, text: str) -> int:
    lines = (folder / "insats.yaml").read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, start=1) if text in line)


def test_stated_totals_that_match_the_sheet(tmp_path: Path) -> None:
    folder = intervention(
        tmp_path / "i",
        ROWS,
        extra_yaml="deltagare: {antal: 3, kvinnor: 2, män: 1, nya: 4, avslutade: 2, pågående: 2}\n",
    )
    assert d001(folder) == []


def test_stated_total_that_disagrees_with_the_sheet(tmp_path: Path) -> None:
    # 4 intakes but 3 persons: "antal" counts persons
    folder = intervention(tmp_path / "i", ROWS, extra_yaml="deltagare: {antal: 4, nya: 4}\n")
    [(location, message)] = d001(folder)
    assert location == f"{folder / 'insats.yaml'}:{line_of(folder, 'deltagare:')} deltagare.antal"
    assert message.startswith(
        "deltagare.antal anger 4, men statistik.xlsx ger 3 personer som deltagit under "
        "2025-01-01 – 2025-12-31."
    )


def test_each_disagreeing_figure_is_its_own_finding(tmp_path: Path) -> None:
    folder = intervention(
        tmp_path / "i",
        ROWS,
        extra_yaml=(
            "deltagare:\n  antal: 3\n  kvinnor: 1\n  män: 2\n  avslutade: 3\n  pågående: 2\n"
        ),
    )
    found = d001(folder)
    assert [location.rsplit(" ", 1)[1] for location, _ in found] == [
        "deltagare.kvinnor",
        "deltagare.män",
        "deltagare.avslutade",
    ]
    assert "deltagare.avslutade anger 3, men statistik.xlsx ger 2 avslut" in found[2][1]
    assert found[0][0].startswith(f"{folder / 'insats.yaml'}:{line_of(folder, 'kvinnor:')} ")


def test_gender_split_that_does_not_add_up_needs_no_sheet(tmp_path: Path) -> None:
    folder = intervention(
        tmp_path / "i", ROWS, extra_yaml="deltagare: {antal: 44, kvinnor: 23, män: 20}\n"
    )
    text = (folder / "insats.yaml").read_text(encoding="utf-8")
    (folder / "insats.yaml").write_text(text.replace("statistik: statistik.xlsx\n", ""))
    [(location, message)] = d001(folder)
    assert location.endswith(" deltagare.antal")
    assert message.startswith("kvinnor (23) + män (20) blir 43, men antal är 44.")


def test_other_gender_is_part_of_the_split(tmp_path: Path) -> None:
    rows = [*ROWS, row("9", "Annat", "2025-05-05")]
    folder = intervention(
        tmp_path / "i", rows, extra_yaml="deltagare: {antal: 4, kvinnor: 2, män: 1, annat: 1}\n"
    )
    assert d001(folder) == []


def test_no_stated_totals_no_finding(tmp_path: Path) -> None:
    assert d001(intervention(tmp_path / "i", ROWS)) == []


def test_d_rules_are_listed() -> None:
    codes = {rule.code: rule for rule in all_rules()}
    assert {"D001", "D002", "D003", "D004", "D005"} <= set(codes)
    assert codes["D001"].function is not None
    assert codes["D004"].function is None  # reported by the Excel source while reading
