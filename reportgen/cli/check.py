"""`reportgen check` and `reportgen regler`: findings for any input, and the rules."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from reportgen.cli.group import FORMAT_OPTION, cli


@cli.command(
    epilog="""\b
Exempel:
  reportgen check inputs/arbetskonsulent-i-samverkan
  reportgen check inputs/*/insats.yaml --strict
  reportgen check inkomna/*.docx --format json > granskning.json
  reportgen check --list-rules
"""
)
@click.argument("paths", nargs=-1, metavar="SÖKVÄG...")
@FORMAT_OPTION
@click.option("--strict", is_flag=True, help="Slutkod 1 även för varningar.")
@click.option(
    "--list-rules", is_flag=True, help="Lista alla regler (samma som 'reportgen regler')."
)
def check(paths: tuple[str, ...], output_format: str, strict: bool, list_rules: bool) -> None:
    """Granska insatsmappar, insats.yaml-filer och inskickade Word-rapporter.

    Skriver varje fils fel och varningar som 'KOD allvarlighet plats: meddelande'.
    Slutkod 0 utan fel, 1 om något fel hittades (med --strict även varningar),
    2 om en fil inte gick att läsa.
    """
    if list_rules:
        click.echo(_rules_text(), nl=False)
        return
    if not paths:
        raise click.UsageError("Ange minst en insatsmapp, insats.yaml eller .docx att granska.")
    from reportgen.pipeline import check_paths
    from reportgen.review import exit_code, format_json, format_text

    results = check_paths(Path(p) for p in paths)
    text = format_json(results) if output_format == "json" else format_text(results)
    click.echo(text, nl=False)
    code = exit_code(results, strict=strict)
    if code:
        sys.exit(code)


def _rules_text() -> str:
    from reportgen.checks import all_rules

    lines = ["Kod   Allvarlighet  Beskrivning"]
    for registered in all_rules():
        lines.append(f"{registered.code:<5} {registered.severity!s:<13} {registered.title}")
    return "\n".join(lines) + "\n"


@cli.command(epilog="\b\nExempel:\n  reportgen regler\n  reportgen regler | grep B00")
def regler() -> None:
    """Lista alla kontrollregler med kod, allvarlighet och en rads beskrivning."""
    click.echo(_rules_text(), nl=False)
