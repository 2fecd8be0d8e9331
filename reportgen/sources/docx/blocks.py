"""A Word body as a flat list of paragraphs and tables, read straight from the XML.

python-docx's `paragraph.text`, `table.rows` and `cell.text` build proxy objects
and re-walk the XML on every access; checking a folder of submitted reports
would spend most of its time there. This module walks `word/document.xml` once
and keeps only what the reader needs: each paragraph's text (tabs and line
breaks included, tracked deletions and Word's placeholder text left out), its
style and list status, and each table as rows of cells. Bold is computed only
when asked, because only heading candidates need it.

Content controls (`w:sdt`) and custom XML wrappers are transparent: a filled-in
content control reads like ordinary text, an unfilled one (showing its
placeholder) reads as empty.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = f"{{{W_NS}}}"
_P, _TBL, _TR, _TC = f"{W}p", f"{W}tbl", f"{W}tr", f"{W}tc"
_SDT, _SDT_CONTENT, _SDT_PR = f"{W}sdt", f"{W}sdtContent", f"{W}sdtPr"
_CUSTOM_XML = f"{W}customXml"
_T, _TAB, _BR, _CR = f"{W}t", f"{W}tab", f"{W}br", f"{W}cr"
_DRAWING, _PICT = f"{W}drawing", f"{W}pict"
_PPR, _PSTYLE, _NUMPR, _OUTLINE = f"{W}pPr", f"{W}pStyle", f"{W}numPr", f"{W}outlineLvl"
_R, _RPR, _B, _VAL = f"{W}r", f"{W}rPr", f"{W}b", f"{W}val"
_VMERGE, _TCPR = f"{W}vMerge", f"{W}tcPr"
_STYLE, _STYLE_ID = f"{W}style", f"{W}styleId"
_PLACEHOLDER_FLAG = f"{W}showingPlcHdr"
_TEXT_TAGS = (_T, _TAB, _BR, _CR, _DRAWING, _PICT)
_FALSE = {"0", "false", "off"}

# Word's own prompt in an unfilled content control, in Swedish and English Word.
PLACEHOLDER_TEXTS = (
    "Klicka eller tryck här för att ange text.",
    "Klicka här för att ange text.",
    "Click or tap here to enter text.",
    "Click here to enter text.",
)


@dataclass(frozen=True)
class StyleInfo:
    """What the reader needs to know about a paragraph style."""

    name: str  # lower case, e.g. "heading 2", "title", "list bullet"
    heading_level: int | None = None
    bold: bool = False

    @property
    def is_title(self) -> bool:
        return self.name in ("title", "subtitle", "rubrik", "underrubrik")

    @property
    def is_list(self) -> bool:
        return "list" in self.name or "lista" in self.name


NO_STYLE = StyleInfo("normal")


@dataclass(eq=False)
class Para:
    """One paragraph: its text and the formatting that can make it a heading."""

    text: str
    style: StyleInfo
    list_item: bool
    has_drawing: bool
    element: Any = field(repr=False)
    _bold: bool | None = field(default=None, repr=False)

    @classmethod
    def plain(cls, text: str) -> Para:
        """A paragraph of text only, e.g. what followed a heading on its line."""
        return cls(text, NO_STYLE, False, False, None, False)

    @property
    def bold(self) -> bool:
        """Every run with text is bold (directly or by style): a heading typed by hand."""
        if self._bold is None:
            self._bold = self.style.bold or _all_runs_bold(self.element)
        return self._bold

    @property
    def looks_like_heading(self) -> bool:
        return self.style.heading_level is not None or self.style.is_title or self.bold


@dataclass(eq=False)
class Cell:
    paras: list[Para]
    merged_from_above: bool = False  # a vertically merged continuation cell

    @property
    def text(self) -> str:
        return "\n".join(p.text for p in self.paras if p.text).strip()


@dataclass(eq=False)
class Table:
    rows: list[list[Cell]]

    def row_texts(self, index: int) -> list[str]:
        return [cell.text for cell in self.rows[index]]


Block = Para | Table


class StyleMap:
    """styleId -> StyleInfo from styles.xml, resolved only for the styles a body uses.

    Style ids are localised ("Rubrik1" in Swedish Word) but names are not
    ("heading 1"), so headings are recognised by name or by outline level.
    Word's styles part lists a few hundred styles; most reports use a dozen.
    """

    def __init__(self, styles_element: Any) -> None:
        self._elements: dict[str, Any] = {}
        self._resolved: StyleMap = {}
        if styles_element is not None:
            for style in styles_element.iterchildren(_STYLE):
                style_id = style.get(_STYLE_ID)
                if style_id:
                    self._elements[style_id] = style

    def get(self, style_id: str) -> StyleInfo:
        found = self._resolved.get(style_id)
        if found is None:
            element = self._elements.get(style_id)
            found = NO_STYLE if element is None else _style_info(style_id, element)
            self._resolved[style_id] = found
        return found


def style_map(styles_element: Any) -> StyleMap:
    return StyleMap(styles_element)


def _style_info(style_id: str, style: Any) -> StyleInfo:
    name_el = style.find(f"{W}name")
    name = ((name_el.get(_VAL) if name_el is not None else None) or style_id).casefold()
    level: int | None = None
    for prefix in ("heading ", "rubrik "):
        if name.startswith(prefix) and name[len(prefix) :].strip().isdigit():
            level = int(name[len(prefix) :])
    ppr = style.find(_PPR)
    if level is None and ppr is not None:
        level = _outline_level(ppr.find(_OUTLINE))
    rpr = style.find(_RPR)
    bold = rpr is not None and _is_on(rpr.find(_B))
    return StyleInfo(name, level, bold)


def _outline_level(outline: Any) -> int | None:
    """w:outlineLvl 0–8 makes a heading of level 1–9; 9 means body text."""
    if outline is None:
        return None
    value = outline.get(_VAL) or ""
    return int(value) + 1 if value.isdigit() and int(value) < 9 else None


def read_body(body: Any, styles: StyleMap) -> list[Block]:
    """The body's paragraphs and tables in document order."""
    blocks: list[Block] = []
    _collect(body, styles, blocks)
    return blocks


def part_text(element: Any) -> str:
    """All text of a part such as a page header, one line per paragraph."""
    lines = []
    for p in element.iter(_P):
        text = "".join(node.text or "" for node in p.iter(_T))
        if text.strip():
            lines.append(text.strip())
    return "\n".join(lines)


def _collect(container: Any, styles: StyleMap, out: list[Block]) -> None:
    for child in container.iterchildren():
        tag = child.tag
        if tag == _P:
            out.append(_para(child, styles))
        elif tag == _TBL:
            out.append(_table(child, styles))
        elif tag == _SDT:
            if _is_placeholder(child):
                continue
            content = child.find(_SDT_CONTENT)
            if content is not None:
                _collect(content, styles, out)
        elif tag == _CUSTOM_XML:
            _collect(child, styles, out)


def _para(p: Any, styles: StyleMap) -> Para:
    pieces: list[str] = []
    drawing = False
    for node in p.iter(_TEXT_TAGS):
        tag = node.tag
        if tag == _T:
            if node.text:
                pieces.append(node.text)
        elif tag == _TAB:
            # w:tab is also a tab-stop definition inside w:pPr/w:tabs; only run tabs are text
            if node.getparent().tag == _R:
                pieces.append("\t")
        elif tag in (_BR, _CR):
            pieces.append("\n")
        else:
            drawing = True
    text = "".join(pieces)
    if text and ("Klicka" in text or "Click" in text):
        for placeholder in PLACEHOLDER_TEXTS:
            text = text.replace(placeholder, "")
    style = NO_STYLE
    list_item = False
    ppr = p.find(_PPR)
    if ppr is not None:
        pstyle = ppr.find(_PSTYLE)
        if pstyle is not None:
            style = styles.get(pstyle.get(_VAL) or "")
        list_item = ppr.find(_NUMPR) is not None
        if style.heading_level is None:
            level = _outline_level(ppr.find(_OUTLINE))
            if level is not None:
                style = StyleInfo(style.name, level, style.bold)
    return Para(text, style, list_item or style.is_list, drawing, p)


def _table(tbl: Any, styles: StyleMap) -> Table:
    rows: list[list[Cell]] = []
    for tr in _children(tbl, _TR):
        cells: list[Cell] = []
        for tc in _children(tr, _TC):
            paras: list[Block] = []
            _collect(tc, styles, paras)
            flat: list[Para] = []
            for block in paras:
                if isinstance(block, Para):
                    flat.append(block)
                else:  # a table nested in a cell: its text belongs to the cell
                    flat.extend(p for row in block.rows for cell in row for p in cell.paras)
            cells.append(Cell(flat, _continues_merge(tc)))
        rows.append(cells)
    return Table(rows)


def _children(element: Any, tag: str) -> list[Any]:
    """Direct children with `tag`, looking through content controls and custom XML."""
    found: list[Any] = []
    for child in element.iterchildren():
        if child.tag == tag:
            found.append(child)
        elif child.tag in (_SDT, _CUSTOM_XML):
            inner = child.find(_SDT_CONTENT) if child.tag == _SDT else child
            if inner is not None:
                found.extend(_children(inner, tag))
    return found


def _continues_merge(tc: Any) -> bool:
    tcpr = tc.find(_TCPR)
    if tcpr is None:
        return False
    vmerge = tcpr.find(_VMERGE)
    return vmerge is not None and vmerge.get(_VAL) in (None, "continue")


def _is_placeholder(sdt: Any) -> bool:
    pr = sdt.find(_SDT_PR)
    return pr is not None and pr.find(_PLACEHOLDER_FLAG) is not None


def _is_on(element: Any) -> bool:
    return element is not None and (element.get(_VAL) or "true").casefold() not in _FALSE


def _all_runs_bold(p: Any) -> bool:
    seen_text = False
    for run in p.iter(_R):
        if not any((t.text or "").strip() for t in run.iterchildren(_T)):
            continue
        seen_text = True
        rpr = run.find(_RPR)
        if rpr is None or not _is_on(rpr.find(_B)):
            return False
    return seen_text
