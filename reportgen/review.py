"""How `reportgen check` presents findings: text, a summary table, JSON, the exit code.

The findings themselves come from `pipeline.inspect`; this module only formats them,
so the CLI and the web service show the same structure.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reportgen.errors import exit_code_for
from reportgen.findings import count, sort_findings
from reportgen.pipeline import FileCheck
from reportgen.texttable import aligned_table


def exit_code(results: Sequence[FileCheck], *, strict: bool = False) -> int:
    """2 if any input was unreadable, 1 for any `fel` (any finding with strict), else 0."""
    return exit_code_for(
        unreadable=any(not r.readable for r in results),
        errors=any(r.errors for r in results),
        warnings=any(r.findings for r in results),
        strict=strict,
    )


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
    total = ("Totalt", f"{len(results)} filer", str(total_errors), str(total_warnings))
    return ["Sammanfattning", *aligned_table(headers, rows, numeric_from=2, total=total)]


def as_payload(results: Sequence[FileCheck]) -> dict[str, Any]:
    """Exactly the structure of design.md: {"files": [{"path", "findings": [...]}]}."""
    return {
        "files": [
            {
                "path": r.display,
                "findings": [f.as_dict() for f in sort_findings(r.findings)],
            }
            for r in results
        ]
    }


def format_json(results: Sequence[FileCheck]) -> str:
    import json  # here, not at the top: a check with text output never needs it

    return json.dumps(as_payload(results), ensure_ascii=False, indent=2) + "\n"
