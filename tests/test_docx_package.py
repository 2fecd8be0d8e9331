"""The reader opens a .docx without python-docx (sources/docx/package.py): same parts,
same trees, and the same refusals as python-docx gave."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from docx import Document
from lxml import etree

from reportgen.pipeline import inspect as check_path
from reportgen.sources.docx.blocks import part_text, read_body, style_map
from reportgen.sources.docx.package import read_parts
from tests.docx_fixtures import HandFilled, write_docx


def _rewritten(source: Path, target: Path, part: str, change: object) -> Path:
    """A copy of `source` with `part` changed by `change(bytes) -> bytes | None` (None drops it)."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for item in old.infolist():
            data = old.read(item.filename)
            if item.filename == part:
                data = change(data)  # type: ignore[operator]
                if data is None:
                    continue
            new.writestr(item, data)
    return target


def _texts(body: object, styles: object) -> list[tuple[str, str]]:
    blocks = read_body(body, style_map(styles))
    return [(getattr(b, "text", "<tabell>"), str(getattr(b, "style", ""))) for b in blocks]


def test_the_parts_are_the_trees_python_docx_gave(tmp_path: Path) -> None:
    path = write_docx(tmp_path / "rapport.docx", HandFilled(page_header="Sidhuvud"))
    parts = read_parts(path)
    document = Document(str(path))
    assert etree.tostring(parts.body) == etree.tostring(document.element.body)
    assert etree.tostring(parts.styles) == etree.tostring(document.styles.element)
    assert [part_text(h) for h in parts.headers] == ["Sidhuvud"]
    assert _texts(parts.body, parts.styles) == _texts(
        document.element.body, document.styles.element
    )


def test_a_package_without_styles_reads_with_python_docx_default_styles(tmp_path: Path) -> None:
    source = write_docx(tmp_path / "hel.docx")
    rels = "word/_rels/document.xml.rels"
    no_rel = _rewritten(
        source,
        tmp_path / "mellan.docx",
        rels,
        lambda data: re.sub(rb'<Relationship [^>]*Target="styles.xml"/>', b"", data),
    )
    target = _rewritten(no_rel, tmp_path / "utan.docx", "word/styles.xml", lambda data: None)
    parts = read_parts(target)
    document = Document(str(target))
    assert etree.tostring(parts.styles) == etree.tostring(document.styles.element)
    assert check_path(target).readable


def test_a_macro_enabled_main_part_is_refused_as_python_docx_refused_it(tmp_path: Path) -> None:
    target = _rewritten(
        write_docx(tmp_path / "hel.docx"),
        tmp_path / "makro.docx",
        "[Content_Types].xml",
        lambda data: data.replace(
            b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
            b"application/vnd.ms-word.document.macroEnabled.main+xml",
        ),
    )
    result = check_path(target)
    assert not result.readable
    [finding] = result.findings
    assert finding.code == "F001"
    assert finding.message.startswith("Filen är skadad och kan inte läsas som Word-dokument")
