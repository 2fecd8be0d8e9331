"""Page, styles, header, footer and table helpers for building a funder's Word templates.

A funder's templates (`templates/<förbund>/rapport.docx`, `uppfoljning.docx`)
are ordinary Word documents that staff can open and restyle. Their builders
live beside them (templates/sundsvall/build_templates.py) because the body of a
template is the funder's layout; what every template shares – an A4 page,
Calibri, the heading and caption styles, the page header with the UTKAST mark,
the numbered footer, grid tables and Swedish as the document language – is
here, so two funders' templates look alike and declare the same language.

Only the builders import this module; reportgen never builds a template at run time.
"""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Cm, Pt, RGBColor
from docx.styles.style import BaseStyle
from docx.table import Table, _Cell, _Row
from docx.text.paragraph import Paragraph

LANGUAGE = "sv-SE"
FONT = "Calibri"
DARK = RGBColor(0x1F, 0x2A, 0x44)
RED = RGBColor(0xC0, 0x00, 0x00)
GREY = RGBColor(0x40, 0x40, 0x40)
HEADER_FILL = "E7ECF3"
PAGE_WIDTH_CM = 21.0
MARGIN_CM = 2.5
LIST_INDENT_CM = 0.63


# ----------------------------------------------------------------- page and styles


def new_template(footer: str, *, mark_size: int = 14) -> DocumentObject:
    """A blank template: page, styles, the page header (with its UTKAST mark) and the footer.

    `footer` is the footer text before the page number, e.g. "{{ titel }} – sida ".
    """
    doc = Document()
    setup_page_and_styles(doc)
    page_header(doc, mark_size=mark_size)
    page_footer(doc, footer)
    return doc


def setup_page_and_styles(doc: DocumentObject) -> None:
    """A4 portrait, Calibri 11, dark headings, and the caption, note and sub-question styles."""
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(PAGE_WIDTH_CM), Cm(29.7)
    section.left_margin = section.right_margin = Cm(MARGIN_CM)
    section.top_margin, section.bottom_margin = Cm(2.5), Cm(2.0)
    section.header_distance = section.footer_distance = Cm(1.2)

    styles = doc.styles
    normal = styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(11)
    _east_asian_font(normal, FONT)
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.1

    title = styles["Title"]
    title.font.name = FONT
    title.font.size = Pt(24)
    title.font.bold = True
    title.font.color.rgb = DARK
    _east_asian_font(title, FONT)
    title.paragraph_format.space_after = Pt(12)
    _remove_bottom_border(title)

    for name, size, before in (("Heading 1", 15, 18), ("Heading 2", 12, 12)):
        style = styles[name]
        style.font.name = FONT
        style.font.size = Pt(size)
        style.font.bold = True
        style.font.italic = False
        style.font.color.rgb = DARK
        _east_asian_font(style, FONT)
        style.paragraph_format.space_before = Pt(before)
        style.paragraph_format.space_after = Pt(4)
        style.paragraph_format.keep_with_next = True

    sub = styles.add_style("Underfråga", WD_STYLE_TYPE.PARAGRAPH)
    sub.base_style = normal
    sub.font.italic = True
    sub.font.color.rgb = GREY

    caption = styles.add_style("Tabellrubrik", WD_STYLE_TYPE.PARAGRAPH)
    caption.base_style = normal
    caption.font.bold = True
    caption.paragraph_format.space_before = Pt(10)
    caption.paragraph_format.space_after = Pt(2)
    caption.paragraph_format.keep_with_next = True

    note = styles.add_style("Tabellnot", WD_STYLE_TYPE.PARAGRAPH)
    note.base_style = normal
    note.font.size = Pt(9)
    note.font.italic = True

    figure_caption = styles.add_style("Bildtext", WD_STYLE_TYPE.PARAGRAPH)
    figure_caption.base_style = normal
    figure_caption.font.size = Pt(9)
    figure_caption.font.italic = True
    figure_caption.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    figure_caption.paragraph_format.space_after = Pt(10)

    bullets = styles["List Bullet"]
    bullets.font.name = FONT
    bullets.paragraph_format.space_after = Pt(2)

    # An owner's numbered list ("1. …"): the owner's own number, a tab, a hanging indent.
    numbered = styles.add_style("Numrerad lista", WD_STYLE_TYPE.PARAGRAPH)
    numbered.base_style = normal
    numbered.paragraph_format.left_indent = Cm(LIST_INDENT_CM)
    numbered.paragraph_format.first_line_indent = Cm(-LIST_INDENT_CM)
    numbered.paragraph_format.tab_stops.add_tab_stop(Cm(LIST_INDENT_CM))
    numbered.paragraph_format.space_after = Pt(2)

    quote = styles.add_style("Citat", WD_STYLE_TYPE.PARAGRAPH)
    quote.base_style = normal
    quote.font.italic = True
    quote.paragraph_format.left_indent = Cm(1.0)
    quote.paragraph_format.right_indent = Cm(1.0)


def _east_asian_font(style: BaseStyle, font: str) -> None:
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.append(fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), font)


def _remove_bottom_border(style: BaseStyle) -> None:
    ppr = style.element.get_or_add_pPr()
    for border in ppr.findall(qn("w:pBdr")):
        ppr.remove(border)


def declare_swedish(doc: DocumentObject) -> None:
    """Swedish (sv-SE) as the document language: styles, document defaults and theme fonts.

    Word's spelling check and LibreOffice's PDF export (/Lang, which screen
    readers use to pick a voice) take the language from here. Every `w:lang` in
    styles.xml gets `w:val="sv-SE"`; the East Asian and bidi languages are left
    as they are, as Swedish Word writes them. The document defaults get a
    `w:lang` if they have none.
    """
    styles = doc.styles.element
    for lang in styles.iter(qn("w:lang")):
        lang.set(qn("w:val"), LANGUAGE)
    defaults = _child(styles, "w:docDefaults", first=True)
    run_defaults = _child(defaults, "w:rPrDefault", first=True)
    properties = _child(run_defaults, "w:rPr")
    if properties.find(qn("w:lang")) is None:
        lang = OxmlElement("w:lang")
        lang.set(qn("w:val"), LANGUAGE)
        properties.append(lang)
    for theme_lang in doc.settings.element.iter(qn("w:themeFontLang")):
        theme_lang.set(qn("w:val"), LANGUAGE)
    doc.core_properties.language = LANGUAGE


def _child(parent: BaseOxmlElement, tag: str, *, first: bool = False) -> BaseOxmlElement:
    """`parent`'s `tag` child, created (first, where the schema wants it) when missing."""
    child = parent.find(qn(tag))
    if child is None:
        child = OxmlElement(tag)
        if first:
            parent.insert(0, child)
        else:
            parent.append(child)
    return child


def save_template(doc: DocumentObject, path: Path, *, title: str, comments: str) -> None:
    """Title and comments in the file's properties, Swedish declared, then written."""
    props = doc.core_properties
    props.title = title
    props.author = "reportgen"
    props.comments = comments
    declare_swedish(doc)
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(path))


# ----------------------------------------------------------------- header, footer, slots


def page_header(doc: DocumentObject, *, mark_size: int = 14) -> None:
    """The funder's name in the page header, and the UTKAST mark when `utkast` is set."""
    header = doc.sections[0].header
    p = header.paragraphs[0]
    run = p.add_run("{{ sidhuvud }}")
    run.bold = True
    run.font.size = Pt(9)
    run.font.color.rgb = DARK
    p.paragraph_format.space_after = Pt(0)
    header.add_paragraph("{%p if utkast %}")
    mark = header.add_paragraph()
    mark_run = mark.add_run("UTKAST – {{ utkast_text }}")
    mark_run.bold = True
    mark_run.font.size = Pt(mark_size)
    mark_run.font.color.rgb = RED
    mark.alignment = WD_ALIGN_PARAGRAPH.CENTER
    header.add_paragraph("{%p endif %}")


def page_footer(doc: DocumentObject, text: str) -> None:
    """A centred footer line ending in "sida X av Y", e.g. "Slutrapport – X – sida 3 av 8".

    `text` is what comes before the page number ("… – sida "); the page count
    tells a reader of a printed copy that no page is missing.
    """
    footer = doc.sections[0].footer
    style = doc.styles["Footer"]
    style.font.size = Pt(8)  # the page number field takes the paragraph's size
    style.font.color.rgb = GREY
    p = footer.paragraphs[0]
    p.style = style
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.add_run(text)
    _field(p, "PAGE")
    p.add_run(" av ")
    _field(p, "NUMPAGES")


def _field(paragraph: Paragraph, name: str) -> None:
    """A real field (PAGE, NUMPAGES) so Word and LibreOffice number the pages themselves."""
    run = paragraph.add_run()
    run.font.size = Pt(8)
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {name} "
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    for element in (begin, instr, end):
        run._r.append(element)


def tag_paragraph(doc: DocumentObject, tag: str) -> None:
    """A paragraph holding only a docxtpl tag (`{%p … %}`); docxtpl removes it when rendering."""
    doc.add_paragraph(tag)


def chart_slot(doc: DocumentObject, name: str) -> None:
    """An optional chart image with its caption line (`bild` and `bild.text`)."""
    tag_paragraph(doc, f"{{%p if {name} %}}")
    picture = doc.add_paragraph(f"{{{{ {name}.bild }}}}")
    picture.alignment = WD_ALIGN_PARAGRAPH.CENTER
    picture.paragraph_format.keep_with_next = True
    picture.paragraph_format.space_before = Pt(6)
    doc.add_paragraph(f"{{{{ {name}.text }}}}", style="Bildtext")
    tag_paragraph(doc, "{%p endif %}")


# ----------------------------------------------------------------- tables


def grid_table(
    doc: DocumentObject, rows: int, widths: tuple[float, ...], *, cell_style: str | None = None
) -> Table:
    """A "Table Grid" table with fixed column widths in cm, aligned left."""
    table = doc.add_table(rows=rows, cols=len(widths))
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Cm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = Cm(width)
            if cell_style is not None:
                cell.paragraphs[0].style = doc.styles[cell_style]
    return table


def write_cell(
    cell: _Cell,
    text: str,
    *,
    bold: bool = False,
    italic: bool = False,
    right: bool = False,
    center: bool = False,
) -> None:
    """`text` as the cell's only paragraph, in one run."""
    paragraph = cell.paragraphs[0]
    for extra in cell.paragraphs[1:]:
        extra._p.getparent().remove(extra._p)
    paragraph.text = ""
    run = paragraph.add_run(text)
    run.bold = bold or None
    run.italic = italic or None
    if right:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    elif center:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER


def repeat_header(row: _Row) -> None:
    """Repeat the row on every page the table spans (and make it a TH row in a tagged PDF)."""
    tr_pr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr_pr.append(header)


def shade_row(row: _Row, colour: str = HEADER_FILL) -> None:
    for cell in row.cells:
        tc_pr = cell._tc.get_or_add_tcPr()
        shd = OxmlElement("w:shd")
        shd.set(qn("w:val"), "clear")
        shd.set(qn("w:color"), "auto")
        shd.set(qn("w:fill"), colour)
        tc_pr.append(shd)


def double_top_border(row: _Row) -> None:
    """The double rule above a Summa row, as in a printed table."""
    for cell in row.cells:
        tc_pr = cell._tc.get_or_add_tcPr()
        borders = OxmlElement("w:tcBorders")
        top = OxmlElement("w:top")
        top.set(qn("w:val"), "double")
        top.set(qn("w:sz"), "4")
        top.set(qn("w:space"), "0")
        top.set(qn("w:color"), "auto")
        borders.append(top)
        tc_pr.append(borders)


def keep_row_with_next(row: _Row) -> None:
    for cell in row.cells:
        for paragraph in cell.paragraphs:
            paragraph.paragraph_format.keep_with_next = True


def keep_table_together(table: Table, *, with_next: bool = True) -> None:
    """Every row kept with the next, so a short table moves to a new page whole; with
    `with_next` the last row too, so what follows the table (its note, its chart) goes
    along. A table longer than a page still breaks, with its header row repeated."""
    rows = list(table.rows)
    for row in rows if with_next else rows[:-1]:
        keep_row_with_next(row)


# what may follow w:pBdr in a w:pPr (ECMA-376 CT_PPrBase order)
_AFTER_BORDER = (
    "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct",
    "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd",
    "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents",
    "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment", "w:textboxTightWrap",
    "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange",
)  # fmt: skip


def bottom_border(paragraph: Paragraph) -> None:
    """A thin rule under the paragraph: the line to sign on."""
    ppr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for attribute, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1")):
        bottom.set(qn(attribute), value)
    bottom.set(qn("w:color"), "auto")
    borders.append(bottom)
    ppr.insert_element_before(borders, *_AFTER_BORDER)  # schema order, or Word refuses the file


def cant_split(row: _Row) -> None:
    """Keep the row on one page."""
    row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
