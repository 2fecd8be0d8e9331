"""Click's own messages (usage lines, missing arguments) in Swedish, like reportgen's."""

from __future__ import annotations

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


def install_swedish_messages() -> None:
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
