"""Alt text on Word images: `descr` on the drawing's wp:docPr, which becomes /Alt in a PDF.

A screen reader says nothing useful about a chart without it, and Swedish accessibility
law (lagen om tillgänglighet till digital offentlig service) applies to the board papers
associations publish. Word shows the same text under "Alternativ text", and LibreOffice's
tagged PDF export writes it as the Figure's /Alt.
"""

from __future__ import annotations

import re
from typing import Any

from docxtpl import InlineImage

# Characters XML 1.0 cannot hold; owner text (an intervention's name) may contain them.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


class DescribedImage(InlineImage):  # type: ignore[misc]
    """A docxtpl InlineImage whose drawing carries `description` as its alt text."""

    def __init__(self, tpl: Any, image_descriptor: Any, *, description: str, **size: Any) -> None:
        super().__init__(tpl, image_descriptor, **size)
        self.description = description

    def _insert_image(self) -> str:
        inline = self.tpl.current_rendering_part.new_pic_inline(
            self.image_descriptor, self.width, self.height
        )
        describe(inline, self.description)
        return (
            f"</w:t></w:r><w:r><w:drawing>{inline.xml}</w:drawing></w:r><w:r>"
            '<w:t xml:space="preserve">'
        )


def describe(inline: Any, description: str) -> None:
    """Set `descr` on the picture's wp:docPr and pic:cNvPr (Word writes both)."""
    text = _NOT_XML.sub("", description)
    for element in inline.xpath(".//wp:docPr | .//pic:cNvPr"):
        element.set("descr", text)
