"""Issue 13, text as owners write it: numbered lists, kept line breaks, emphasis, quotations.

Built from the owner trial's problem 1: R6's 4.4 text with its survey questions
numbered and in italics, a quoted answer and a list of results, one per line.
"""

from __future__ import annotations

import time
from pathlib import Path

from docx.text.paragraph import Paragraph

from reportgen.pipeline import build_report
from reportgen.render.text import blocks, cell_text, paragraphs
from tests.conftest import MakeIntervention
from tests.docx_text import body_items, open_docx

R6_FOLLOW_UP = """\
  Enkätfrågor vid avslut:

  1. *Har du fått stöd på ett sätt som är till stor nytta för dig?*
  2. *Har du fått vara med och bestämma vilket stöd du får?*
  3) **Har stödet fått ta den tid du behövt?**

  En deltagare skrev:

  > Jag har fått verktyg som jag använder varje dag
  > och det har gjort skillnad.

  Resultat per insats:
  NNS 32 svar, 97 %
  ACT 17 svar, 94,1 %

  Tecknen <b>, & och {{ titel }} står kvar, liksom 5 * 3 * 2 och \\*stjärnor\\*.
"""


def replace_block(path: Path, key: str, block: str) -> None:
    """Replace the text under a top-level `key: |` with `block` (lines indented two spaces)."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    start = lines.index(f"{key}: |\n") + 1
    end = start
    while end < len(lines) and (not lines[end].strip() or lines[end].startswith("  ")):
        end += 1
    path.write_text("".join([*lines[:start], block, "\n", *lines[end:]]), encoding="utf-8")


def _paragraphs_after(document_path: Path, heading_start: str) -> list[Paragraph]:
    """The body paragraphs from the heading that starts so up to the next heading."""
    found: list[Paragraph] = []
    inside = False
    for item in body_items(open_docx(document_path)):
        if not isinstance(item, Paragraph):
            continue
        style = item.style.name if item.style is not None else ""
        if style.startswith("Heading"):
            if inside:
                break
            inside = item.text.startswith(heading_start)
            continue
        if inside and item.text:
            found.append(item)
    return found


def test_owner_text_renders_lists_emphasis_quote_and_kept_lines(
    make_intervention: MakeIntervention, tmp_path: Path
) -> None:
    folder = make_intervention("samverkan-psykisk-ohalsa", name="psykolog")
    replace_block(folder / "insats.yaml", "uppföljning", R6_FOLLOW_UP)

    output = build_report(folder, output=tmp_path / "r.docx", charts=False).output
    found = _paragraphs_after(output, "4.4")
    by_style = [(p.style.name, p.text) for p in found]
    numbered = [(s, t) for s, t in by_style if s == "Numrerad lista"]
    assert numbered == [
        ("Numrerad lista", "1.\tHar du fått stöd på ett sätt som är till stor nytta för dig?"),
        ("Numrerad lista", "2.\tHar du fått vara med och bestämma vilket stöd du får?"),
        ("Numrerad lista", "3)\tHar stödet fått ta den tid du behövt?"),
    ]
    question = next(p for p in found if p.text.startswith("1."))
    assert [r.italic for r in question.runs if r.text.strip()] == [None, True]
    third = next(p for p in found if p.text.startswith("3)"))
    assert [r.bold for r in third.runs if r.text.strip()][-1] is True
    quote = next(p for p in found if p.style.name == "Citat")
    assert (
        quote.text == "Jag har fått verktyg som jag använder varje dag och det har gjort skillnad."
    )
    assert all(r.italic for r in quote.runs)
    results = next(p for p in found if p.text.startswith("Resultat per insats:"))
    assert results.text == "Resultat per insats:\nNNS 32 svar, 97 %\nACT 17 svar, 94,1 %"
    literal = found[-1].text
    assert literal == ("Tecknen <b>, & och {{ titel }} står kvar, liksom 5 * 3 * 2 och *stjärnor*.")
    assert not any("*" in p.text and "5 * 3" not in p.text for p in found)
    assert not any(p.text.startswith(">") for p in found)


def test_editor_wrapping_is_still_joined() -> None:
    wrapped = (
        "Det här är en lång mening som har brutits av editorn vid ungefär sjuttio tecken\n"
        "och fortsätter här på nästa rad utan att vara någon lista alls."
    )
    assert [b.text for b in blocks(wrapped)] == [wrapped.replace("\n", " ")]


def test_emphasis_pairs_only_where_markers_open_and_close() -> None:
    from reportgen.render.inline import plain, runs

    assert [(r.text, r.bold, r.italic) for r in runs("**fet *och kursiv* text**")] == [
        ("fet ", True, False),
        ("och kursiv", True, True),
        (" text", True, False),
    ]
    assert plain("5 * 3 * 2") == "5 * 3 * 2"
    assert plain("*öppen utan slut") == "*öppen utan slut"
    assert plain("**") == "**"


def test_goal_cells_keep_numbered_items_and_emphasis() -> None:
    rich = cell_text("Två grupper:\n1. *Våren*\n2. Hösten")
    assert "1. " in rich.xml and "<w:i/>" in rich.xml and "\n2. " in rich.xml


def test_text_rendering_stays_linear() -> None:
    """250 000 list lines, and 250 000 unmatched emphasis markers, render in seconds."""
    for text in (
        "\n".join(f"- {i % 10}" for i in range(250_000)),
        "\n".join(f"{i % 100}. punkt" for i in range(250_000)),
        "**a *b " * 125_000,
    ):
        started = time.perf_counter()
        xml = paragraphs(text).xml
        assert time.perf_counter() - started < 10
        assert xml.startswith("<w:p>")
