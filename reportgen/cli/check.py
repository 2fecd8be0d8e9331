"""`reportgen check` and `reportgen regler`: findings for any input, and the rules."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from reportgen.cli.group import cli
from reportgen.cli.profile import profiles_option

F = TypeVar("F", bound=Callable[..., Any])


def _folder_option(name: str, help_text: str) -> Callable[[F], F]:
    """An output folder for staff files (--kommentera, --brev)."""
    return click.option(
        name, type=click.Path(file_okay=False, path_type=Path), metavar="UTMAPP", help=help_text
    )


@cli.command(
    epilog="""\b
Exempel:
  reportgen check inputs/arbetskonsulent-i-samverkan
  reportgen check inputs/*/insats.yaml --strict
  reportgen check inkomna/*.docx --format json > granskning.json
  reportgen check inkomna/*.docx --kort
  reportgen check inkomna/*.docx --format xlsx -o granskning.xlsx
  reportgen check inkomna/*.docx --kommentera kommenterade --brev brev
  reportgen check --förbund vasteras halvarsrapport.docx
  reportgen check --list-rules
"""
)
@click.argument("paths", nargs=-1, metavar="SÖKVÄG...")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json", "xlsx"]),
    default="text",
    show_default=True,
    help="Utdataformat. xlsx skriver en granskningsarbetsbok (bladen Rapporter och Fynd) "
    "till filen i -o och en rad per rapport på skärmen.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="FIL",
    help="Arbetsboken för --format xlsx, t.ex. granskning.xlsx.",
)
@click.option(
    "--kort", is_flag=True, help="En rad per rapport med bedömning och nyckeltal, fynden under."
)
@_folder_option(
    "--kommentera",
    "Skriv en kopia av varje Word-rapport med en kommentar per fynd i UTMAPP "
    "(originalet ändras aldrig).",
)
@_folder_option(
    "--brev",
    "Skriv ett kompletteringsbrev (text att klistra in i ett mejl) per rapport som "
    "behöver kompletteras i UTMAPP.",
)
@click.option(
    "--förbund",
    "funder",
    metavar="ID",
    help="Läs Word-rapporterna med det här förbundets rubriker (t.ex. vasteras). Utan: "
    "förbundet vars sidhuvud och rubriker stämmer bäst, och det sägs vilket.",
)
@profiles_option
@click.option("--force", is_flag=True, help="Skriv över filer (-o, --kommentera, --brev).")
@click.option("--strict", is_flag=True, help="Slutkod 1 även för varningar.")
@click.option(
    "--list-rules", is_flag=True, help="Lista alla regler (samma som 'reportgen regler')."
)
def check(
    paths: tuple[str, ...],
    output_format: str,
    output: Path | None,
    kort: bool,
    kommentera: Path | None,
    brev: Path | None,
    funder: str | None,
    force: bool,
    strict: bool,
    list_rules: bool,
) -> None:
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
    _check_options(paths, output_format, output, kort)
    from reportgen.pipeline import check_paths
    from reportgen.review import exit_code, format_json, format_text

    _check_funder(funder)
    results = check_paths((Path(p) for p in paths), profile=funder)
    if kort or output_format == "xlsx" or kommentera is not None or brev is not None:
        from reportgen import staff  # only for the staff's outputs: a plain check skips it
    if output_format == "xlsx" and output is not None:
        staff.write_findings_workbook(results, output, force=force)
        click.echo(f"Skrev {output}", err=True)
    if output_format == "json":
        text = format_json(results)
    elif kort or output_format == "xlsx":
        text = staff.format_compact(results)
    else:
        text = format_text(results)
    click.echo(text, nl=False)
    if output_format == "text" and funder is None:
        _say_which_funder(results)
    if kommentera is not None:
        for _, written in staff.write_marked_up_copies(results, kommentera, force=force):
            click.echo(f"Skrev {written}", err=True)
    if brev is not None:
        for _, written in staff.write_completion_letters(results, brev, force=force):
            click.echo(f"Skrev {written}", err=True)
    code = exit_code(results, strict=strict)
    if code:
        sys.exit(code)


def _check_options(
    paths: tuple[str, ...], output_format: str, output: Path | None, kort: bool
) -> None:
    if output_format == "xlsx" and output is None:
        raise click.UsageError("--format xlsx behöver -o FIL, t.ex. -o granskning.xlsx.")
    if output is not None and output_format != "xlsx":
        raise click.UsageError("-o används med --format xlsx.")
    if output is not None and output.suffix.lower() != ".xlsx":
        raise click.UsageError(f"-o {output}: arbetsboken ska sluta på .xlsx.")
    if output is not None and any(Path(p).resolve() == output.resolve() for p in paths):
        raise click.UsageError(f"-o {output} är en av filerna som granskas.")
    if kort and output_format == "json":
        raise click.UsageError("--kort och --format json går inte att kombinera.")


def _check_funder(funder: str | None) -> None:
    if funder is None:
        return
    from reportgen.profile import available_profiles

    known = available_profiles()
    if funder not in known:
        raise click.BadParameter(
            f"'{funder}' är ingen känd förbundsprofil. Kända: {', '.join(known) or 'inga'}.",
            param_hint="--förbund",
        )


def _say_which_funder(results: list[Any]) -> None:
    """A Word report is read as the funder whose form fits best: say which when it is not
    the default funder, so that a wrong guess is seen (and --förbund given)."""
    from reportgen.profile import DEFAULT_PROFILE, available_profiles

    if len(available_profiles()) < 2:
        return
    for result in results:
        loaded = result.loaded
        if loaded is None or loaded.path.suffix.lower() in {".yaml", ".yml"}:
            continue
        if loaded.path.is_dir():
            continue
        profile = loaded.profile
        if profile.id == DEFAULT_PROFILE:
            continue
        click.echo(
            f"{result.display}: läst som {profile.name} ({profile.id}), vars sidhuvud och "
            "rubriker stämmer bäst; ange --förbund ID om det är fel förbund.",
            err=True,
        )


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
