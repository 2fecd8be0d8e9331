"""`reportgen init` and `reportgen schema`."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from reportgen.cli import cli
from reportgen.scaffold import schema_text
from reportgen.sources.yaml_source import load_report

ROOT = Path(__file__).resolve().parents[1]


def test_init_writes_a_loadable_commented_skeleton(tmp_path: Path) -> None:
    folder = tmp_path / "ny-insats"
    result = CliRunner().invoke(cli, ["init", str(folder)])
    assert result.exit_code == 0, result.output
    text = (folder / "insats.yaml").read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=insats.schema.json\n")
    assert "# 4.3 Avvikelser från planering" in text
    report, findings = load_report(folder / "insats.yaml", display="insats.yaml")
    assert findings == []
    assert report.kind == "slutrapport"
    assert json.loads((folder / "insats.schema.json").read_text(encoding="utf-8"))["title"]


def test_init_delrapport(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["init", str(tmp_path / "x"), "--typ", "delrapport"])
    assert result.exit_code == 0
    report, _ = load_report(tmp_path / "x" / "insats.yaml", display="insats.yaml")
    assert report.kind == "delrapport"


def test_init_never_overwrites(tmp_path: Path) -> None:
    (tmp_path / "insats.yaml").write_text("min text\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["init", str(tmp_path)])
    assert result.exit_code == 2
    assert "init skriver aldrig över befintliga filer" in result.output
    assert (tmp_path / "insats.yaml").read_text(encoding="utf-8") == "min text\n"


def test_schema_speaks_swedish_and_describes_amounts() -> None:
    result = CliRunner().invoke(cli, ["schema"])
    assert result.exit_code == 0
    schema = json.loads(result.output)
    assert {"insats", "mål", "ekonomi", "underskrift", "analys"} <= set(schema["properties"])
    description = schema["$defs"]["Description"]["properties"]
    assert set(description) == {"bakgrund", "syfte", "målgrupp"}
    row = schema["$defs"]["CostRow"]["properties"]["budget"]
    assert "1 250 tkr" in row["description"]


def test_committed_example_schema_is_current() -> None:
    committed = (ROOT / "inputs" / "insats.schema.json").read_text(encoding="utf-8")
    assert committed == schema_text(), "kör: reportgen schema -o inputs/insats.schema.json"


def test_skeleton_documents_the_text_markup_and_appendices(tmp_path: Path) -> None:
    """Issue 13: the owner learns the Markdown subset and `bilagor` from the file itself."""
    result = CliRunner().invoke(cli, ["init", str(tmp_path / "x")])
    assert result.exit_code == 0, result.output
    text = (tmp_path / "x" / "insats.yaml").read_text(encoding="utf-8")
    for told in ('"1.", "2."', "*kursiv*", "**fet**", '"> "', "# bilagor:", "fil: bilaga-1.docx"):
        assert told in text, told
