"""The prepared-template renderer writes what docxtpl writes, minus the parts reports don't need.

render/docx.py fills a template prepared once per process (render/template_cache.py,
render/fill.py, render/body_steps.py) instead of opening it with python-docx for each
report. These tests hold it to docxtpl's own output, part by part as canonical XML,
for every example with and without charts, and for the template features the
shortcuts have to get right (cell loops that change a table's grid, line breaks in
values, core properties, drawings), and check the package itself.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from reportgen.errors import ProfileError
from reportgen.pipeline import report_context
from reportgen.render import docx as render
from reportgen.render import template_cache
from reportgen.render.body_steps import grid_after_fix, resolve_listing
from reportgen.render.chart_xml import CHART_CONTENT_TYPE
from reportgen.render.package import pack, store, zip_bytes
from reportgen.sources import load_source

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted(p.parent for p in (ROOT / "inputs").glob("*/insats.yaml"))
LEFT_OUT = {"word/stylesWithEffects.xml", "docProps/thumbnail.jpeg"}
LEFT_OUT_RELS = {
    (
        "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects",
        "stylesWithEffects.xml",
    ),
    (
        "http://schemas.openxmlformats.org/package/2006/relationships/metadata/thumbnail",
        "docProps/thumbnail.jpeg",
    ),
}
LEFT_OUT_TYPES = {"/" + name for name in LEFT_OUT}
R_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
R_IDS = (R_NS + "embed", R_NS + "id")  # a picture's blip, a chart's c:chart


def _both(template: Path, context: dict, folder: Path) -> tuple[Path, Path]:
    fast, plain = folder / "fast.docx", folder / "docxtpl.docx"
    render.render_docx(template, context, fast, force=True)
    render._render_with_docxtpl(template, context, plain)
    return fast, plain


def _parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        assert archive.testzip() is None
        return {name: archive.read(name) for name in archive.namelist()}


def _targets(rels: bytes) -> dict[str, str]:
    root = etree.fromstring(rels)
    return {r.get("Id"): r.get("Target") for r in root}


def _canonical(name: str, content: bytes, targets: dict[str, str]) -> object:
    """What a reader sees: relationships and content types as sets, pictures by target."""
    if not name.endswith((".xml", ".rels")):
        return content
    root = etree.fromstring(content, etree.XMLParser(remove_blank_text=True))
    if name.endswith(".rels"):
        return {(r.get("Type"), r.get("Target")) for r in root} - LEFT_OUT_RELS
    if name == "[Content_Types].xml":
        return {
            tuple(sorted(e.attrib.items())) for e in root if e.get("PartName") not in LEFT_OUT_TYPES
        }
    for element in root.iter():
        for attribute in R_IDS:
            if attribute in element.attrib:
                element.set(attribute, targets[element.get(attribute)])
        if element.tag.endswith("}docPr"):
            element.set("name", "")  # python-docx names it after an id renumbered later
    if name == "docProps/core.xml":  # python-docx writes empty properties it sets
        for element in [e for e in root if not e.text and not len(e)]:
            root.remove(element)
    return etree.tostring(root, method="c14n")


def _same_as_docxtpl(fast: Path, plain: Path) -> None:
    ours, theirs = _parts(fast), _parts(plain)
    assert set(ours) == set(theirs) - LEFT_OUT
    our_targets = _targets(ours["word/_rels/document.xml.rels"])
    their_targets = _targets(theirs["word/_rels/document.xml.rels"])
    for name in sorted(ours):
        assert _canonical(name, ours[name], our_targets) == _canonical(
            name, theirs[name], their_targets
        ), name


@pytest.mark.parametrize("charts", [False, True], ids=["utan-diagram", "med-diagram"])
@pytest.mark.parametrize("folder", EXAMPLES, ids=[p.name for p in EXAMPLES])
def test_every_example_renders_as_docxtpl_renders_it(tmp_path: Path, folder: Path, charts: bool):
    loaded = load_source(folder)
    context = report_context(loaded, draft=False, charts=charts)
    _same_as_docxtpl(*_both(loaded.profile.template_path, context, tmp_path))


def _template(tmp_path: Path, build) -> Path:
    from docx import Document

    document = Document()
    build(document)
    path = tmp_path / "mall.docx"
    document.save(str(path))
    return path


def test_a_cell_loop_changes_the_grid_as_docxtpl_does(tmp_path: Path) -> None:
    """`{%tc for %}` makes rows wider or narrower than the grid; fix_tables' widths follow."""

    def build(document):
        table = document.add_table(rows=2, cols=4)
        for row, label in zip(table.rows, ("Rubrik", "Värde"), strict=True):
            row.cells[0].text = label
            row.cells[1].text = "{%tc for k in kolumner %}"
            row.cells[2].text = "{{ k }}"
            row.cells[3].text = "{%tc endfor %}"
        document.add_paragraph("{{ text }}")

    template = _template(tmp_path, build)
    for columns in ([], ["a"], ["a", "b", "c", "d", "e"]):
        context = {"kolumner": columns, "text": "rad ett\nrad två\ttabb"}
        fast, plain = _both(template, context, tmp_path)
        _same_as_docxtpl(fast, plain)
        grid = re.findall(r"<w:gridCol [^>]*>", _parts(fast)["word/document.xml"].decode())
        assert len(grid) == max(1 + len(columns), 1), columns


def test_grids_are_fixed_as_docxtpl_fixes_them_on_random_tables() -> None:
    """finished_body finds the gridSpans docxtpl's fix_tables counts (tc/tcPr/gridSpan of a
    row) without its per-row path search; spans elsewhere (a nested table, a content
    control, a tracked change) must not count, on tables that grow, shrink or stay."""
    import random

    from docxtpl.template import DocxTemplate

    from reportgen.render.body_steps import finished_body

    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    rng = random.Random(5)

    def span(n: int) -> str:
        return f'<w:gridSpan w:val="{n}"/>'

    def cell(depth: int) -> str:
        choice = rng.randrange(7)
        if choice == 0:
            return f"<w:tc><w:tcPr>{span(rng.randint(1, 3))}</w:tcPr><w:p/></w:tc>"
        if choice == 1:  # a change record's span is not the cell's
            return (
                f"<w:tc><w:tcPr><w:tcPrChange><w:tcPr>{span(3)}</w:tcPr></w:tcPrChange>"
                "</w:tcPr><w:p/></w:tc>"
            )
        if choice == 2 and depth == 0:
            return f"<w:tc>{table(1)}<w:p/></w:tc>"
        if choice == 3:  # a cell in a content control is no cell of the row for docxtpl
            inner = f"<w:tc><w:tcPr>{span(2)}</w:tcPr><w:p/></w:tc>"
            return f"<w:sdt><w:sdtContent>{inner}</w:sdtContent></w:sdt>"
        return "<w:tc><w:p/></w:tc>"

    def table(depth: int) -> str:
        columns = "".join(
            f'<w:gridCol w:w="{rng.choice((900, 1134, 2000))}"/>' for _ in range(rng.randint(1, 5))
        )
        rows = "".join(
            "<w:tr>" + "".join(cell(depth) for _ in range(rng.randint(1, 6))) + "</w:tr>"
            for _ in range(rng.randint(1, 4))
        )
        return f"<w:tbl><w:tblGrid>{columns}</w:tblGrid>{rows}</w:tbl>"

    for _ in range(300):
        body = (
            f'<w:body xmlns:w="{w}">'
            + "".join(table(0) for _ in range(rng.randint(1, 3)))
            + "</w:body>"
        )
        expected = etree.tostring(DocxTemplate.fix_tables(None, body), method="c14n")
        got = etree.tostring(etree.fromstring(finished_body(body)), method="c14n")
        assert got == expected, body


def test_grid_arithmetic_is_docxtpls() -> None:
    assert grid_after_fix(["1000", "1000"], widest=2, spanned=2) is None
    assert grid_after_fix(["1000", "1000"], widest=4, spanned=4) == ["500"] * 4
    assert grid_after_fix(["900", "900", "900"], widest=2, spanned=2) == ["1350", "1350"]
    assert grid_after_fix(["1134"] * 8, widest=4, spanned=5) == ["1814"] * 5


def test_line_breaks_in_values_become_word_breaks_only_in_their_paragraph() -> None:
    from docxtpl.template import DocxTemplate

    xml = (
        '<w:body xmlns:w="w"><w:p><w:r><w:t>a\nb</w:t></w:r></w:p><w:p><w:r><w:t>c</w:t>'
        "</w:r></w:p><w:p><w:pPr><w:jc/></w:pPr><w:r><w:t>d\te\ff</w:t></w:r></w:p></w:body>"
    )
    assert resolve_listing(xml) == DocxTemplate.resolve_listing(None, xml)
    assert "<w:br/>" in resolve_listing(xml)
    nested = '<w:body><w:p w:a="1"/><w:p><w:r><w:t>x\ny</w:t></w:r></w:p></w:body>'
    assert resolve_listing(nested) == DocxTemplate.resolve_listing(None, nested)


def test_reportgens_listing_rule_is_docxtpls_on_random_bodies() -> None:
    """render/body_steps.listing re-implements docxtpl's resolve_listing (so rendering needs
    no docxtpl import); on bodies mixing properties, specials and odd paragraphs they agree."""
    import random

    from docxtpl.template import DocxTemplate

    rng = random.Random(17)
    pieces = [
        "<w:p>",
        '<w:p w:rsidR="1">',
        "</w:p>",
        "<w:pPr><w:jc/></w:pPr>",
        "<w:r>",
        "<w:r w:x='1'>",
        "</w:r>",
        "<w:rPr><w:b/></w:rPr>",
        "<w:t>",
        '<w:t xml:space="preserve">',
        "</w:t>",
        "text",
        "\t",
        "\n",
        "\a",
        "\f",
        "<w:p/>",
        '<w:p w:a="1"/>',
        "<w:br/>",
    ]
    for _ in range(400):
        body = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 40)))
        assert resolve_listing(body) == DocxTemplate.resolve_listing(None, body), body


def test_text_steps_after_rendering_are_docxtpls_replacements() -> None:
    """fill._render skips or shortens docxtpl's replacements by searching for one character
    first; on random texts it gives what the plain chain of replacements and LISTING give."""
    import random
    from types import SimpleNamespace

    from docxtpl.template import DocxTemplate

    from reportgen.render import fill
    from reportgen.render.body_steps import LISTING

    def plain(xml: str) -> str:
        xml = xml.replace("\n<w:p ", "<w:p ").replace("\n<w:p>", "<w:p>")
        xml = (
            xml.replace("{_{", "{{").replace("}_}", "}}").replace("{_%", "{%").replace("%_}", "%}")
        )
        return DocxTemplate.resolve_listing(None, xml) if LISTING.search(xml) else xml

    rng = random.Random(23)
    pieces = [
        "<w:p>",
        "<w:p ",
        "<w:p/>",
        "</w:p>",
        "<w:r><w:t>",
        "</w:t></w:r>",
        "x",
        "{",
        "}",
        "_",
        "%",
        "{_{",
        "%_}",
        "\n",
        "\t",
        "\a",
        "\f",
        "\n<w:p>",
        "w:p>",
    ]
    for _ in range(600):
        body = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 30)))
        slot = SimpleNamespace(template=SimpleNamespace(render=lambda _context, b=body: b))
        assert fill._render(slot, {}) == plain(body), repr(body)


def test_unchanged_parts_are_copied_from_the_template_and_charts_are_chart_parts(
    tmp_path: Path,
) -> None:
    folder = EXAMPLES[0]
    loaded = load_source(folder)
    context = report_context(loaded, draft=False, charts=True)
    output = tmp_path / "r.docx"
    render.render_docx(loaded.profile.template_path, context, output, force=True)
    with zipfile.ZipFile(loaded.profile.template_path) as template:
        styles = template.getinfo("word/styles.xml")
    with zipfile.ZipFile(output) as report:
        names = report.namelist()
        assert names[0] == "[Content_Types].xml"
        assert not LEFT_OUT & set(names)
        assert report.getinfo("word/styles.xml").compress_size == styles.compress_size
        charts = [n for n in names if n.startswith("word/charts/")]
        assert charts and not [n for n in names if n.startswith("word/media/")]
        types = etree.fromstring(report.read("[Content_Types].xml"))
        declared = {e.get("PartName"): e.get("ContentType") for e in types}
        assert all(declared["/" + name] == CHART_CONTENT_TYPE for name in charts)
        related = set(_targets(report.read("word/_rels/document.xml.rels")).values())
        assert {name.removeprefix("word/") for name in charts} <= related


def test_the_template_is_prepared_once_and_again_when_it_changes(tmp_path: Path) -> None:
    template = _template(tmp_path, lambda d: d.add_paragraph("{{ titel }}"))
    environment = render.jinja_environment()
    first = template_cache.prepared_template(template, environment)
    assert template_cache.prepared_template(template, environment) is first
    _template(tmp_path, lambda d: d.add_paragraph("Ny: {{ titel }}"))
    again = template_cache.prepared_template(template, environment)
    assert again is not first
    render.render_docx(template, {"titel": "x"}, tmp_path / "ut.docx", force=True)
    assert "Ny: x" in _parts(tmp_path / "ut.docx")["word/document.xml"].decode()


def test_a_file_that_is_not_a_word_document_is_a_profile_error(tmp_path: Path) -> None:
    template = tmp_path / "mall.docx"
    template.write_bytes(b"inte en zip")
    with pytest.raises(ProfileError) as caught:
        render.render_docx(template, {}, tmp_path / "ut.docx", force=False)
    assert caught.value.message.startswith(
        f"Mallen {template} kunde inte läsas som ett Word-dokument ("
    )
    assert not (tmp_path / "ut.docx").exists()


def test_tags_in_footnotes_are_left_to_docxtpl(tmp_path: Path, monkeypatch) -> None:
    template = _template(tmp_path, lambda d: d.add_paragraph("{{ titel }}"))
    with zipfile.ZipFile(template, "a") as archive:
        archive.writestr("word/footnotes.xml", "<w:footnotes>{{ titel }}</w:footnotes>")
    used = []
    monkeypatch.setattr(render, "_render_with_docxtpl", lambda *a: used.append(a) or a[2])
    render.render_docx(template, {"titel": "x"}, tmp_path / "ut.docx", force=True)
    assert len(used) == 1


def test_the_zip_writer_writes_what_zipfile_reads(tmp_path: Path) -> None:
    parts = [pack("a.xml", b"<a>" + b"x" * 5000 + b"</a>"), store("m/b.png", b"\x89PNG" * 10)]
    path = tmp_path / "t.zip"
    path.write_bytes(zip_bytes(parts))
    with zipfile.ZipFile(path) as archive:
        assert archive.testzip() is None
        assert archive.read("a.xml") == b"<a>" + b"x" * 5000 + b"</a>"
        assert archive.getinfo("m/b.png").compress_type == zipfile.ZIP_STORED


# ----------------------------------------------------------------- the prepared templates on disk


def test_a_second_process_renders_from_the_store_without_docxtpl(tmp_path: Path) -> None:
    """The layout and compiled code kept on disk spare a one-off command python-docx, docxtpl
    and compiling; the report is the same."""
    import os
    import subprocess
    import sys

    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from reportgen.render.docx import render_docx\n"
        "render_docx(Path(sys.argv[1]), {'titel': 'Ett & två'}, Path(sys.argv[2]), force=True)\n"
        "print(sorted(m for m in ('docx', 'docxtpl', 'docxtpl.template') if m in sys.modules))\n"
    )
    template = _template(tmp_path, lambda d: d.add_paragraph("Rubrik: {{ titel }}"))
    env = {**os.environ, "REPORTGEN_CACHE": str(tmp_path / "cache")}
    runs = []
    for name in ("first.docx", "second.docx"):
        done = subprocess.run(
            [sys.executable, "-c", script, str(template), str(tmp_path / name)],
            capture_output=True,
            text=True,
            env=env,
            check=True,
            cwd=ROOT,
        )
        runs.append(done.stdout.strip())
    assert runs == ["['docx', 'docxtpl', 'docxtpl.template']", "[]"]
    assert len(list((tmp_path / "cache" / "mallar").glob("*.bin"))) == 1
    assert (
        _parts(tmp_path / "first.docx")["word/document.xml"]
        == _parts(tmp_path / "second.docx")["word/document.xml"]
    )


def test_the_store_is_used_only_when_it_is_private_and_survives_damage(
    tmp_path: Path, monkeypatch
) -> None:
    from reportgen.render import template_store

    monkeypatch.setenv("REPORTGEN_CACHE", "0")
    assert template_store.folder() is None
    shared = tmp_path / "delad"
    (shared / "mallar").mkdir(parents=True)
    (shared / "mallar").chmod(0o777)
    monkeypatch.setenv("REPORTGEN_CACHE", str(shared))
    assert template_store.folder() is None
    monkeypatch.setenv("REPORTGEN_CACHE", str(tmp_path / "egen"))
    assert template_store.folder() == tmp_path / "egen" / "mallar"

    template = _template(tmp_path, lambda d: d.add_paragraph("{{ titel }}"))
    render.render_docx(template, {"titel": "x"}, tmp_path / "a.docx", force=True)
    for stored in (tmp_path / "egen" / "mallar").glob("*.bin"):
        stored.write_bytes(b"trasig")
    template_cache._CACHE.clear()
    render.render_docx(template, {"titel": "y"}, tmp_path / "b.docx", force=True)
    assert "y" in _parts(tmp_path / "b.docx")["word/document.xml"].decode()


def test_the_store_keeps_only_its_newest_entries(tmp_path: Path, monkeypatch) -> None:
    import os

    from reportgen.render import template_store

    monkeypatch.setenv("REPORTGEN_CACHE", str(tmp_path))
    monkeypatch.setattr(template_store, "KEEP", 3)
    folder = tmp_path / "mallar"
    folder.mkdir(mode=0o700)
    for index in range(5):
        old = folder / f"gammal{index}.bin"
        old.write_bytes(b"x")
        os.utime(old, ns=(index * 10**9, index * 10**9))
    template = _template(tmp_path, lambda d: d.add_paragraph("{{ titel }}"))
    render.render_docx(template, {"titel": "x"}, tmp_path / "a.docx", force=True)
    kept = sorted(p.name for p in folder.glob("*.bin"))
    assert len(kept) == 3 and "gammal4.bin" in kept and "gammal0.bin" not in kept
