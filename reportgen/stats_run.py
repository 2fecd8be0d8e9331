"""`reportgen stats`: the participant statistics of one input, for showing rather than checking.

A use case above the sources: it accepts an intervention folder, its
insats.yaml or a bare workbook, and reads the workbook the way `load_source`
does (`sources.excel.source.workbook_of`: the same path and period rules),
over another period when asked. It reads insats.yaml without the funder's
profile, since showing a team its own figures needs no template.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from reportgen.dates import DateParseError, parse_period
from reportgen.errors import InputError
from reportgen.findings import Finding
from reportgen.sources import YAML_SUFFIXES
from reportgen.sources.excel.source import (
    XLSX_SUFFIXES,
    read_workbook,
    workbook_of,
    workbook_path,
)
from reportgen.sources.yaml_source import load_report, resolve_insats_path
from reportgen.stats import Statistics

__all__ = ["StatsRun", "statistics_for_path"]


@dataclass
class StatsRun:
    """What `reportgen stats` shows for one input: whose figures, which period, what was found."""

    display: str  # the workbook as the user named it
    name: str | None  # the intervention's name, when there is an insats.yaml
    period: tuple[date, date]
    statistics: Statistics | None
    findings: list[Finding]

    @property
    def unreadable(self) -> bool:
        """The workbook could not be read at all (F001/F002 `fel`): exit code 2."""
        return self.statistics is None and any(
            f.code.startswith("F") and f.is_error for f in self.findings
        )


def statistics_for_path(path: Path, *, period_text: str | None = None) -> StatsRun:
    """Read the statistics of an intervention folder, its insats.yaml, or a bare workbook.

    The period is the report period of insats.yaml unless `period_text` (any
    form `reportgen.dates.parse_period` reads) is given; a bare workbook has
    no insats.yaml and needs it. Raises InputError when there is nothing to read.
    """
    chosen: tuple[date, date] | None = None
    if period_text is not None:
        try:
            chosen = parse_period(period_text)
        except DateParseError as exc:
            raise InputError(exc.message) from None

    if path.suffix.lower() in XLSX_SUFFIXES:
        if chosen is None:
            raise InputError(
                f"Ange perioden med --period, t.ex. --period '2025-01-01 – 2025-12-31': {path} "
                "är en arbetsbok utan insats.yaml som säger vilken period rapporten gäller."
            )
        result = read_workbook(path, display=str(path), period=chosen)
        return StatsRun(str(path), None, chosen, result.statistics, result.findings)

    insats = resolve_insats_path(path)
    if insats.suffix.lower() not in YAML_SUFFIXES or not insats.is_file():
        raise InputError(
            f"{path} är varken en insatsmapp med insats.yaml, en insats.yaml eller en "
            "arbetsbok (.xlsx)."
        )
    report, _findings = load_report(insats, display=str(insats))
    workbook = workbook_path(report, insats.parent)
    if workbook is None:
        raise InputError(
            f"{insats} anger ingen deltagarstatistik. Lägg till raden 'statistik: "
            "statistik.xlsx' (en arbetsbok bredvid insats.yaml) – strukturinsatser har ingen."
        )
    if chosen is None:
        stated = report.report_period
        if stated is None or stated.start > stated.end:
            raise InputError(
                f"{insats} anger ingen giltig rapportperiod (rapport.period eller "
                "insats.tidsperiod). Fyll i den, eller ange --period."
            )
        chosen = (stated.start, stated.end)
    named = workbook_of(report, insats.parent, period=chosen)
    assert named is not None  # the workbook is named: checked above
    return StatsRun(
        str(workbook), report.intervention.name, chosen, named.statistics, named.findings
    )
