"""The code catalogue: one place for every code's severity and title, below sources and rules."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from reportgen import codes
from reportgen.checks import all_rules, rule
from reportgen.findings import Severity
from reportgen.location import Location

PACKAGE = Path(__file__).resolve().parents[1] / "reportgen"


def test_finding_takes_the_catalogued_severity_unless_overridden() -> None:
    where = Location("statistik.xlsx", place="!Deltagare!C3")
    assert codes.finding("D005", "m", where).severity is Severity.VARNING
    assert codes.finding("D003", "m", where).severity is Severity.FEL
    assert codes.finding("D003", "m", where, severity=Severity.VARNING).severity is (
        Severity.VARNING
    )
    with pytest.raises(KeyError):
        codes.finding("X001", "m", where)


def test_every_code_is_listed_once_with_rules_where_a_rule_finds_it() -> None:
    listed = all_rules()
    assert [r.code for r in listed] == sorted(codes.CODES, key=lambda c: (c[0], c))
    by_code = {r.code: r for r in listed}
    assert by_code["B001"].function is not None
    assert by_code["S005"].function is None  # reported by the Word reader
    assert by_code["S005"].title == codes.CODES["S005"].title


def test_a_rule_needs_a_catalogued_code() -> None:
    with pytest.raises(ValueError, match=r"X999 is not in reportgen\.codes\.CODES"):
        rule("X999")(lambda ctx: [])
    with pytest.raises(ValueError, match="B001 registered twice"):
        rule("B001")(lambda ctx: [])


def _imports(package: str) -> set[tuple[str, str]]:
    """(file, imported module) for every import in a subpackage, function-level ones too."""
    found = set()
    for path in (PACKAGE / package).rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module, *(f"{node.module}.{a.name}" for a in node.names)]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            else:
                continue
            found.update((path.name, name) for name in names)
    return found


@pytest.mark.parametrize(
    ("package", "forbidden"),
    [
        ("sources", ("reportgen.checks", "reportgen.render")),
        ("checks", ("reportgen.sources", "reportgen.render")),
    ],
)
def test_sources_and_checks_do_not_import_each_other(
    package: str, forbidden: tuple[str, ...]
) -> None:
    wrong = sorted((f, m) for f, m in _imports(package) if m.startswith(forbidden))
    assert wrong == []
