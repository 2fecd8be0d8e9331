"""Findings as the pages show them: per file, grouped by the template's sections, in words.

Severity is always a word ("Fel", "Varning") – colour only repeats it – and each
file gets a verdict staff can act on: "Godkänd", "Komplettera" or "Kunde inte läsas".
"""

from __future__ import annotations

import base64
from dataclasses import dataclass, field
from typing import Any

from reportgen.web.settings import format_size

SEVERITY_WORDS = {"fel": "Fel", "varning": "Varning"}


@dataclass
class FindingView:
    severity: str
    severity_word: str
    code: str
    message: str
    location: str


@dataclass
class GroupView:
    label: str
    findings: list[FindingView] = field(default_factory=list)


@dataclass
class FileView:
    path: str
    name: str | None
    errors: int
    warnings: int
    verdict: str
    verdict_class: str
    groups: list[GroupView]

    @property
    def counts(self) -> str:
        return counts(self.errors, self.warnings)


def counts(errors: int, warnings: int) -> str:
    """`2 fel och 1 varning`, `inga fel eller varningar`."""
    if not errors and not warnings:
        return "inga fel eller varningar"
    return f"{errors} fel och {warnings} {'varning' if warnings == 1 else 'varningar'}"


def _place(location: str, path: str) -> str:
    """The place without the file name repeated: `§6 Ekonomisk rapport, rad "Summa"`."""
    if location == path:
        return "hela filen"
    if location.startswith(path + " ") or location.startswith(path + "!"):
        return location[len(path) :].lstrip(" !") or "hela filen"
    return location


def file_view(entry: dict[str, Any]) -> FileView:
    """One reviewed file for the page, its findings under the template's section headings."""
    path = entry["path"]
    groups: dict[str, tuple[float, GroupView]] = {}
    errors = warnings = 0
    for finding, group in zip(entry["findings"], entry.get("groups", []), strict=False):
        severity = finding["severity"]
        errors += severity == "fel"
        warnings += severity != "fel"
        order, label = group["order"], group["label"]
        view = groups.setdefault(label, (order, GroupView(label)))[1]
        view.findings.append(
            FindingView(
                severity=severity,
                severity_word=SEVERITY_WORDS.get(severity, severity.capitalize()),
                code=finding["code"],
                message=finding["message"],
                location=_place(finding["location"], path),
            )
        )
    unreadable = entry.get("readable") is False
    if unreadable:
        verdict, verdict_class = "Kunde inte läsas", "fel"
    elif errors:
        verdict, verdict_class = "Komplettera", "fel"
    elif warnings:
        verdict, verdict_class = "Godkänd med varningar", "varning"
    else:
        verdict, verdict_class = "Godkänd", "ok"
    ordered = [view for _, view in sorted(groups.values(), key=lambda item: item[0])]
    return FileView(
        path=path,
        name=entry.get("name"),
        errors=errors,
        warnings=warnings,
        verdict=verdict,
        verdict_class=verdict_class,
        groups=ordered,
    )


def review_summary(files: list[FileView]) -> str:
    """The one sentence the status region announces."""
    errors = sum(f.errors for f in files)
    warnings = sum(f.warnings for f in files)
    amount = "1 fil granskad" if len(files) == 1 else f"{len(files)} filer granskade"
    return f"{amount}: {counts(errors, warnings)}."


@dataclass(frozen=True)
class Download:
    """A file handed over inside the page itself (a data: link), so the server keeps nothing."""

    filename: str
    href: str
    description: str


def download(content: bytes, filename: str, media_type: str, kind: str) -> Download:
    encoded = base64.b64encode(content).decode("ascii")
    return Download(
        filename=filename,
        href=f"data:{media_type};base64,{encoded}",
        description=f"{kind}, {format_size(len(content))}",
    )
