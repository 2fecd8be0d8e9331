"""`reportgen build`: one intervention's report."""

from __future__ import annotations

from pathlib import Path

import click

from reportgen.cli.group import DRAFT_OPTION, KIND_CHOICE, PDFA_HELP, cli, print_findings


@cli.command(
    epilog="""\b
Exempel:
  reportgen build inputs/arbetskonsulent-i-samverkan
  reportgen build inputs/arbetskonsulent-i-samverkan/insats.yaml -o out/rapport.docx --force
  reportgen build inputs/ips-stod --typ delrapport
  reportgen build inputs/min-insats --utkast      skriv ett utkast trots fel
  reportgen build inputs/min-insats --pdf         även PDF (kräver LibreOffice)
"""
)
@click.argument("path", metavar="SÖKVÄG")
@click.option(
    "-o",
    "--output",
    "output",
    metavar="FIL",
    help="Var rapporten skrivs. Standard: <insatsmappen>/<typ>-<insatsens namn>.docx.",
)
@click.option("--force", is_flag=True, help="Skriv över en befintlig fil.")
@click.option("--typ", "kind", type=KIND_CHOICE, help="Rapporttyp; går före rapport.typ i YAML.")
@DRAFT_OPTION
@click.option(
    "--pdf", is_flag=True, help="Skriv även en PDF bredvid .docx-filen (kräver LibreOffice)."
)
@click.option("--pdfa", is_flag=True, help=PDFA_HELP)
@click.option("--utan-diagram", "no_charts", is_flag=True, help="Utelämna diagrammen i rapporten.")
def build(
    path: str,
    output: str | None,
    force: bool,
    kind: str | None,
    draft: bool,
    pdf: bool,
    pdfa: bool,
    no_charts: bool,
) -> None:
    """Kontrollera en insats och skriv dess rapport i förbundets Word-mall.

    SÖKVÄG är en insatsmapp eller dess insats.yaml. En rapport med fel skrivs
    inte (se 'reportgen check'); varningar skrivs ut men stoppar inget.
    """
    from reportgen.pipeline import build_report

    result = build_report(
        Path(path),
        output=Path(output) if output else None,
        force=force,
        kind=kind,
        draft=draft,
        charts=not no_charts,
        pdf=pdf or pdfa,
        pdfa=pdfa,
    )
    print_findings(result.findings)
    label = "Skrev utkast" if result.draft else "Skrev"
    click.echo(f"{label} {result.output}")
    errors = sum(1 for f in result.findings if f.is_error)
    if errors and not result.draft:
        click.echo(
            f"Obs: delrapporten innehåller {errors} fel (se ovan). Rätta dem – en slutrapport "
            "med fel skrivs inte.",
            err=True,
        )
    if result.pdf:
        click.echo(f"Skrev {result.pdf}")
