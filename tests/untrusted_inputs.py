"""Hostile inputs built in code, small on disk: for tests/test_untrusted_*.py and the benchmark.

Every bomb is generated where it is used: a workbook that claims two billion
rows is a few kB, a million rows are streamed into a deflated zip, an alias bomb
is a dozen lines. `benchmarks/bad_inputs.py` builds its corpus (one subprocess
per case, across the classes of issue 11) from these helpers; the tests build
the same kinds of input at sizes just past each limit.
"""

from __future__ import annotations

import os
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from tests.checks_support import VALID_FINAL
from tests.excel_workbooks import HEADERS, insats_yaml, row, write_workbook

NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
NBSP_PERSONNUMMER = "850101\u00a01236"  # valid check digit, no-break space between


# ----------------------------------------------------------------- insats.yaml


def replace(text: str, old: str, new: str) -> str:
    assert old in text, f"{old!r} finns inte i texten"
    return text.replace(old, new, 1)


def write_insats(folder: Path, text: str | bytes) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "insats.yaml"
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_bytes(text.encode("utf-8", "surrogatepass"))
    return folder


def name_is(value: str) -> str:
    """VALID_FINAL with the intervention named `value` (a YAML scalar, quoted as given)."""
    return replace(VALID_FINAL, "namn: Testinsats", f"namn: {value}")


def text_is(value: str) -> str:
    """VALID_FINAL with `arbetssätt:` set to `value` (YAML as given)."""
    return replace(VALID_FINAL, "arbetssätt: Arbetssättet.", f"arbetssätt: {value}")


def block(lines: Iterable[str]) -> str:
    """A literal block scalar (`|`) holding `lines`."""
    return "|\n" + "".join(f"  {line}\n" for line in lines)


def alias_bomb(levels: int = 9, fan: int = 10) -> str:
    """Nested anchors: `fan ** levels` strings from a dozen lines (far past the value cap)."""
    lines = ['a0: &a0 ["x", "x", "x", "x", "x", "x", "x", "x", "x", "x"]']
    for level in range(1, levels):
        lines.append(f"a{level}: &a{level} [{', '.join([f'*a{level - 1}'] * fan)}]")
    return "\n".join(lines) + "\n"


def text_bomb(chars: int = 400_000, copies: int = 12) -> str:
    """One long text referenced `copies` times: small file, millions of characters expanded."""
    goals = "".join("  - {mål: *t, uppnått: ja, utfall: *t}\n" for _ in range(copies))
    text = replace(VALID_FINAL, "arbetssätt: Arbetssättet.", f"arbetssätt: &t {'x' * chars}")
    start = text.index("mål:\n")
    end = text.index("arbetssätt:")
    return text[:start] + text[end:] + "mål:\n" + goals


# ----------------------------------------------------------------- statistik.xlsx

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types '
    'xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.sheet.main+xml"/>{sheets}'
    '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.sharedStrings+xml"/></Types>'
)
_SHEET_TYPE = (
    '<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="application/vnd.'
    'openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.'
    'org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats'
    '.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


@dataclass
class RawSheet:
    """A worksheet written as raw XML rows (streamed into the zip, never held whole)."""

    title: str = "Deltagare"
    rows: Iterable[str] = ()
    dimension: str | None = None


def write_raw_xlsx(
    path: Path, sheets: Iterable[RawSheet], *, shared_strings: Iterable[str] = ()
) -> Path:
    """A minimal .xlsx from raw sheet XML; big sheets cost kB on disk (deflate)."""
    sheets = list(sheets)
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        overrides = "".join(_SHEET_TYPE.format(n=n) for n in range(1, len(sheets) + 1))
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES.format(sheets=overrides))
        archive.writestr("_rels/.rels", _RELS)
        entries = "".join(
            f'<sheet name="{escape(s.title)}" sheetId="{n}" r:id="rId{n}"/>'
            for n, s in enumerate(sheets, start=1)
        )
        archive.writestr(
            "xl/workbook.xml",
            f'<?xml version="1.0" encoding="UTF-8"?><workbook {NS} xmlns:r="{_REL}">'
            f"<sheets>{entries}</sheets></workbook>",
        )
        rels = "".join(
            f'<Relationship Id="rId{n}" Type="{_REL}/worksheet" Target="worksheets/sheet{n}.xml"/>'
            for n in range(1, len(sheets) + 1)
        )
        rels += (
            f'<Relationship Id="rId{len(sheets) + 1}" Type="{_REL}/sharedStrings" '
            'Target="sharedStrings.xml"/>'
        )
        archive.writestr(
            "xl/_rels/workbook.xml.rels",
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
            f'openxmlformats.org/package/2006/relationships">{rels}</Relationships>',
        )
        for n, sheet in enumerate(sheets, start=1):
            with archive.open(f"xl/worksheets/sheet{n}.xml", "w", force_zip64=True) as part:
                part.write(f'<?xml version="1.0" encoding="UTF-8"?><worksheet {NS}>'.encode())
                if sheet.dimension:
                    part.write(f'<dimension ref="{sheet.dimension}"/>'.encode())
                part.write(b"<sheetData>")
                for chunk in _batched(sheet.rows):
                    part.write(chunk.encode())
                part.write(b"</sheetData></worksheet>")
        with archive.open("xl/sharedStrings.xml", "w", force_zip64=True) as part:
            part.write(f"<sst {NS}>".encode())
            for chunk in _batched(shared_strings):
                part.write(chunk.encode())
            part.write(b"</sst>")
    return path


def _batched(pieces: Iterable[str], size: int = 2000) -> Iterator[str]:
    batch: list[str] = []
    for piece in pieces:
        batch.append(piece)
        if len(batch) >= size:
            yield "".join(batch)
            batch.clear()
    if batch:
        yield "".join(batch)


def text_cell(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{escape(text)}</t></is></c>'


def number_cell(ref: str, number: float | int) -> str:
    return f'<c r="{ref}"><v>{number}</v></c>'


def row_of(number: int, *cells: str) -> str:
    return f'<row r="{number}">{"".join(cells)}</row>'


def header_row() -> str:
    letters = [_letter(i) for i in range(len(HEADERS))]
    cells = "".join(text_cell(f"{col}1", h) for col, h in zip(letters, HEADERS, strict=True))
    return f'<row r="1">{cells}</row>'


def participant_rows(count: int, start: int = 2) -> Iterator[str]:
    """`count` valid participant rows: id, kön K, startdatum 2025-02-11 (as ISO text)."""
    started = _letter(HEADERS.index("startdatum"))
    for r in range(start, start + count):
        yield row_of(
            r,
            number_cell(f"A{r}", r),
            text_cell(f"B{r}", "K"),
            text_cell(f"{started}{r}", "2025-02-11"),
        )


def _letter(index: int) -> str:
    return chr(ord("A") + index)


def workbook_intervention(folder: Path, sheets: Iterable[RawSheet], **options: object) -> Path:
    """An intervention folder whose insats.yaml names a raw statistik.xlsx."""
    write_insats(folder, insats_yaml())
    write_raw_xlsx(folder / "statistik.xlsx", sheets, **options)  # type: ignore[arg-type]
    return folder


def good_workbook_intervention(folder: Path, rows: int = 3, **workbook_options: object) -> Path:
    """A valid intervention with an openpyxl-written workbook of `rows` participants."""
    write_insats(folder, insats_yaml())
    people = [row(f"P{i}", "K", "2025-02-01") for i in range(rows)]
    write_workbook(folder / "statistik.xlsx", people, **workbook_options)  # type: ignore[arg-type]
    return folder


def patch_part(path: Path, part: str, change: Callable[[str], str]) -> None:
    """Rewrite one XML part of a zip package in place (e.g. a sheet's <dimension>)."""
    with zipfile.ZipFile(path) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    parts[part] = change(parts[part].decode("utf-8")).encode("utf-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)


def statistik_named(folder: Path, name: str) -> Path:
    """An intervention whose `statistik:` says `name` (a YAML scalar as given)."""
    return write_insats(folder, VALID_FINAL + f"statistik: {name}\n")


def fifo_intervention(folder: Path) -> Path:
    statistik_named(folder, "statistik.xlsx")
    os.mkfifo(folder / "statistik.xlsx")
    return folder


def symlink_intervention(folder: Path, target: str, name: str = "statistik.xlsx") -> Path:
    statistik_named(folder, name)
    (folder / name).symlink_to(target)
    return folder
