"""`reportgen profil kontrollera MAPP`: is this folder a profile reportgen can use?

A profile folder is edited by people, in a text editor and in Word. This
checks what they can break, and names the file and the place of each problem:

1. profile.yaml against the schema (with its line), and its id against the folder;
2. each Word template: well-formed, no tag split across runs, every placeholder a
   field reportgen fills, Swedish as the document language;
3. every heading of the profile verbatim, in a Heading style, in the template (its
   placeholders filled in);
4. every example (`exempel/<namn>/insats.yaml`) renders and gives exactly the
   findings listed in its `forvantat.txt` (one "KOD allvarlighet nyckel" a line).
"""

from __future__ import annotations

import tempfile
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reportgen.errors import ProfileError, ReportgenError
from reportgen.profile import Profile, load_profile_dir
from reportgen.profiles.template_checks import (
    Problem,
    language,
    split_tags,
    unknown_placeholders,
    well_formed,
)

if TYPE_CHECKING:
    from reportgen.findings import Finding
    from reportgen.loaded import LoadedReport

EXAMPLES = "exempel"
EXPECTED = "forvantat.txt"
PROFILE_FILE = "profile.yaml"


def inspect_profile(folder: Path) -> list[Problem]:
    """Every problem of the profile in `folder`; an empty list means it is ready to use."""
    folder = folder.resolve()
    try:
        profile = load_profile_dir(folder)
    except ProfileError as exc:
        return [Problem(PROFILE_FILE, "", exc.message)]
    problems: list[Problem] = []
    if profile.id != folder.name:
        problems.append(
            Problem(
                PROFILE_FILE,
                "id",
                f"id '{profile.id}' är inte mappens namn '{folder.name}'; insats.yaml anger "
                "profilen med mappens namn. Ändra id eller byt namn på mappen.",
            )
        )
    problems += _blocks(profile)
    examples = sorted(p.parent for p in (folder / EXAMPLES).glob(f"*/{EXPECTED}"))
    examples += sorted(
        p.parent
        for p in (folder / EXAMPLES).glob("*/insats.yaml")
        if not (p.parent / EXPECTED).exists()
    )
    loaded_examples = [(example, _load(example, problems)) for example in examples]
    samples = [loaded for _, loaded in loaded_examples if loaded is not None]
    sample = samples[0] if samples else _empty(profile)
    context = _context(sample)
    for template in (profile.template_path, profile.compilation_template_path):
        if template is None:
            continue
        shown = template.name
        if not template.is_file():
            problems.append(Problem(shown, "", "finns inte."))
            continue
        found = well_formed(template, shown)
        problems += found
        if found:
            continue
        problems += split_tags(template, shown)
        problems += language(template, shown)
        if template == profile.template_path:
            problems += unknown_placeholders(template, shown, context)
    if profile.template_path.is_file() and not well_formed(profile.template_path, ""):
        problems += _headings(profile, context)
    for example, loaded in loaded_examples:
        if loaded is not None:
            problems += _example(example, loaded, folder)
    return problems


def _blocks(profile: Profile) -> list[Problem]:
    """Statistics blocks profile.yaml names must be ones reportgen computes."""
    from reportgen.render.profile_blocks import known_blocks

    known = known_blocks()
    return [
        Problem(
            PROFILE_FILE,
            f"avsnitt {section.id}",
            f"blocket '{name}' finns inte; kända block: {', '.join(known)}.",
        )
        for section in profile.sections
        for name in section.blocks
        if name not in known
    ]


def _load(example: Path, problems: list[Problem]) -> LoadedReport | None:
    from reportgen.pipeline import load

    try:
        return load(example)
    except ReportgenError as exc:
        problems.append(Problem(_shown(example), "", f"exemplet kan inte läsas: {exc.message}"))
        return None


def _empty(profile: Profile) -> LoadedReport:
    """A report with nothing filled in, for a profile without examples."""
    from reportgen.loaded import LoadedReport
    from reportgen.model import Report

    report = Report.model_validate({"förbund": profile.id, "rapport": {"typ": profile.kinds[0]}})
    return LoadedReport(report, profile, profile.directory / "insats.yaml", "exempel")


def _context(loaded: LoadedReport) -> dict[str, Any]:
    from reportgen.pipeline import report_context

    return report_context(loaded, draft=False, charts=False)


def _headings(profile: Profile, context: dict[str, Any]) -> list[Problem]:
    """Each printed heading of the profile, verbatim, in a Heading style of the template.

    Heading paragraphs are filled in one by one (`{{ rubrik["4.1"] }}` becomes
    "4.1 Insatsens mål"), so a broken placeholder elsewhere does not hide them.
    """
    from docx import Document
    from jinja2 import TemplateError

    from reportgen.render.docx import jinja_environment

    environment = jinja_environment()
    document = Document(str(profile.template_path))
    paragraphs = list(document.paragraphs)
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                paragraphs.extend(cell.paragraphs)
    styled: dict[str, list[bool]] = {}
    for paragraph in paragraphs:
        text = paragraph.text
        if "{%" in text:
            continue
        try:
            text = environment.from_string(text).render(context) if "{{" in text else text
        except TemplateError:
            continue  # a loop's own variable, or a placeholder reported on its own
        styled.setdefault(" ".join(text.split()), []).append(_is_heading(paragraph))
    shown = profile.template_path.name
    problems = []
    for section in profile.sections:
        if not section.printed_heading:
            continue
        heading = section.full_heading
        if heading not in styled:
            problems.append(
                Problem(
                    shown,
                    f"avsnitt {section.id}",
                    f"rubriken '{heading}' finns inte ordagrant i mallen.",
                )
            )
        elif not any(styled[heading]):
            problems.append(
                Problem(
                    shown,
                    f"avsnitt {section.id}",
                    f"rubriken '{heading}' står inte i en rubrikstil (Rubrik 1, Rubrik 2 …); "
                    "skärmläsare och innehållsförteckning hittar den inte.",
                )
            )
    return problems


def _is_heading(paragraph: Any) -> bool:
    style = paragraph.style
    while style is not None:
        if style.name.startswith(("Heading", "Rubrik")) or style.name == "Title":
            return style.name != "Title"
        style = style.base_style
    return False


def _example(example: Path, loaded: LoadedReport, folder: Path) -> list[Problem]:
    """The example renders, and its findings are exactly the expected ones."""
    from reportgen.pipeline import findings_for, render_loaded

    shown = _shown(example, folder)
    problems = []
    with tempfile.TemporaryDirectory() as tmp:
        try:
            render_loaded(loaded, Path(tmp) / "rapport.docx", force=True, draft=False, charts=True)
        except ReportgenError as exc:
            problems.append(Problem(shown, "", f"exemplet kan inte byggas: {exc.message}"))
    expected_file = example / EXPECTED
    if not expected_file.is_file():
        return [*problems, Problem(shown, EXPECTED, "saknas: lista exemplets väntade fynd.")]
    expected = Counter(
        " ".join(line.split())
        for line in expected_file.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    )
    found = Counter(finding_line(f) for f in findings_for(loaded))
    for line in sorted((found - expected).elements()):
        problems.append(Problem(shown, EXPECTED, f"oväntat fynd: {line}"))
    for line in sorted((expected - found).elements()):
        problems.append(Problem(shown, EXPECTED, f"väntat fynd saknas: {line}"))
    return problems


def finding_line(finding: Finding) -> str:
    """ "S001 fel avsnitt.resultatanalys": what forvantat.txt lists for a finding."""
    where = finding.location.key or finding.location.place or "-"
    return " ".join(f"{finding.code} {finding.severity} {where}".split())


def _shown(example: Path, folder: Path | None = None) -> str:
    base = folder or example.parent.parent
    try:
        return str(example.relative_to(base))
    except ValueError:
        return str(example)
