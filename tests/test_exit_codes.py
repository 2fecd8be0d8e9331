"""One exit-code policy (errors.py), the same in --help, the README and every command."""

from __future__ import annotations

import re
from pathlib import Path

from reportgen import errors
from reportgen.errors import exit_code_for

ROOT = Path(__file__).resolve().parents[1]
POLICY = {
    errors.EXIT_OK,
    errors.EXIT_FINDINGS,
    errors.EXIT_USAGE,
    errors.EXIT_INTERNAL,
    errors.EXIT_INTERRUPTED,
}


def test_readme_lists_exactly_the_policy() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    table = text.split("## Slutkoder", 1)[1].split("\n## ", 1)[0]
    assert {int(code) for code in re.findall(r"^\| (\d+) \|", table, flags=re.M)} == POLICY


def test_help_lists_every_code(run) -> None:
    result = run("--help")
    text = " ".join(result.output.split())
    for code in POLICY:
        assert f"{code} = " in text


def test_unreadable_outranks_errors_which_outrank_warnings() -> None:
    assert exit_code_for(unreadable=True, errors=True) == errors.EXIT_USAGE
    assert exit_code_for(unreadable=False, errors=True) == errors.EXIT_FINDINGS
    assert exit_code_for(unreadable=False, errors=False, warnings=True) == errors.EXIT_OK
    assert exit_code_for(unreadable=False, errors=False, warnings=True, strict=True) == 1


def test_an_internal_error_never_blames_the_users_files(run, monkeypatch) -> None:
    import reportgen.pipeline

    def broken(*args, **kwargs):
        raise RuntimeError("planterad bugg")

    monkeypatch.delenv("REPORTGEN_DEBUG", raising=False)
    monkeypatch.setattr(reportgen.pipeline, "findings_for", broken)
    result = run("build", ROOT / "inputs" / "ips-stod-delrapport", "-o", "/nonexistent/x.docx")
    assert result.exit_code == errors.EXIT_INTERNAL
    assert "Det är en bugg i reportgen, inte ett fel i dina filer" in result.output
    assert "planterad bugg" in result.output and "Traceback" not in result.output


def test_ctrl_c_anywhere_exits_130_without_a_traceback(run, monkeypatch) -> None:
    import click

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(click.Group, "parse_args", interrupted)  # before any command runs
    result = run("check", ROOT / "inputs" / "ips-stod-delrapport")
    assert result.exit_code == errors.EXIT_INTERRUPTED
    assert "Avbrutet." in result.output and "Traceback" not in result.output


def test_ctrl_c_inside_a_command_exits_130(run, monkeypatch, tmp_path) -> None:
    import reportgen.pipeline

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(reportgen.pipeline, "render_loaded", interrupted)
    target = tmp_path / "r.docx"
    result = run("build", ROOT / "inputs" / "ips-stod-delrapport", "-o", target)
    assert result.exit_code == errors.EXIT_INTERRUPTED
    assert "Inga halvfärdiga filer" in result.output and not target.exists()
