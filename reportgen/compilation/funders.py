"""One compilation per funder: a batch over interventions of several associations.

A compilation is one association's follow-up, written with that association's
template and name, so a batch whose interventions report to different funders
gets one compilation per funder – never one under the majority's name with the
others' figures in it. Interventions that could not be read (no funder known)
are listed in every funder's review table, so none goes unnoticed.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

from reportgen.compilation.totals import ReportStatus

R = TypeVar("R", bound=ReportStatus)


def by_funder(results: Sequence[R], default: str) -> dict[str, list[R]]:
    """Funder id -> its results (and every unreadable one), in order; `default` when none."""
    funders = sorted({r.figures.funder for r in results if r.figures is not None})
    if not funders:
        return {default: list(results)}
    return {
        funder: [r for r in results if r.figures is None or r.figures.funder == funder]
        for funder in funders
    }
