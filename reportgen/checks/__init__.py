"""Checks over the report model: missing sections, budget totals, goals, signature, data.

Use `check_report` to run every registered rule; `all_rules` lists them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reportgen.checks.registry import RULES, CheckContext, Rule, all_rules, rule, run_checks
from reportgen.findings import Finding, sort_findings
from reportgen.model import Report
from reportgen.profile import Profile

__all__ = ["RULES", "CheckContext", "Rule", "all_rules", "check_report", "rule", "run_checks"]


def check_report(
    report: Report,
    profile: Profile,
    *,
    statistics: Any | None = None,
    source_findings: Sequence[Finding] = (),
) -> list[Finding]:
    """Every rule's findings. `source_findings` (what the source reported while reading)
    keeps rules from reporting the same unreadable value a second time."""
    context = CheckContext(
        report=report, profile=profile, statistics=statistics, source_findings=source_findings
    )
    return sort_findings(list(run_checks(context)))
