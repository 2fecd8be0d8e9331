"""Signatures without labels at the end of a report: place and date, name, title.

Västerås' report ends with one or two signatures and no heading or
"Underskrift" label (domain.md §9): "Västerås 2021-08-20", the name on the next
line and the title on the one after. For a profile whose signature section has
no printed heading, these lines are cut from the last section (they are not
its text) and read as the signature and, when there are two, the co-signature.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from reportgen.dates import find_signature_date
from reportgen.model import Signature
from reportgen.profile import Section
from reportgen.sources.docx.blocks import Para
from reportgen.sources.docx.layout import Layout
from reportgen.sources.docx.places import Anchor, Reading
from reportgen.sources.docx.signature import place_without_date

_SHORT = 80  # a signature line is short; a longer one is text
_MAX_SIGNATURES = 2
_LINES_AFTER_DATE = 2  # the name and the title


@dataclass
class TrailingSignature:
    """A signature typed after the last section, and the paragraphs it took from that section."""

    signature: Signature
    paras: list[Para]


def cut_trailing_signatures(layout: Layout) -> list[TrailingSignature]:
    """The signatures at the very end of the report, removed from its last section."""
    if not layout.order:
        return []
    blocks = layout.parts[layout.order[-1]].blocks
    start = len(blocks)
    dated = 0
    lines_since = 0
    while start > 0:
        block = blocks[start - 1]
        if not isinstance(block, Para) or len(block.text.strip()) > _SHORT:
            break
        text = block.text.strip()
        if text:
            if _is_dated(text):
                dated += 1
                lines_since = 0
            else:
                lines_since += 1
                if lines_since > _LINES_AFTER_DATE:
                    break
        start -= 1
    while start < len(blocks) and not _dated_para(blocks[start]):
        start += 1
    if dated == 0 or dated > _MAX_SIGNATURES or start >= len(blocks):
        return []
    tail = [b for b in blocks[start:] if isinstance(b, Para) and b.text.strip()]
    del blocks[start:]
    found: list[TrailingSignature] = []
    for para in tail:
        text = para.text.strip()
        if _is_dated(text):
            signature = Signature(
                place=place_without_date(text), signed_on=find_signature_date(text)
            )
            found.append(TrailingSignature(signature, [para]))
            continue
        current = found[-1]
        if current.signature.name is None:
            current.signature.name = text
        elif current.signature.title is None:
            current.signature.title = text
        current.paras.append(para)
    return found


def _dated_para(block: object) -> bool:
    return isinstance(block, Para) and _is_dated(block.text.strip())


def _is_dated(text: str) -> bool:
    return bool(text) and len(text.split()) <= 5 and find_signature_date(text) is not None


def fill_trailing(
    section: Section, found: list[TrailingSignature], reading: Reading, data: dict[str, Any]
) -> None:
    """The first signature is the owner's, a second one the co-signature."""
    for key, index in (("underskrift", 0), ("medundertecknare", 1)):
        entry = found[index] if index < len(found) else None
        data[key] = entry.signature if entry else None
        para = entry.paras[0] if entry else None
        for part in ("", ".ort", ".datum", ".namn", ".titel"):
            reading.locate(f"{key}{part}", section.id, "underskriften", at=Anchor(para))
