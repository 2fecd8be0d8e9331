"""Reports that are not plain python-docx .docx files: saved through LibreOffice, sent as
.doc/.odt/.rtf/.pdf, or far larger than any report.

LibreOffice writes its own WordprocessingML (its styles, its tables, no python-docx
defaults), so a report saved through it is the closest to "someone else's Word".
Converting with soffice takes a second or two; these tests share one conversion
per format.
"""

from __future__ import annotations

import hashlib
import random
import shutil
import subprocess
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from reportgen.errors import InputError
from reportgen.pipeline import findings_for, inspect
from reportgen.sources import load_source
from reportgen.sources.docx import blocks as body
from reportgen.sources.docx import convert, source
from tests.docx_fixtures import HandFilled, write_docx

needs_soffice = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice saknas")


def soffice_convert(paths: list[Path], target_format: str, outdir: Path) -> None:
    """Save `paths` as another format with one LibreOffice start, as a colleague would."""
    outdir.mkdir(parents=True, exist_ok=True)
    profile = outdir / ".profil"
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            target_format,
            "--outdir",
            str(outdir),
            *(str(p) for p in paths),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )


@pytest.fixture(scope="module")
def saved(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A clean report and a one-big-table report, saved by LibreOffice in four formats."""
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice saknas")
    root = tmp_path_factory.mktemp("sparade")
    originals = [
        write_docx(root / "original" / "flow.docx"),
        write_docx(root / "original" / "tabell.docx", HandFilled(layout="one_table")),
    ]
    found: dict[str, Path] = {}
    for suffix in ("docx", "odt", "doc", "rtf"):
        soffice_convert(originals, suffix, root / suffix)
        for original in originals:
            found[f"{original.stem}.{suffix}"] = root / suffix / f"{original.stem}.{suffix}"
    return found


@needs_soffice
@pytest.mark.parametrize("name", ["flow.docx", "tabell.docx"])
def test_a_report_saved_through_libreoffice_checks_clean(saved: dict[str, Path], name: str) -> None:
    loaded = load_source(saved[name])
    assert [f.as_line() for f in findings_for(loaded)] == []
    assert loaded.report.intervention.name == "Stegvis till arbete"
    assert loaded.report.economy is not None and loaded.report.economy.totals is not None
    assert loaded.report.economy.totals.outcome == 901800


@needs_soffice
@pytest.mark.parametrize("name", ["flow.odt", "flow.doc", "tabell.rtf"])
def test_other_formats_are_converted_and_checked(saved: dict[str, Path], name: str) -> None:
    path = saved[name]
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    result = inspect(path)
    assert result.readable
    [converted] = result.findings  # nothing else is wrong with the report
    assert (converted.code, str(converted.severity)) == ("F003", "varning")
    assert converted.message.startswith("Filen är sparad som ")
    assert "spara som .docx i Word" in converted.message
    assert result.name == "Stegvis till arbete"
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before
    assert result.loaded is not None and result.loaded.path == path


@pytest.mark.parametrize(
    ("name", "content", "message_start"),
    [
        (
            "rapport.odt",
            b"PK\x03\x04 not really an odt",
            "Filen är sparad som OpenDocument (.odt), inte .docx, och LibreOffice finns inte på "
            "den här datorn för att konvertera den. Be insatsägaren spara som .docx i Word "
            "(Arkiv > Spara som > Word-dokument (*.docx)) och skicka in rapporten igen.",
        ),
        ("rapport.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "En PDF kan inte granskas"),
    ],
    ids=["odt without LibreOffice", "pdf"],
)
def test_what_cannot_be_converted_says_save_as_docx(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, content: bytes, message_start: str
) -> None:
    monkeypatch.setattr(convert, "find_soffice", lambda: None)
    path = tmp_path / name
    path.write_bytes(content)
    result = inspect(path)
    assert not result.readable
    [finding] = result.findings
    assert finding.code == "F002"
    assert finding.message.startswith(message_start)
    assert "spara som .docx i Word" in finding.message


@needs_soffice
def test_a_file_libreoffice_cannot_convert_is_f002(tmp_path: Path) -> None:
    path = tmp_path / "rapport.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 2048)  # an empty OLE shell
    result = inspect(path)
    assert not result.readable
    assert [f.code for f in result.findings] == ["F002"]
    assert "spara som .docx i Word" in result.findings[0].message


# ----------------------------------------------------------------- bounded work


def paragraphs_of_text(megabytes: int) -> bytes:
    """Paragraphs of varied words: compressing like real text, within the zip-bomb ratio."""
    rng = random.Random(12)
    vocabulary = [f"ord{n}" for n in range(5000)]
    paragraphs = []
    size = 0
    while size < megabytes * 1024 * 1024:
        text = " ".join(rng.choices(vocabulary, k=120)).encode()
        paragraphs.append(b"<w:p><w:r><w:t>" + text + b"</w:t></w:r></w:p>")
        size += len(paragraphs[-1])
    return b"".join(paragraphs)


def rewritten(source: Path, target: Path, part: str, change: Callable[[bytes], bytes]) -> Path:
    """A copy of the package `source` with one part's bytes changed."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            data = old.read(item.filename)
            new.writestr(item, change(data) if item.filename == part else data)
    return target


def test_a_document_larger_than_any_report_is_refused_before_parsing(tmp_path: Path) -> None:
    """Many MB of paragraphs within the zip limits (issue 11): answered without parsing."""
    text = paragraphs_of_text(20)
    target = rewritten(
        write_docx(tmp_path / "hel.docx"),
        tmp_path / "jatte.docx",
        "word/document.xml",
        lambda data: data.replace(b"<w:body>", b"<w:body>" + text, 1),
    )
    started = time.perf_counter()
    result = inspect(target)
    assert time.perf_counter() - started < 10
    assert not result.readable
    [finding] = result.findings
    assert finding.code == "F001"
    assert finding.message.startswith("Dokumentet är större än någon rapport (")


def test_a_part_named_as_a_picture_but_declared_xml_still_counts(tmp_path: Path) -> None:
    declared = b'<Override PartName="/word/media/bild.png" ContentType="application/xml"/>'
    target = rewritten(
        write_docx(tmp_path / "hel.docx"),
        tmp_path / "forklaed.docx",
        "[Content_Types].xml",
        lambda data: data.replace(b"</Types>", declared + b"</Types>"),
    )
    with zipfile.ZipFile(target, "a") as package:
        package.writestr(
            "word/media/bild.png", b"<x>" + b" " * (source.MAX_XML_BYTES + 10) + b"</x>"
        )
    with pytest.raises(InputError) as caught:
        load_source(target)
    assert [f.code for f in caught.value.findings] == ["F001"]


def test_more_paragraphs_than_any_report_stop_the_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_docx(tmp_path / "rapport.docx")
    monkeypatch.setattr(body, "MAX_PARAGRAPHS", 40)
    monkeypatch.setattr(source, "MAX_PARAGRAPHS", 40)
    monkeypatch.setattr(source, "read_body", _bounded(body.read_body, 40))
    result = inspect(path)
    assert [f.code for f in result.findings] == ["F001"]
    assert "40 stycken" in result.findings[0].message


def _bounded(read_body, limit):  # type: ignore[no-untyped-def]
    return lambda element, styles: read_body(element, styles, max_paragraphs=limit)
