"""A Word template read, cleaned and compiled once per process, then reused for every report.

docxtpl opens the template with python-docx for each report: it parses every
XML part (styles.xml alone is 350 KiB), cleans the body's XML with two dozen
regular expressions (`patch_xml`), compiles it, and on saving serialises and
deflates every part again. None of that depends on the report. Here the
template is read once (again only when the file changes):

* parts no report changes keep the bytes they have in the template's zip and
  are copied into each output as they are, never inflated or deflated again;
* the body, the headers and footers and the core properties that hold
  template tags are cleaned with docxtpl's own `patch_xml` and compiled once;
* parts a report does not need are left out: `stylesWithEffects.xml` (438 KiB
  that only Word 2010 reads; later Word and LibreOffice ignore it) and the
  template's thumbnail (a picture of the empty template, not of the report).

Templates docxtpl supports that this path does not (tags in footnotes) are
rendered by docxtpl itself (`Unsupported`, see render/docx.py).
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from reportgen.render.package import PackedPart, pack

__all__ = ["CoreSlot", "PreparedTemplate", "Slot", "Unsupported", "prepared_template"]

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
DECLARATION = b"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
_CORE_PROPERTIES = {  # docxtpl's render_properties: these six, by python-docx's names
    "creator": "http://purl.org/dc/elements/1.1/",
    "description": "http://purl.org/dc/elements/1.1/",
    "identifier": "http://purl.org/dc/elements/1.1/",
    "language": "http://purl.org/dc/elements/1.1/",
    "subject": "http://purl.org/dc/elements/1.1/",
    "title": "http://purl.org/dc/elements/1.1/",
}
_MARK = "\ue000reportgen-{}\ue000"  # private-use characters: never in a template by chance
_TAG = re.compile(r"\{[{%#]")
_CACHE_LIMIT = 8


class Unsupported(Exception):
    """The template uses something only docxtpl's own rendering handles."""


@dataclass(frozen=True)
class Slot:
    """A part rendered for each report: `head` + the rendered template + `tail`."""

    name: str
    template: Any  # jinja2.Template, compiled once
    head: bytes
    tail: bytes


@dataclass(frozen=True)
class CoreSlot:
    """docProps/core.xml with its templated properties (e.g. the title) filled per report."""

    name: str
    pieces: tuple[str, ...]  # XML text around the values, one more than `templates`
    templates: tuple[Any, ...]


@dataclass(frozen=True)
class PreparedTemplate:
    """Everything about a template that is the same for every report made from it."""

    path: Path
    order: tuple[str, ...]  # part names in the order they are written
    packed: dict[str, PackedPart]  # parts copied as they are
    body: Slot
    slots: tuple[Slot, ...]  # headers and footers with tags
    core: CoreSlot | None
    document_rels: str  # name of the body's relationships part
    rels_xml: str  # its XML (dropped parts removed), for adding pictures
    content_types_xml: str  # [Content_Types].xml (dropped parts removed)
    first_media: int
    taken_rels: frozenset[str]
    shape_id: int


@dataclass(frozen=True)
class _Entry:
    info: zipfile.ZipInfo
    content: bytes | None  # inflated, for the parts read here


def prepared_template(path: Path, environment: Any) -> PreparedTemplate:
    """The prepared form of `path`, read again only when the file changes.

    Raises OSError or zipfile.BadZipFile for a file that cannot be read, KeyError
    or ValueError for a zip that is not a Word document, Unsupported (above).
    """
    status = path.stat()
    key = (str(path.resolve()), status.st_mtime_ns, status.st_size, status.st_ino)
    prepared = _CACHE.get(key)
    if prepared is None or prepared[0] is not environment:
        if len(_CACHE) >= _CACHE_LIMIT:
            _CACHE.pop(next(iter(_CACHE)))
        _CACHE[key] = (environment, _prepare(path, environment))
        prepared = _CACHE[key]
    return prepared[1]


_CACHE: dict[tuple[str, int, int, int], tuple[Any, PreparedTemplate]] = {}


def _prepare(path: Path, environment: Any) -> PreparedTemplate:
    with open(path, "rb") as handle:
        raw = handle.read()
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        return _prepare_archive(path, raw, archive, environment)


def _prepare_archive(
    path: Path, raw: bytes, archive: zipfile.ZipFile, environment: Any
) -> PreparedTemplate:
    from lxml import etree

    infos = [info for info in archive.infolist() if not info.is_dir()]
    names = {info.filename for info in infos}

    package_rels = _relationships(archive.read("_rels/.rels"))
    main = _target("", _only(package_rels, OFFICE_DOCUMENT))
    document_rels = _rels_name(main)
    body_rels = _relationships(archive.read(document_rels)) if document_rels in names else []
    dropped = {_target("", t) for t, kind, _ in package_rels if kind in DROPPED}
    dropped |= {_target(main, t) for t, kind, _ in body_rels if kind in DROPPED}
    for name in list(dropped):
        dropped.add(_rels_name(name))

    parser = etree.XMLParser(remove_blank_text=True, resolve_entities=False)
    patch = _patcher()
    document = etree.fromstring(archive.read(main), parser)
    body = document.find(f"{{{W_NS}}}body")
    if body is None:
        raise ValueError(f"{main} saknar <w:body>")
    ids = [int(value) for value in document.xpath("//@id") if value.isdigit()]
    source = patch(etree.tostring(body, encoding="unicode"))
    body.getparent().replace(body, etree.Element("reportgen-body"))
    head, tail = etree.tostring(document, encoding="UTF-8", xml_declaration=False).split(
        b"<reportgen-body/>"
    )
    body_slot = Slot(main, _compile(environment, source), DECLARATION + head, tail)

    slots = []
    for target, kind, _ in body_rels:
        name = _target(main, target)
        if kind not in HEADER_FOOTER or name not in names:
            continue
        source = patch(
            etree.tostring(etree.fromstring(archive.read(name), parser), encoding="unicode")
        )
        if _TAG.search(source):
            slots.append(Slot(name, _compile(environment, source), DECLARATION, b""))

    core = None
    core_names = [_target("", t) for t, kind, _ in package_rels if kind == CORE_PROPERTIES]
    if core_names and core_names[0] in names:
        core = _core_slot(core_names[0], archive.read(core_names[0]), environment, etree)

    content_types = archive.read("[Content_Types].xml").decode("utf-8")
    for name in dropped:
        content_types = re.sub(
            rf'<Override PartName="/{re.escape(name)}"[^>]*/>', "", content_types
        )
    for name in names:
        if name.startswith("word/footnotes") and b"{" in archive.read(name):
            raise Unsupported(name)

    changed = {body_slot.name, *(slot.name for slot in slots), "[Content_Types].xml"}
    changed |= {document_rels, "_rels/.rels"} | ({core.name} if core else set())
    packed = {info.filename: _raw_part(raw, info) for info in infos if info.filename not in changed}
    packed["_rels/.rels"] = pack("_rels/.rels", _drop_relationships(archive.read("_rels/.rels")))
    order = tuple(
        ["[Content_Types].xml"]
        + [
            i.filename
            for i in infos
            if i.filename not in dropped and i.filename != "[Content_Types].xml"
        ]
    )
    rels_xml = _drop_relationships(archive.read(document_rels)).decode("utf-8")
    media = [n for n in names if n.startswith("word/media/image")]
    return PreparedTemplate(
        path=path,
        order=order if document_rels in order else (*order, document_rels),
        packed=packed,
        body=body_slot,
        slots=tuple(slots),
        core=core,
        document_rels=document_rels,
        rels_xml=rels_xml,
        content_types_xml=content_types,
        first_media=len(media) + 1,
        taken_rels=frozenset(rid for _, kind, rid in body_rels if kind not in DROPPED),
        shape_id=max(ids) + 1 if ids else 1,
    )


def _core_slot(name: str, content: bytes, environment: Any, etree: Any) -> CoreSlot | None:
    root = etree.fromstring(content)
    templates, marks = [], []
    for index, (local, namespace) in enumerate(_CORE_PROPERTIES.items()):
        element = root.find(f"{{{namespace}}}{local}")
        if element is None or not element.text or not _TAG.search(element.text):
            continue
        templates.append(environment.from_string(element.text))
        marks.append(index)
        element.text = _MARK.format(index)
    if not templates:
        return None
    text = (DECLARATION + etree.tostring(root, encoding="UTF-8", xml_declaration=False)).decode()
    split = re.split("\ue000reportgen-(\\d+)\ue000", text)
    order = [int(index) for index in split[1::2]]
    return CoreSlot(name, tuple(split[0::2]), tuple(templates[marks.index(i)] for i in order))


def _compile(environment: Any, source: str) -> Any:
    """docxtpl's render_xml_part compiles with a newline before each paragraph (for error
    line numbers) and removes them after rendering; render/docx.py does the same."""
    return environment.from_string(re.sub(r"<w:p([ >])", r"\n<w:p\1", source))


def _patcher() -> Any:
    from docxtpl.template import DocxTemplate

    def patch(xml: str) -> str:
        return DocxTemplate.patch_xml(None, xml)

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


_LOCAL_HEADER = struct.Struct("<4s22xHH")


def _raw_part(raw: bytes, info: zipfile.ZipInfo) -> PackedPart:
    """The part's bytes as the template's zip holds them: no inflating, no deflating."""
    signature, name_length, extra_length = _LOCAL_HEADER.unpack_from(raw, info.header_offset)
    if signature != b"PK\x03\x04" or info.flag_bits & 0x1:
        raise ValueError(f"{info.filename}: ogiltig eller krypterad zip-post")
    start = info.header_offset + _LOCAL_HEADER.size + name_length + extra_length
    data = raw[start : start + info.compress_size]
    if info.compress_type == zipfile.ZIP_DEFLATED:
        return PackedPart(info.filename, data, info.CRC, info.file_size, True)
    if info.compress_type == zipfile.ZIP_STORED:
        return PackedPart(info.filename, data, info.CRC, info.file_size, False)
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        return pack(info.filename, archive.read(info.filename))
