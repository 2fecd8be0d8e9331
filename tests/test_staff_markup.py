"""The commented copy staff send back to an owner: one Word comment per finding, anchored in
the section the finding is about, and the original untouched.

The copy is opened with python-docx, never with reportgen's own reading of comments:
each comment's anchor (w:commentRangeStart) is looked up in the copy, and the section
it stands in is found by reading the copy's layout as the reader does.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from docx.oxml.ns import qn

from reportgen.errors import OutputExistsError, ReportgenError
from reportgen.pipeline import FileCheck, check_paths, inspect
from reportgen.profile import load_profile
from reportgen.sources.docx.blocks import Para, Table, read_body, style_map
from reportgen.sources.docx.headings import HeadingMatcher
from reportgen.sources.docx.layout import split_sections
from reportgen.staff import write_marked_up_copies
from reportgen.staff.markup import comment_text
from tests.docx_fixtures import GOALS, SEPARATE_ACCOUNT_ROWS, TEXTS, HandFilled, write_docx

FAULTY = {
    "title": "Redovisning",  # S004 at the title
    "headings": {"4.2": None},  # S001, anchored where 4.2 should stand
    "texts": {**TEXTS, "3.1": ""},  # S002 at 3.1's heading
    "goals": [GOALS[0], (GOALS[1][0], "", "")],  # G002 ×2 in the goal's cells
    "cost_rows": SEPARATE_ACCOUNT_ROWS,  # B005 in the cell
    "signature": ["Organisation:", "Ort och datum:", "Underskrift", "....."],  # one U001
}


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def anchored_sections(copy: Path) -> list[tuple[str, str | None]]:
    """(comment text, id of the section its anchor stands in; None before section 1)."""
    document = Document(str(copy))
    profile = load_profile("sundsvall")
    blocks = read_body(document.element.body, style_map(document.styles.element))
    layout = split_sections(blocks, profile, HeadingMatcher(profile))
    owner: dict[Any, str | None] = {}
    for para in _paras(layout.preamble):
        owner[para.element] = None
    for section_id, part in layout.parts.items():
        members = _paras(part.blocks) + ([part.heading_para] if part.heading_para else [])
        for para in members:
            owner[para.element] = section_id
    texts = {str(c.comment_id): c.text for c in document.comments}
    found = []
    for start in document.element.body.iter(qn("w:commentRangeStart")):
        paragraph = next(a for a in start.iterancestors() if a.tag == qn("w:p"))
        found.append((texts[start.get(qn("w:id"))], owner[paragraph]))
    return found


def _paras(blocks: list[Para | Table]) -> list[Para]:
    found: list[Para] = []
    for block in blocks:
        if isinstance(block, Para):
            found.append(block)
        else:
            found.extend(p for row in block.rows for cell in row for p in cell.paras)
    return found


def expected_section(check: FileCheck, section: str | None) -> str | None:
    """The finding's section; for a section that is missing, the one before it."""
    assert check.loaded is not None
    ids = [s.id for s in check.loaded.profile.sections]
    present = {"1", "2", "3", "3.1", "3.2", "3.3", "4", "4.1", "4.3", "4.4", "5"}
    present |= {"5.1", "5.2", "5.3", "5.4", "5.5", "6", "7"}
    if section is None or section in present:
        return section
    return next(s for s in reversed(ids[: ids.index(section)]) if s in present)


@pytest.mark.parametrize("layout", ["flow", "one_table", "boxed"])
def test_one_comment_per_finding_anchored_in_its_section(tmp_path: Path, layout: str) -> None:
    original = write_docx(
        tmp_path / "inkomna" / "rapport.docx", HandFilled(layout=layout, **FAULTY)
    )
    before = digest(original)
    [check] = check_paths([original])
    assert sorted(f.code for f in check.findings) == [
        "B005", "G002", "G002", "S001", "S002", "S004", "U001",
    ]  # fmt: skip
    [(_, copy)] = write_marked_up_copies([check], tmp_path / "ut")
    assert copy == tmp_path / "ut" / "rapport.kommenterad.docx"
    assert digest(original) == before
    comments = anchored_sections(copy)
    assert len(comments) == len(check.findings)
    wanted = sorted(
        (comment_text(f), expected_section(check, f.location.section)) for f in check.findings
    )
    assert sorted(comments) == wanted


def test_the_comment_names_code_place_and_fix(tmp_path: Path) -> None:
    original = write_docx(tmp_path / "rapport.docx", HandFilled(**FAULTY))
    [(_, copy)] = write_marked_up_copies(check_paths([original]), tmp_path / "ut")
    document = Document(str(copy))
    [b005] = [c for c in document.comments if c.text.startswith("B005")]
    assert b005.text == (
        'B005 fel – §6 Ekonomisk rapport, rad "Lönekostnader", kolumn Utfall\n'
        'Beloppet "Se separat redovisning" är inte ett tal. Skriv beloppet i kronor, t.ex. '
        "709 000 eller 709 000 kr. Förklaringar hör hemma i texten under tabellen, inte i "
        "beloppscellen."
    )
    assert b005.author == "Förbundets kansli (reportgen)"
    # anchored on the cell that holds the amount
    start = next(
        s
        for s in document.element.body.iter(qn("w:commentRangeStart"))
        if s.get(qn("w:id")) == str(b005.comment_id)
    )
    cell = next(a for a in start.iterancestors() if a.tag == qn("w:tc"))
    assert "".join(t.text or "" for t in cell.iter(qn("w:t"))) == "Se separat redovisning"


def test_a_clean_report_gets_a_copy_without_comments(tmp_path: Path) -> None:
    original = write_docx(tmp_path / "rapport.docx")
    [(_, copy)] = write_marked_up_copies(check_paths([original]), tmp_path / "ut")
    assert list(Document(str(copy)).comments) == []


def test_unreadable_inputs_and_yaml_get_no_copy(tmp_path: Path) -> None:
    broken = tmp_path / "trasig.docx"
    broken.write_bytes(b"not a zip")
    example = Path(__file__).resolve().parents[1] / "inputs" / "ips-stod-delrapport"
    written = write_marked_up_copies(check_paths([broken, example]), tmp_path / "ut")
    assert written == []
    assert not (tmp_path / "ut").exists()


def test_two_reports_with_the_same_name_get_two_copies(tmp_path: Path) -> None:
    first = write_docx(tmp_path / "a" / "rapport.docx")
    second = write_docx(tmp_path / "b" / "rapport.docx")
    written = write_marked_up_copies(check_paths([first, second]), tmp_path / "ut")
    assert [p.name for _, p in written] == [
        "rapport.kommenterad.docx",
        "rapport-2.kommenterad.docx",
    ]


def test_an_existing_copy_is_kept_unless_forced(tmp_path: Path) -> None:
    original = write_docx(tmp_path / "rapport.docx")
    checks = check_paths([original])
    existing = tmp_path / "ut" / "rapport.kommenterad.docx"
    existing.parent.mkdir()
    existing.write_bytes(b"earlier review")
    with pytest.raises(OutputExistsError, match="finns redan"):
        write_marked_up_copies(checks, tmp_path / "ut")
    assert existing.read_bytes() == b"earlier review"
    write_marked_up_copies(checks, tmp_path / "ut", force=True)
    assert Document(str(existing)) is not None


def test_a_copy_never_replaces_an_input(tmp_path: Path) -> None:
    original = write_docx(tmp_path / "rapport.kommenterad.docx")
    other = write_docx(tmp_path / "sub" / "rapport.docx")
    before = digest(original)
    with pytest.raises(ReportgenError, match="en av filerna som granskas"):
        write_marked_up_copies(check_paths([original, other]), tmp_path, force=True)
    assert digest(original) == before


def test_a_converted_report_is_commented_in_its_docx_copy(tmp_path: Path) -> None:
    pytest.importorskip("docx")
    from tests.test_docx_formats import needs_soffice, soffice_convert

    if needs_soffice.args[0]:
        pytest.skip("LibreOffice saknas")
    source = write_docx(tmp_path / "rapport.docx", HandFilled(headings={"4.2": None}))
    soffice_convert([source], "odt", tmp_path / "odt")
    odt = tmp_path / "odt" / "rapport.odt"
    check = inspect(odt)
    [(_, copy)] = write_marked_up_copies([check], tmp_path / "ut")
    texts = [c.text.split("\n")[0] for c in Document(str(copy)).comments]
    assert texts == ["S001 fel – §4.2", "F003 varning"]
