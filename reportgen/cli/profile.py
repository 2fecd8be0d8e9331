"""`reportgen profil`: the funder profiles – list, check, copy, schema.

A funder is a folder (`templates/<id>/`: profile.yaml, the Word templates,
examples and their expected findings). The operator may add folders with
`--profiler MAPP` or $REPORTGEN_PROFILER; an owner's insats.yaml only names
a profile by its id.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from reportgen.cli.group import FORMAT_OPTION, cli

F = TypeVar("F", bound=Callable[..., Any])


def profiles_option(function: F) -> F:
    """`--profiler MAPP` (repeatable): the operator's own profile folders for this run."""

    def remember(ctx: click.Context, _param: click.Parameter, value: tuple[Path, ...]) -> None:
        if value:
            from reportgen.profile import add_operator_folders

            add_operator_folders(list(value))

    return click.option(
        "--profiler",
        "profile_folders",
        multiple=True,
        type=click.Path(exists=True, file_okay=False, path_type=Path),
        metavar="MAPP",
        expose_value=False,
        is_eager=True,
        callback=remember,
        help="En profilmapp (med profile.yaml) eller en mapp med profilmappar, utöver de "
        "installerade. Kan anges flera gånger; även miljövariabeln REPORTGEN_PROFILER.",
    )(function)


@cli.group(
    "profil",
    epilog="""\b
Exempel:
  reportgen profil lista
  reportgen profil kontrollera templates/vasteras
  reportgen profil ny mallar/timra --från sundsvall
  reportgen profil schema -o profile.schema.json
""",
)
def profil() -> None:
    """Förbundsprofiler: lista, kontrollera, kopiera och skriv ut schemat för profile.yaml."""


@profil.command("lista")
@profiles_option
@FORMAT_OPTION
def lista(output_format: str) -> None:
    """Lista profilerna: id, förbund, rapporttyper och version (innehållets kontrollsumma)."""
    import json

    from reportgen.profiles.catalog import list_profiles

    entries = list_profiles()
    if output_format == "json":
        click.echo(json.dumps([e.as_json() for e in entries], ensure_ascii=False, indent=2))
        return
    if not entries:
        click.echo("Inga förbundsprofiler hittades.")
        return
    for entry in entries:
        origin = " (operatörens)" if entry.operator else ""
        if entry.problem:
            click.echo(f"{entry.id}  version {entry.version}{origin}  TRASIG: {entry.problem}")
            continue
        kinds = ", ".join(f"{kind} ({title})" for kind, title in entry.kinds)
        click.echo(f"{entry.id}  {entry.name}  version {entry.version}{origin}")
        click.echo(f"    rapporttyper: {kinds}")
        click.echo(f"    mapp: {entry.folder}")


@profil.command("kontrollera")
@click.argument(
    "folders",
    nargs=-1,
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    metavar="MAPP...",
)
def kontrollera(folders: tuple[Path, ...]) -> None:
    """Kontrollera profilmappar: schema, mallar, rubriker, platshållare och exempel.

    Varje problem skrivs med fil och plats. Slutkod 0 när allt stämmer, 1 annars.
    """
    from reportgen.profiles.inspection import inspect_profile

    failed = False
    for folder in folders:
        if not (folder / "profile.yaml").is_file():
            click.echo(f"{folder}: profile.yaml saknas – är det en profilmapp?", err=True)
            failed = True
            continue
        problems = inspect_profile(folder)
        if not problems:
            click.echo(f"{folder}: inga problem.")
            continue
        failed = True
        click.echo(f"{folder}: {len(problems)} problem")
        for problem in problems:
            click.echo(
                f"  {folder / problem.file}: {problem.place + ': ' if problem.place else ''}"
                f"{problem.message}"
            )
    if failed:
        sys.exit(1)


@profil.command("ny")
@profiles_option
@click.argument("folder", type=click.Path(path_type=Path), metavar="MAPP")
@click.option("--från", "source", required=True, metavar="ID", help="Profilen att utgå från.")
def ny(folder: Path, source: str) -> None:
    """Kopiera en profil till MAPP som utgångspunkt för ett nytt förbund.

    Mappens namn blir profilens id. Ändra sedan namn, sidhuvud och rubriker i
    profile.yaml, redigera mallarna i Word och kör 'reportgen profil kontrollera MAPP'.
    """
    from reportgen.profiles.create import copy_profile

    written = copy_profile(source, folder)
    click.echo(f"Skrev {written}")
    click.echo(
        f"Ändra namn, sidhuvud och rubriker i {written / 'profile.yaml'}, redigera mallarna i "
        f"Word och kör: reportgen profil kontrollera {written}"
    )
    click.echo(
        f"Använd den med 'förbund: {written.name}' i insats.yaml och REPORTGEN_PROFILER={written} "
        f"(eller 'reportgen check --profiler {written} …')."
    )


@profil.command("schema")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), metavar="FIL")
def schema(output: Path | None) -> None:
    """Skriv JSON Schema för profile.yaml (för kodkomplettering i editorn)."""
    from reportgen.profiles.schema import schema_text

    text = schema_text()
    if output is None:
        click.echo(text, nl=False)
        return
    from reportgen.files import write_atomically

    def write(temporary: Path) -> None:
        temporary.write_text(text, encoding="utf-8")

    write_atomically(output, write)
    click.echo(f"Skrev {output}")
