"""The `reportgen` command line. The only module that imports Click.

Each command parses its options, makes one library call and prints the result.
Errors the user can fix arrive as `ReportgenError`s and are turned into a
Swedish message and an exit code in one place (`ReportgenGroup.invoke`):
0 = klart, 1 = fel hittades, 2 = användningsfel eller oläsbar indata.
Heavy libraries are imported inside the commands so `reportgen --help` is fast.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click

from reportgen import __version__
from reportgen.errors import EXIT_INTERNAL, ReportgenError

# ----------------------------------------------------------------- Swedish Click

_SWEDISH = {
    "Usage:": "Användning:",
    "Options": "Alternativ",
    "Commands": "Kommandon",
    "Positional arguments": "Argument",
    "Show this message and exit.": "Visa den här hjälpen och avsluta.",
    "Show the version and exit.": "Visa versionen och avsluta.",
    "Error: {message}": "Fel: {message}",
    "Try '{command} {option}' for help.": "Skriv '{command} {option}' för hjälp.",
    "Missing argument": "Argument saknas",
    "Missing option": "Alternativ saknas",
    "Missing parameter": "Parameter saknas",
    "Missing command.": "Ange ett kommando.",
    "Missing {param_type}": "{param_type} saknas",
    "No such command {name!r}.": "Det finns inget kommando {name!r}.",
    "No such option {name!r}.": "Det finns inget alternativ {name!r}.",
    "Invalid value for {param_hint}: {message}": "Ogiltigt värde för {param_hint}: {message}",
    "Invalid value: {message}": "Ogiltigt värde: {message}",
    "Aborted!": "Avbrutet.",
    "Option {name!r} does not take a value.": "Alternativet {name!r} tar inget värde.",
    "Option {name!r} requires an argument.": "Alternativet {name!r} kräver ett värde.",
    "Got unexpected extra argument ({args})": "Oväntat extra argument ({args})",
    "Got unexpected extra arguments ({args})": "Oväntade extra argument ({args})",
    "Did you mean {possibility}?": "Menade du {possibility}?",
    "(Did you mean one of: {possibilities}?)": "(Menade du något av: {possibilities}?)",
    "{value!r} is not {choice}.": "{value!r} är inte {choice}.",
    "{value!r} is not one of {choices}.": "{value!r} är inte något av {choices}.",
    "{value!r} is not a valid {number_type}.": "{value!r} är inte ett giltigt heltal.",
    "{value} is not in the range {range}.": "{value} ligger utanför intervallet {range}.",
    "default: {default}": "standard: {default}",
    "required": "krävs",
    "{name} {filename!r} does not exist.": "{name} {filename!r} finns inte.",
    "{name} {filename!r} is a directory.": "{name} {filename!r} är en mapp.",
    "{name} {filename!r} is a file.": "{name} {filename!r} är en fil.",
    "file": "Filen",
    "directory": "Mappen",
    "path": "Sökvägen",
}


def _sv(message: str) -> str:
    return _SWEDISH.get(message, message)


def _sv_plural(singular: str, plural: str, n: int) -> str:
    return _sv(singular if n == 1 else plural)


def _install_swedish_messages() -> None:
    """Click's own messages (usage, missing arguments) in Swedish, like ours.

    Click looks its messages up through module-level `_`/`ngettext` aliases of
    gettext; pointing those at our table is the least intrusive way to get a
    consistently Swedish command line without shipping .mo files.
    """
    import click.core
    import click.decorators
    import click.exceptions
    import click.formatting
    import click.parser
    import click.types

    modules = (click.core, click.decorators, click.exceptions, click.formatting, click.parser)
    for module in (*modules, click.types):
        if hasattr(module, "_"):
            module._ = _sv  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = _sv_plural  # type: ignore[attr-defined]


_install_swedish_messages()


# ----------------------------------------------------------------- error mapping


def _print_findings(findings: Sequence[Any]) -> None:
    for finding in findings:
        click.echo(f"  {finding.as_line()}", err=True)


class ReportgenGroup(click.Group):
    """Maps reportgen's exceptions to messages and exit codes for every command."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except ReportgenError as exc:
            _print_findings(exc.findings)
            click.secho(f"Fel: {exc.message}", err=True, fg="red")
            ctx.exit(exc.exit_code)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except KeyboardInterrupt:
            click.echo("\nAvbrutet. Inga halvfärdiga filer har lämnats kvar.", err=True)
            ctx.exit(130)
        except Exception as exc:
            if os.environ.get("REPORTGEN_DEBUG"):
                raise
            click.secho(
                f"Internt fel i reportgen: {type(exc).__name__}: {exc}\n"
                "Det här är en bugg, inte ett fel i dina filer. Kör igen med "
                "REPORTGEN_DEBUG=1 för detaljer och rapportera det till förvaltarna.",
                err=True,
                fg="red",
            )
            ctx.exit(EXIT_INTERNAL)


CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


class ReportgenCommand(click.Command):
    """Swedish placeholders in usage lines: `[ALTERNATIV]` instead of `[OPTIONS]`."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("options_metavar", "[ALTERNATIV]")
        super().__init__(*args, **kwargs)


ReportgenGroup.command_class = ReportgenCommand


@click.group(
    cls=ReportgenGroup,
    context_settings=CONTEXT,
    options_metavar="[ALTERNATIV]",
    subcommand_metavar="KOMMANDO [ARGUMENT]...",
)
@click.version_option(__version__, "-V", "--version", prog_name="reportgen")
def cli() -> None:
    """Skriver och granskar del- och slutrapporter för insatser som finansieras
    av samordningsförbund (Finsam).

    \b
    Vanliga steg för en insatsägare:
      reportgen init inputs/min-insats        skapa insats.yaml och statistik.xlsx
      reportgen check inputs/min-insats       hitta saknade avsnitt och summor som inte stämmer
      reportgen build inputs/min-insats       skriv rapporten i förbundets Word-mall

    \b
    För förbundets kansli:
      reportgen check inkomna/*.docx          granska inskickade Word-rapporter
      reportgen batch inputs -o out           alla rapporter + sammanställning vid årsskiftet

    Slutkoder: 0 = klart, 1 = fel hittades, 2 = användningsfel eller oläsbar indata.
    """


KIND_CHOICE = click.Choice(["delrapport", "slutrapport"])
FORMAT_OPTION = click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Utdataformat.",
)


PDFA_HELP = "Skriv PDF som PDF/A-2 för arkivering (diariet); innebär --pdf."


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
@click.option(
    "--utkast",
    "draft",
    is_flag=True,
    help="Skriv rapporten även om kontrollen hittar fel; varje sida märks UTKAST.",
)
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
    _print_findings(result.findings)
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

    from reportgen.render.stats_tables import (
        build_tables,
        statistics_json,
        tables_json,
        tables_text,
    )
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
    _print_findings(run.findings)
    if run.unreadable:
        sys.exit(2)
    if run.statistics is None or any(f.is_error for f in run.findings):
        if run.statistics is None and output_format == "text":
            click.secho("Fel: ingen statistik kunde räknas fram (se ovan).", err=True, fg="red")
        sys.exit(1)


@cli.command(
    epilog="""\b
Exempel:
  reportgen init inputs/min-insats
  reportgen init inputs/min-insats --typ delrapport
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
def init(folder: str, kind: str) -> None:
    """Skapa en ny insatsmapp med en kommenterad insats.yaml att fylla i.

    Befintliga filer skrivs aldrig över.
    """
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


@cli.command(
    epilog="""\b
Exempel:
  reportgen batch inputs -o out
  reportgen batch inputs -o out --jobs 2 --force
  reportgen batch inputs -o out --typ delrapport --utkast
  reportgen batch inputs -o out --pdf                 även PDF (kräver LibreOffice)

\b
Utdata:
  OUT/<insatsmapp>/<typ>-<insatsens namn>.docx    en rapport per insats
  OUT/sammanstallning/uppfoljning.docx, .xlsx     sammanställningen (tabell 1–6)
  OUT/sammanstallning/granskning.json             fel och varningar per insats
"""
)
@click.argument("inputs", metavar="MAPP")
@click.option(
    "-o", "--output", "out", required=True, metavar="UTMAPP", help="Mappen rapporterna skrivs i."
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    metavar="N",
    help="Antal rapporter som byggs samtidigt. Standard: antalet processorkärnor.",
)
@click.option("--typ", "kind", type=KIND_CHOICE, help="Rapporttyp för alla insatser.")
@click.option(
    "--utkast",
    "draft",
    is_flag=True,
    help="Bygg även rapporter med fel, som utkast märkta UTKAST på varje sida.",
)
@click.option("--force", is_flag=True, help="Skriv över befintliga rapporter och sammanställning.")
@click.option(
    "--utan-diagram", "no_charts", is_flag=True, help="Utelämna diagrammen i rapporterna."
)
@click.option(
    "--pdf",
    is_flag=True,
    help="Skriv även PDF av varje rapport och sammanställningen (kräver LibreOffice).",
)
@click.option("--pdfa", is_flag=True, help=PDFA_HELP)
def batch(
    inputs: str,
    out: str,
    jobs: int | None,
    kind: str | None,
    draft: bool,
    force: bool,
    no_charts: bool,
    pdf: bool,
    pdfa: bool,
) -> None:
    """Bygg alla insatsers rapporter och förbundets sammanställning i ett svep.

    Hittar varje mapp med en insats.yaml under MAPP (på alla nivåer), kontrollerar
    och bygger rapporterna parallellt och fortsätter förbi insatser som inte går att
    bygga. En befintlig rapport skrivs aldrig över utan --force. Slutkod 0 när alla
    rapporter byggdes, 1 när någon inte byggdes, 2 vid användningsfel, 130 om
    körningen avbröts (Ctrl-C); färdiga rapporter ligger då kvar.
    """
    from reportgen.batch import BatchInterrupted, run_batch, summary_rows

    progress = _BatchProgress(tty=sys.stdout.isatty())
    try:
        result = run_batch(
            Path(inputs),
            Path(out),
            jobs=jobs,
            kind=kind,
            draft=draft,
            force=force,
            progress=progress,
            charts=not no_charts,
            pdf=pdf or pdfa,
            pdfa=pdfa,
        )
    except BatchInterrupted as exc:
        progress.finish()
        click.echo(f"\n{exc.message}", err=True)
        sys.exit(exc.exit_code)
    progress.finish()

    rows = summary_rows(result)
    click.echo("")
    click.echo(_batch_table(rows))
    click.echo("")
    built = len(result.built)
    click.echo(
        f"{built} av {len(result.results)} rapporter byggdes i {result.out} "
        f"({result.seconds:.1f} s, {result.jobs} processer)."
    )
    if result.compilation_docx and result.compilation_xlsx:
        click.echo(f"Skrev {result.compilation_docx}")
        click.echo(f"Skrev {result.compilation_xlsx}")
    else:
        click.secho(
            f"Sammanställningen skrevs inte: {result.compilation_error}", fg="red", err=True
        )
    if result.review:
        click.echo(f"Skrev {result.review}")
    if result.pdfs:
        written = len(result.pdfs) - len(result.pdf_failures)
        click.echo(f"Skrev {written} PDF-filer bredvid .docx-filerna.")
        for failure in result.pdf_failures:
            click.secho(f"Ingen PDF för {failure.docx}: {failure.error}", fg="red", err=True)
    if result.not_built:
        click.echo(
            "Se fel och varningar per insats i granskning.json eller med 'reportgen check MAPP'."
        )
    if result.exit_code:
        sys.exit(result.exit_code)


class _BatchProgress:
    """Click's progress bar on a terminal; one plain line per intervention otherwise."""

    def __init__(self, *, tty: bool) -> None:
        self.tty = tty
        self.bar: Any = None

    def __call__(self, done: int, total: int, result: Any) -> None:
        if not self.tty:
            folder = str(Path(result.path).parent)
            outcome = f"skrev {result.report}" if result.built else f"inte byggd – {result.reason}"
            click.echo(f"[{done}/{total}] {folder}: {outcome}")
            return
        if self.bar is None:
            self.bar = click.progressbar(
                length=total, label="Bygger rapporter", show_pos=True, show_eta=False
            )
            self.bar.render_progress()
        self.bar.update(1)

    def finish(self) -> None:
        if self.bar is not None:
            self.bar.render_finish()
            self.bar = None


def _batch_table(rows: Sequence[tuple[str, str, int, int]]) -> str:
    headers = ("Insats", "Rapport eller skäl", "Fel", "Varningar")
    texts = [(name, outcome, str(errors), str(warns)) for name, outcome, errors, warns in rows]
    widths = [max(len(row[i]) for row in [headers, *texts]) for i in range(len(headers))]

    def line(row: Sequence[str]) -> str:
        cells = [c.rjust(widths[i]) if i >= 2 else c.ljust(widths[i]) for i, c in enumerate(row)]
        return "  ".join(cells).rstrip()

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([line(headers), rule, *(line(r) for r in texts)])


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="reportgen")


if __name__ == "__main__":
    main()
