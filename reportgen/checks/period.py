"""T: dates that cannot be right – reversed periods, a report period outside the
intervention, a report signed before the period it reports on had ended.

The model accepts any two dates as a period on purpose: a reversed period is a
finding shown together with all others, not a load failure (domain.md §8
rule 27).
"""

from __future__ import annotations

from collections.abc import Iterator

from reportgen.checks.registry import CheckContext, rule
from reportgen.findings import Finding, Severity
from reportgen.formatting import format_period
from reportgen.model import Period

# key path -> what the period is, in a message
_PERIODS: tuple[tuple[str, str], ...] = (
    ("insats.tidsperiod", "Insatsens tidsperiod"),
    ("rapport.period", "Rapportperioden"),
)


def _period_at(ctx: CheckContext, key: str) -> Period | None:
    value = ctx.report.value_at(key)
    return value if isinstance(value, Period) else None


def _ordered(period: Period | None) -> bool:
    return period is not None and period.start <= period.end


@rule("T001")
def reversed_period(ctx: CheckContext) -> Iterator[Finding]:
    for key, name in _PERIODS:
        period = _period_at(ctx, key)
        if period is None or _ordered(period):
            continue
        yield ctx.finding(
            "T001",
            f"{name} slutar {period.end.isoformat()}, före den börjar "
            f"{period.start.isoformat()}. Byt plats på datumen eller rätta det som är fel.",
            f"{key}.till",
        )


@rule("T002")
def report_period_outside(ctx: CheckContext) -> Iterator[Finding]:
    reported = ctx.report.report.period
    intervention = ctx.report.intervention.period
    if reported is None or not _ordered(reported) or not _ordered(intervention):
        return
    assert intervention is not None
    shown = (
        f"Rapportperioden {format_period(reported.start, reported.end)}"
        f" och insatsens tidsperiod {format_period(intervention.start, intervention.end)}"
    )
    severity: Severity | None = None  # the catalogued `fel`
    if reported.end < intervention.start or reported.start > intervention.end:
        message = (
            f"{shown} överlappar inte alls. Rätta rapportperioden eller insatsens tidsperiod "
            "så att rapporten avser en del av insatsens tid."
        )
    elif reported.start < intervention.start or reported.end > intervention.end:
        message = (
            f"{shown} överlappar bara delvis: rapportperioden börjar före eller slutar efter "
            "insatsen. Kontrollera datumen; rapporten kan bara redovisa tid då insatsen pågick."
        )
        severity = Severity.VARNING
    else:
        return
    yield ctx.finding("T002", message, "rapport.period", severity=severity)


@rule("T003")
def signed_too_early(ctx: CheckContext) -> Iterator[Finding]:
    signature = ctx.report.signature
    period = ctx.report.report_period
    if signature is None or signature.signed_on is None or not _ordered(period):
        return
    assert period is not None
    if signature.signed_on >= period.end:
        return
    yield ctx.finding(
        "T003",
        f"Underskriften är daterad {signature.signed_on.isoformat()}, före rapportperiodens "
        f"slut {period.end.isoformat()}. En rapport kan skrivas under först när perioden är "
        "slut: rätta underskriftens datum eller rapportperioden.",
        "underskrift.datum",
        severity=None if ctx.is_final else Severity.VARNING,
    )
