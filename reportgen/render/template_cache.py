"""A Word template read, cleaned and compiled once per process, then reused for every report.

docxtpl opens the template with python-docx for each report: it parses every
XML part (styles.xml alone is 350 KiB), cleans the body's XML with two dozen
regular expressions (`patch_xml`), compiles it, and on saving serialises and
deflates every part again. None of that depends on the report. Here the
template is prepared once per process, and again only when the file changes:

* its layout (render/template_layout.py): which parts are copied as they are,
  and the cleaned Jinja sources of the body, the templated headers and footers
  and the core properties (the title); parts reports do not need left out;
* the sources compiled once with the report environment;
* the copied parts taken from the template's zip as they are stored there,
  never inflated or deflated again.

The layout and the compiled code are also kept on disk (render/template_store.py),
so a one-off command skips preparing altogether. Templates docxtpl supports that
this path does not (tags in footnotes) raise `Unsupported`, and render/docx.py
lets docxtpl render them.
"""

from __future__ import annotations

import io
import struct
import zipfile
from dataclasses import dataclass
from pathlib import Path
from types import CodeType
from typing import Any

from reportgen.render.package import PackedPart, pack
from reportgen.render.template_layout import Unsupported, read_layout

__all__ = ["CoreSlot", "PreparedTemplate", "Slot", "Unsupported", "prepared_template"]

_CACHE_LIMIT = 8


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
    rels_xml: str  # its XML (left-out parts removed), for adding pictures
    content_types_xml: str  # [Content_Types].xml (left-out parts removed)
    taken_rels: frozenset[str]
    shape_id: int
    body_proven: bool  # see render/body_shape.py


def prepared_template(path: Path, environment: Any) -> PreparedTemplate:
    """The prepared form of `path`, read again only when the file changes.

    Raises OSError or zipfile.BadZipFile for a file that cannot be read, KeyError
    or ValueError for a zip that is not a Word document, Unsupported (above), and
    jinja2's TemplateSyntaxError for a template that does not compile.
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
    from reportgen.render import template_store

    with open(path, "rb") as handle:
        raw = handle.read()
    key = template_store.key_for(raw, environment)
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        stored = template_store.load(key)
        if stored is None:
            layout = read_layout(archive)
            code = [environment.compile(_for_compiling(s)) for s in layout.sources()]
            template_store.save(key, layout, code)
        else:
            layout, code = stored
        infos = {info.filename: info for info in archive.infolist()}
        packed = {name: _raw_part(raw, infos[name]) for name in layout.raw_parts}
    packed["_rels/.rels"] = pack("_rels/.rels", layout.package_rels)
    templates = iter([_template(environment, c) for c in code])
    body = _slot(layout.body, next(templates))
    slots = tuple(_slot(part, next(templates)) for part in layout.templated)
    core = None
    if layout.core is not None:
        name, pieces, sources = layout.core
        core = CoreSlot(name, pieces, tuple(next(templates) for _ in sources))
    return PreparedTemplate(
        path=path,
        order=layout.order,
        packed=packed,
        body=body,
        slots=slots,
        core=core,
        document_rels=layout.document_rels,
        rels_xml=layout.rels_xml,
        content_types_xml=layout.content_types_xml,
        taken_rels=frozenset(layout.taken_rels),
        shape_id=layout.shape_id,
        body_proven=layout.body_proven,
    )


def _for_compiling(source: str) -> str:
    """docxtpl's render_xml_part compiles with a newline before each paragraph (for error
    line numbers) and removes them after rendering; render/fill.py does the same."""
    return source.replace("<w:p ", "\n<w:p ").replace("<w:p>", "\n<w:p>")


def _template(environment: Any, code: CodeType) -> Any:
    """A Template from compiled code, as `environment.from_string` makes one."""
    return environment.template_class.from_code(
        environment, code, environment.make_globals(None), None
    )


def _slot(part: tuple[str, str, str, str], template: Any) -> Slot:
    name, _, head, tail = part
    return Slot(name, template, head.encode("utf-8"), tail.encode("utf-8"))


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
