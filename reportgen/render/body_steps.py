"""docxtpl's clean-up of a rendered body, with the same results, on text instead of a tree.

After rendering, docxtpl turns tabs and newlines in text into Word runs and
breaks (`resolve_listing`), parses the body (repairing broken XML), corrects the
column grid of tables whose rows a template tag changed (`fix_tables`),
numbers the drawings (`fix_docpr_ids`) and serialises the tree again. Each of
those rewrote the whole 140 KiB body; here each touches only what it changes:

* listing: only the paragraphs that hold a tab, newline, `\\a` or `\\f`, with
  reportgen's own copy of the rule (so rendering needs neither docxtpl nor
  python-docx imported);
* tables: only the `<w:tblGrid>` of a table whose rows no longer fit it, with
  docxtpl's own arithmetic for the new widths;
* drawings: only the `id` of each `wp:docPr`.

The tree is still parsed, as docxtpl does, so broken XML is repaired the same
way; whenever the body is laid out in a way these shortcuts do not expect
(nested paragraphs, a grid with other content), docxtpl's own function runs.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

__all__ = ["LISTING", "finished_body", "has_listing", "resolve_listing"]

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
LISTING = re.compile("[\t\n\a\f]")
_PARAGRAPH_START = re.compile(r"<w:p[ >]")
GRID = re.compile(r"<w:tblGrid>(.*?)</w:tblGrid>", re.DOTALL)
GRID_COLUMN = re.compile(r'<w:gridCol w:w="(\d+)"/>')
_DRAWING_ID = re.compile(r'(<wp:docPr\b[^>]*?\sid=")[^"]*(")')
FIRST_DRAWING_ID = 1001  # docxtpl: docx_ids_index starts at 1000, incremented before use


def resolve_listing(xml: str) -> str:
    """docxtpl's resolve_listing, applied to the paragraphs holding a special character.

    docxtpl matches `<w:p …>` up to the next `</w:p>` throughout the body and rewrites
    each; a paragraph without a tab, newline, \\a or \\f comes out as it went in, and
    on one paragraph the function gives what it gives on the whole body. Paragraphs
    inside paragraphs (text boxes) make docxtpl's matches overlap them: then the
    whole body goes through the function, as docxtpl does it.
    """
    pieces: list[str] = []
    done = 0
    for position in _listing_positions(xml):
        if position < done:
            continue
        start = _last_paragraph_start(xml, done, position)
        end = xml.find("</w:p>", start) if start >= 0 else -1
        if end < position:
            continue  # in no paragraph: docxtpl leaves it alone
        if _open_before(xml, start):
            return listing(xml)
        end += len("</w:p>")
        pieces += (xml[done:start], listing(xml[start:end]))
        done = end
    if not pieces:
        return xml
    pieces.append(xml[done:])
    return "".join(pieces)


def has_listing(xml: str) -> bool:
    """Whether `xml` holds a tab, newline, \\a or \\f (LISTING would find one): four searches
    for one character take microseconds where the pattern takes 0.6 ms on a 140 KiB body."""
    return "\n" in xml or "\t" in xml or "\a" in xml or "\f" in xml


def _listing_positions(xml: str) -> list[int]:
    """Where LISTING matches, in order (its finditer's starts), found character by character."""
    positions: list[int] = []
    for char in _LISTING_CHARACTERS:
        at = xml.find(char)
        while at >= 0:
            positions.append(at)
            at = xml.find(char, at + 1)
    positions.sort()
    return positions


_LISTING_CHARACTERS = ("\t", "\n", "\a", "\f")
_LISTED_PARAGRAPH = re.compile(r"<w:p(?: [^>]*)?>.*?</w:p>", re.DOTALL)
_LISTED_RUN = re.compile(r"<w:r(?: [^>]*)?>.*?</w:r>", re.DOTALL)
_LISTED_TEXT = re.compile(r"<w:t(?: [^>]*)?>.*?</w:t>", re.DOTALL)
_PARAGRAPH_PROPERTIES = re.compile(r"<w:pPr>.*?</w:pPr>")
_RUN_PROPERTIES = re.compile(r"<w:rPr>.*?</w:rPr>")
_PRESERVE = '<w:t xml:space="preserve">'


def listing(xml: str) -> str:
    """What docxtpl's resolve_listing makes of `xml` (the same patterns, the same order):
    in each text of each run of each paragraph, a tab becomes a run with <w:tab/>, \\a a new
    paragraph, a newline <w:br/> and \\f a page break, keeping the run's and paragraph's
    properties. Its own code, so rendering never needs to import docxtpl (and python-docx)."""
    return _LISTED_PARAGRAPH.sub(_listed_paragraph, xml)


def _listed_paragraph(paragraph: re.Match[str]) -> str:
    found = _PARAGRAPH_PROPERTIES.search(paragraph.group(0))
    properties = found.group(0) if found else ""
    return _LISTED_RUN.sub(lambda run: _listed_run(run.group(0), properties), paragraph.group(0))


def _listed_run(run: str, paragraph_properties: str) -> str:
    found = _RUN_PROPERTIES.search(run)
    properties = found.group(0) if found else ""
    return _LISTED_TEXT.sub(
        lambda text: _listed_text(text.group(0), paragraph_properties, properties), run
    )


def _listed_text(text: str, p_pr: str, r_pr: str) -> str:
    text = text.replace("\t", f"</w:t></w:r><w:r>{r_pr}<w:tab/></w:r><w:r>{r_pr}{_PRESERVE}")
    text = text.replace("\a", f"</w:t></w:r></w:p><w:p>{p_pr}<w:r>{r_pr}{_PRESERVE}")
    text = text.replace("\n", f"</w:t><w:br/>{_PRESERVE}")
    return text.replace(
        "\f",
        '</w:t></w:r></w:p><w:p><w:r><w:br w:type="page"/></w:r></w:p>'
        f"<w:p>{p_pr}<w:r>{r_pr}{_PRESERVE}",
    )


def _last_paragraph_start(xml: str, low: int, high: int) -> int:
    return max(xml.rfind("<w:p>", low, high), xml.rfind("<w:p ", low, high))


def _open_before(xml: str, start: int) -> bool:
    """Whether a paragraph opened before `start` is still open there, so that docxtpl's
    match would begin before `start` (text boxes, or `<w:p w:x="…"/>` read as an opening)."""
    closed = xml.rfind("</w:p>", 0, start)
    return _PARAGRAPH_START.search(xml, closed + 1 if closed >= 0 else 0, start) is not None


def finished_body(xml: str) -> str:
    """The body after docxtpl's fix_tables and fix_docpr_ids, as text."""
    from lxml import etree

    parser = etree.XMLParser(recover=True)  # as docxtpl's fix_tables parses
    tree = etree.fromstring(xml, parser)
    if len(parser.error_log) == 0:
        fixed = _fixed_grids(xml, tree)
        if fixed is not None:
            numbered = _numbered_drawings(fixed, tree)
            if numbered is not None:
                return numbered
    from docxtpl.template import DocxTemplate

    tree = DocxTemplate.fix_tables(None, xml)
    for number, element in enumerate(tree.iter(f"{WP}docPr"), start=FIRST_DRAWING_ID):
        element.attrib["id"] = str(number)
    return str(etree.tostring(tree, encoding="unicode"))


def _fixed_grids(xml: str, tree: Any) -> str | None:
    """`xml` with the grid of each table docxtpl would fix rewritten; None if the tables
    are laid out so that the grids in the text cannot be matched to the tree's tables."""
    tables = list(tree.iter(f"{W}tbl"))
    grids = list(GRID.finditer(xml))
    if len(grids) != len(tables):
        return None
    pieces: list[str] = []
    done = 0
    for table, grid in zip(tables, grids, strict=True):
        element = table.find(f"{W}tblGrid")
        columns = GRID_COLUMN.findall(grid.group(1))
        if element is None or GRID_COLUMN.sub("", grid.group(1)) or len(element) != len(columns):
            return None
        widest = spanned = 0
        spans = next(table.iter(f"{W}gridSpan"), None) is not None
        for row in table.iter(f"{W}tr"):
            cells = row.findall(f"{W}tc")
            width = len(cells)
            if spans:
                for value in _row_spans(row):
                    if not value.isdigit():
                        return None
                    width += int(value) - 1
            widest, spanned = max(widest, len(cells)), max(spanned, width)
        new = grid_after_fix(columns, widest, spanned)
        if new is not None:
            pieces += (xml[done : grid.start(1)], grid_xml(new))
            done = grid.end(1)
    return "".join([*pieces, xml[done:]]) if pieces else xml


def _row_spans(row: Any) -> Iterator[str]:
    """The `w:val` of each gridSpan at tc/tcPr/gridSpan of the row, as docxtpl's
    `row.iterfind("tc/tcPr/gridSpan")` finds them (in another order; they are summed). The
    path goes through Python's ElementPath for every row; a table without a gridSpan
    skips this, and a row's gridSpans are found in C and their parents checked."""
    for span in row.iter(f"{W}gridSpan"):
        properties = span.getparent()
        cell = properties.getparent() if properties.tag == f"{W}tcPr" else None
        if cell is not None and cell.tag == f"{W}tc" and cell.getparent() is row:
            yield span.get(f"{W}val", "")


def grid_xml(widths: list[str]) -> str:
    """A table grid's columns as XML, in docxtpl's spelling."""
    return "".join(f'<w:gridCol w:w="{width}"/>' for width in widths)


def grid_after_fix(columns: list[str], widest: int, spanned: int) -> list[str] | None:
    """The grid widths docxtpl's fix_tables leaves (None: unchanged), with its arithmetic.

    `widest` is the most cells in a row, `spanned` the most grid columns a row spans.
    """
    changed = False
    to_add = widest - len(columns)
    if to_add > 0:
        width = sum(float(w) for w in columns)
        if width > 0:
            old_average = width / len(columns)
            new_average = width / (len(columns) + to_add)
            columns = [str(int(float(w) * new_average / old_average)) for w in columns]
            columns += [str(int(new_average))] * to_add
            changed = True
    to_remove = len(columns) - spanned
    if to_remove > 0:
        removed = sum(float(w) for w in columns[-to_remove:])
        columns = columns[:-to_remove]
        extra = int(removed / len(columns)) if columns else 0
        columns = [str(int(float(w) + extra)) for w in columns]
        changed = True
    return columns if changed else None


def _numbered_drawings(xml: str, tree: Any) -> str | None:
    return numbered_drawings(xml, sum(1 for _ in tree.iter(f"{WP}docPr")))


def numbered_drawings(xml: str, count: int) -> str | None:
    """`xml` with its `count` drawings' ids numbered from 1001 as docxtpl numbers them; None
    when the pattern does not find exactly that many (another prefix for the namespace, a
    docPr without an id, which docxtpl would add)."""
    if count == 0:
        return xml
    if len(_DRAWING_ID.findall(xml)) != count:
        return None
    numbers = iter(range(FIRST_DRAWING_ID, FIRST_DRAWING_ID + count))
    return _DRAWING_ID.sub(lambda m: f"{m.group(1)}{next(numbers)}{m.group(2)}", xml)
