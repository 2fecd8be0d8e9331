"""Charts placed in a Word report without python-docx: the drawing XML and the chart parts.

A ChartImage in the context becomes a `Picture` here; printing it in a template
(`{{r bild }}` or `{{ bild }}`) writes the run holding an inline drawing whose
graphic is a native chart (`c:chart`), and the chart's part goes into the report
as `word/charts/chartN.xml` with its relationship from document.xml and a
content-type Override. Each printing is its own drawing with its own chart part,
as Word writes them. The alt text is the drawing's `descr` and the caption's
subject its `title` (see render/alt_text.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from html import escape
from typing import TYPE_CHECKING, Any

from reportgen.formatting import NOT_XML_CHARACTER
from reportgen.render.chart_xml import CHART_CONTENT_TYPE, CHART_REL, CHART_URI
from reportgen.render.package import PackedPart, pack

if TYPE_CHECKING:
    from reportgen.render.charts import ChartImage

__all__ = [
    "CHART_PART",
    "Picture",
    "PictureError",
    "Pictures",
    "drawing_run",
    "inline_xml",
    "with_pictures",
]

EMU_PER_CM = 360_000
CHART_PART = "word/charts/chart{}.xml"
CHART_PART_LEVEL = 1
"""Deflate level for chart parts (a few KiB each), as for the other parts made per report."""
_INLINE = (
    '<wp:inline distT="0" distB="0" distL="0" distR="0"><wp:extent cx="{cx}" cy="{cy}"/>'
    '<wp:effectExtent l="0" t="0" r="0" b="0"/>'
    '<wp:docPr id="{shape}" name="Diagram {shape}" descr="{descr}" title="{title}"/>'
    "<wp:cNvGraphicFramePr/>"
    '<a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
    f'<a:graphicData uri="{CHART_URI}"><c:chart xmlns:c="{CHART_URI}" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
    'r:id="{rid}"/></a:graphicData></a:graphic></wp:inline>'
)


class PictureError(ValueError):
    """A chart printed where it cannot go (a header or footer has its own relationships)."""


def inline_xml(chart: ChartImage, rid: str, shape_id: int) -> str:
    """The `wp:inline` of a chart drawing: full width, its height from its groups."""
    return _INLINE.format(
        cx=round(chart.width_cm * EMU_PER_CM),
        cy=round(chart.height_cm * EMU_PER_CM),
        shape=shape_id,
        descr=_attribute(chart.alt_text),
        title=_attribute(chart.title),
        rid=rid,
    )


def drawing_run(inline: str) -> str:
    """A drawing printed inside a template's text run: the run is closed, the drawing gets
    a run of its own, and a new run takes up the text after it (as docxtpl's InlineImage)."""
    return f'</w:t></w:r><w:r><w:drawing>{inline}</w:drawing></w:r><w:r><w:t xml:space="preserve">'


def _attribute(text: str) -> str:
    return escape(NOT_XML_CHARACTER.sub("", text), quote=True)


@dataclass
class Pictures:
    """The charts of one report: chart parts and relationships, added as they are printed.

    `taken_rels` and `taken_parts` are what the template already uses; `shape_id`
    is the docPr id python-docx would give (renumbered later with the rest).
    """

    first_rel: int
    taken_rels: frozenset[str]
    shape_id: int
    taken_parts: frozenset[str] = frozenset()
    active: bool = True
    parts: list[PackedPart] = field(default_factory=list)
    relationships: list[tuple[str, str]] = field(default_factory=list)  # (rId, target)
    _next_rel: int = 0
    _next_part: int = 1

    def picture(self, chart: ChartImage) -> Picture:
        return Picture(self, chart)

    def add_chart(self, chart: ChartImage) -> str:
        """The rId of a new chart part holding `chart`."""
        if not self.active:
            raise PictureError("diagram kan bara stå i dokumentets brödtext")
        rid = self._free_rel()
        name = self._free_part()
        self.parts.append(pack(name, chart.xml, CHART_PART_LEVEL))
        self.relationships.append((rid, name.removeprefix("word/")))
        return rid

    def _free_rel(self) -> str:
        number = max(self._next_rel, self.first_rel)
        while f"rId{number}" in self.taken_rels:
            number += 1
        self._next_rel = number + 1
        return f"rId{number}"

    def _free_part(self) -> str:
        """The first free chartN.xml, as python-docx's `next_partname` picks it."""
        number = self._next_part
        while CHART_PART.format(number) in self.taken_parts:
            number += 1
        self._next_part = number + 1
        return CHART_PART.format(number)

    def relationship_xml(self) -> str:
        return "".join(
            f'<Relationship Id="{rid}" Type="{CHART_REL}" Target="{target}"/>'
            for rid, target in self.relationships
        )

    def content_types(self, xml: str) -> str:
        """`[Content_Types].xml` with an Override for each chart part."""
        overrides = "".join(
            f'<Override PartName="/{part.name}" ContentType="{CHART_CONTENT_TYPE}"/>'
            for part in self.parts
        )
        return xml.replace("</Types>", overrides + "</Types>")


@dataclass(frozen=True)
class Picture:
    """A chart placed where the template prints it; each printing is one drawing."""

    owner: Pictures
    chart: ChartImage

    def inline_xml(self) -> str:
        return inline_xml(self.chart, self.owner.add_chart(self.chart), self.owner.shape_id)

    def __html__(self) -> str:
        return drawing_run(self.inline_xml())

    def __str__(self) -> str:
        return self.__html__()


def with_pictures(value: Any, pictures: Pictures) -> Any:
    """Replace every ChartImage in the context by `{"bild": Picture, "text": caption}`.

    The context is copied as before (dicts and lists anew); a value of a plain class
    (text, number, date, RichText …) is neither a chart nor a container, so it is kept without a
    call: most of a context's some 650 values are such leaves.
    """
    from reportgen.render.charts import ChartImage

    return _swapped(value, pictures, ChartImage)


def _swapped(value: Any, pictures: Pictures, chart_class: type[ChartImage]) -> Any:
    if isinstance(value, dict):
        return {
            key: item if item.__class__ in _LEAVES else _swapped(item, pictures, chart_class)
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [
            item if item.__class__ in _LEAVES else _swapped(item, pictures, chart_class)
            for item in value
        ]
    if isinstance(value, chart_class):
        return {"bild": pictures.picture(value), "text": value.caption}
    _LEAVES.add(value.__class__)  # neither now nor ever: a class keeps its bases
    return value


_LEAVES: set[type] = {str, int, float, bool, type(None), date, datetime, Decimal, tuple}
"""Classes that are neither a chart nor a dict or list (nor subclass one): kept as they are,
learnt as they are met (RichText …)."""
