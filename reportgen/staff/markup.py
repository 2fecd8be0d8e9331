"""`reportgen check inkomna/*.docx --kommentera UTMAPP`: a copy of each report with a Word
comment per finding, anchored where the finding is, for sending back to the owner.

The copy is made from the original's bytes in memory (a .doc, .odt or .rtf is
converted again, as for checking); the original is never opened for writing.
Each finding's `Location.paragraph` is the ordinal of the paragraph the reader
found it at (reportgen.sources.docx.blocks.Para.index): reading the copy with
the same reader gives the same ordinals, so the comment lands on that paragraph
or table cell – the cost row's amount, the goal's answer, the empty section's
heading, or for a missing section the end of the section before it. A finding
without a place in the document (the file was converted, say) is anchored at
the first paragraph. The copy is written atomically, beside no original:
`UTMAPP/<namn>.kommenterad.docx`.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence
from io import BytesIO
from pathlib import Path
from typing import Any

from reportgen.errors import OutputExistsError, ReportgenError
from reportgen.files import write_atomically
from reportgen.findings import Finding, sort_findings
from reportgen.pipeline import FileCheck
from reportgen.staff.compact import place_in_file

AUTHOR = "Förbundets kansli (reportgen)"
INITIALS = "RG"
SUFFIX = ".kommenterad.docx"
WORD_SUFFIXES = {".docx", ".doc", ".odt", ".rtf"}


def write_marked_up_copies(
    checks: Sequence[FileCheck], folder: Path, *, force: bool = False
) -> list[tuple[FileCheck, Path]]:
    """A commented copy of every readable Word report among `checks`, in `folder`.

    Inputs that are no Word report (an intervention folder, insats.yaml) or could
    not be read get no copy. Nothing is written if any copy would overwrite a
    file without `force`, or would be one of the inputs.
    """
    planned = plan(checks, folder, SUFFIX)
    guard(planned, checks, force=force)
    return [(check, write_marked_up_copy(check, target)) for check, target in planned]


def plan(checks: Sequence[FileCheck], folder: Path, suffix: str) -> list[tuple[FileCheck, Path]]:
    """(check, target) for each readable Word report; names made unique within the run."""
    planned: list[tuple[FileCheck, Path]] = []
    used: set[str] = set()
    for check in checks:
        loaded = check.loaded
        if loaded is None or loaded.path.suffix.lower() not in WORD_SUFFIXES:
            continue
        stem = loaded.path.stem
        name = f"{stem}{suffix}"
        number = 2
        while name.casefold() in used:
            name = f"{stem}-{number}{suffix}"
            number += 1
        used.add(name.casefold())
        planned.append((check, folder / name))
    return planned


def guard(
    planned: Sequence[tuple[FileCheck, Path]], checks: Sequence[FileCheck], *, force: bool
) -> None:
    """Refuse before writing anything: never over an input, never over a file unasked."""
    inputs = {_resolved(c.loaded.path) for c in checks if c.loaded is not None}
    for _, target in planned:
        if _resolved(target) in inputs:
            raise ReportgenError(f"{target} är en av filerna som granskas; välj en annan mapp.")
        if target.exists() and not force:
            raise OutputExistsError(
                f"{target} finns redan. Ange --force för att skriva över, eller välj en annan mapp."
            )
        if target.is_dir():
            raise OutputExistsError(f"{target} är en mapp.")


def _resolved(path: Path) -> Path:
    try:
        return path.resolve()
    except OSError:
        return path.absolute()


def write_marked_up_copy(check: FileCheck, target: Path) -> Path:
    """Write `target`: the checked report with one comment per finding."""
    from docx import Document

    loaded = check.loaded
    if loaded is None:
        raise ReportgenError(f"{check.display} kunde inte läsas; ingen kommenterad kopia.")
    with _docx_bytes(loaded.path, check.display) as data:
        document = Document(BytesIO(data))
    paragraphs = _paragraphs(document)
    first = paragraphs[min(paragraphs)] if paragraphs else None
    for finding in sort_findings(check.findings):
        element = paragraphs.get(finding.location.paragraph or -1, first)
        if element is None:
            continue  # an empty document body: nothing to anchor at
        document.add_comment(
            _runs(element, document), text=comment_text(finding), author=AUTHOR, initials=INITIALS
        )
    write_atomically(target, lambda temporary: document.save(str(temporary)))
    return target


def comment_text(finding: Finding) -> str:
    """ "B005 fel – §6 Ekonomisk rapport, rad …" and the message (which says how to fix it)."""
    place = place_in_file(finding.location)
    heading = f"{finding.code} {finding.severity}" + (f" – {place}" if place else "")
    return f"{heading}\n{finding.message}"


@contextlib.contextmanager
def _docx_bytes(path: Path, display: str) -> Iterator[bytes]:
    from reportgen.sources.docx.convert import CONVERTIBLE_SUFFIXES, as_docx

    if path.suffix.lower() in CONVERTIBLE_SUFFIXES:
        with as_docx(path, display) as converted:
            yield converted.read_bytes()
        return
    yield path.read_bytes()


def _paragraphs(document: Any) -> dict[int, Any]:
    """Paragraph ordinal -> w:p element, exactly as the reader numbered them."""
    from reportgen.sources.docx.blocks import Para, read_body, style_map

    styles = style_map(document.styles.element)
    found: dict[int, Any] = {}
    for block in read_body(document.element.body, styles):
        paras = (
            [block]
            if isinstance(block, Para)
            else [p for row in block.rows for cell in row for p in cell.paras]
        )
        for para in paras:
            found[para.index] = para.element
    return found


def _runs(element: Any, document: Any) -> list[Any]:
    """The paragraph's runs to anchor a comment on (an empty run if it has none)."""
    from docx.text.paragraph import Paragraph

    paragraph = Paragraph(element, document)
    runs = paragraph.runs
    return runs if runs else [paragraph.add_run("")]
