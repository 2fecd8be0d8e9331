"""The rule registry: every check is a small function registered under a stable code.

A rule receives a `CheckContext` (the report model, the funder profile and any
participant statistics) and yields findings. Rules never know which file the
model came from; they ask the model's location map where a value stood, so the
same rule points into insats.yaml, statistik.xlsx or a submitted Word report.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from reportgen.findings import Finding, Severity
from reportgen.location import Location
from reportgen.model import Report
from reportgen.profile import Profile

RuleFunction = Callable[["CheckContext"], Iterable[Finding]]


@dataclass(frozen=True)
class Rule:
    code: str
    severity: Severity
    title: str  # one line, Swedish: what the rule looks for
    function: RuleFunction | None  # None: reported by the sources while reading, listed here


RULES: dict[str, Rule] = {}


def rule(code: str, severity: Severity, title: str) -> Callable[[RuleFunction], RuleFunction]:
    """Register a rule. Codes are stable: reviewers look them up with `reportgen regler`."""

    def register(function: RuleFunction) -> RuleFunction:
        if code in RULES:
            raise ValueError(f"rule code {code} registered twice")
        RULES[code] = Rule(code, severity, title, function)
        return function

    return register


@dataclass
class CheckContext:
    report: Report
    profile: Profile
    statistics: Any | None = None  # reportgen.stats result, when the intervention has one
    extras: dict[str, Any] = field(default_factory=dict)
    # What the source already reported while reading (B005 for an unreadable amount …).
    # A value the source could not read is None in the model; rules ask
    # `already_reported` so that they do not add a second, misleading finding
    # ("saknas", or a sum that is off) about the same value.
    source_findings: Sequence[Finding] = ()

    @property
    def kind(self) -> str:
        return self.report.kind

    @property
    def is_final(self) -> bool:
        return self.report.kind == "slutrapport"

    def already_reported(self, key: str) -> bool:
        """True if the source already reported a problem with the value at `key`."""
        return any(f.location.key == key for f in self.source_findings)

    def where(self, key: str) -> Location:
        return self.report.locations.at(key)

    def finding(
        self,
        code: str,
        message: str,
        key: str = "",
        *,
        severity: Severity | None = None,
        location: Location | None = None,
    ) -> Finding:
        """A finding of a registered rule, located at `key` unless a location is given."""
        registered = RULES[code]
        return Finding(
            code=code,
            severity=severity or registered.severity,
            message=message,
            location=location or self.where(key),
        )


def source_rule(code: str, severity: Severity, title: str) -> None:
    """Register a code that a source reports while reading (F001, B005 …).

    Such problems can only be seen in the raw file (an amount that is no
    number never reaches the model), but reviewers look them up like any rule.
    """
    if code in RULES:
        raise ValueError(f"rule code {code} registered twice")
    RULES[code] = Rule(code, severity, title, None)


source_rule(
    "F001", Severity.FEL, "Filen kan inte läsas (saknas, är skadad, krypterad eller för stor)."
)
source_rule(
    "F002", Severity.FEL, "Filen har inte det väntade formatet (fel filtyp, okänd nyckel, fel typ)."
)
source_rule("B005", Severity.FEL, "Ett belopp är inte ett tal (t.ex. 'Se separat redovisning').")


def all_rules() -> list[Rule]:
    _import_rule_modules()
    return sorted(RULES.values(), key=lambda r: (r.code[0], r.code))


def run_checks(context: CheckContext) -> Iterator[Finding]:
    for registered in all_rules():
        if registered.function is not None:
            yield from registered.function(context)


def _import_rule_modules() -> None:
    """Rule modules register themselves on import; import them all once."""
    from reportgen.checks import families  # noqa: F401
