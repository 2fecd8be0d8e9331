"""A Word body as a flat list of paragraphs and tables, read straight from the XML.

python-docx's `paragraph.text`, `table.rows` and `cell.text` build proxy objects
and re-walk the XML on every access; checking a folder of submitted reports
would spend most of its time there. This module walks `word/document.xml` once
and keeps only what the reader needs: each paragraph's text (tabs and line
breaks included, tracked deletions and Word's placeholder text left out), its
style and list status, and each table as rows of cells with their grid columns
(a merged cell spans several) and any tables nested in them. Bold is computed
only when asked, because only heading candidates need it; it counts bold typed
directly, through the paragraph style or through a character style ("Strong").

Every paragraph gets an ordinal in document order (`Para.index`, cells
included): reading the same file again gives the same ordinals, which is how a
finding's place is found again to anchor a Word comment (reportgen.staff).

Content controls (`w:sdt`) and custom XML wrappers are transparent: a filled-in
content control reads like ordinary text, one still showing its placeholder
(Word's prompt, a date picker's prompt or a custom one) reads as empty.

The work is bounded: a body with more paragraphs than any real report raises
`DocumentTooLarge` instead of reading on.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, NamedTuple

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = f"{{{W_NS}}}"
_P, _TBL, _TR, _TC = f"{W}p", f"{W}tbl", f"{W}tr", f"{W}tc"
_SDT, _SDT_CONTENT, _SDT_PR = f"{W}sdt", f"{W}sdtContent", f"{W}sdtPr"
_CUSTOM_XML = f"{W}customXml"
_T, _TAB, _BR, _CR = f"{W}t", f"{W}tab", f"{W}br", f"{W}cr"
_DRAWING, _PICT = f"{W}drawing", f"{W}pict"
_PPR, _PSTYLE, _NUMPR, _OUTLINE = f"{W}pPr", f"{W}pStyle", f"{W}numPr", f"{W}outlineLvl"
_R, _RPR, _B, _VAL, _RSTYLE = f"{W}r", f"{W}rPr", f"{W}b", f"{W}val", f"{W}rStyle"
_VMERGE, _TCPR, _GRID_SPAN = f"{W}vMerge", f"{W}tcPr", f"{W}gridSpan"
_TRPR, _GRID_BEFORE = f"{W}trPr", f"{W}gridBefore"
_STYLE, _STYLE_ID, _BASED_ON = f"{W}style", f"{W}styleId", f"{W}basedOn"
_PLACEHOLDER_FLAG = f"{W}showingPlcHdr"
_TEXT_TAGS = (_T, _TAB, _BR, _CR, _DRAWING, _PICT)
_PARA_TAGS = (*_TEXT_TAGS, _SDT_PR)
_FALSE = {"0", "false", "off"}
_PLACEHOLDER_STYLES = {"placeholder text", "platshållartext"}

MAX_PARAGRAPHS = 40_000
"""More paragraphs (cells included) than any real report has: a 60-page report has ~3 000."""

# Word's own prompt in an unfilled content control, in Swedish and English Word.
PLACEHOLDER_TEXTS = (
    "Klicka eller tryck här för att ange text.",
    "Klicka här för att ange text.",
    "Klicka eller tryck för att ange ett datum.",
    "Klicka här för att ange ett datum.",
    "Click or tap here to enter text.",
    "Click here to enter text.",
    "Click or tap to enter a date.",
    "Click here to enter a date.",
    "Välj ett objekt.",
    "Choose an item.",
)
_PROMPT_WORDS = ("Klicka", "Click", "Välj ett objekt", "Choose an item")


class DocumentTooLarge(Exception):
    """The body has more paragraphs than `MAX_PARAGRAPHS`; nothing more is read."""


class StyleInfo(NamedTuple):  # not a frozen dataclass: ~0.5 ms less at start-up
    """What the reader needs to know about a paragraph or character style."""

    name: str  # lower case, e.g. "heading 2", "title", "list bullet", "strong"
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
    index: int = -1  # ordinal in document order (cells included); -1: not from the body
    numbered: bool = False  # Word's automatic numbering on the paragraph itself (w:numPr)
    styles: StyleMap | None = field(default=None, repr=False)
    _bold: bool | None = field(default=None, repr=False)

    @classmethod
    def plain(cls, text: str) -> Para:
        """A paragraph of text only, e.g. what followed a heading on its line."""
        return cls(text, NO_STYLE, False, False, None, _bold=False)

    @property
    def bold(self) -> bool:
        """Every run with text is bold (directly or by style): a heading typed by hand."""
        if self._bold is None:
            self._bold = self.style.bold or _all_runs_bold(self.element, self.styles)
        return self._bold

    @property
    def looks_like_heading(self) -> bool:
        return self.style.heading_level is not None or self.style.is_title or self.bold


@dataclass(eq=False)
class Table:
    """A table as rows of cells, each cell placed on the table's grid."""

    rows: list[list[Cell]]

    def row_texts(self, index: int) -> list[str]:
        return [cell.text for cell in self.rows[index]]

    @cached_property
    def width(self) -> int:
        """Grid columns: merged cells count for every column they span."""
        return max((c.column + c.span for row in self.rows for c in row[-1:]), default=0)

    def grid_texts(self, index: int) -> list[str]:
        """A row's texts by grid column; a merged cell's text stands in its first column."""
        texts = [""] * self.width
        for cell in self.rows[index]:
            texts[cell.column] = cell.text
        return texts


@dataclass(eq=False)
class Cell:
    """One table cell: its paragraphs, its grid columns and whether it merely continues a merge."""

    paras: list[Para]  # every paragraph, nested tables' included
    merged_from_above: bool = False  # a vertically merged continuation cell
    column: int = 0  # first grid column
    span: int = 1  # grid columns covered (w:gridSpan)
    blocks: list[Para | Table] = field(default_factory=list)  # paragraphs and nested tables

    @property
    def text(self) -> str:
        return "\n".join(p.text for p in self.paras if p.text).strip()


Block = Para | Table


class StyleMap:
    """styleId -> StyleInfo from styles.xml, resolved only for the styles a body uses.

    Style ids are localised ("Rubrik1" in Swedish Word) but names are not
    ("heading 1"), so headings are recognised by name or by outline level.
    Word's styles part lists a few hundred styles; most reports use a dozen.
    """

    def __init__(self, styles_element: Any) -> None:
        self._elements: dict[str, Any] = {}
        self._resolved: dict[str, StyleInfo] = {}
        if styles_element is not None:
            for style in styles_element.iterchildren(_STYLE):
                style_id = style.get(_STYLE_ID)
                if style_id:
                    self._elements[style_id] = style

    def get(self, style_id: str) -> StyleInfo:
        found = self._resolved.get(style_id)
        if found is None:
            element = self._elements.get(style_id)
            found = NO_STYLE if element is None else _style_info(style_id, element, self)
            self._resolved[style_id] = found
        return found

    def based_on_bold(self, style: Any, depth: int) -> bool:
        """Bold inherited through w:basedOn (a custom style based on "Strong")."""
        based = style.find(_BASED_ON)
        if based is None or depth > 8:
            return False
        parent = self._elements.get(based.get(_VAL) or "")
        return parent is not None and _style_bold(parent, self, depth + 1)


def style_map(styles_element: Any) -> StyleMap:
    return StyleMap(styles_element)


def _style_info(style_id: str, style: Any, styles: StyleMap) -> StyleInfo:
    name_el = style.find(f"{W}name")
    name = ((name_el.get(_VAL) if name_el is not None else None) or style_id).casefold()
    level: int | None = None
    for prefix in ("heading ", "rubrik "):
        if name.startswith(prefix) and name[len(prefix) :].strip().isdigit():
            level = int(name[len(prefix) :])
    ppr = style.find(_PPR)
    if level is None and ppr is not None:
        level = _outline_level(ppr.find(_OUTLINE))
    return StyleInfo(name, level, _style_bold(style, styles, 0))


def _style_bold(style: Any, styles: StyleMap, depth: int) -> bool:
    rpr = style.find(_RPR)
    if rpr is not None and rpr.find(_B) is not None:
        return _is_on(rpr.find(_B))
    return styles.based_on_bold(style, depth)


def _outline_level(outline: Any) -> int | None:
    """w:outlineLvl 0–8 makes a heading of level 1–9; 9 means body text."""
    if outline is None:
        return None
    value = outline.get(_VAL) or ""
    return int(value) + 1 if value.isdigit() and int(value) < 9 else None


def read_body(body: Any, styles: StyleMap, *, max_paragraphs: int = MAX_PARAGRAPHS) -> list[Block]:
    """The body's paragraphs and tables in document order (DocumentTooLarge past the bound)."""
    reader = _BodyReader(styles, max_paragraphs)
    blocks: list[Block] = []
    reader.collect(body, blocks)
    return blocks


def part_text(element: Any) -> str:
    """All text of a part such as a page header, one line per paragraph."""
    lines = []
    for p in element.iter(_P):
        text = "".join(node.text or "" for node in p.iter(_T))
        if text.strip():
            lines.append(text.strip())
    return "\n".join(lines)


class _BodyReader:
    """One walk over a body: numbers the paragraphs and stops at the bound."""

    def __init__(self, styles: StyleMap, max_paragraphs: int) -> None:
        self.styles = styles
        self.max_paragraphs = max_paragraphs
        self.count = 0

    def collect(self, container: Any, out: list[Block]) -> None:
        for child in container.iterchildren():
            tag = child.tag
            if tag == _P:
                out.append(self.para(child))
            elif tag == _TBL:
                out.append(self.table(child))
            elif tag == _SDT:
                if _shows_placeholder(child, self.styles):
                    continue
                content = child.find(_SDT_CONTENT)
                if content is not None:
                    self.collect(content, out)
            elif tag == _CUSTOM_XML:
                self.collect(child, out)

    def para(self, p: Any) -> Para:
        if self.count >= self.max_paragraphs:
            raise DocumentTooLarge(self.count)
        index = self.count
        self.count += 1
        text, drawing = _para_text(p, self.styles)
        style = NO_STYLE
        numbered = False
        ppr = p.find(_PPR)
        if ppr is not None:
            pstyle = ppr.find(_PSTYLE)
            if pstyle is not None:
                style = self.styles.get(pstyle.get(_VAL) or "")
            numbered = ppr.find(_NUMPR) is not None
            if style.heading_level is None:
                level = _outline_level(ppr.find(_OUTLINE))
                if level is not None:
                    style = StyleInfo(style.name, level, style.bold)
        list_item = numbered or style.is_list
        return Para(text, style, list_item, drawing, p, index, numbered, self.styles)

    def table(self, tbl: Any) -> Table:
        rows: list[list[Cell]] = []
        for tr, _ in _children(tbl, _TR):
            cells: list[Cell] = []
            column = _grid_before(tr)
            for tc, placeholder in _children(tr, _TC):
                blocks: list[Block] = []
                if not placeholder:
                    self.collect(tc, blocks)
                flat: list[Para] = []
                for block in blocks:
                    if isinstance(block, Para):
                        flat.append(block)
                    else:  # a table nested in a cell: its text belongs to the cell too
                        flat.extend(p for row in block.rows for cell in row for p in cell.paras)
                span = _grid_span(tc)
                cells.append(Cell(flat, _continues_merge(tc), column, span, blocks))
                column += span
            rows.append(cells)
        return Table(rows)


def _para_text(p: Any, styles: StyleMap) -> tuple[str, bool]:
    """The paragraph's text (without placeholders) and whether it holds a picture."""
    pieces: list[str] = []
    drawing = False
    skipped: set[Any] = set()
    for node in p.iter(_PARA_TAGS):
        tag = node.tag
        if skipped and node in skipped:
            continue
        if tag == _T:
            if node.text:
                pieces.append(node.text)
        elif tag == _TAB:
            # w:tab is also a tab-stop definition inside w:pPr/w:tabs; only run tabs are text
            if node.getparent().tag == _R:
                pieces.append("\t")
        elif tag in (_BR, _CR):
            pieces.append("\n")
        elif tag == _SDT_PR:  # an inline content control: is it still showing its placeholder?
            sdt = node.getparent()
            if _shows_placeholder(sdt, styles):
                skipped.update(sdt.iter(_TEXT_TAGS))
        else:
            drawing = True
    text = "".join(pieces)
    if text and any(word in text for word in _PROMPT_WORDS):
        for placeholder in PLACEHOLDER_TEXTS:
            text = text.replace(placeholder, "")
    return text, drawing


def _children(element: Any, tag: str, placeholder: bool = False) -> list[tuple[Any, bool]]:
    """Direct children with `tag`, looking through content controls and custom XML.

    Each comes with whether a content control around it still shows its placeholder.
    """
    found: list[tuple[Any, bool]] = []
    for child in element.iterchildren():
        if child.tag == tag:
            found.append((child, placeholder))
        elif child.tag in (_SDT, _CUSTOM_XML):
            inner = child.find(_SDT_CONTENT) if child.tag == _SDT else child
            if inner is not None:
                shown = placeholder or (child.tag == _SDT and _has_placeholder_flag(child))
                found.extend(_children(inner, tag, shown))
    return found


def _grid_span(tc: Any) -> int:
    tcpr = tc.find(_TCPR)
    span = tcpr.find(_GRID_SPAN) if tcpr is not None else None
    value = span.get(_VAL) if span is not None else None
    return max(1, min(int(value), 64)) if value and value.isdigit() else 1


def _grid_before(tr: Any) -> int:
    trpr = tr.find(_TRPR)
    before = trpr.find(_GRID_BEFORE) if trpr is not None else None
    value = before.get(_VAL) if before is not None else None
    return min(int(value), 64) if value and value.isdigit() else 0


def _continues_merge(tc: Any) -> bool:
    tcpr = tc.find(_TCPR)
    if tcpr is None:
        return False
    vmerge = tcpr.find(_VMERGE)
    return vmerge is not None and vmerge.get(_VAL) in (None, "continue")


def _has_placeholder_flag(sdt: Any) -> bool:
    pr = sdt.find(_SDT_PR)
    return pr is not None and pr.find(_PLACEHOLDER_FLAG) is not None


def _shows_placeholder(sdt: Any, styles: StyleMap) -> bool:
    """Word flags an unfilled control (w:showingPlcHdr) and styles its text "Placeholder Text"."""
    if _has_placeholder_flag(sdt):
        return True
    content = sdt.find(_SDT_CONTENT)
    if content is None:
        return False
    styled = False
    for run in content.iter(_R):
        if not any((t.text or "").strip() for t in run.iterchildren(_T)):
            continue
        rpr = run.find(_RPR)
        rstyle = rpr.find(_RSTYLE) if rpr is not None else None
        if rstyle is None or styles.get(rstyle.get(_VAL) or "").name not in _PLACEHOLDER_STYLES:
            return False
        styled = True
    return styled


def _is_on(element: Any) -> bool:
    return element is not None and (element.get(_VAL) or "true").casefold() not in _FALSE


def _all_runs_bold(p: Any, styles: StyleMap | None) -> bool:
    seen_text = False
    for run in p.iter(_R):
        if not any((t.text or "").strip() for t in run.iterchildren(_T)):
            continue
        seen_text = True
        if not _run_bold(run, styles):
            return False
    return seen_text


def _run_bold(run: Any, styles: StyleMap | None) -> bool:
    """Bold typed on the run, or given by its character style (direct formatting wins)."""
    rpr = run.find(_RPR)
    if rpr is None:
        return False
    bold = rpr.find(_B)
    if bold is not None:
        return _is_on(bold)
    rstyle = rpr.find(_RSTYLE)
    if rstyle is None or styles is None:
        return False
    return styles.get(rstyle.get(_VAL) or "").bold
