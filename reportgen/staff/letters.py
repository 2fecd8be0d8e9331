"""`reportgen check inkomna/*.docx --brev UTMAPP`: a completion letter per report that needs it.

For each report with at least one `fel` (verdict "komplettera"), a short
Swedish text ready to paste into an e-mail to the owner: what to complete,
section by section in the template's order, each point the finding's place in
the section and its message (which says what to do). Warnings follow under
"Kontrollera också", so the owner can fix them in the same round. Written
atomically as `UTMAPP/<namn>.komplettering.txt`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from reportgen.files import write_atomically
from reportgen.findings import Finding, sort_findings
from reportgen.pipeline import FileCheck
from reportgen.profile import Profile
from reportgen.staff.markup import guard
from reportgen.staff.summary import INCOMPLETE, summarise

SUFFIX = ".komplettering.txt"
GREETING = "Vänliga hälsningar\nFörbundets kansli"
_OTHER = "Övrigt"


def completion_letter(check: FileCheck) -> str | None:
    """The letter for one checked report, or None when it needs no completion."""
    summary = summarise(check)
    if summary.verdict != INCOMPLETE or check.loaded is None:
        return None
    profile = check.loaded.profile
    kind = summary.kind or "rapport"
    name = f'"{summary.name}"' if summary.name else "(namnet saknas i rapporten)"
    period = f" ({summary.period})" if summary.period else ""
    errors = [f for f in sort_findings(check.findings) if f.is_error]
    warnings = [f for f in sort_findings(check.findings) if not f.is_error]
    lines = [
        f"Ämne: Komplettering av {kind} – {summary.name or Path(summary.file).name}",
        "",
        "Hej!",
        "",
        f"Tack för {kind}en för insatsen {name}{period}. Förbundets kansli har granskat "
        "den, och innan den kan godkännas behöver följande kompletteras:",
    ]
    lines += _by_section(errors, profile)
    if warnings:
        lines += ["", "Kontrollera också:"]
        lines += [f"- {_point(f)}" for f in warnings]
    lines += [
        "",
        "Skicka den kompletterade rapporten till förbundet som Word-fil (.docx). Hör av dig "
        "om något är oklart.",
        "",
        GREETING,
    ]
    return "\n".join(lines) + "\n"


def write_completion_letters(
    checks: Sequence[FileCheck], folder: Path, *, force: bool = False
) -> list[tuple[FileCheck, Path]]:
    """A letter in `folder` for each report that needs completion; the others get none."""
    letters: list[tuple[FileCheck, Path, str]] = []
    used: set[str] = set()
    for check in checks:
        letter = completion_letter(check)
        if letter is None or check.loaded is None:
            continue
        stem = check.loaded.path.stem
        if check.loaded.path.name == "insats.yaml":
            stem = check.loaded.path.parent.name  # an intervention folder: its name
        name, number = f"{stem}{SUFFIX}", 2
        while name.casefold() in used:
            name, number = f"{stem}-{number}{SUFFIX}", number + 1
        used.add(name.casefold())
        letters.append((check, folder / name, letter))
    guard([(check, target) for check, target, _ in letters], checks, force=force)
    written = []
    for check, target, letter in letters:
        write_atomically(target, _writer(letter))
        written.append((check, target))
    return written


def _writer(text: str) -> Callable[[Path], None]:
    def write(path: Path) -> None:
        path.write_text(text, encoding="utf-8")

    return write


def _by_section(findings: Sequence[Finding], profile: Profile) -> list[str]:
    """The findings grouped under their section's heading, in the template's order."""
    order = {section.id: index for index, section in enumerate(profile.sections)}
    # "Avsnitt 6 Ekonomisk rapport"; a section without a printed number by its heading
    headings = {
        s.id: f"Avsnitt {s.id} {s.heading}" if s.numbered else s.heading for s in profile.sections
    }
    groups: dict[str, list[Finding]] = {}
    for finding in findings:
        groups.setdefault(finding.location.section or _OTHER, []).append(finding)
    lines: list[str] = []
    for section_id in sorted(groups, key=lambda s: order.get(s, len(order))):
        lines += ["", headings.get(section_id, _OTHER)]
        lines += [f"- {_point(f)}" for f in groups[section_id]]
    return lines


def _point(finding: Finding) -> str:
    """ "Rad "Lönekostnader", kolumn Utfall: Beloppet … är inte ett tal. Skriv …" """
    place = finding.location.place or ""
    _, _, detail = place.partition(", ")  # the part after "§6 Ekonomisk rapport"
    if finding.location.section is None and finding.location.line is not None:
        detail = f"rad {finding.location.line} {finding.location.key or ''}".strip()
    return f"{detail[:1].upper()}{detail[1:]}: {finding.message}" if detail else finding.message
