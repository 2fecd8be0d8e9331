"""Word reports that look filled in by hand, built with python-docx (never with reportgen).

`HandFilled` describes one submitted report: the funder's headings verbatim
(domain.md §2), a realistic invented slutrapport that passes every rule, and
knobs for each variant seen in hand-filled copies (domain.md §3): headings
typed bold instead of styled, sub-questions dropped or run into the answer,
section 2 laid out three ways, four shapes of the 4.1 header, renamed and
deleted cost rows, amounts in every format, a compiler's signature block before
section 7. Tests change one field and assert the code the change must give.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from docx import Document
from docx.document import Document as DocumentObject
from docx.shared import Pt

PAGE_HEADER = "SAMORDNINGSFÖRBUNDET SUNDSVALL"
INTRO = (
    "Denna mall ska användas vid del- och slutrapportering av insatser finansierade av "
    "Samordningsförbundet Sundsvall. Rapporten ska sammanställas och redovisas till förbundet "
    "enligt avtal."
)
ECONOMY_INSTRUCTION = (
    "Redovisa era totala kostnader för insatsen enligt nedan. Ifall inte allt beviljat medel "
    "har använts vad var orsaken och om det haft konsekvenser för innehåll och utfall av insatsen"
)

# The funder's headings, verbatim, with the sub-questions that follow on the heading line.
HEADINGS: dict[str, str] = {
    "1": "1. Insatsen",
    "2": "2. Följande förbundsmedlemmar har sökt medel",
    "3": "3. Insatsbeskrivning",
    "3.1": "3.1 Bakgrund till insatsen",
    "3.2": "3.2 Syfte med insatsen. Beskriv kortfattat vilken förändring som ville uppnås med "
    "insatsen?",
    "3.3": "3.3 Målgruppen för insatsen",
    "4": "4. Resultat och utfall av insatsen",
    "4.1": "4.1 Insatsens mål",
    "4.2": "4.2 Arbetssätt och verksamhetsbeskrivning för insatsen",
    "4.3": "4.3 Avvikelser från planering (avseende ekonomi, tidsplan, aktiviteter mål mm)",
    "4.4": "4.4 Beskriv uppföljning och utvärdering av målen",
    "5": "5. Analys",
    "5.1": "5.1 Vilka effekter för insatsens aktuella parter, har insatsen bidragit till? Har "
    "insatsen påverkat befintliga verksamheter? T ex, har behovet av offentlig försörjning "
    "minskat? Har antalet besök vid primärvård, socialtjänst m.fl. minskat? Har det uppstått "
    "några nya behov?",
    "5.2": "5.2 Hur har insatsen medfört förbättrad samverkan mellan insatsens aktuella parter?",
    "5.3": "5.3 Beskriv tillvaratagna erfarenheter och lärdomar från insatsen",
    "5.4": "5.4 Beskriv på vilket sätt lärdomar av insatsen kommer att implementeras "
    "(organisatoriskt, finansiellt och innehållsmässigt)",
    "5.5": "5.5 Beskriv eventuella identifierade systemfel som påverkat utfall och resultat",
    "6": "6. Ekonomisk rapport",
    "7": "7. Underskrift av insatsägare",
}
# The short forms many copies use: sub-questions dropped.
SHORT_HEADINGS: dict[str, str] = {
    **HEADINGS,
    "3.2": "3.2 Syfte med insatsen.",
    "5.1": "5.1 Vilka effekter för insatsens aktuella parter, har insatsen bidragit till?",
    "5.4": "5.4 Beskriv på vilket sätt lärdomar av insatsen kommer att implementeras",
}
OWN_LINE_QUESTIONS: dict[str, str] = {
    "4.4": "Hur har arbetet med uppföljning och utvärdering genomförts och med vilka har det "
    "kommunicerats?",
    "5.3": "Vilka lärdomar och erfarenheter har respektive samverkanspart erhållit? Vad har gått "
    "bra och mindre bra i arbetet?",
}
TEXT_SECTIONS = ("3.1", "3.2", "3.3", "4.2", "4.3", "4.4", "5.1", "5.2", "5.3", "5.4", "5.5")

TEXTS: dict[str, str] = {
    "3.1": "I kommunen finns unga vuxna som står långt från arbetsmarknaden och har kontakt med "
    "flera myndigheter samtidigt.\n\nParterna såg 2022 ett behov av ett gemensamt stöd.",
    "3.2": "Syftet är att deltagarna ska komma närmare arbete eller studier genom en samlad "
    "planering.",
    "3.3": "Unga vuxna 18–29 år som behöver stöd från minst två av förbundets parter.",
    "4.2": "Två coacher arbetar med varje deltagare utifrån en gemensam plan.\n\n"
    "- Kartläggning under de första veckorna\n- Praktik och arbetsträning\n"
    "- Stöd vid övergång till arbete",
    "4.3": "Resekostnaderna blev lägre än budgeterat eftersom fler möten hölls digitalt. "
    "I övrigt har insatsen följt planen.",
    "4.4": "Teamet för en deltagarförteckning utan personnummer. Resultaten har redovisats för "
    "styrgruppen fyra gånger under 2023.",
    "5.1": "Behovet av försörjningsstöd har minskat för flera deltagare.",
    "5.2": "Ärendedragningar varannan vecka har gjort att parterna planerar tillsammans.",
    "5.3": "Det som gått bäst är den gemensamma planeringen. Mindre bra har varit väntetiderna "
    "inom vården.",
    "5.4": "Arbetssättet förs in i den ordinarie samverkan mellan parterna.",
    "5.5": "Glappet mellan myndigheternas uppdrag gör att unga hamnar utan planering.",
}

CONTACTS: list[tuple[str, str, str]] = [
    ("Sundsvalls kommun", "Anna Lindqvist", "anna.lindqvist@sundsvall.se"),
    ("Arbetsförmedlingen", "Johan Berg", "johan.berg@arbetsformedlingen.se"),
    ("Försäkringskassan", "Lena Holm", "lena.holm@forsakringskassan.se"),
    ("Region Västernorrland", "Omar Said", "omar.said@rvn.se"),
]

GOALS: list[tuple[str, str, str]] = [
    ("Minst 30 deltagare ska skrivas in under året.", "Ja", "34 deltagare har skrivits in."),
    (
        "Minst 35 % av de avslutade deltagarna ska gå vidare till arbete eller studier.",
        "Delvis",
        "8 av 26 avslutade (30,8 %) gick vidare till arbete eller studier.",
    ),
    (
        "Alla deltagare ska ha en gemensam planering med minst två parter.",
        "Nej",
        "27 av 34 deltagare (79,4 %) hade en gemensam planering.",
    ),
]

COST_HEADER = ("Kostnadslag", "Budget", "Utfall")
COST_ROWS: list[tuple[str, str, str]] = [
    ("Aktiviteter (ange typ av aktivitet t ex. möte, seminarier mm)", "", ""),
    ("Externa tjänster (typ av köpt tjänst)", "", ""),
    ("Lönekostnader", "780 000", "776 400"),
    ("Lokalkostnader", "60 000", "60 000"),
    ("Material (ange typ av material)", "15 000", "14 200"),
    ("Resekostnader (ange typ av aktivitet)", "25 000", "21 400"),
    ("Övriga kostnader (ange typ av övriga kostnader)", "32 000", "29 800"),
]
TOTAL = ("Summa", "912 000", "901 800")
# A cost table whose salary outcome is no amount (B005), as many reports have it.
SEPARATE_ACCOUNT_ROWS = [
    *COST_ROWS[:2],
    ("Lönekostnader", "780 000", "Se separat redovisning"),
    *COST_ROWS[3:],
]
ECONOMY_COMMENT = (
    "Av beviljade 912 000 kr har 901 800 kr använts. Resekostnaderna blev lägre än budgeterat "
    "eftersom fler möten hölls digitalt. Det outnyttjade beloppet har inte påverkat insatsens "
    "innehåll."
)
SIGNATURE = [
    "Organisation: Sundsvalls kommun",
    "Ort och datum: Sundsvall 2024-01-26",
    "Underskrift",
    "Anna Lindqvist",
]
COMPILER_BLOCK = [
    "Rapporten är sammanställd av Karin Ek, samordnare.",
    "Ort och datum: Sundsvall 2024-01-26",
    "Underskrift",
]


def write_inbox(*extra: str) -> list[Path]:
    """What staff receive, in the current folder: a clean report (a.docx) and one to
    complete (b.docx: 4.2 missing, the salary outcome no amount), plus `extra` files:
    "notes.txt" (no report at all), "broken.docx" (cut off), "c.docx" (scanned signature)."""
    paths = [write_docx(Path("a.docx"))]
    faulty = HandFilled(name="Unga vuxna", headings={"4.2": None}, cost_rows=SEPARATE_ACCOUNT_ROWS)
    paths.append(write_docx(Path("b.docx"), faulty))
    for name in extra:
        path = Path(name)
        if name == "c.docx":
            write_docx(path, HandFilled(name="Vägen vidare", signature_image="scanned"))
        elif name == "broken.docx":
            path.write_bytes(paths[0].read_bytes()[:3000])
        else:
            path.write_text("Att göra: granska rapporterna.", encoding="utf-8")
        paths.append(path)
    return paths


@dataclass
class HandFilled:
    """One submitted report. The defaults give a clean slutrapport with no findings."""

    title: str | None = "Slutrapport"
    intro: bool = True
    page_header: str | None = PAGE_HEADER
    heading_format: str = "style"  # "style" (Heading 1/2), "bold" or "plain"
    headings: dict[str, str | None] = field(default_factory=dict)  # id -> line, None = left out
    short_headings: bool = False  # sub-questions dropped from the heading lines
    own_line_questions: str = "own_line"  # "own_line", "none" or "run_in" (into the answer)
    name: str = "Stegvis till arbete"
    period: str = "2023-01-01 – 2023-12-31"
    granted: str = "912 000 kr"
    contacts_layout: str = "cells"  # "cells", "lines" or "paragraphs"
    contacts: list[tuple[str, str, str]] = field(default_factory=lambda: list(CONTACTS))
    texts: dict[str, str] = field(default_factory=lambda: dict(TEXTS))
    goals_header: str = "canonical"  # "canonical", "instruction_row", "fused", "merged", "above"
    goals: list[tuple[str, str, str]] = field(default_factory=lambda: list(GOALS))
    cost_header: tuple[str, str, str] = COST_HEADER
    cost_rows: list[tuple[str, str, str]] = field(default_factory=lambda: list(COST_ROWS))
    total: tuple[str, str, str] | None = TOTAL
    economy_instruction: bool = True
    economy_comment: str = ECONOMY_COMMENT
    before_signature: list[str] = field(default_factory=list)  # typed before the §7 heading
    signature: list[str] = field(default_factory=lambda: list(SIGNATURE))
    appendix: list[str] = field(default_factory=list)
    # Layouts and habits of issue 12 (written by tests/docx_fixtures_layouts.py):
    layout: str = "flow"  # "flow", "one_table" (the report in one table) or "boxed"
    section1: str = "lines"  # "lines", "soft_breaks" (Shift+Enter) or "cells_under"
    cost_layout: str = "plain"  # "plain", "title_row" or "two_row_header"
    signature_image: str | None = None  # "on_line", "in_cell", "scanned" or "scanned_only"
    period_text: str | None = None  # a line under the title ("Perioden januari–juni 2023")
    controls: bool = False  # section 1 values and free texts in filled content controls
    placeholders: dict[str, str] = field(default_factory=dict)  # id -> placeholder shown

    def heading(self, section_id: str) -> str | None:
        if section_id in self.headings:
            return self.headings[section_id]
        return (SHORT_HEADINGS if self.short_headings else HEADINGS)[section_id]


def write_docx(path: Path, report: HandFilled | None = None) -> Path:
    """Write `report` as a .docx at `path` and return the path."""
    from tests import docx_fixtures_layouts as layouts

    spec = report or HandFilled()
    doc = Document()
    if spec.page_header is not None:
        doc.sections[0].header.paragraphs[0].text = spec.page_header
    if spec.title is not None:
        title = doc.add_paragraph()
        run = title.add_run(spec.title)
        run.bold = True
        run.font.size = Pt(20)
    if spec.period_text:
        doc.add_paragraph(spec.period_text)
    if spec.intro:
        doc.add_paragraph(INTRO)
    if spec.layout != "flow":
        layouts.write_tables(doc, spec)
    else:
        _flow(doc, spec, layouts)
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(path))
    return path


def _flow(doc: DocumentObject, spec: HandFilled, layouts: Any) -> None:
    """The template as most owners fill it in: headings, paragraphs and three tables."""
    _heading(doc, spec, "1")
    layouts.section_one(doc, spec)

    _heading(doc, spec, "2")
    _contacts(doc, spec)

    _heading(doc, spec, "3")
    for section_id in ("3.1", "3.2", "3.3"):
        _text_section(doc, spec, section_id)

    _heading(doc, spec, "4")
    _goals(doc, spec)
    for section_id in ("4.2", "4.3", "4.4"):
        _text_section(doc, spec, section_id)

    _heading(doc, spec, "5")
    for section_id in ("5.1", "5.2", "5.3", "5.4", "5.5"):
        _text_section(doc, spec, section_id)

    _heading(doc, spec, "6")
    if spec.economy_instruction:
        doc.add_paragraph(ECONOMY_INSTRUCTION)
    layouts.cost_table(doc, spec)
    _paragraphs(doc, spec.economy_comment)
    for line in spec.before_signature:
        doc.add_paragraph(line)

    _heading(doc, spec, "7")
    layouts.signature(doc, spec)
    for line in spec.appendix:
        doc.add_paragraph(line)


def _heading(doc: DocumentObject, spec: HandFilled, section_id: str) -> None:
    from tests import docx_fixtures_layouts as layouts

    text = spec.heading(section_id)
    if text is None:
        return
    level = 1 if "." not in section_id else 2
    if spec.heading_format == "style":
        doc.add_paragraph(text, style=f"Heading {level}")
    elif spec.heading_format == "char_style":
        doc.add_paragraph().add_run(text, style="Strong")
    elif spec.heading_format == "numbered":
        layouts.numbered_heading(doc.add_paragraph(), text, level)
    else:
        paragraph = doc.add_paragraph()
        paragraph.add_run(text).bold = spec.heading_format == "bold"


def _text_section(doc: DocumentObject, spec: HandFilled, section_id: str) -> None:
    from tests import docx_fixtures_layouts as layouts

    _heading(doc, spec, section_id)
    if section_id in spec.placeholders:
        layouts.placeholder_paragraph(doc, spec.placeholders[section_id])
        return
    text = answer_text(spec, section_id)
    if spec.controls:
        layouts.control_paragraphs(doc, text)
        return
    _paragraphs(doc, text)


def answer_text(spec: HandFilled, section_id: str) -> str:
    """A free-text section's answer, with its own-line sub-question as the variant says."""
    text = spec.texts.get(section_id, "")
    question = OWN_LINE_QUESTIONS.get(section_id)
    if question and spec.heading(section_id) is not None:
        if spec.own_line_questions == "own_line":
            text = f"{question}\n\n{text}" if text else question
        elif spec.own_line_questions == "run_in":
            text = f"{question} {text}"
    return text


def _paragraphs(doc: Any, text: str) -> None:
    """Blank-line separated paragraphs; "- " lines become Word bullets. `doc` may be a cell."""
    if not text:
        doc.add_paragraph("")
        return
    for block in text.split("\n\n"):
        for line in block.split("\n") if block.startswith("- ") else [block]:
            if line.startswith("- "):
                doc.add_paragraph(line[2:], style="List Bullet")
            else:
                doc.add_paragraph(line)


def contact_lines(spec: HandFilled) -> list[tuple[str, str]]:
    """Section 2 as (label, value) pairs, 1 + 3 slots, unused slots blank."""
    slots = spec.contacts + [("", "", "")] * (4 - len(spec.contacts))
    pairs: list[tuple[str, str]] = []
    for index, (org, person, email) in enumerate(slots):
        first = index == 0
        pairs.append(
            ("Ansvarig för genomförande av insats - Organisation" if first else "Organisation", org)
        )
        pairs.append(("Kontaktperson för insatsägare" if first else "Kontaktperson", person))
        pairs.append(("E-post", email))
    return pairs


def _contacts(doc: DocumentObject, spec: HandFilled) -> None:
    slots = spec.contacts + [("", "", "")] * (4 - len(spec.contacts))
    if spec.contacts_layout == "paragraphs":
        for index, (org, person, email) in enumerate(slots):
            if index == 0:
                doc.add_paragraph(f"Ansvarig för genomförande av insats – Organisation: {org}")
                doc.add_paragraph(f"Kontaktperson för insatsägare: {person}")
            else:
                doc.add_paragraph("-----")
                doc.add_paragraph(f"Organisation: {org}")
                doc.add_paragraph(f"Kontaktperson: {person}")
            doc.add_paragraph(f"E-post: {email}")
        return
    table = doc.add_table(rows=8, cols=2)
    table.style = doc.styles["Table Grid"]
    for index, (org, person, email) in enumerate(slots):
        org_label = (
            "Ansvarig för genomförande av insats - Organisation" if index == 0 else "Organisation"
        )
        person_label = "Kontaktperson för insatsägare" if index == 0 else "Kontaktperson"
        org_row, person_row = table.rows[2 * index].cells, table.rows[2 * index + 1].cells
        org_row[0].text = org_label
        org_row[1].text = org
        if spec.contacts_layout == "lines":
            person_row[0].text = person_label
            person_row[0].add_paragraph(person)
            person_row[1].text = "E-post"
            person_row[1].add_paragraph(email)
        else:
            person_row[0].text = f"{person_label}: {person}".rstrip()
            person_row[1].text = f"E-post: {email}".rstrip()


GOAL_LABELS = ["Har målet uppnåtts? Ja eller nej", "Utfall/resultat för respektive mål"]
GOAL_INSTRUCTION = "Ange uppsatta mål för insatsen"


def goal_rows(spec: HandFilled) -> list[list[str]]:
    """The 4.1 table's rows (heading in the first cell unless the heading stands above)."""
    heading = spec.heading("4.1") or "Mål"
    goals = [list(g) for g in spec.goals]
    if spec.goals_header == "canonical":
        return [[heading, *GOAL_LABELS], *goals]
    if spec.goals_header == "instruction_row":
        return [[heading, *GOAL_LABELS], [GOAL_INSTRUCTION, "", ""], *goals]
    if spec.goals_header == "fused":
        return [[f"{heading} {GOAL_INSTRUCTION}", *GOAL_LABELS], *goals]
    if spec.goals_header == "merged":
        first = goals[0] if goals else ["", "", ""]
        return [[f"{heading} {GOAL_INSTRUCTION} {first[0]}", first[1], first[2]], *goals[1:]]
    if spec.goals_header == "shared_row":  # the first goal under the labels, in their cells
        first = goals[0] if goals else ["", "", ""]
        header = [heading, *GOAL_LABELS]
        return [[f"{h}\n{v}" for h, v in zip(header, first, strict=True)], *goals[1:]]
    if spec.goals_header == "above":
        return [["Mål", *GOAL_LABELS], *goals]
    raise ValueError(spec.goals_header)


def _goals(doc: DocumentObject, spec: HandFilled) -> None:
    if spec.goals_header == "above":
        _heading(doc, spec, "4.1")
    rows = goal_rows(spec)
    table = doc.add_table(rows=len(rows), cols=3)
    table.style = doc.styles["Table Grid"]
    for row, values in zip(table.rows, rows, strict=True):
        for cell, value in zip(row.cells, values, strict=True):
            set_cell(cell, value)


def set_cell(cell: Any, value: str) -> None:
    """A cell's text, one paragraph per line (as Enter in Word gives), "- " lines as bullets."""
    lines = [line for block in value.split("\n\n") for line in block.split("\n")]
    first, *rest = lines
    cell.text = first
    for line in rest:
        if line.startswith("- "):
            cell.add_paragraph(line[2:], style="List Bullet")
        else:
            cell.add_paragraph(line)
