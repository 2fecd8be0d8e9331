"""`reportgen check`: run every rule on any number of inputs and present the findings.

One file's problems never stop the others: an unreadable file becomes F001/F002
findings in its own entry and the run goes on, which is what staff need when
checking a folder of submitted reports.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from reportgen.errors import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, InputError, ReportgenError
from reportgen.findings import Finding, Severity, count, sort_findings
from reportgen.location import Location


@dataclass
class FileCheck:
    display: str
    findings: list[Finding] = field(default_factory=list)
    name: str | None = None  # the intervention's name, when it could be read
    readable: bool = True

    @property
    def errors(self) -> int:
        return count(self.findings)[0]

    @property
    def warnings(self) -> int:
        return count(self.findings)[1]


def check_path(path: Path) -> FileCheck:
    from reportgen.build import findings_for
    from reportgen.sources import load_source

    display = str(path / "insats.yaml") if path.is_dir() else str(path)
    try:
        loaded = load_source(path)
    except InputError as exc:
        findings = exc.findings or [Finding("F001", Severity.FEL, exc.message, Location(display))]
        return FileCheck(display, sort_findings(findings), readable=False)
    except ReportgenError as exc:
        return FileCheck(
            display, [Finding("F001", Severity.FEL, exc.message, Location(display))], readable=False
        )
    except Exception as exc:  # a corrupt upload may break any parser; never stop the run
        if os.environ.get("REPORTGEN_DEBUG"):
            raise
        message = (
            f"Filen kunde inte läsas ({type(exc).__name__}: {exc}). Kontrollera att den "
            "går att öppna, spara om den och försök igen."
        )
        return FileCheck(
            display, [Finding("F001", Severity.FEL, message, Location(display))], readable=False
        )
    return FileCheck(loaded.display, findings_for(loaded), name=loaded.report.intervention.name)


def check_paths(paths: Iterable[Path]) -> list[FileCheck]:
    return [check_path(path) for path in paths]


def exit_code(results: Sequence[FileCheck], *, strict: bool = False) -> int:
    """2 if any input was unreadable, 1 for any `fel` (any finding with strict), else 0."""
    if any(not r.readable for r in results):
        return EXIT_USAGE
    if any(r.errors for r in results):
        return EXIT_FINDINGS
    if strict and any(r.findings for r in results):
        return EXIT_FINDINGS
    return EXIT_OK


def summary_line(result: FileCheck) -> str:
    errors, warnings = count(result.findings)
    if not result.findings:
        return f"{result.display}: inga fel eller varningar."
    parts = [f"{errors} fel", f"{warnings} {'varning' if warnings == 1 else 'varningar'}"]
    return f"{result.display}: {', '.join(parts)}."


def format_text(results: Sequence[FileCheck]) -> str:
    """Findings per file (errors first), a one-line summary per file, and a table for many."""
    lines: list[str] = []
    for result in results:
        lines.append(result.display)
        for finding in sort_findings(result.findings):
            lines.append(f"  {finding.as_line()}")
        lines.append(f"  {summary_line(result)}")
        lines.append("")
    if len(results) > 1:
        lines.extend(summary_table(results))
    return "\n".join(lines).rstrip() + "\n"


def summary_table(results: Sequence[FileCheck]) -> list[str]:
    headers = ("Fil", "Insats", "Fel", "Varningar")
    rows = [
        (
            r.display,
            r.name or ("(kunde inte läsas)" if not r.readable else ""),
            str(r.errors),
            str(r.warnings),
        )
        for r in results
    ]
    total_errors = sum(r.errors for r in results)
    total_warnings = sum(r.warnings for r in results)
    rows.append(("Totalt", f"{len(results)} filer", str(total_errors), str(total_warnings)))
    widths = [max(len(row[i]) for row in [headers, *rows]) for i in range(len(headers))]

    def fmt(row: Sequence[str]) -> str:
        cells = [
            cell.rjust(widths[i]) if i >= 2 else cell.ljust(widths[i]) for i, cell in enumerate(row)
        ]
        return "  ".join(cells).rstrip()

    rule = "  ".join("-" * w for w in widths)
    return ["Sammanfattning", fmt(headers), rule, *(fmt(r) for r in rows[:-1]), rule, fmt(rows[-1])]


def format_json(results: Sequence[FileCheck]) -> str:
    """Exactly the structure of design.md: {"files": [{"path", "findings": [...]}]}."""
    payload = {
        "files": [
            {
                "path": r.display,
                "findings": [f.as_dict() for f in sort_findings(r.findings)],
            }
            for r in results
        ]
    }
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"
