"""A body proven well-formed once per template, so reports need not parse theirs.

docxtpl parses every rendered body with lxml (repairing broken XML) to fix the
tables' column grids and number the drawings; render/body_steps.py does the same
with fewer passes, but the parse – 2 ms of a 23 ms report – stayed. Whether a
rendered body can be broken is, however, a property of the template: Jinja
escapes every value, the XML reportgen itself inserts (runs, charts, appendix
tables) is well-formed, so only the template's own tags can unbalance the XML –
an `{% if %}` opened in one element and closed in another, say. `prove` checks
that once, when a template is prepared, on the template's Jinja source:

* the source is well-formed XML, `w` and `wp` are bound to WordprocessingML's
  namespaces on the root and never rebound, and no other prefix names them;
* every `{% for %}`/`{% if %}` opens and ends among the same element's
  children (so whatever it repeats or leaves out is whole elements), no tag
  stands in an attribute, and only for, if, elif, else and one-line set occur;
* no table holds another table, and in every table a row is a child of its
  table, a cell a child of its row and a gridSpan one of the cell's tcPr.

A proven body's tables are then of two kinds. A table whose grid docxtpl would
never change, whatever rows the report has, is marked `<w:tbl >` (the same
element to every XML reader): its rows fill the grid, none has more cells than
it, and one row stands outside every tag, so the table is never empty. Any
other table, and any table reportgen inserts, keeps `<w:tbl>` and is measured
in the rendered text by `finished_proven`, with docxtpl's arithmetic. Anything
unexpected there – a character XML forbids, a table in a table, a span that is
not a number – hands the body back to body_steps' parse, so the result is
always docxtpl's.
"""

from __future__ import annotations

import re
from typing import Any

from reportgen.formatting import NOT_XML_CHARACTER
from reportgen.render.body_steps import (
    GRID,
    GRID_COLUMN,
    grid_after_fix,
    grid_xml,
    numbered_drawings,
)

__all__ = ["finished_proven", "prove"]

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
STATIC_TABLE = "<w:tbl >"
_DECLARATION = re.compile(r"""xmlns(?::([\w.-]+))?\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_BLOCK = re.compile(r"\{%[-+]?\s*(\w+)([^%]*)")
_TABLE = re.compile(r"<w:tbl(?=[\s/>])([^>]*)>")
_ROW = re.compile(r"<w:tr[ >/]")
_CELL = re.compile(r"<w:tc[ >/]")
_SPAN = re.compile(r'<w:gridSpan w:val="([^"]*)"')
_DRAWING = re.compile(r"<wp:docPr\b")


class _NotProven(Exception):
    pass


def prove(source: str) -> str | None:
    """The body's Jinja source with its never-changing tables marked, when every report
    rendered from it is well-formed XML; None when that cannot be shown."""
    from lxml import etree

    if "{#" in source or not _namespaces_fixed(source[: source.find(">") + 1], source):
        return None
    try:
        root = etree.fromstring(source, etree.XMLParser(resolve_entities=False))
        static = _static_tables(root, etree)
    except (etree.XMLSyntaxError, _NotProven):
        return None
    pieces: list[str] = []
    done = 0
    for number, match in enumerate(_TABLE.finditer(source)):
        if match.group(1):
            return None  # an attribute or a space the tree's table count cannot be matched to
        if number in static:
            pieces += (source[done : match.start()], STATIC_TABLE)
            done = match.end()
    if _number_of_tables(root) != len(_TABLE.findall(source)):
        return None
    if sum(1 for _ in root.iter(f"{{{W}}}gridSpan")) != len(_SPAN.findall(source)):
        return None  # a span written otherwise than finished_proven reads it
    return "".join([*pieces, source[done:]])


def _number_of_tables(root: Any) -> int:
    return sum(1 for _ in root.iter(f"{{{W}}}tbl"))


def _namespaces_fixed(root_tag: str, source: str) -> bool:
    """`w` and `wp` bound once, on the root, to their namespaces, and no other name for
    them (reportgen's chart drawings use `wp:` and count on the root's binding)."""
    own = {"w": W, "wp": WP}
    on_root = {prefix: a or b for prefix, a, b in _DECLARATION.findall(root_tag)}
    if any(on_root.get(prefix) != uri for prefix, uri in own.items()):
        return False
    seen = [
        prefix
        for prefix, a, b in _DECLARATION.findall(source)
        if prefix in own or (a or b) in own.values()
    ]
    return sorted(seen) == ["w", "wp"]


def _static_tables(root: Any, etree: Any) -> set[int]:
    """Positions (in document order) of the tables whose grid no report changes.
    Raises _NotProven when the tags or the tables are not laid out as `prove` requires."""
    tbl, tr, tc = f"{{{W}}}tbl", f"{{{W}}}tr", f"{{{W}}}tc"
    open_blocks: list[tuple[str, Any]] = []
    tagged: set[Any] = set()  # elements with a block tag among their children
    conditional_rows: set[Any] = set()

    def tags_in(text: str | None, parent: Any) -> None:
        if not text or "{" not in text:
            return
        if "{{" in text:
            tagged.add(parent)  # a printed value may be XML (a run, a chart): where does it go?
        for word, rest in _BLOCK.findall(text):
            tagged.add(parent)
            if word in ("for", "if"):
                open_blocks.append((word, parent))
            elif word in ("elif", "else"):
                if not open_blocks or open_blocks[-1][1] is not parent:
                    raise _NotProven
                if word == "elif" and open_blocks[-1][0] != "if":
                    raise _NotProven
            elif word in ("endfor", "endif"):
                if not open_blocks or open_blocks[-1] != (word[3:], parent):
                    raise _NotProven
                open_blocks.pop()
            elif word != "set" or "=" not in rest:
                raise _NotProven

    for event, element in etree.iterwalk(root, events=("start", "end")):
        if not isinstance(element.tag, str):  # a comment or processing instruction
            if event == "start" and "{" in (element.text or ""):
                raise _NotProven
            if event == "end":
                tags_in(element.tail, element.getparent())
            continue
        if event == "start":
            if any("{{" in value or "{%" in value for value in element.attrib.values()):
                raise _NotProven  # a value printed into an attribute is not escaped if Markup
            parent = element.getparent()
            if element.tag == tr and any(block[1] is parent for block in open_blocks):
                conditional_rows.add(element)
            tags_in(element.text, element)
        else:
            tags_in(element.tail, element.getparent())
    if open_blocks:
        raise _NotProven
    static: set[int] = set()
    for number, table in enumerate(root.iter(tbl)):
        if next(table.iterancestors(tbl), None) is not None:
            raise _NotProven
        rows = list(table.iter(tr))
        if any(row.getparent() is not table for row in rows):
            raise _NotProven
        in_rows = set(rows)
        if any(cell.getparent() not in in_rows for cell in table.iter(tc)):
            raise _NotProven
        for span in table.iter(f"{{{W}}}gridSpan"):
            properties = span.getparent()
            if properties.tag != f"{{{W}}}tcPr" or properties.getparent().tag != tc:
                raise _NotProven
        children = [child.tag for child in table]
        grid = f"{{{W}}}tblGrid"
        if children.count(grid) != 1 or (
            tr in children and children.index(tr) < children.index(grid)
        ):
            raise _NotProven  # finished_proven reads the first grid and the rows after it
        if _never_changes(table, rows, tagged, conditional_rows):
            static.add(number)
    return static


def _never_changes(table: Any, rows: list[Any], tagged: set[Any], conditional: set[Any]) -> bool:
    """Whether docxtpl's fix_tables leaves this table's grid alone for any rows a report has."""
    if all(row in conditional for row in rows):
        return False  # every row may be left out (or there is none): the grid is emptied
    if any(not _inside_cell_text(element, table) for element in _tagged_in(table, tagged)):
        return False  # a tag among a row's cells, in the grid or a cell's properties
    grid = table.find(f"{{{W}}}tblGrid")
    if grid is None:
        return False
    columns = len(grid)
    for row in rows:
        cells = row.findall(f"{{{W}}}tc")
        width = len(cells)
        for cell in cells:
            for span in cell.iterfind(f"{{{W}}}tcPr/{{{W}}}gridSpan"):
                value = span.get(f"{{{W}}}val", "")
                if not value.isdigit():
                    return False
                width += int(value) - 1
        if len(cells) > columns or width != columns:
            return False
    return True


def _tagged_in(table: Any, tagged: set[Any]) -> list[Any]:
    """The table's elements (itself included) with a tag or a printed value among their
    children."""
    return [element for element in table.iter() if element in tagged]


def _inside_cell_text(element: Any, table: Any) -> bool:
    """Whether a tag here can change only a cell's paragraphs, never the rows' cells or
    spans: the table itself (rows repeated or left out, each whole), a cell, or anything
    within a cell but its properties (tcPr)."""
    if element is table:
        return True
    in_cell = False
    for node in (element, *element.iterancestors()):
        if node is table:
            return in_cell
        if node.tag == f"{{{W}}}tcPr":
            return False
        if node.tag == f"{{{W}}}tc":
            in_cell = True
    return False


def finished_proven(xml: str) -> str | None:
    """The rendered body of a proven template after docxtpl's fix_tables and drawing ids;
    None when it holds something `prove` did not foresee (body_steps parses it then)."""
    if NOT_XML_CHARACTER.search(xml):
        return None
    pieces: list[str] = []
    done = 0
    for match in _TABLE.finditer(xml):
        end = xml.find("</w:tbl>", match.end())
        if end < 0 or _TABLE.search(xml, match.end(), end) or match.start() < done:
            return None  # a table in a table: docxtpl counts the inner rows for the outer
        if match.group(0) == STATIC_TABLE:
            continue
        if match.group(1):
            return None
        grid = GRID.search(xml, match.end(), end)
        if grid is None or GRID_COLUMN.sub("", grid.group(1)):
            return None
        fixed = _fixed_grid(xml, grid, end)
        if fixed is False:
            return None
        if fixed is not None:
            pieces += (xml[done : grid.start(1)], fixed)
            done = grid.end(1)
    if pieces:
        xml = "".join([*pieces, xml[done:]])
    return numbered_drawings(xml, len(_DRAWING.findall(xml)) if "<wp:docPr" in xml else 0)


def _fixed_grid(xml: str, grid: re.Match[str], end: int) -> str | bool | None:
    """The table's new grid columns as XML, None when unchanged, False when unreadable."""
    columns = GRID_COLUMN.findall(grid.group(1))
    widest = spanned = 0
    starts = [m.start() for m in _ROW.finditer(xml, grid.end(), end)]
    for start, next_start in zip(starts, [*starts[1:], end][: len(starts)], strict=True):
        row = xml[start:next_start]
        cells = len(_CELL.findall(row))
        width = cells
        for value in _SPAN.findall(row):
            if not value.isdigit():
                return False
            width += int(value) - 1
        widest, spanned = max(widest, cells), max(spanned, width)
    new = grid_after_fix(columns, widest, spanned)
    if new is None:
        return None
    return grid_xml(new)
