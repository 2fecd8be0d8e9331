"""reportgen's template context as Carbone data: the same content, as plain JSON.

Carbone fills `{d.…}` tags from JSON, so the context that reportgen hands its
Word template is turned into plain values: docxtpl RichText becomes its text,
a RichTextParagraph a list of `{"p": text}` paragraphs (repeated by the
Carbone template), a chart `{"text": caption}` (reportgen's charts are native Word
charts, not pictures, and Carbone 3's community edition renders only their caption;
see template.py), and keys such as "3.1" become "s3_1", which Carbone's paths can name.
"""

from __future__ import annotations

import re
from typing import Any

_TEXT = re.compile(r"<w:t(?: [^>]*)?>([^<]*)</w:t>|<w:br/>")
_PARAGRAPH = re.compile(r"<w:p[ >].*?</w:p>", re.DOTALL)


def key(name: object) -> str:
    """A context key as a Carbone path element: '3.1' -> 's3_1', '6' -> 's6'."""
    text = str(name).replace(".", "_")
    return f"s{text}" if text[:1].isdigit() else text


def plain(value: Any) -> Any:
    """The JSON Carbone gets for one context value."""
    from reportgen.render.charts import ChartImage

    if isinstance(value, dict):
        return {key(k): plain(item) for k, item in value.items()}
    if isinstance(value, list | tuple):
        return [plain(item) for item in value]
    if isinstance(value, ChartImage):
        return {"text": value.caption}
    xml = getattr(value, "xml", None)
    if isinstance(xml, str):
        if "<w:p>" in xml or "<w:p " in xml:
            return [{"p": _text(p)} for p in _PARAGRAPH.findall(xml)]
        return _text(xml)
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


def _text(xml: str) -> str:
    from html import unescape

    return "".join(
        unescape(m.group(1)) if m.group(1) is not None else "\n" for m in _TEXT.finditer(xml)
    )
