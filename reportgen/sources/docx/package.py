"""The three parts of a .docx the reader needs, read from the zip without python-docx.

`reportgen check rapport.docx` reads the body (`word/document.xml`), the styles
and the page headers, and nothing else. python-docx costs ~25 ms to import and
parses every XML part of the package (numbering, settings, themes, footnotes)
before the first paragraph is read; this module follows the package's
relationships to those three parts and parses them with python-docx's own
parser settings (`remove_blank_text`, no entity resolution), so the reader gets
the same trees, as plain lxml elements (the reader never used python-docx's
element classes). python-docx remains for writing: reportgen.staff marks
up copies with it.

What python-docx refused is refused here too: a package whose main part is not
a Word document (a macro-enabled .docm or a template renamed to .docx), and XML
that does not parse. A package without a styles part reads with python-docx's
default styles, as before.
"""

from __future__ import annotations

import posixpath
import zipfile
from pathlib import Path
from typing import Any, NamedTuple

_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
_OFFICE_DOCUMENT, _STYLES, _HEADER = f"{_REL}officeDocument", f"{_REL}styles", f"{_REL}header"
_WML = "application/vnd.openxmlformats-officedocument.wordprocessingml."
DOCUMENT_TYPE = f"{_WML}document.main+xml"
_STYLES_TYPE, _HEADER_TYPE = f"{_WML}styles+xml", f"{_WML}header+xml"
_PR = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_CT = "{http://schemas.openxmlformats.org/package/2006/content-types}"
_BODY = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}body"


class NotWordDocument(ValueError):
    """The package has no Word document as its main part."""


class WordParts(NamedTuple):  # not a frozen dataclass: ~0.5 ms less at start-up
    """The parsed parts: the body element, the styles root (None: unreadable) and headers."""

    body: Any
    styles: Any
    headers: list[Any]


def read_parts(path: Path) -> WordParts:
    """Body, styles and page headers of the .docx at `path` (raises on a broken package)."""
    with zipfile.ZipFile(path) as archive:
        package = _Package(archive)
        document = package.main_document()
        root = package.parse(document)
        body = root.find(_BODY)
        if body is None:
            raise NotWordDocument("the document part has no body")
        related = package.relationships(document)
        return WordParts(body, package.styles(related), package.headers(related))


class _Package:
    def __init__(self, archive: zipfile.ZipFile) -> None:
        self.archive = archive
        types = self.parse("[Content_Types].xml")
        self.defaults = {
            (e.get("Extension") or "").casefold(): e.get("ContentType") or ""
            for e in types.iterchildren(f"{_CT}Default")
        }
        self.overrides = {
            (e.get("PartName") or "").casefold(): e.get("ContentType") or ""
            for e in types.iterchildren(f"{_CT}Override")
        }

    def parse(self, name: str) -> Any:
        from lxml import etree

        parser = etree.XMLParser(remove_blank_text=True, resolve_entities=False)
        return etree.fromstring(self.archive.read(name), parser)

    def content_type(self, name: str) -> str:
        found = self.overrides.get(f"/{name}".casefold())
        if found is None:
            found = self.defaults.get(name.rpartition(".")[2].casefold(), "")
        return found

    def relationships(self, source: str) -> list[tuple[str, str]]:
        """(type, part name) of each internal relationship of `source` ("" = the package)."""
        folder, _, file = source.rpartition("/")
        rels = posixpath.join(folder, "_rels", f"{file}.rels")
        try:
            self.archive.getinfo(rels)
        except KeyError:
            return []
        found = []
        for rel in self.parse(rels).iterchildren(f"{_PR}Relationship"):
            if rel.get("TargetMode") == "External":
                continue
            target = rel.get("Target") or ""
            joined = posixpath.join("/" + folder, target)
            found.append((rel.get("Type") or "", posixpath.normpath(joined).lstrip("/")))
        return found

    def main_document(self) -> str:
        names = [name for kind, name in self.relationships("") if kind == _OFFICE_DOCUMENT]
        if not names:
            raise NotWordDocument("the package names no main document")
        kind = self.content_type(names[0])
        if kind != DOCUMENT_TYPE:
            raise NotWordDocument(f"the main part is {kind or 'of no type'}, not a Word document")
        return names[0]

    def styles(self, related: list[tuple[str, str]]) -> Any:
        """The styles part's root; python-docx's default styles when there is none, and
        None when there are several or it is no styles part (read without styles)."""
        names = [name for kind, name in related if kind == _STYLES]
        if not names:
            return _default_styles()
        if len(names) > 1 or self.content_type(names[0]) != _STYLES_TYPE:
            return None
        return self.parse(names[0])

    def headers(self, related: list[tuple[str, str]]) -> list[Any]:
        """Every page header the document refers to, in the order of its relationships."""
        return [
            self.parse(name)
            for kind, name in related
            if kind == _HEADER and self.content_type(name) == _HEADER_TYPE
        ]


def _default_styles() -> Any:
    """python-docx's styles for a document without a styles part (rare: Word writes one)."""
    from docx.oxml.parser import parse_xml
    from docx.parts.styles import StylesPart

    return parse_xml(StylesPart._default_styles_xml())
