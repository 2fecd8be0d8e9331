"""The `reportgen` group: one place that maps exceptions to messages and exit codes.

Each command module parses its options, makes one library call and prints the
result. Errors the user can fix arrive as `ReportgenError`s and become a Swedish
message and an exit code here (`ReportgenGroup.invoke`), with the exit-code
policy of `reportgen.errors`. Heavy libraries are imported inside the commands so
`reportgen --help` is fast.
"""

from __future__ import annotations

import gc
import os
import sys
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


# Swedish names for the commands, beside the English ones (officers type Swedish).
ALIASES = {
    "bygg": "build",
    "granska": "check",
    "statistik": "stats",
    "ny": "init",
    "alla": "batch",
}


class ReportgenGroup(click.Group):
    """Maps reportgen's exceptions to messages and exit codes for every command,
    and knows the Swedish names of the commands."""

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        return super().get_command(ctx, ALIASES.get(cmd_name, cmd_name))

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        name = args[0] if args else ""
        if args and self.get_command(ctx, name) is None and not name.startswith("-"):
            import difflib

            known = sorted([*self.commands, *ALIASES])
            close = difflib.get_close_matches(name, known, n=2, cutoff=0.6)
            hint = f" Menade du {' eller '.join(repr(c) for c in close)}?" if close else ""
            ctx.fail(
                f"Det finns inget kommando {name!r}.{hint} 'reportgen --help' listar kommandona."
            )
        cmd_name, command, rest = super().resolve_command(ctx, args)
        return (command.name if command else cmd_name), command, rest

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """Every command with its Swedish name and its whole first help line, never cut."""
        swedish = {english: sv for sv, english in ALIASES.items()}
        rows = []
        for name in self.list_commands(ctx):
            command = self.get_command(ctx, name)
            if command is None or command.hidden:
                continue
            label = f"{name} ({swedish[name]})" if name in swedish else name
            rows.append((label, command.get_short_help_str(limit=200)))
        if rows:
            with formatter.section("Kommandon"):
                formatter.write_dl(rows)

    def main(self, *args: Any, standalone_mode: bool = True, **kwargs: Any) -> Any:
        # Installed when the command line runs, not when the module is imported, so a
        # library user importing reportgen.cli does not have Click's messages changed.
        install_swedish_messages()
        if not standalone_mode:
            return super().main(*args, standalone_mode=False, **kwargs)
        # Click's own standalone handling turns Ctrl-C outside a command into "Aborted!"
        # and exit 1; reportgen's policy is 130 wherever the interrupt lands.
        try:
            code = super().main(*args, standalone_mode=False, **kwargs)
        except click.ClickException as exc:
            exc.show()
            sys.exit(exc.exit_code)
        except (click.Abort, KeyboardInterrupt, EOFError):
            click.echo("\nAvbrutet. Inga halvfärdiga filer har lämnats kvar.", err=True)
            sys.exit(EXIT_INTERRUPTED)
        sys.exit(code if isinstance(code, int) else 0)

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
    """Console-script entry point.

    reportgen uses no pydantic plugins; without this, pydantic scans every installed
    package's entry points for them when the first model is built (3–8 ms of each
    command). Only a default: a user who sets the variable keeps their value.
    """
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    _fewer_collections()
    try:
        cli(prog_name="reportgen")
    finally:
        gc.freeze()  # see _fewer_collections


def _fewer_collections() -> None:
    """Start-up creates ~35 000 objects that live until exit (modules, classes, pydantic's
    validators); with the default thresholds the collector scans them ~100 times while
    the imports run, and once more, all of them, when the interpreter exits: 5–7 % of a
    `build` or `check`. A young generation of 100 000 objects lets the imports pass with
    a handful of collections, and freezing what is left at exit skips the final scan
    (the process is ending; nothing it would free matters). What runs long goes back to
    CPython's usual thresholds: the batch's workers (batch/worker.py: with this one the
    largest grew from 45 to 55 MiB between 50 and 200 reports) and `serve`."""
    gc.set_threshold(100_000, 20)
