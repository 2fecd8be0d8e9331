"""The parts of an .xlsx around its sheets: relationships, workbook, styles, shared strings.

Each part is read by a small streaming reader over zipfile and expat that keeps
only what reading the cells needs – which sheets there are and where, whether
the workbook counts days from 1904, which cell styles are dates, the
shared-strings table – with the work bounded whatever the file says (sizes are
checked before parsing, counts are capped while parsing, a DOCTYPE is refused).
This is what openpyxl's workbook and style readers did for the reader, without
importing openpyxl (and numpy with it): the import alone took longer than
reading a team's workbook.

Names arrive from expat as `namespace}local`. The small parts (relationships,
workbook, styles) are matched by local name, so Strict OOXML and prefixed
elements read the same; the large ones (shared strings, sheets) compare full
names built from the workbook's own namespace.
"""

from __future__ import annotations

import posixpath
import re
import xml.parsers.expat
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import IO, Any

from reportgen.sources.excel.serials import MAC_EPOCH, WINDOWS_EPOCH

__all__ = [
    "RESAVE",
    "Damaged",
    "SheetEntry",
    "TooMany",
    "WorkbookParts",
    "parse",
    "read_shared_strings",
    "read_styles",
    "read_workbook_parts",
]

RESAVE = "Öppna den i Excel, spara den som Excel-arbetsbok (.xlsx) och försök igen."
MAIN_NAMESPACE = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
MAX_RELATIONSHIPS = 10_000
"""Relationships of the workbook part; one per sheet, style, theme, string table, link."""
MAX_SHEET_ENTRIES = 10_000
"""`<sheet>` entries kept from workbook.xml; more are counted, and refused by the caller."""
MAX_CELL_FORMATS = 100_000
"""`<xf>` in styles.xml's cellXfs; Excel itself allows 64 000."""

# Built-in number formats that show a date or a time (ECMA-376 §18.8.30): 14–22 and
# 45–47 everywhere, 27–36 and 50–58 in the East Asian locales' date formats.
BUILTIN_DATE_FORMATS = frozenset([*range(14, 23), *range(27, 37), *range(45, 48), *range(50, 59)])
BUILTIN_DURATION_FORMATS = frozenset({46})  # [h]:mm:ss
# What openpyxl's is_date_format and is_timedelta_format look for in a format code:
# the first section, quoted text and [locale]/[colour] parts left out, then a date letter
# not escaped by `\` or `_`.
_LITERAL_OR_LOCALE = re.compile(r'".*?"|\[(?!hh?\]|mm?\]|ss?\])[^\]]*\]')
_DATE_LETTER = re.compile(r"(?<![_\\])[dmhysDMHYS]")
_DURATION = re.compile(
    r"\[hh?\](:mm(:ss(\.0*)?)?)?|\[mm?\](:ss(\.0*)?)?|\[ss?\](\.0*)?", re.IGNORECASE
)
_OFFICE_DOCUMENT = "/officeDocument"
_TRUE = frozenset({"1", "true", "on"})


class TooMany(Exception):
    """A cap was reached (or a DOCTYPE met) while parsing; the message is the finding's."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class Damaged(ValueError):
    """A part says something no workbook says; the message says what, in Swedish."""


class _Done(Exception):
    """Everything needed from a part has been read; the rest is not parsed."""


@dataclass
class SheetEntry:
    """One worksheet as workbook.xml lists it, with the part that holds its cells."""

    title: str
    part: str
    state: str = "visible"  # hidden and veryHidden sheets are read all the same


@dataclass
class WorkbookParts:
    """What the sheets' reader needs from the parts around them."""

    sheets: list[SheetEntry] = field(default_factory=list)
    listed: int = 0  # <sheet> entries in workbook.xml, chartsheets included
    epoch: datetime = WINDOWS_EPOCH
    namespace: str = MAIN_NAMESPACE
    styles: str | None = None
    shared_strings: str | None = None


def parse(
    source: IO[bytes],
    start: Callable[[str, dict[str, str]], None],
    end: Callable[[str], None] | None = None,
    data: Callable[[str], None] | None = None,
) -> None:
    """Stream `source` through expat with these handlers; no tree is built.

    A document type declaration (and with it any entity) is refused: no Office
    part has one, and entities are how XML bombs expand. A handler may raise
    _Done to stop reading a part once it has what it needs.
    """
    parser = xml.parsers.expat.ParserCreate(namespace_separator="}")
    parser.buffer_text = True

    def refuse_doctype(*_args: Any) -> None:
        raise TooMany(f"En del av arbetsboken har en DOCTYPE-deklaration. {RESAVE}")

    parser.StartElementHandler = start
    if end is not None:
        parser.EndElementHandler = end
    if data is not None:
        parser.CharacterDataHandler = data
    parser.StartDoctypeDeclHandler = refuse_doctype
    parser.EntityDeclHandler = refuse_doctype
    try:
        while chunk := source.read(1 << 16):
            parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except _Done:
        pass


def _local(name: str) -> str:
    return name.rpartition("}")[2]


def _parse_part(archive: zipfile.ZipFile, part: str, start: Any, end: Any = None) -> None:
    with archive.open(part) as source:
        parse(source, start, end)


# ----------------------------------------------------------------- workbook and relationships


def read_workbook_parts(archive: zipfile.ZipFile) -> WorkbookParts:
    """The sheets (title, part, state) in workbook order, the epoch and the other parts."""
    names = set(archive.namelist())
    main = _main_part(archive, names)
    relationships = _relationships(archive, _rels_of(main), names)
    found = WorkbookParts()
    entries: list[tuple[str, str | None, str]] = []

    def start(name: str, attrs: dict[str, str]) -> None:
        local = _local(name)
        if local == "workbook":
            found.namespace = name.rpartition("}")[0]
        elif local == "sheet":
            found.listed += 1
            if found.listed <= MAX_SHEET_ENTRIES:
                rid = next((v for k, v in attrs.items() if k.endswith("}id")), None)
                title = attrs.get("name")
                if title is None:
                    raise Damaged("ett blad i workbook.xml saknar namn")
                entries.append((title, rid, attrs.get("state", "visible")))
        elif local == "workbookPr" and attrs.get("date1904", "").strip().lower() in _TRUE:
            found.epoch = MAC_EPOCH

    _parse_part(archive, main, start)
    if found.listed > MAX_SHEET_ENTRIES:
        return found  # refused by the caller for the count; nothing else is read
    for title, rid, state in entries:
        if rid is None:
            continue  # as Excel and openpyxl: an entry without a part is no sheet
        if rid not in relationships:
            raise Damaged(f"bladet '{title[:60]}' pekar på en del som inte finns")
        kind, target = relationships[rid]
        if target in names and not kind.endswith("/chartsheet"):
            found.sheets.append(SheetEntry(title, target, state))
    for kind, target in relationships.values():
        if kind.endswith("/styles") and target in names:
            found.styles = target
        elif kind.endswith("/sharedStrings") and target in names:
            found.shared_strings = target
    folder = posixpath.dirname(main)
    if found.styles is None and f"{folder}/styles.xml" in names:
        found.styles = f"{folder}/styles.xml"
    if found.shared_strings is None and f"{folder}/sharedStrings.xml" in names:
        found.shared_strings = f"{folder}/sharedStrings.xml"
    return found


def _main_part(archive: zipfile.ZipFile, names: set[str]) -> str:
    """The workbook part the package's own relationships name (xl/workbook.xml as a rule)."""
    if "_rels/.rels" in names:
        for kind, target in _relationships(archive, "_rels/.rels", names).values():
            if kind.endswith(_OFFICE_DOCUMENT) and target in names:
                return target
    return "xl/workbook.xml"


def _rels_of(part: str) -> str:
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", f"{name}.rels")


def _relationships(
    archive: zipfile.ZipFile, rels: str, names: set[str]
) -> dict[str, tuple[str, str]]:
    """Id -> (type, part) of a relationships part; targets resolved as openpyxl does:
    `/xl/…` from the package root, anything else from the source part's folder."""
    found: dict[str, tuple[str, str]] = {}
    if rels not in names:
        return found
    source_folder = posixpath.dirname(posixpath.dirname(rels))  # xl/_rels/x.rels -> xl

    def start(name: str, attrs: dict[str, str]) -> None:
        if _local(name) != "Relationship" or attrs.get("TargetMode") == "External":
            return
        if len(found) >= MAX_RELATIONSHIPS:
            raise TooMany(
                f"Arbetsboken har fler än {MAX_RELATIONSHIPS} interna länkar mellan sina delar; "
                f"filen kan vara skadad eller skadlig och läses inte. {RESAVE}"
            )
        rid, target = attrs.get("Id"), attrs.get("Target")
        if rid is None or target is None:
            return
        if target.startswith("/"):
            resolved = target[1:]
        else:
            resolved = posixpath.normpath(posixpath.join(source_folder, target))
        found[rid] = (attrs.get("Type", ""), resolved)

    _parse_part(archive, rels, start)
    return found


# ----------------------------------------------------------------- styles


def read_styles(
    archive: zipfile.ZipFile, part: str | None
) -> tuple[frozenset[int], frozenset[int]]:
    """The cell styles (indices into cellXfs) that show a date or time, and those of them
    that show a duration (`[h]:mm`). Parsing stops after cellXfs."""
    if part is None:
        return frozenset(), frozenset()
    custom: dict[int, str] = {}
    formats: list[int] = []
    inside: list[bool] = [False]  # within <cellXfs>

    def start(name: str, attrs: dict[str, str]) -> None:
        local = _local(name)
        if local == "numFmt":
            number, code = attrs.get("numFmtId"), attrs.get("formatCode")
            if number is not None and code is not None and len(custom) < MAX_CELL_FORMATS:
                custom[int(number)] = code
        elif local == "cellXfs":
            inside[0] = True
        elif local == "xf" and inside[0]:
            if len(formats) >= MAX_CELL_FORMATS:
                raise TooMany(
                    f"Arbetsboken har fler än {MAX_CELL_FORMATS} cellformat; filen kan vara "
                    f"skadad eller skadlig och läses inte. {RESAVE}"
                )
            formats.append(int(attrs.get("numFmtId", "0")))

    def end(name: str) -> None:
        if inside[0] and _local(name) == "cellXfs":
            raise _Done

    _parse_part(archive, part, start, end)
    dates: set[int] = set()
    durations: set[int] = set()
    for index, number in enumerate(formats):
        code = custom.get(number)
        if code is None:
            if number in BUILTIN_DATE_FORMATS:
                dates.add(index)
                if number in BUILTIN_DURATION_FORMATS:
                    durations.add(index)
        elif is_date_format(code):
            dates.add(index)
            if _DURATION.search(code.split(";")[0]):
                durations.add(index)
    return frozenset(dates), frozenset(durations)


def is_date_format(code: str) -> bool:
    """Whether a number format code shows a date or a time (`yyyy-mm-dd`, `[$-41D]d mmm`)."""
    first = _LITERAL_OR_LOCALE.sub("", code.split(";")[0])
    return _DATE_LETTER.search(first) is not None


# ----------------------------------------------------------------- shared strings


def read_shared_strings(
    archive: zipfile.ZipFile, part: str | None, namespace: str, limit: int
) -> list[str]:
    """The shared-strings table, plain and rich text alike, under a count cap.

    As openpyxl read it: the texts of a string's runs joined, phonetic guides
    (`rPh`) left out, `x005F_` escapes removed.
    """
    if part is None:
        return []
    si, t, r = f"{namespace}}}si", f"{namespace}}}t", f"{namespace}}}r"
    strings: list[str] = []
    names: list[str] = []  # open elements inside the current <si>
    chunks: list[str] = []

    def start(name: str, _attrs: dict[str, str]) -> None:
        if names or name == si:
            names.append(name)

    def end(_name: str) -> None:
        if not names:
            return
        names.pop()
        if names:
            return
        strings.append("".join(chunks).replace("x005F_", ""))
        chunks.clear()
        if len(strings) > limit:
            raise TooMany(
                f"Arbetsboken har fler än {limit} olika texter; filen kan vara skadad eller "
                f"skadlig och läses inte. {RESAVE}"
            )

    def data(text: str) -> None:
        if names and names[-1] == t and (len(names) == 2 or names[-2] == r):
            chunks.append(text)

    with archive.open(part) as source:
        parse(source, start, end, data)
    return strings
