"""The `reportgen` group: one place that maps exceptions to messages and exit codes.

Each command module parses its options, makes one library call and prints the
result. Errors the user can fix arrive as `ReportgenError`s and become a Swedish
message and an exit code here (`ReportgenGroup.invoke`), with the exit-code
policy of `reportgen.errors`. Heavy libraries are imported inside the commands so
`reportgen --help` is fast.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import click

from reportgen import __version__
from reportgen.cli.localisation import install_swedish_messages
from reportgen.errors import (
    EXIT_CODES_HELP,
    EXIT_INTERNAL,
    EXIT_INTERRUPTED,
    ReportgenError,
    debug_enabled,
    internal_error_message,
)


def print_findings(findings: Sequence[Any]) -> None:
    for finding in findings:
        click.echo(f"  {finding.as_line()}", err=True)


class ReportgenGroup(click.Group):
    """Maps reportgen's exceptions to messages and exit codes for every command."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        # Installed when the command line runs, not when the module is imported, so a
        # library user importing reportgen.cli does not have Click's messages changed.
        install_swedish_messages()
        return super().main(*args, **kwargs)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except ReportgenError as exc:
            print_findings(exc.findings)
            click.secho(f"Fel: {exc.message}", err=True, fg="red")
            ctx.exit(exc.exit_code)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except KeyboardInterrupt:
            click.echo("\nAvbrutet. Inga halvfärdiga filer har lämnats kvar.", err=True)
            ctx.exit(EXIT_INTERRUPTED)
        except Exception as exc:
            if debug_enabled():
                raise
            click.secho(internal_error_message(exc), err=True, fg="red")
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
@click.version_option(
    __version__, "-V", "--version", prog_name="reportgen", help="Visa versionen och avsluta."
)
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

    {exit_codes}
    """


cli.help = (cli.help or "").replace("{exit_codes}", EXIT_CODES_HELP)

KIND_CHOICE = click.Choice(["delrapport", "slutrapport"])
FORMAT_OPTION = click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Utdataformat.",
)


DRAFT_OPTION = click.option(
    "--utkast",
    "draft",
    is_flag=True,
    help="Skriv rapporter även när kontrollen hittar fel; en rapport med fel märks UTKAST på "
    "varje sida (en felfri rapport märks aldrig).",
)

PDFA_HELP = "Skriv PDF som PDF/A-2 för arkivering (diariet); innebär --pdf."


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="reportgen")
