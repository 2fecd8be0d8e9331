"""What loading one intervention gives: the report model, its profile, statistics, findings.

Every source (insats.yaml with its statistik.xlsx, a submitted Word report)
returns a `LoadedReport`, so checks and renderers never ask where the data came
from. It is a leaf: it imports only the ground modules it names, so sources,
checks, renderers and the pipeline can all import it without a circle.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from reportgen.findings import Finding
from reportgen.model import Report
from reportgen.profile import Profile

if TYPE_CHECKING:  # only annotations here: a Word report's check never imports stats
    from reportgen.stats import Statistics


@dataclass
class LoadedReport:
    """Everything one load gives the checks and renderers, whichever source it came from."""

    report: Report
    profile: Profile
    path: Path  # the file that was read
    display: str  # how the user named it, used in every location
    findings: list[Finding] = field(default_factory=list)  # found while reading
    statistics: Statistics | None = None  # when the intervention has participant data

    @property
    def folder(self) -> Path:
        return self.path.parent
