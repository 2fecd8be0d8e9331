"""The rule registry: every check is a small function registered under a stable code.

A rule receives a `CheckContext` (the report model, the funder profile and any
participant statistics) and yields findings. Rules never know which file the
model came from; they ask the model's location map where a value stood, so the
same rule points into insats.yaml, statistik.xlsx or a submitted Word report.

A rule's severity and title live in the code catalogue (`reportgen.codes`),
with the codes the sources report while reading, so `reportgen regler` lists
both and a source never needs the rules to know a severity.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple

from reportgen.codes import CODES, severity_of
from reportgen.findings import Finding, Severity
from reportgen.location import Location
from reportgen.model import Report
from reportgen.profile import Profile, Role

if TYPE_CHECKING:  # only annotations here: a Word report's check never imports stats
    from reportgen.stats import Statistics

RuleFunction = Callable[["CheckContext"], Iterable[Finding]]


class Rule(NamedTuple):  # not a frozen dataclass: ~0.5 ms less at start-up
    """A rule as `reportgen regler` lists it; the function is None for codes only sources report."""

    code: str
    severity: Severity
    title: str  # one line, Swedish: what the rule looks for
    function: RuleFunction | None  # None: reported by the sources while reading, listed here


_FUNCTIONS: dict[str, RuleFunction] = {}


def rule(code: str) -> Callable[[RuleFunction], RuleFunction]:
    """Register the function that finds `code`; its severity and title are catalogued."""

    def register(function: RuleFunction) -> RuleFunction:
        if code not in CODES:
            raise ValueError(f"rule code {code} is not in reportgen.codes.CODES")
        if code in _FUNCTIONS:
            raise ValueError(f"rule code {code} registered twice")
        _FUNCTIONS[code] = function
        return function

    return register


@dataclass
class CheckContext:
    """What every rule reads: the model, the profile, statistics and the sources' findings."""

    report: Report
    profile: Profile
    statistics: Statistics | None = None  # when the intervention has participant data
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
        return Finding(
            code=code,
            severity=severity or severity_of(code),
            message=message,
            location=location or self.where(key),
        )


def all_rules() -> list[Rule]:
    """Every catalogued code, with its rule function when a rule (not a source) finds it."""
    entries = (
        Rule(entry.code, entry.severity, entry.title, _FUNCTIONS.get(entry.code))
        for entry in CODES.values()
    )
    return sorted(entries, key=lambda r: (r.code[0], r.code))


def run_checks(context: CheckContext) -> Iterator[Finding]:
    """Every rule that applies: the budget rules (B) only where the funder's template has
    an economy section (a half-year report to Västerås has none)."""
    no_economy = context.profile.section_for(Role.ECONOMY) is None
    for registered in all_rules():
        if registered.function is None or (no_economy and registered.code.startswith("B")):
            continue
        yield from registered.function(context)
