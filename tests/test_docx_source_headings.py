"""Tolerant heading matching and body reading, the two foundations of the Word reader."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

from reportgen.profile import load_profile
from reportgen.sources.docx.blocks import Para, Table, read_body, style_map
from reportgen.sources.docx.headings import HeadingMatcher, same_word, strip_phrases, words


@pytest.fixture(scope="module")
def matcher() -> HeadingMatcher:
    return HeadingMatcher(load_profile("sundsvall"))


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("arbetssätt", "arbetsätt", True),
        ("avvikelser", "avvikelse", True),
        ("kostnadslag", "kostnadsslag", True),
        ("insatsen", "insatsens", True),
        ("mål", "mål", True),
        ("mål", "mal", False),  # short words must be spelt right
        ("organisation", "organisationsnummer", False),
        ("analys", "anslag", False),
    ],
)
def test_one_typo_is_forgiven_in_long_words_only(a: str, b: str, same: bool) -> None:
    assert same_word(a, b) is same


@pytest.mark.parametrize(
    ("text", "section_id", "rest"),
    [
        ("4.2 Arbetssätt och verksamhetsbeskrivning för insatsen", "4.2", ""),
        ("4.2. ARBETSÄTT OCH VERKSAMHETSBESKRIVNING FÖR INSATSEN:", "4.2", ""),
        ("**6. Ekonomisk rapport**", "6", ""),
        ("1 Insatsen", "1", ""),
        ("5.3 Beskriv tillvaratagna erfarenheter och från insatsen", "5.3", ""),
        (
            "3.2 Syfte med insatsen. Syftet är att fler ska få arbete.",
            "3.2",
            "Syftet är att fler ska få arbete.",
        ),
        (
            "4.4 Beskriv uppföljning och utvärdering av målen Hur har arbetet med uppföljning och "
            "utvärdering genomförts och med vilka har det kommunicerats? Vi har följt upp varje "
            "månad.",
            "4.4",
            "Vi har följt upp varje månad.",
        ),
        (
            "5.1 Vilka effekter för insatsens aktuella parter, har insatsen bidragit till? Har "
            "insatsen påverkat befintliga verksamheter? Har det uppstått några nya behov?",
            "5.1",
            "",
        ),
    ],
)
def test_numbered_headings_are_found_with_their_variants(
    matcher: HeadingMatcher, text: str, section_id: str, rest: str
) -> None:
    found = matcher.match(text, seen=set())
    assert found is not None
    assert (found.section.id, found.rest) == (section_id, rest)


def test_a_numbered_list_item_is_not_a_heading(matcher: HeadingMatcher) -> None:
    assert matcher.match("1. Insatsen ska ta emot minst 40 deltagare.", seen=set()) is None
    # typed bold it looks like a heading, but section 1 is already behind us
    assert matcher.match("1. Insatsen ska ta emot 40 deltagare.", seen={"1"}, bold=True) is None


def test_a_renumbered_heading_is_found_by_its_words(matcher: HeadingMatcher) -> None:
    found = matcher.match(
        "4.2 Avvikelser från planering (avseende ekonomi, tidsplan, aktiviteter mål mm)",
        seen={"1", "2", "3", "4", "4.1", "4.2"},
    )
    assert found is not None and found.section.id == "4.3"


def test_headings_without_numbers_need_to_look_like_headings(matcher: HeadingMatcher) -> None:
    text = "Arbetssätt och verksamhetsbeskrivning för insatsen"
    assert matcher.match(text, seen=set()) is None
    found = matcher.match(text, seen=set(), bold=True)
    assert found is not None and found.section.id == "4.2"
    # a one-word heading only with a Heading style, never from bold running text
    assert matcher.match("Analys", seen=set(), bold=True) is None
    # … unless it is exactly the section expected next
    found = matcher.match("Analys", seen=set(), bold=True, expected=("5",))
    assert found is not None and found.section.id == "5"
    found = matcher.match("Analys", seen=set(), heading_style=True)
    assert found is not None and found.section.id == "5"


def test_a_seen_section_is_not_found_twice(matcher: HeadingMatcher) -> None:
    assert (
        matcher.match("4.2 Arbetssätt och verksamhetsbeskrivning för insatsen", seen={"4.2"})
        is None
    )


def test_strip_phrases_removes_optional_sentences_in_order() -> None:
    question = [
        tuple(words("Vilka lärdomar och erfarenheter har respektive samverkanspart erhållit?")),
        tuple(words("Vad har gått bra och mindre bra i arbetet?")),
    ]
    text = "Vad har gått bra och mindre bra i arbetet? Samverkan har gått bra."
    assert strip_phrases(text, question) == ("Samverkan har gått bra.", 1)
    assert strip_phrases("Samverkan har gått bra.", question) == ("Samverkan har gått bra.", 0)


def _body(tmp_path: Path, xml: str) -> list[Para | Table]:
    document = Document()
    document.element.body.insert(0, parse_xml(xml))
    path = tmp_path / "d.docx"
    document.save(str(path))
    reopened = Document(str(path))
    return read_body(reopened.element.body, style_map(reopened.styles.element))


def test_body_reader_sees_filled_content_controls_but_not_placeholders(tmp_path: Path) -> None:
    filled = (
        f"<w:sdt {nsdecls('w')}><w:sdtPr/><w:sdtContent><w:p><w:r><w:t>Ifylld text</w:t></w:r>"
        "</w:p></w:sdtContent></w:sdt>"
    )
    empty = (
        f"<w:sdt {nsdecls('w')}><w:sdtPr><w:showingPlcHdr/></w:sdtPr><w:sdtContent><w:p><w:r>"
        "<w:t>Klicka eller tryck här för att ange text.</w:t></w:r></w:p></w:sdtContent></w:sdt>"
    )
    texts = [
        b.text for b in _body(tmp_path, empty) + _body(tmp_path, filled) if isinstance(b, Para)
    ]
    assert "Ifylld text" in texts
    assert not any("Klicka" in t for t in texts)


def test_body_reader_keeps_tabs_and_breaks_and_drops_deleted_text(tmp_path: Path) -> None:
    xml = (
        f"<w:p {nsdecls('w')}><w:r><w:t>Material</w:t><w:tab/><w:t>IT</w:t><w:br/>"
        "<w:t>och telefoni</w:t></w:r><w:del w:id='1' w:author='x'><w:r><w:delText>borttaget"
        "</w:delText></w:r></w:del><w:ins w:id='2' w:author='x'><w:r><w:t> tillagt</w:t></w:r>"
        "</w:ins></w:p>"
    )
    [first, *_] = _body(tmp_path, xml)
    assert isinstance(first, Para)
    assert first.text == "Material\tIT\noch telefoni tillagt"


def test_bold_through_a_character_style_and_its_base_style(tmp_path: Path) -> None:
    document = Document()
    strong_based = document.styles.add_style("Rubrikfet", WD_STYLE_TYPE.CHARACTER)
    strong_based.base_style = document.styles["Strong"]
    document.add_paragraph().add_run("4.2 Arbetssätt", style="Strong")
    document.add_paragraph().add_run("4.3 Avvikelser", style="Rubrikfet")
    overridden = document.add_paragraph().add_run("Vanlig text", style="Strong")
    overridden.bold = False  # direct formatting wins over the style
    path = tmp_path / "d.docx"
    document.save(str(path))
    reopened = Document(str(path))
    paras = read_body(reopened.element.body, style_map(reopened.styles.element))
    assert [p.bold for p in paras if isinstance(p, Para)] == [True, True, False]


def test_placeholder_text_style_without_the_flag_is_still_a_placeholder(tmp_path: Path) -> None:
    inline = (
        f"<w:p {nsdecls('w')}><w:r><w:t xml:space='preserve'>Tidsperiod: </w:t></w:r>"
        "<w:sdt><w:sdtPr/><w:sdtContent><w:r><w:rPr><w:rStyle w:val='PlaceholderText'/>"
        "</w:rPr><w:t>Ange perioden</w:t></w:r></w:sdtContent></w:sdt></w:p>"
    )
    document = Document()
    style = document.styles.add_style("Placeholder Text", WD_STYLE_TYPE.CHARACTER)
    style.element.set(qn("w:styleId"), "PlaceholderText")
    document.element.body.insert(0, parse_xml(inline))
    path = tmp_path / "d.docx"
    document.save(str(path))
    reopened = Document(str(path))
    [first, *_] = read_body(reopened.element.body, style_map(reopened.styles.element))
    assert isinstance(first, Para)
    assert first.text == "Tidsperiod: "


def test_a_cell_in_a_content_control_showing_its_placeholder_is_empty(tmp_path: Path) -> None:
    xml = (
        f"<w:tbl {nsdecls('w')}><w:tr><w:tc><w:p><w:r><w:t>Organisation:</w:t></w:r></w:p>"
        "</w:tc><w:sdt><w:sdtPr><w:showingPlcHdr/></w:sdtPr><w:sdtContent><w:tc><w:p><w:r>"
        "<w:t>Skriv organisationen</w:t></w:r></w:p></w:tc></w:sdtContent></w:sdt></w:tr></w:tbl>"
    )
    [table, *_] = _body(tmp_path, xml)
    assert isinstance(table, Table)
    assert table.row_texts(0) == ["Organisation:", ""]


def test_merged_cells_keep_their_grid_columns(tmp_path: Path) -> None:
    xml = (
        f"<w:tbl {nsdecls('w')}><w:tr><w:tc><w:p><w:r><w:t>Kostnadslag</w:t></w:r></w:p></w:tc>"
        "<w:tc><w:tcPr><w:gridSpan w:val='2'/></w:tcPr><w:p><w:r><w:t>Kostnader 2023</w:t>"
        "</w:r></w:p></w:tc></w:tr><w:tr><w:tc><w:p/></w:tc><w:tc><w:p><w:r><w:t>Budget</w:t>"
        "</w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>Utfall</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"
    )
    [table, *_] = _body(tmp_path, xml)
    assert isinstance(table, Table)
    assert table.width == 3
    assert table.grid_texts(0) == ["Kostnadslag", "Kostnader 2023", ""]
    assert table.grid_texts(1) == ["", "Budget", "Utfall"]
