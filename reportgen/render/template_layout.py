"""What a Word template holds, as plain data: its parts and the Jinja sources of the templated.

Reading the layout parses the template's XML with lxml and cleans every templated
part with docxtpl's own `patch_xml`, which imports docxtpl and python-docx. The
result is plain text and numbers, so render/template_store.py can keep it on disk
and a one-off command need not do any of this again (render/template_cache.py
turns a layout into a `PreparedTemplate`).

Parts a report does not need are left out here: `stylesWithEffects.xml` (438 KiB
that only Word 2010 reads; later Word and LibreOffice ignore it) and the
template's thumbnail (a picture of the empty template, not of the report).
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath

__all__ = ["DROPPED", "Layout", "Unsupported", "read_layout"]

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
OFFICE_DOCUMENT = f"{_RELS}/officeDocument"
CORE_PROPERTIES = f"{_PKG_RELS}/metadata/core-properties"
HEADER_FOOTER = (f"{_RELS}/header", f"{_RELS}/footer")
DROPPED = frozenset(
    {
        "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects",
        f"{_PKG_RELS}/metadata/thumbnail",
    }
)
"""Relationship types whose parts reports leave out (see the module docstring)."""
DECLARATION = "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
_DUBLIN_CORE = "http://purl.org/dc/elements/1.1/"
_CORE_PROPERTIES = ("creator", "description", "identifier", "language", "subject", "title")
"""docxtpl's render_properties renders these six (author, comments, … in python-docx's names)."""
_MARK = "\ue000reportgen-{}\ue000"  # private-use characters: never in a template by chance
_TAG = re.compile(r"\{[{%#]")


class Unsupported(Exception):
    """The template uses something only docxtpl's own rendering handles."""


@dataclass(frozen=True)
class Layout:
    """A template's parts and templated sources; only str, bytes, int and tuples of them.

    A part is (name, Jinja source, head, tail): the report's part is head + the
    rendered source + tail. Core properties are (name, pieces, sources): the text
    pieces around the rendered values.
    """

    order: tuple[str, ...]  # part names in the order they are written
    raw_parts: tuple[str, ...]  # parts copied from the template's zip as they are
    package_rels: bytes  # _rels/.rels without the left-out parts
    body: tuple[str, str, str, str]
    templated: tuple[tuple[str, str, str, str], ...]  # headers and footers with tags
    core: tuple[str, tuple[str, ...], tuple[str, ...]] | None
    document_rels: str
    rels_xml: str
    content_types_xml: str
    taken_rels: tuple[str, ...]
    shape_id: int
    body_proven: bool = False  # every body rendered from it is well-formed (render/body_shape.py)

    def sources(self) -> list[str]:
        """Every Jinja source, in the order render/template_cache.py compiles them."""
        core = list(self.core[2]) if self.core else []
        return [self.body[1], *(part[1] for part in self.templated), *core]


def read_layout(archive: zipfile.ZipFile) -> Layout:
    """The layout of the template in `archive`. Raises KeyError or ValueError for a zip
    that is not a Word document, Unsupported for tags in footnotes."""
    from lxml import etree

    from reportgen.render.body_shape import prove

    names = {info.filename for info in archive.infolist() if not info.is_dir()}
    for name in names:
        if name.startswith("word/footnotes") and b"{" in archive.read(name):
            raise Unsupported(name)
    package_rels = _relationships(archive.read("_rels/.rels"))
    main = _target("", _only(package_rels, OFFICE_DOCUMENT))
    document_rels = _rels_name(main)
    body_rels = _relationships(archive.read(document_rels)) if document_rels in names else []
    dropped = {_target("", t) for t, kind, _ in package_rels if kind in DROPPED}
    dropped |= {_target(main, t) for t, kind, _ in body_rels if kind in DROPPED}
    dropped |= {_rels_name(name) for name in dropped}

    parser = etree.XMLParser(remove_blank_text=True, resolve_entities=False)
    patch = _patcher()
    document = etree.fromstring(archive.read(main), parser)
    body = document.find(f"{{{W_NS}}}body")
    if body is None:
        raise ValueError(f"{main} saknar <w:body>")
    ids = [int(value) for value in document.xpath("//@id") if value.isdigit()]
    source = patch(etree.tostring(body, encoding="unicode"))
    proven = prove(source)
    body.getparent().replace(body, etree.Element("reportgen-body"))
    head, tail = etree.tostring(document, encoding="unicode").split("<reportgen-body/>")
    templated = []
    for target, kind, _ in body_rels:
        name = _target(main, target)
        if kind in HEADER_FOOTER and name in names:
            part = etree.fromstring(archive.read(name), parser)
            part_source = patch(etree.tostring(part, encoding="unicode"))
            if _TAG.search(part_source):
                templated.append((name, part_source, DECLARATION, ""))
    core_names = [_target("", t) for t, kind, _ in package_rels if kind == CORE_PROPERTIES]
    core = None
    if core_names and core_names[0] in names:
        core = _core(core_names[0], archive.read(core_names[0]), etree)

    content_types = archive.read("[Content_Types].xml").decode("utf-8")
    for name in dropped:
        content_types = re.sub(
            rf'<Override PartName="/{re.escape(name)}"[^>]*/>', "", content_types
        )
    changed = {main, *(part[0] for part in templated), "[Content_Types].xml", "_rels/.rels"}
    changed |= {document_rels} | ({core[0]} if core else set())
    kept = [info.filename for info in archive.infolist() if info.filename in names - dropped]
    order = ["[Content_Types].xml", *(name for name in kept if name != "[Content_Types].xml")]
    if document_rels not in order:
        order.append(document_rels)
    return Layout(
        order=tuple(order),
        raw_parts=tuple(name for name in kept if name not in changed),
        package_rels=_drop_relationships(archive.read("_rels/.rels")),
        body=(main, proven or source, DECLARATION + head, tail),
        templated=tuple(templated),
        core=core,
        document_rels=document_rels,
        rels_xml=_drop_relationships(archive.read(document_rels)).decode("utf-8")
        if document_rels in names
        else f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships '
        f'xmlns="{_PKG_RELS}"></Relationships>',
        content_types_xml=content_types,
        taken_rels=tuple(rid for _, kind, rid in body_rels if kind not in DROPPED),
        shape_id=max(ids) + 1 if ids else 1,
        body_proven=proven is not None,
    )


def _core(
    name: str, content: bytes, etree: object
) -> tuple[str, tuple[str, ...], tuple[str, ...]] | None:
    root = etree.fromstring(content)  # type: ignore[attr-defined]
    sources: dict[int, str] = {}
    for index, local in enumerate(_CORE_PROPERTIES):
        element = root.find(f"{{{_DUBLIN_CORE}}}{local}")
        if element is None or not element.text or not _TAG.search(element.text):
            continue
        sources[index] = element.text
        element.text = _MARK.format(index)
    if not sources:
        return None
    text = DECLARATION + etree.tostring(root, encoding="unicode")  # type: ignore[attr-defined]
    split = re.split("\ue000reportgen-(\\d+)\ue000", text)
    in_document_order = tuple(sources[int(index)] for index in split[1::2])
    return name, tuple(split[0::2]), in_document_order


def _patcher():  # type: ignore[no-untyped-def]
    from docxtpl.template import DocxTemplate

    def patch(xml: str) -> str:
        return str(DocxTemplate.patch_xml(None, xml))

    return patch


def _relationships(content: bytes) -> list[tuple[str, str, str]]:
    """(target, type, id) of each internal relationship in a .rels part."""
    found = []
    for match in re.finditer(rb"<Relationship\b[^>]*>", content):
        attributes = dict(re.findall(rb'(\w+)="([^"]*)"', match.group(0)))
        if attributes.get(b"TargetMode") == b"External":
            continue
        found.append(
            (
                attributes.get(b"Target", b"").decode(),
                attributes.get(b"Type", b"").decode(),
                attributes.get(b"Id", b"").decode(),
            )
        )
    return found


def _drop_relationships(content: bytes) -> bytes:
    def keep(match: re.Match[bytes]) -> bytes:
        kind = re.search(rb'Type="([^"]*)"', match.group(0))
        return b"" if kind and kind.group(1).decode() in DROPPED else match.group(0)

    return re.sub(rb"<Relationship\b[^>]*>", keep, content)


def _only(relationships: list[tuple[str, str, str]], kind: str) -> str:
    targets = [target for target, found, _ in relationships if found == kind]
    if len(targets) != 1:
        raise ValueError("paketet saknar ett huvuddokument")
    return targets[0]


def _target(source: str, target: str) -> str:
    """The part name a relationship of `source` points at (relative to its folder)."""
    if target.startswith("/"):
        return target.lstrip("/")
    parts: list[str] = []
    for piece in (*PurePosixPath(source).parent.parts, *PurePosixPath(target).parts):
        if piece == "..":
            if parts:
                parts.pop()
        elif piece not in (".", ""):
            parts.append(piece)
    return "/".join(parts)


def _rels_name(part: str) -> str:
    folder, _, name = part.rpartition("/")
    return f"{folder}/_rels/{name}.rels" if folder else f"_rels/{name}.rels"
