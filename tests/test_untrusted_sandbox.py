"""Issue 11, classes 4 and 6: templates cannot run away, typed names are never formulas.

A template comes from an installed profile (the owner's YAML cannot choose one
by path: tests/test_untrusted_yaml.py), and even so its work is bounded: loops,
repetition, powers and string building stop at fixed caps with a SecurityError,
quickly, and other templates cannot be pulled in. What reportgen writes into a
workbook is text, never a formula.
"""

from __future__ import annotations

import time
import zipfile
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from docx import Document
from jinja2 import TemplateNotFound
from jinja2.exceptions import SecurityError
from openpyxl import Workbook, load_workbook

from reportgen.errors import ProfileError
from reportgen.render.docx import jinja_environment, render_docx
from reportgen.render.sandbox import MAX_ITERATIONS, MAX_LENGTH, MAX_RANGE, put_text

HOSTILE = {
    "range": "{% for i in range(10 ** 9) %}x{% endfor %}",
    "nested-loops": "{% for i in range(9999) %}{% for j in range(9999) %}{% endfor %}{% endfor %}",
    "repeat-string": "{{ 'x' * 1000000000 }}",
    "repeat-list": "{{ ([1] * 1000000000)|length }}",
    "repeat-chain": "{{ 'x' * 100 * 100 * 100 * 100 }}",
    "power": "{{ 9 ** 999999999 }}",
    "float-power": "{{ 2.0 ** 100000 }}",
    "big-product": "{{ (2 ** 4000) * (2 ** 4000) }}",
    "doubling-macro": "{% macro d(s, n) %}{% if n %}{{ d(s ~ s, n - 1) }}{% else %}{{ s|length }}"
    "{% endif %}{% endmacro %}{{ d('x', 60) }}",
    "replace-doubling": "{% macro d(s, n) %}{% if n %}{{ d(s|replace('x', 'xx'), n - 1) }}"
    "{% else %}{{ s|length }}{% endif %}{% endmacro %}{{ d('x', 60) }}",
    "join-doubling": "{% macro d(s, n) %}{% if n %}{{ d([s, s]|join, n - 1) }}{% else %}"
    "{{ s|length }}{% endif %}{% endmacro %}{{ d('x', 60) }}",
    "plus-doubling": "{% macro d(s, n) %}{% if n %}{{ d(s + s, n - 1) }}{% else %}{{ s|length }}"
    "{% endif %}{% endmacro %}{{ d('x', 60) }}",
    "center": "{{ 'x'|center(1000000000) }}",
    "indent": "{{ 'x\ny'|indent(1000000000) }}",
    "percent-format": "{{ '%0999999999d' % 1 }}",
    "format-filter": "{{ '%*d'|format(999999999, 1) }}",
    "str-format": "{{ '{:>999999999}'.format(1) }}",
    "nested-format": "{{ '{:{w}}'.format(1, w=999999999) }}",
}


def render(source: str) -> str:
    return jinja_environment().from_string(source).render()


@pytest.mark.parametrize("source", HOSTILE.values(), ids=HOSTILE.keys())
def test_a_sandboxed_template_cannot_loop_or_multiply_past_the_bounds(source: str) -> None:
    started = time.perf_counter()
    with pytest.raises(SecurityError) as caught:
        render(source)
    assert time.perf_counter() - started < 2
    assert "reportgen begränsar mallarnas arbete" in str(caught.value)


@pytest.mark.parametrize(
    "tag", ["{% include 'a.xml' %}", "{% import 'a' as b %}", "{% extends 'a' %}"]
)
def test_a_template_cannot_pull_in_other_templates(tag: str) -> None:
    with pytest.raises(TemplateNotFound) as caught:
        render(tag)
    assert "en mall får inte läsa in andra mallar" in str(caught.value)


def test_work_inside_the_bounds_is_unchanged() -> None:
    assert render(f"{{{{ range({MAX_RANGE})|list|length }}}}") == str(MAX_RANGE)
    assert render("{% for i in range(3) %}{{ i }}{% endfor %}") == "012"
    assert render(f"{{{{ ('x' * {MAX_LENGTH})|length }}}}") == str(MAX_LENGTH)
    assert render("{{ 2 ** 10 }} {{ '%05.1f'|format(2.5) }} {{ 'a' ~ 'b' }}") == "1024 002.5 ab"
    assert render("{{ '{:>8}'.format('x') }}|{{ 'x'|center(5) }}|") == "       x|  x  |"
    loops = MAX_ITERATIONS // MAX_RANGE - 1  # the outer loop's items count too
    assert (
        render(
            f"{{% for i in range({loops}) %}}{{% for j in range({MAX_RANGE}) %}}"
            "{% endfor %}{% endfor %}ok"
        )
        == "ok"
    )


def test_each_render_gets_a_fresh_budget() -> None:
    template = jinja_environment().from_string(
        f"{{% for i in range({MAX_RANGE}) %}}{{% endfor %}}ok"
    )
    assert [template.render() for _ in range(MAX_ITERATIONS // MAX_RANGE + 2)][-1] == "ok"


def test_a_hostile_word_template_is_a_profile_error_not_a_hang(tmp_path: Path) -> None:
    template = tmp_path / "mall.docx"
    document = Document()
    document.add_paragraph("{{ 'x' * 1000000000 }}")
    document.save(str(template))
    started = time.perf_counter()
    with pytest.raises(ProfileError) as caught:
        render_docx(template, {}, tmp_path / "rapport.docx", force=False)
    assert time.perf_counter() - started < 5
    assert "innehåller ett mallfel" in caught.value.message
    assert not (tmp_path / "rapport.docx").exists()


# ----------------------------------------------------------------- formulas


@pytest.mark.parametrize(
    "name",
    ['=HYPERLINK("http://x.invalid","klicka")', "+SUM(A1:A9)", "-2+3", "@SUM(1)", "\t=1", "\r=1"],
)
def test_put_text_never_stores_a_formula(name: str, tmp_path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    put_text(sheet["A1"], name)
    path = tmp_path / "b.xlsx"
    workbook.save(path)
    xml = zipfile.ZipFile(path).read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in xml
    cell = load_workbook(path)["Sheet"]["A1"]
    assert cell.data_type == "s"
    assert cell.value == name
    assert cell.quotePrefix


def test_the_compilation_workbook_holds_typed_names_as_text(tmp_path: Path) -> None:
    from reportgen.batch.results import InterventionResult
    from reportgen.compilation import build_compilation
    from reportgen.figures import GoalCounts, InterventionFigures
    from reportgen.render.compilation_xlsx import write_compilation_xlsx

    names = ['=HYPERLINK("http://x.invalid","klicka")', "+SUM(1)", "@x", "-1"]
    results = [
        InterventionResult(
            path=f"inputs/{index}/insats.yaml",
            built=True,
            report=f"out/{index}/r.docx",
            report_relative=f"{index}/r.docx",
            figures=InterventionFigures(
                funder="sundsvall",
                name=name,
                kind="slutrapport",
                orientation="strukturövergripande",
                start=date(2025, 1, 1),
                end=date(2025, 12, 31),
                report_start=date(2025, 1, 1),
                report_end=date(2025, 12, 31),
                granted=Decimal(1000),
                budget=Decimal(1000),
                outcome=Decimal(900),
                goals=GoalCounts(1, 0, 0),
                participants=None,
            ),
        )
        for index, name in enumerate(names)
    ]
    compilation = build_compilation(results, association="=cmd|'/c calc'!A1", page_header="F")
    path = write_compilation_xlsx(compilation, tmp_path / "uppfoljning.xlsx")
    with zipfile.ZipFile(path) as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/")]
        assert not any("<f>" in archive.read(n).decode() for n in sheets)
    texts = {
        cell.value
        for sheet in load_workbook(path).worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.data_type == "s"
    }
    for name in names:
        assert any(name in str(text) for text in texts), name
