"""Checks over the report model: missing sections, budget totals, goals, signature, data.

Use `check_report` to run every registered rule; `all_rules` lists them with
the codes the sources report. Each family module registers its rules when it
is imported; the imports at the end of this module are the list of families,
so a new family is a module plus one line here.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from reportgen.checks.registry import CheckContext, Rule, all_rules, rule, run_checks
from reportgen.findings import Finding, sort_findings
from reportgen.model import Report
from reportgen.profile import Profile

if TYPE_CHECKING:  # only annotations here: a Word report's check never imports stats
    from reportgen.stats import Statistics

__all__ = ["CheckContext", "Rule", "all_rules", "check_report", "rule", "run_checks"]


def check_report(
    report: Report,
    profile: Profile,
    *,
    statistics: Statistics | None = None,
    source_findings: Sequence[Finding] = (),
) -> list[Finding]:
    """Every rule's findings. `source_findings` (what the source reported while reading)
    keeps rules from reporting the same unreadable value a second time."""
    context = CheckContext(
        report=report, profile=profile, statistics=statistics, source_findings=source_findings
    )
    return sort_findings(list(run_checks(context)))


# The rule families: importing them registers their rules.
from reportgen.checks import (  # noqa: E402, F401
    budget,
    data,
    goals,
    participant_sheet,
    period,
    privacy,
    sections,
    signature,
    title,
)
