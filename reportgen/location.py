"""Where a piece of data came from, so that every finding points at the place to fix.

Each source (YAML, Excel, submitted Word file) records a `Location` for what it
reads, keyed by the YAML key path of the report model (`ekonomi.rader[2].utfall`).
That shared vocabulary lets a rule ask "where is the outcome of row 2?" without
knowing which kind of file the model came from.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace


@dataclass(frozen=True)
class Location:
    """A place in an input file, printed the way the user will look for it."""

    file: str
    line: int | None = None
    key: str | None = None
    place: str | None = None  # free text: "§6 Ekonomisk rapport, rad …", "Deltagare!C17"
    # The model key is always kept (rules match findings on it), but printed only where
    # the user wrote it: in insats.yaml, not after a place in a submitted Word report.
    show_key: bool = True
    # Where in a submitted Word report, for staff outputs (a comment anchored there, a
    # findings workbook): the section id ("6"), the table row and column as the reviewer
    # names them ("Lönekostnader", "Utfall"), and the ordinal of the paragraph to anchor
    # at (reportgen.sources.docx.blocks.Para.index). Never printed: `place` says it.
    section: str | None = None
    row: str | None = None
    column: str | None = None
    paragraph: int | None = None

    def __str__(self) -> str:
        text = self.file
        if self.line is not None:
            text += f":{self.line}"
        if self.place:
            text += self.place if self.place.startswith("!") else f" {self.place}"
        if self.key and self.show_key:
            text += f" {self.key}"
        return text


def join_key(parent: str, key: str | int) -> str:
    """Key paths read like the YAML: `ekonomi.rader[2].budget`, list positions 1-based."""
    if isinstance(key, int):
        return f"{parent}[{key + 1}]"
    return f"{parent}.{key}" if parent else str(key)


def parent_key(key: str) -> str | None:
    """`ekonomi.rader[2].utfall` -> `ekonomi.rader[2]` -> `ekonomi.rader` -> `ekonomi` -> None."""
    if not key:
        return None
    if key.endswith("]"):
        return key[: key.rindex("[")] or None
    if "." in key:
        return key.rsplit(".", 1)[0]
    return None


@dataclass
class LocationMap:
    """Locations of one source file, looked up by model key path.

    Lookups fall back to the nearest recorded parent, so a rule about a value the
    file never mentions still points at the enclosing mapping – or at the file.
    """

    file: str
    by_key: dict[str, Location] = field(default_factory=dict)

    def add(self, key: str, location: Location) -> None:
        self.by_key[key] = location

    def at(self, key: str) -> Location:
        probe: str | None = key
        while probe:
            found = self.by_key.get(probe)
            if found is not None:
                if found.key == key or found.key is None or probe == key:
                    return found
                # A parent's place, but name the exact key the rule is about.
                return replace(found, key=key)
            probe = parent_key(probe)
        return Location(self.file, key=key or None)

    def has(self, key: str) -> bool:
        return key in self.by_key
