"""`reportgen stats`: the participant tables without building the report."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from reportgen.cli.group import FORMAT_OPTION, cli, print_findings
from reportgen.errors import exit_code_for


@cli.command(
    epilog="""\b
Exempel:
  reportgen stats inputs/arbetskonsulent-i-samverkan
  reportgen stats inputs/ips-stod-delrapport --period '2026-01-01 – 2026-03-31'
  reportgen stats statistik.xlsx --period 2025 --format json > statistik.json
"""
)
@click.argument("path", metavar="SÖKVÄG")
@FORMAT_OPTION
@click.option(
    "--period",
    "period",
    metavar="PERIOD",
    help="Annan period än rapportperioden, t.ex. '2025-01-01 – 2025-06-30' eller 2025. "
    "Krävs för en arbetsbok utan insats.yaml.",
)
def stats(path: str, output_format: str, period: str | None) -> None:
    """Visa tabellerna som reportgen räknar fram ur deltagarstatistiken (statistik.xlsx).

    SÖKVÄG är en insatsmapp, dess insats.yaml eller en arbetsbok. Fel och
    varningar i arbetsboken skrivs på stderr med cellens plats. Slutkod 0 utan
    fel, 1 om arbetsboken har fel, 2 om den inte gick att läsa.
    """
    import json

    from reportgen.render.stats_tables import build_tables
    from reportgen.render.stats_text import statistics_json, tables_json, tables_text
    from reportgen.stats_run import statistics_for_path

    run = statistics_for_path(Path(path), period_text=period)
    tables = build_tables(run.statistics) if run.statistics is not None else []
    if output_format == "json":
        payload = {
            "path": run.display,
            "insats": run.name,
            "period": {"från": run.period[0].isoformat(), "till": run.period[1].isoformat()},
            "tabeller": tables_json(tables),
            "statistik": statistics_json(run.statistics) if run.statistics else None,
            "findings": [f.as_dict() for f in run.findings],
        }
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
    elif tables:
        from reportgen.formatting import format_period

        title = f"Deltagarstatistik {format_period(*run.period)}"
        click.echo(f"{title} – {run.name}" if run.name else title)
        click.echo(f"Källa: {run.display}\n")
        click.echo(tables_text(tables), nl=False)
    print_findings(run.findings)
    if run.statistics is None and not run.unreadable and output_format == "text":
        click.secho("Fel: ingen statistik kunde räknas fram (se ovan).", err=True, fg="red")
    code = exit_code_for(
        unreadable=run.unreadable,
        errors=run.statistics is None or any(f.is_error for f in run.findings),
    )
    if code:
        sys.exit(code)
