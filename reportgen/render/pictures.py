"""Charts as Word pictures without python-docx: the drawing XML and the media parts.

A ChartImage in the context becomes a `Picture` here; printing it in a template
(`{{r bild }}` or `{{ bild }}`) writes the run holding the drawing, as docxtpl's
InlineImage does, and the PNG goes into the report once per distinct image as
`word/media/imageN.png`, stored without deflating it again. The size follows
python-docx: the given width, the height from the image's aspect ratio and its
dpi, in EMU. The alt text is the drawing's `descr` (see render/alt_text.py).
"""

from __future__ import annotations

import hashlib
import re
import struct
from dataclasses import dataclass, field
from html import escape
from typing import Any

from reportgen.render.package import PackedPart, store

__all__ = ["Picture", "Pictures", "png_size"]

EMU_PER_CM = 360_000
EMU_PER_INCH = 914_400
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_IMAGE_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_INLINE = (
    '<wp:inline xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture">'
    '<wp:extent cx="{cx}" cy="{cy}"/>'
    '<wp:docPr id="{shape}" name="Picture {shape}" descr="{descr}"/>'
    '<wp:cNvGraphicFramePr><a:graphicFrameLocks noChangeAspect="1"/></wp:cNvGraphicFramePr>'
    '<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture">'
    '<pic:pic><pic:nvPicPr><pic:cNvPr id="0" name="image.png" descr="{descr}"/><pic:cNvPicPr/>'
    '</pic:nvPicPr><pic:blipFill><a:blip r:embed="{rid}"/><a:stretch><a:fillRect/></a:stretch>'
    '</pic:blipFill><pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm>'
    '<a:prstGeom prst="rect"/></pic:spPr></pic:pic></a:graphicData></a:graphic></wp:inline>'
)


class PictureError(ValueError):
    """The bytes are not a PNG this module can place (charts are always PNG)."""


def png_size(data: bytes) -> tuple[int, int, int, int]:
    """(pixel width, pixel height, horizontal dpi, vertical dpi); 72 dpi when unstated."""
    if data[:8] != _PNG_SIGNATURE or data[12:16] != b"IHDR":
        raise PictureError("bilden är inte en PNG-bild")
    width, height = struct.unpack(">II", data[16:24])
    horizontal = vertical = 72
    position = 8
    while position + 8 <= len(data):
        length, kind = struct.unpack(">I4s", data[position : position + 8])
        if kind == b"pHYs" and length >= 9:
            x, y, unit = struct.unpack(">IIB", data[position + 8 : position + 17])
            if unit == 1:  # pixels per metre; python-docx rounds the same way
                horizontal = round(x * 0.0254) if x else 72
                vertical = round(y * 0.0254) if y else 72
            break
        if kind in (b"IDAT", b"IEND"):
            break
        position += 12 + length
    return width, height, horizontal, vertical


@dataclass
class Pictures:
    """The pictures of one report: media parts and relationships, added as they are printed.

    `first_rel` and `first_media` are the lowest numbers the template leaves free;
    `shape_id` is the docPr id python-docx would give (renumbered later with the rest).
    """

    first_rel: int
    taken_rels: frozenset[str]
    first_media: int
    shape_id: int
    active: bool = True
    media: list[PackedPart] = field(default_factory=list)
    relationships: list[tuple[str, str]] = field(default_factory=list)  # (rId, target)
    _by_digest: dict[str, str] = field(default_factory=dict)
    _next_rel: int = 0

    def picture(self, png: bytes, *, width_cm: float, description: str) -> Picture:
        return Picture(self, png, int(width_cm * EMU_PER_CM), description)

    def relationship_for(self, png: bytes) -> str:
        """The rId of this image's part, adding the part the first time it is seen."""
        if not self.active:
            raise PictureError("bilder kan bara stå i dokumentets brödtext")
        digest = hashlib.sha1(png).hexdigest()
        rid = self._by_digest.get(digest)
        if rid is None:
            rid = self._free_rel()
            name = f"word/media/image{self.first_media + len(self.media)}.png"
            self.media.append(store(name, png))
            self.relationships.append((rid, name.removeprefix("word/")))
            self._by_digest[digest] = rid
        return rid

    def _free_rel(self) -> str:
        number = max(self._next_rel, self.first_rel)
        while f"rId{number}" in self.taken_rels:
            number += 1
        self._next_rel = number + 1
        return f"rId{number}"

    def relationship_xml(self) -> str:
        return "".join(
            f'<Relationship Id="{rid}" Type="{_IMAGE_REL}" Target="{target}"/>'
            for rid, target in self.relationships
        )


@dataclass(frozen=True)
class Picture:
    """A chart placed where the template prints it; each printing is one drawing."""

    owner: Pictures
    png: bytes
    width: int  # EMU
    description: str

    def inline_xml(self) -> str:
        pixels_wide, pixels_high, dpi_x, dpi_y = png_size(self.png)
        native_width = int(pixels_wide / dpi_x * EMU_PER_INCH)
        native_height = int(pixels_high / dpi_y * EMU_PER_INCH)
        height = round(native_height * (self.width / native_width))
        return _INLINE.format(
            cx=self.width,
            cy=height,
            shape=self.owner.shape_id,
            descr=escape(_NOT_XML.sub("", self.description), quote=True),
            rid=self.owner.relationship_for(self.png),
        )

    def __html__(self) -> str:
        return (
            f"</w:t></w:r><w:r><w:drawing>{self.inline_xml()}</w:drawing></w:r><w:r>"
            '<w:t xml:space="preserve">'
        )

    def __str__(self) -> str:
        return self.__html__()


def with_pictures(value: Any, pictures: Pictures) -> Any:
    """Replace every ChartImage in the context by `{"bild": Picture, "text": caption}`."""
    from reportgen.render.charts import ChartImage

    if isinstance(value, ChartImage):
        image = pictures.picture(value.png, width_cm=value.width_cm, description=value.alt_text)
        return {"bild": image, "text": value.caption}
    if isinstance(value, dict):
        return {key: with_pictures(item, pictures) for key, item in value.items()}
    if isinstance(value, list):
        return [with_pictures(item, pictures) for item in value]
    return value
