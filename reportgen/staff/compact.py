"""`reportgen check --kort`: one line per report with its verdict and key figures.

A reviewer going through a folder of submitted reports wants to see at once
which can be approved and which need completing, and why: each report is one
line (file, verdict, intervention, kind and period, granted funds, outcome and
its deviation from budget, signed or not, counts), with its findings grouped
under it without repeating the file name. A file that could not be read says so
("kunde inte läsas"); a file that was read never does.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from decimal import Decimal

from reportgen.findings import Finding, sort_findings
from reportgen.formatting import format_amount, format_percent
from reportgen.location import Location
from reportgen.pipeline import FileCheck
from reportgen.staff.summary import ReportSummary, summarise


def format_compact(checks: Sequence[FileCheck]) -> str:
    """The compact review of every checked input, and a closing tally of the verdicts."""
    lines: list[str] = []
    verdicts: Counter[str] = Counter()
    for check in checks:
        summary = summarise(check)
        verdicts[summary.verdict] += 1
        lines.append(headline(summary))
        for finding in sort_findings(check.findings):
            lines.append(f"    {finding_line(finding)}")
    tally = ", ".join(f"{verdict} {count}" for verdict, count in verdicts.items())
    noun = "rapport" if len(checks) == 1 else "rapporter"
    lines.append(f"{len(checks)} {noun}: {tally}.")
    return "\n".join(lines) + "\n"


def headline(summary: ReportSummary) -> str:
    """ "a.docx – godkänd – Stegvis till arbete · slutrapport 2023-01-01 – … · 0 fel" """
    parts = [summary.name or "(insatsens namn saknas)"] if summary.kind else []
    if summary.kind:
        parts.append(f"{summary.kind} {summary.period}".rstrip())
        if summary.granted is not None:
            parts.append(f"beviljat {format_amount(summary.granted, unit='kr')}")
        if summary.outcome is not None:
            outcome = f"utfall {format_amount(summary.outcome, unit='kr')}"
            if summary.deviation is not None:
                outcome += f" ({_signed_percent(summary.deviation)} mot budget)"
            parts.append(outcome)
        parts.append(
            {"ja": "underskriven", "nej": "ej underskriven"}.get(
                summary.signed_text, "underskrift kontrolleras"
            )
        )
    warnings = "varning" if summary.warnings == 1 else "varningar"
    parts.append(f"{summary.errors} fel, {summary.warnings} {warnings}")
    return f"{summary.file} – {summary.verdict.upper()} – {' · '.join(parts)}"


def _signed_percent(fraction: Decimal) -> str:
    value = fraction * 100
    sign = "+" if value > 0 else ("−" if value < 0 else "±")
    return f"{sign}{format_percent(abs(value), 1)}"


def finding_line(finding: Finding) -> str:
    """ "B005 fel §6 Ekonomisk rapport, rad …: meddelande" – the place without the file."""
    place = place_in_file(finding.location)
    return f"{finding.code} {finding.severity}{' ' + place if place else ''}: {finding.message}"


def place_in_file(location: Location) -> str:
    """The location as `str(location)` prints it, without the file name in front."""
    text = str(location)
    if text.startswith(location.file):
        text = text[len(location.file) :]
    if text.startswith(":") and location.line is not None:
        text = f"rad {location.line}" + text[len(f":{location.line}") :]
    return text.strip()
