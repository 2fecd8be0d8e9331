"""render/body_shape.py: a template proven once gives bodies that need no parse, and the
grids and drawing ids come out as docxtpl's fix_tables and fix_docpr_ids make them."""

from __future__ import annotations

import random

import jinja2
import pytest
from lxml import etree

from reportgen.render.body_shape import STATIC_TABLE, finished_proven, prove
from reportgen.render.body_steps import FIRST_DRAWING_ID

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
ROOT = f'<w:body xmlns:w="{W}" xmlns:wp="{WP}">'


def body(inner: str) -> str:
    return f"{ROOT}{inner}</w:body>"


def cell(text: str = "x", span: int = 1) -> str:
    properties = f'<w:tcPr><w:gridSpan w:val="{span}"/></w:tcPr>' if span > 1 else ""
    return f"<w:tc>{properties}<w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:tc>"


def table(rows: str, columns: int = 2) -> str:
    grid = "".join('<w:gridCol w:w="1000"/>' for _ in range(columns))
    return f"<w:tbl><w:tblPr/><w:tblGrid>{grid}</w:tblGrid>{rows}</w:tbl>"


def docxtpl_result(xml: str) -> bytes:
    """What docxtpl's fix_tables and fix_docpr_ids make of a rendered body."""
    from docxtpl.template import DocxTemplate

    tree = DocxTemplate.fix_tables(None, xml)
    for number, element in enumerate(tree.iter(f"{{{WP}}}docPr"), start=FIRST_DRAWING_ID):
        element.attrib["id"] = str(number)
    return etree.tostring(tree, method="c14n")


def c14n(xml: str) -> bytes:
    return etree.tostring(etree.fromstring(xml), method="c14n")


def test_a_table_whose_rows_always_fill_its_grid_is_marked_and_left_alone() -> None:
    header = f"<w:tr>{cell('Rubrik')}{cell('Värde')}</w:tr>"
    rows = f"{header}{{% for r in rader %}}<w:tr>{cell('{{ r }}')}{cell()}</w:tr>{{% endfor %}}"
    proven = prove(body(table(rows)))
    assert proven is not None and proven.count(STATIC_TABLE) == 1


def test_a_condition_inside_a_cell_leaves_the_table_alone() -> None:
    inside = "<w:tc><w:p>{% if visa %}<w:r><w:t>{{ text }}</w:t></w:r>{% endif %}</w:p></w:tc>"
    proven = prove(body(table(f"<w:tr>{inside}{cell()}</w:tr>")))
    assert proven is not None and proven.count(STATIC_TABLE) == 1


@pytest.mark.parametrize(
    ("source", "why"),
    [
        (
            '<w:tbl><w:tblPr/><w:tblGrid>{% for k in kolumner %}<w:gridCol w:w="1000"/>'
            f"{{% endfor %}}</w:tblGrid><w:tr>{cell()}</w:tr></w:tbl>",
            "a loop in the grid",
        ),
        (table(f"<w:tr>{cell()}{{{{ celler }}}}</w:tr>", 1), "a value printed among the cells"),
        (
            table(
                '<w:tr><w:tc><w:tcPr>{% if bred %}<w:gridSpan w:val="2"/>{% endif %}</w:tcPr>'
                "<w:p/></w:tc></w:tr>",
                1,
            ),
            "a condition in a cell's properties",
        ),
    ],
)
def test_a_tag_that_can_change_the_cells_leaves_the_table_to_be_measured(
    source: str, why: str
) -> None:
    proven = prove(body(source))
    assert proven is not None and STATIC_TABLE not in proven, why


@pytest.mark.parametrize(
    ("rows", "why"),
    [
        (f"<w:tr>{cell()}{{% for k in kolumner %}}{cell()}{{% endfor %}}</w:tr>", "cell loop"),
        (f"{{% for r in rader %}}<w:tr>{cell()}{cell()}</w:tr>{{% endfor %}}", "may be empty"),
        (f"<w:tr>{cell()}</w:tr>", "narrower than its grid"),
        (f"<w:tr>{cell()}{cell()}{cell()}</w:tr>", "wider than its grid"),
    ],
)
def test_a_table_a_report_can_change_is_measured_after_rendering(rows: str, why: str) -> None:
    proven = prove(body(table(rows)))
    assert proven is not None, why
    assert STATIC_TABLE not in proven and "<w:tbl>" in proven, why


@pytest.mark.parametrize(
    ("source", "why"),
    [
        (body("<w:p>{% if a %}</w:p><w:p>{% endif %}</w:p>"), "a tag opened and closed apart"),
        (body('<w:p><w:pPr><w:pStyle w:val="{{ stil }}"/></w:pPr></w:p>'), "a tag in a value"),
        (body("<w:p>{% macro m() %}x{% endmacro %}</w:p>"), "a macro"),
        (body("<w:p>{# not shown #}</w:p>"), "a comment"),
        (body("<w:p>{% if a %}</w:p>"), "a tag never closed"),
        (body(table(f"<w:tr>{cell(table(f'<w:tr>{cell()}</w:tr>', 1))}{cell()}</w:tr>")), "nested"),
        (
            body(
                table(f"<w:sdt><w:sdtContent><w:tr>{cell()}{cell()}</w:tr></w:sdtContent></w:sdt>")
            ),
            "a row in a content control",
        ),
        (
            body(
                table(
                    '<w:tr><w:tc><w:tcPr><w:tcPrChange><w:tcPr><w:gridSpan w:val="2"/>'
                    f"</w:tcPr></w:tcPrChange></w:tcPr><w:p/></w:tc>{cell()}</w:tr>"
                )
            ),
            "a span in a change record",
        ),
        (
            body(
                f'<w:tbl><w:tr>{cell()}</w:tr><w:tblGrid><w:gridCol w:w="1000"/></w:tblGrid>'
                "</w:tbl>"
            ),
            "the grid after a row",
        ),
        (
            body(
                table(
                    '<w:tr><w:tc><w:tcPr><w:gridSpan w:x="1" w:val="2"/></w:tcPr><w:p/></w:tc>'
                    "</w:tr>"
                )
            ),
            "a span written otherwise",
        ),
        (f'<w:body xmlns:w="{W}"><w:p/></w:body>', "no wp on the root"),
        (body(f'<w:p xmlns:w="{W}"/>'), "w declared again"),
        (body('<w:p xmlns:x="' + WP + '"/>'), "another prefix for wp"),
        (body("<w:p>"), "not well-formed"),
    ],
)
def test_what_cannot_be_proven_is_parsed_as_before(source: str, why: str) -> None:
    assert prove(source) is None, why


@pytest.mark.parametrize(
    ("rendered", "why"),
    [
        (body("<w:p><w:r><w:t>a\x01b</w:t></w:r></w:p>"), "a character XML forbids"),
        (
            body(table('<w:tr><w:tc><w:tcPr><w:gridSpan w:val="två"/></w:tcPr></w:tc></w:tr>')),
            "span",
        ),
        (body(table(f"<w:tr>{cell(table(f'<w:tr>{cell()}</w:tr>', 1))}</w:tr>")), "a table inside"),
        (
            body("<w:p><w:r><w:drawing><wp:inline><wp:docPr/></wp:inline></w:drawing></w:r></w:p>"),
            "no id",
        ),
    ],
)
def test_a_rendered_body_with_the_unforeseen_goes_back_to_the_parse(
    rendered: str, why: str
) -> None:
    assert finished_proven(rendered) is None, why


def test_drawings_are_numbered_as_docxtpl_numbers_them() -> None:
    drawing = '<w:r><w:drawing><wp:inline><wp:docPr id="7" name="D"/></wp:inline></w:drawing></w:r>'
    rendered = body(f"<w:p>{drawing * 3}</w:p>")
    assert c14n(finished_proven(rendered) or "") == docxtpl_result(rendered)


def _random_template(rng: random.Random) -> str:
    """A body source: tables with header rows, row loops and conditions, cell loops,
    spans; paragraphs with conditions; now and then something prove must refuse."""

    def row() -> str:
        cells = "".join(cell(span=rng.choice((1, 1, 1, 2))) for _ in range(rng.randint(1, 4)))
        if rng.random() < 0.25:
            cells += f"{{% for k in kolumner %}}{cell('{{ k }}')}{{% endfor %}}"
        if rng.random() < 0.05:  # refused: a cell in a content control
            cells += f"<w:sdt><w:sdtContent>{cell()}</w:sdtContent></w:sdt>"
        return f"<w:tr>{cells}</w:tr>"

    def table_source() -> str:
        rows = []
        for _ in range(rng.randint(1, 4)):
            choice = rng.randrange(4)
            if choice == 0:
                rows.append(f"{{% for r in rader %}}{row()}{{% endfor %}}")
            elif choice == 1:
                rows.append(f"{{% if visa %}}{row()}{{% endif %}}")
            else:
                rows.append(row())
        return table("".join(rows), rng.randint(1, 5))

    pieces = []
    for _ in range(rng.randint(1, 4)):
        choice = rng.randrange(6)
        if choice == 0:
            pieces.append(f"{{% for t in tabeller %}}{table_source()}{{% endfor %}}")
        elif choice == 1:
            pieces.append("<w:p>{% if visa %}<w:r><w:t>{{ text }}</w:t></w:r>{% endif %}</w:p>")
        elif choice == 2 and rng.random() < 0.2:  # refused: a condition across paragraphs
            pieces.append("<w:p>{% if visa %}</w:p><w:p>{% endif %}</w:p>")
        elif choice == 3:
            pieces.append(
                '<w:p><w:r><w:drawing><wp:inline><wp:docPr id="1" name="B"/></wp:inline>'
                "</w:drawing></w:r></w:p>"
            )
        else:
            pieces.append(table_source())
    return body("".join(pieces))


def test_random_templates_render_as_docxtpl_fixes_them() -> None:
    """Proven templates, rendered with loops of 0–3 turns and conditions either way, give
    the grids and ids docxtpl gives; refused ones never reach finished_proven."""
    rng = random.Random(17)
    environment = jinja2.Environment(autoescape=True)
    proven_count = fast = fixed = 0
    for _ in range(400):
        source = _random_template(rng)
        marked = prove(source)
        if marked is None:
            continue
        proven_count += 1
        template = environment.from_string(marked)
        for _ in range(3):
            context = {
                "rader": list(range(rng.randint(0, 3))),
                "kolumner": [f"k{n}" for n in range(rng.randint(0, 3))],
                "tabeller": list(range(rng.randint(0, 2))),
                "visa": rng.random() < 0.5,
                "text": "a & b",
            }
            rendered = template.render(context)
            finished = finished_proven(rendered)
            if finished is None:
                continue
            fast += 1
            fixed += (
                "<w:gridCol" in rendered
                and finished.split("<wp:docPr")[0] != rendered.split("<wp:docPr")[0]
            )
            assert c14n(finished) == docxtpl_result(rendered), (marked, context)
    assert proven_count > 200 and fast > 500 and fixed > 100, (proven_count, fast, fixed)


def test_the_shipped_templates_are_proven() -> None:
    """Their reports skip the parse; a template that stops being proven is slower, not wrong,
    so this says when that happens."""
    import zipfile
    from pathlib import Path

    from reportgen.render.template_layout import read_layout

    for path in sorted(Path("templates").glob("*/*.docx")):
        with zipfile.ZipFile(path) as archive:
            assert read_layout(archive).body_proven, path
