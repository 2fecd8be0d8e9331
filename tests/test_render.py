"""Generated reports read exactly like the funder's template (domain.md §2)."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from reportgen.errors import ProfileError
from reportgen.pipeline import build_report
from reportgen.render.docx import render_docx
from tests.docx_text import body_items, economy_table, headings, normalized_lines, open_docx

ROOT = Path(__file__).resolve().parents[1]
INPUTS = ROOT / "inputs"
# Sundsvall's form (domain.md §2.1); the Västerås example is tested in test_vasteras_report.py.
EXAMPLES = sorted(
    p.parent.name
    for p in INPUTS.glob("*/insats.yaml")
    if "\nförbund: sundsvall" in p.read_text(encoding="utf-8")
)

# Copied by hand from domain.md §2.1 – deliberately not read from profile.yaml,
# so that a drifting profile makes this test fail.
CANONICAL_HEADINGS = [
    ("Heading 1", "1. Insatsen"),
    ("Heading 1", "2. Följande förbundsmedlemmar har sökt medel"),
    ("Heading 1", "3. Insatsbeskrivning"),
    ("Heading 2", "3.1 Bakgrund till insatsen"),
    (
        "Heading 2",
        "3.2 Syfte med insatsen. Beskriv kortfattat vilken förändring som ville uppnås med "
        "insatsen?",
    ),
    ("Heading 2", "3.3 Målgruppen för insatsen"),
    ("Heading 1", "4. Resultat och utfall av insatsen"),
    ("Heading 2", "4.1 Insatsens mål"),
    ("Heading 2", "4.2 Arbetssätt och verksamhetsbeskrivning för insatsen"),
    ("Heading 2", "4.3 Avvikelser från planering (avseende ekonomi, tidsplan, aktiviteter mål mm)"),
    ("Heading 2", "4.4 Beskriv uppföljning och utvärdering av målen"),
    ("Heading 1", "5. Analys"),
    (
        "Heading 2",
        "5.1 Vilka effekter för insatsens aktuella parter, har insatsen bidragit till? Har "
        "insatsen påverkat befintliga verksamheter? T ex, har behovet av offentlig försörjning "
        "minskat? Har antalet besök vid primärvård, socialtjänst m.fl. minskat? Har det uppstått "
        "några nya behov?",
    ),
    (
        "Heading 2",
        "5.2 Hur har insatsen medfört förbättrad samverkan mellan insatsens aktuella parter?",
    ),
    ("Heading 2", "5.3 Beskriv tillvaratagna erfarenheter och lärdomar från insatsen"),
    (
        "Heading 2",
        "5.4 Beskriv på vilket sätt lärdomar av insatsen kommer att implementeras "
        "(organisatoriskt, finansiellt och innehållsmässigt)",
    ),
    (
        "Heading 2",
        "5.5 Beskriv eventuella identifierade systemfel som påverkat utfall och resultat",
    ),
    ("Heading 1", "6. Ekonomisk rapport"),
    ("Heading 1", "7. Underskrift av insatsägare"),
]

COST_ROWS = [
    "Aktiviteter (ange typ av aktivitet t ex. möte, seminarier mm)",
    "Externa tjänster (typ av köpt tjänst)",
    "Lönekostnader",
    "Lokalkostnader",
    "Material (ange typ av material)",
    "Resekostnader (ange typ av aktivitet)",
    "Övriga kostnader (ange typ av övriga kostnader)",
]

INTRO = (
    "Denna mall ska användas vid del- och slutrapportering av insatser finansierade av "
    "Samordningsförbundet Sundsvall. Rapporten ska sammanställas och redovisas till förbundet "
    "enligt avtal."
)
SECTION_6_INSTRUCTION = (
    "Redovisa era totala kostnader för insatsen enligt nedan. Ifall inte allt beviljat medel har "
    "använts vad var orsaken och om det haft konsekvenser för innehåll och utfall av insatsen"
)


def parse_amount_cell(text: str) -> Decimal:
    return Decimal(text.replace("\u00a0", "")) if text.strip() else Decimal(0)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("reports")
    return {
        name: build_report(INPUTS / name, output=out / f"{name}.docx").output for name in EXAMPLES
    }


@pytest.mark.parametrize("name", EXAMPLES)
def test_every_canonical_heading_in_order_in_heading_styles(
    built: dict[str, Path], name: str
) -> None:
    assert headings(open_docx(built[name])) == CANONICAL_HEADINGS


@pytest.mark.parametrize("name", EXAMPLES)
def test_economy_table_has_seven_verbatim_rows_and_computed_sum(
    built: dict[str, Path], name: str
) -> None:
    table = economy_table(open_docx(built[name]))
    rows = [[cell.text for cell in row.cells] for row in table.rows]
    assert rows[0] == ["Kostnadslag", "Budget", "Utfall"]
    assert [r[0].split("\n")[0] for r in rows[1:8]] == COST_ROWS
    assert rows[8][0] == "Summa"
    assert len(rows) == 9
    for column in (1, 2):
        assert parse_amount_cell(rows[8][column]) == sum(
            parse_amount_cell(r[column]) for r in rows[1:8]
        )


def test_template_texts_verbatim(built: dict[str, Path]) -> None:
    document = open_docx(built["arbetskonsulent-i-samverkan"])
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == "Slutrapport"
    assert document.paragraphs[0].style.name == "Title"
    assert texts[1] == INTRO
    assert SECTION_6_INSTRUCTION in texts
    assert "Insatsens namn: Arbetskonsulent i samverkan" in texts
    assert "Tidsperiod: 2025-01-01 – 2025-12-31" in texts
    assert "Beviljat medel: 689\u00a0000\u00a0kr" in texts
    assert [p.text for p in document.sections[0].header.paragraphs if p.text] == [
        "SAMORDNINGSFÖRBUNDET SUNDSVALL"
    ]
    own_line = (
        "Hur har arbetet med uppföljning och utvärdering genomförts och med vilka har det "
        "kommunicerats?"
    )
    assert own_line in texts
    assert document.paragraphs[texts.index(own_line)].style.name == "Underfråga"
    for label in ("Organisation: Sundsvalls kommun", "Underskrift"):
        assert label in texts


def test_contact_table_has_one_plus_three_slots(built: dict[str, Path]) -> None:
    document = open_docx(built["arbetskonsulent-i-samverkan"])
    table = next(t for t in body_items(document) if not isinstance(t, type(document.paragraphs[0])))
    labels = [row.cells[0].paragraphs[0].text for row in table.rows]
    assert labels == [
        "Ansvarig för genomförande av insats - Organisation",
        "Kontaktperson för insatsägare",
        "Organisation",
        "Kontaktperson",
        "Organisation",
        "Kontaktperson",
        "Organisation",
        "Kontaktperson",
    ]
    assert [row.cells[1].paragraphs[0].text for row in table.rows][1::2] == ["E-post"] * 4
    assert table.rows[0].cells[1].text == "Sundsvalls kommun"


def test_goals_table_headers_verbatim(built: dict[str, Path]) -> None:
    document = open_docx(built["arbetskonsulent-i-samverkan"])
    goals = next(t for t in document.tables if t.rows[0].cells[0].text == "4.1 Insatsens mål")
    assert [c.text for c in goals.rows[0].cells] == [
        "4.1 Insatsens mål",
        "Har målet uppnåtts? Ja eller nej",
        "Utfall/resultat för respektive mål",
    ]
    assert [r.cells[1].text for r in goals.rows[1:]] == ["Ja", "Delvis", "Ja", "Nej"]


def test_delrapport_title_and_outcome_note(built: dict[str, Path]) -> None:
    texts = [p.text for p in open_docx(built["ips-stod-delrapport"]).paragraphs]
    assert texts[0] == "Delrapport"
    assert "Utfall avser utfall hittills under perioden 2026-01-01 – 2026-06-30." in texts


def test_same_category_rows_are_added_with_both_specifications(built: dict[str, Path]) -> None:
    table = economy_table(open_docx(built["unga-vuxna-vagen-vidare"]))
    other = next(r for r in table.rows if r.cells[0].text.startswith("Övriga kostnader"))
    label = other.cells[0].text
    assert "mobil och dator" in label and "försäkringar och licenser" in label


MINIMAL = """\
förbund: sundsvall
rapport: {typ: delrapport, period: {från: 2025-01-01, till: 2025-06-30}}
insats:
  namn: Test & <prov>
  tidsperiod: {från: 2025-01-01, till: 2025-12-31}
  beviljat_medel: 660000
  ansvarig: {organisation: Kommunen}
beskrivning:
  bakgrund: |
    Första stycket med "citat" & <vinkel>
    som fortsätter på nästa rad.

    Andra stycket {{ rubrik }} och {% if true %}ingen kod{% endif %}.

    - punkt ett
    - punkt två
  syfte: Syfte.
  målgrupp: Målgrupp.
mål:
  - {mål: "Mål {{ 7*7 }}", uppnått: delvis, utfall: "Utfall & mer"}
ekonomi:
  rader:
    - {kostnadsslag: Lönekostnader, budget: "660 000 kr", utfall: 330000}
underskrift: {organisation: Kommunen, ort: Sundsvall, datum: 2025-08-01, namn: A B}
"""


@pytest.fixture
def minimal_report(tmp_path: Path) -> Path:
    folder = tmp_path / "insats"
    folder.mkdir()
    (folder / "insats.yaml").write_text(MINIMAL, encoding="utf-8")
    return build_report(folder, output=tmp_path / "r.docx", draft=True).output


def test_special_characters_and_template_syntax_appear_as_typed(minimal_report: Path) -> None:
    document = open_docx(minimal_report)
    texts = [p.text for p in document.paragraphs]
    assert "Insatsens namn: Test & <prov>" in texts
    assert 'Första stycket med "citat" & <vinkel> som fortsätter på nästa rad.' in texts
    assert "Andra stycket {{ rubrik }} och {% if true %}ingen kod{% endif %}." in texts
    goals = next(t for t in document.tables if t.rows[0].cells[0].text == "4.1 Insatsens mål")
    assert [c.text for c in goals.rows[1].cells] == ["Mål {{ 7*7 }}", "Delvis", "Utfall & mer"]


def test_bullets_become_a_real_list(minimal_report: Path) -> None:
    document = open_docx(minimal_report)
    bullets = [p.text for p in document.paragraphs if p.style.name == "List Bullet"]
    assert bullets == ["punkt ett", "punkt två"]


def test_swedish_number_formatting(minimal_report: Path) -> None:
    table = economy_table(open_docx(minimal_report))
    salaries = next(r for r in table.rows if r.cells[0].text == "Lönekostnader")
    assert [c.text for c in salaries.cells[1:]] == ["660\u00a0000", "330\u00a0000"]
    assert [c.text for c in table.rows[-1].cells] == ["Summa", "660\u00a0000", "330\u00a0000"]


def test_golden_lines_have_no_placeholders_left(built: dict[str, Path]) -> None:
    for path in built.values():
        text = "\n".join(normalized_lines(path))
        assert "{{" not in text and "{%" not in text


def _template_with(tmp_path: Path, placeholder: str) -> Path:
    from docx import Document

    document = Document()
    document.add_paragraph(placeholder)
    path = tmp_path / "mall.docx"
    document.save(str(path))
    return path


def test_sandbox_blocks_python_internals(tmp_path: Path) -> None:
    template = _template_with(tmp_path, "{{ titel.__class__.__mro__[1].__subclasses__() }}")
    with pytest.raises(ProfileError):
        render_docx(template, {"titel": "x"}, tmp_path / "ut.docx", force=False)
    assert not (tmp_path / "ut.docx").exists()
    assert list(tmp_path.glob("*.tmp")) == []


def test_unknown_placeholder_is_an_error_not_an_empty_string(tmp_path: Path) -> None:
    template = _template_with(tmp_path, "{{ finns_inte }}")
    with pytest.raises(ProfileError) as caught:
        render_docx(template, {}, tmp_path / "ut.docx", force=False)
    assert "finns_inte" in caught.value.message
    assert not (tmp_path / "ut.docx").exists()


def test_committed_template_matches_its_builder(tmp_path: Path) -> None:
    """The .docx in templates/ is what the builder produces (compared as text, not bytes)."""
    from tests.template_builders import build_report_template

    fresh = tmp_path / "rapport.docx"
    build_report_template(fresh)
    committed = ROOT / "templates" / "sundsvall" / "rapport.docx"
    assert normalized_lines(fresh) == normalized_lines(committed)
    shutil.rmtree(tmp_path, ignore_errors=True)


def test_the_builder_script_writes_both_templates_in_swedish(tmp_path: Path) -> None:
    """`python templates/sundsvall/build_templates.py DIR` builds rapport.docx and
    uppfoljning.docx, each declaring sv-SE in its styles, document defaults and theme."""
    import re
    import subprocess
    import sys
    import zipfile

    from tests.template_builders import BUILD_SCRIPT

    done = subprocess.run(
        [sys.executable, str(BUILD_SCRIPT), str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    for name in ("rapport.docx", "uppfoljning.docx"):
        built = tmp_path / name
        assert f"Skrev {built}" in done.stdout
        for docx in (built, ROOT / "templates" / "sundsvall" / name):
            with zipfile.ZipFile(docx) as archive:
                styles = archive.read("word/styles.xml").decode("utf-8")
                settings = archive.read("word/settings.xml").decode("utf-8")
            defaults = re.search(r"<w:rPrDefault>.*?</w:rPrDefault>", styles, re.DOTALL)
            assert defaults is not None and 'w:lang w:val="sv-SE"' in defaults.group(0), docx
            assert set(re.findall(r'<w:lang w:val="([^"]+)"', styles)) == {"sv-SE"}, docx
            assert '<w:themeFontLang w:val="sv-SE"' in settings, docx
