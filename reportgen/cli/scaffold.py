"""`reportgen init` and `reportgen schema`: a new intervention folder and its JSON Schema."""

from __future__ import annotations

from pathlib import Path

import click

from reportgen.cli.group import KIND_CHOICE, cli


@cli.command(
    epilog="""\b
Exempel:
  reportgen init inputs/min-insats
  reportgen init inputs/min-insats --typ delrapport
  reportgen init inputs/samordningsteam --förbund vasteras --typ delrapport
"""
)
@click.argument("folder", metavar="MAPP")
@click.option(
    "--typ",
    "kind",
    type=KIND_CHOICE,
    default="slutrapport",
    show_default=True,
    help="Rapporttyp i den nya insats.yaml.",
)
@click.option(
    "--förbund",
    "funder",
    metavar="ID",
    help="Förbundets profil (t.ex. vasteras): dess insats.yaml-mall och arbetsbok med "
    "processtrappans steg och förbundets egna kolumner.",
)
def init(folder: str, kind: str, funder: str | None) -> None:
    """Skapa en ny insatsmapp med en kommenterad insats.yaml att fylla i.

    Befintliga filer skrivs aldrig över.
    """
    if funder is not None:
        from reportgen.profiles.scaffold import init_for_profile

        written = init_for_profile(Path(folder), kind=kind, profile_id=funder)
    else:
        from reportgen.scaffold import init_intervention

        written = init_intervention(Path(folder), kind=kind)
    for path in written:
        click.echo(f"Skrev {path}")
    click.echo(f"Fyll i filerna och kör sedan: reportgen check {folder}")


@cli.command(
    epilog="""\b
Exempel:
  reportgen schema > insats.schema.json
  reportgen schema -o inputs/insats.schema.json
"""
)
@click.option(
    "-o", "--output", "output", metavar="FIL", help="Skriv till fil i stället för skärmen."
)
def schema(output: str | None) -> None:
    """Skriv JSON Schema för insats.yaml (för kodkomplettering i editorn).

    Lägg raden '# yaml-language-server: $schema=insats.schema.json' först i
    insats.yaml så föreslår t.ex. VS Code nycklar och visar hjälptexter.
    """
    from reportgen.scaffold import schema_text, write_schema

    if output:
        write_schema(Path(output))
        click.echo(f"Skrev {output}")
    else:
        click.echo(schema_text(), nl=False)
