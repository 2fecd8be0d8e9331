"""B: the economy table of section 6 – totals, granted funds, deviations, missing outcome.

All sums are Decimal, so a total that is off by one krona (or one öre) is
caught. A row value the source could not read (B005, already reported) makes
the sums that need it unknowable: those rules stay quiet rather than report a
difference that is only the unreadable cell.

Thresholds come from the funder profile (`granser`): how far the outcome may
deviate from the budget without an explanation, and whether a final report
must explain any unused granted funds (the template's section-6 instruction
asks "Ifall inte allt beviljat medel har använts vad var orsaken").
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date
from decimal import Decimal

from reportgen.checks.common import is_blank, mentions_any, place_words
from reportgen.checks.registry import CheckContext, rule
from reportgen.findings import Finding, Severity
from reportgen.formatting import format_amount, format_percent, format_period, round_half_up
from reportgen.model import CostRow, Period

_COLUMNS = {"budget": "budget", "utfall": "outcome"}  # Swedish key -> CostRow attribute


def kr(value: Decimal) -> str:
    """`712 030 kr` – every amount in a message is written the way the report writes it."""
    return format_amount(value, unit="kr")


def _rows(ctx: CheckContext) -> Sequence[CostRow]:
    economy = ctx.report.economy
    return (economy.rows or []) if economy else []


def row_sum(ctx: CheckContext, column: str) -> Decimal | None:
    """The sum of one column over the rows; None when it cannot be known.

    Unknown means: there are no rows, no row has a value, or a value was
    unreadable (the source reported B005 for it). An empty cell in a row that
    has other values counts as 0 – that is how the funder's table adds up.
    """
    rows = _rows(ctx)
    attribute = _COLUMNS[column]
    values = [getattr(row, attribute) for row in rows]
    if all(value is None for value in values):
        return None
    for index, value in enumerate(values, start=1):
        if value is None and ctx.already_reported(f"ekonomi.rader[{index}].{column}"):
            return None
    return sum((v for v in values if v is not None), Decimal(0))


def stated_total(ctx: CheckContext, column: str) -> Decimal | None:
    economy = ctx.report.economy
    if economy is None or economy.totals is None:
        return None
    value: Decimal | None = getattr(economy.totals, _COLUMNS[column])
    return value


def column_total(ctx: CheckContext, column: str) -> Decimal | None:
    """The total a rule should judge: the rows' sum, or the stated total if rows cannot tell.

    The rows win over a stated total because B001/B002 already report a stated
    total that differs from them; judging the rows keeps one mistake from
    becoming two findings.
    """
    computed = row_sum(ctx, column)
    return computed if computed is not None else stated_total(ctx, column)


def _any_reported(ctx: CheckContext, column: str) -> bool:
    return any(
        ctx.already_reported(f"ekonomi.rader[{index}].{column}")
        for index in range(1, len(_rows(ctx)) + 1)
    )


def _total_label(ctx: CheckContext, column: str) -> str:
    """ "Summa budget" / "Summa utfall", in the profile's words."""
    column_label = ctx.profile.labels.get(column, column.capitalize())
    return f"{ctx.profile.economy.total_label} {column_label.lower()}"


def _difference(a: Decimal, b: Decimal) -> str:
    difference = a - b
    direction = "för mycket" if difference > 0 else "för lite"
    return f"{kr(abs(difference))} {direction}"


def _sum_rule(ctx: CheckContext, code: str, column: str) -> Iterator[Finding]:
    stated = stated_total(ctx, column)
    computed = row_sum(ctx, column)
    if stated is None or computed is None or stated == computed:
        return
    yield ctx.finding(
        code,
        f"{_total_label(ctx, column)} är {kr(stated)} men raderna summerar till {kr(computed)} "
        f"(summan är {_difference(stated, computed)}). Rätta summan eller raderna.",
        f"ekonomi.summa.{column}",
    )


@rule("B001")
def budget_total_mismatch(ctx: CheckContext) -> Iterator[Finding]:
    yield from _sum_rule(ctx, "B001", "budget")


@rule("B002")
def outcome_total_mismatch(ctx: CheckContext) -> Iterator[Finding]:
    yield from _sum_rule(ctx, "B002", "utfall")


@rule("B003")
def budget_differs_from_grant(ctx: CheckContext) -> Iterator[Finding]:
    granted = ctx.report.intervention.granted
    budget = column_total(ctx, "budget")
    if granted is None:
        return  # S001 (or B005) for beviljat medel
    if budget is None:
        if _rows(ctx) and not _any_reported(ctx, "budget"):
            yield ctx.finding(
                "B003",
                f"Ingen kostnadsrad har något budgetbelopp, men beviljat medel är {kr(granted)}. "
                "Fyll i budget för varje rad så att raderna tillsammans blir beviljat medel.",
                "ekonomi.rader",
            )
        return
    if budget == granted:
        return
    key = "ekonomi.summa.budget" if stated_total(ctx, "budget") is not None else "ekonomi.rader"
    yield ctx.finding(
        "B003",
        f"Budgeten summerar till {kr(budget)} men beviljat medel är {kr(granted)} "
        f"(budgeten är {_difference(budget, granted)}). Budgeten ska fördela hela det beviljade "
        "beloppet: rätta budgetraderna eller beviljat medel.",
        key,
    )


@rule("B004")
def unexplained_deviation(ctx: CheckContext) -> Iterator[Finding]:
    reasons = _deviation_reasons(ctx)
    if not reasons:
        return
    comment = ctx.report.economy.comment if ctx.report.economy else None
    deviations = ctx.report.deviations
    if not is_blank(comment):
        return  # the section-6 comment is, by its place, about the economy
    comment_place = f"kommentaren i {place_words(ctx.profile, 'ekonomi.kommentar')}"
    deviations_place = place_words(ctx.profile, "avvikelser")
    fix = (
        "Förklara orsaken och om det har påverkat insatsens innehåll och utfall, i "
        f"{comment_place} eller i {deviations_place}."
    )
    situation = " ".join(reasons)
    if is_blank(deviations):
        yield ctx.finding(
            "B004",
            f"{situation} Ingen förklaring finns: både ekonomikommentaren och avvikelserna är "
            f"tomma. {fix}",
            "ekonomi.kommentar",
        )
    elif not mentions_any(deviations or "", ctx.profile.thresholds.economy_words):
        yield ctx.finding(
            "B004",
            f"{situation} Ekonomikommentaren är tom och texten om avvikelser nämner inte "
            f"ekonomin. {fix}",
            "ekonomi.kommentar",
            severity=Severity.VARNING,
        )


def _deviation_reasons(ctx: CheckContext) -> list[str]:
    """What needs explaining, as sentences with the figures; empty if nothing does."""
    budget = column_total(ctx, "budget")
    outcome = column_total(ctx, "utfall")
    if outcome is None:
        return []
    threshold = Decimal(str(ctx.profile.thresholds.deviation_percent))
    limit = f"gränsen {format_percent(threshold, _decimals(threshold))}"
    if not ctx.is_final:
        return _interim_reasons(ctx, budget, outcome, threshold, limit)

    reasons: list[str] = []
    if budget is not None and budget > 0:
        deviation = (outcome - budget) / budget * 100
        if abs(deviation) > threshold:
            direction = "högre" if deviation > 0 else "lägre"
            reasons.append(
                f"Utfallet {kr(outcome)} är {kr(abs(outcome - budget))} "
                f"({_beyond(deviation, threshold)}) {direction} än budgeten {kr(budget)}, "
                f"mer än {limit}."
            )
    granted = ctx.report.intervention.granted
    underuse_counts = ctx.profile.thresholds.explain_underuse_in_final
    if underuse_counts and granted is not None and outcome < granted:
        reasons.append(
            f"{kr(granted - outcome)} av beviljat medel ({kr(granted)}) har inte använts."
        )
    return reasons


def _interim_reasons(
    ctx: CheckContext,
    budget: Decimal | None,
    outcome: Decimal,
    threshold: Decimal,
    limit: str,
) -> list[str]:
    """An interim report is judged against the share of the intervention that has passed.

    förbrukningskvot = outcome to date / whole budget; expected = the elapsed
    share of the intervention period (in days) up to the report period's end.
    """
    if budget is None or budget <= 0:
        return []
    intervention = ctx.report.intervention.period
    reported = ctx.report.report.period  # only a stated period says how much time has passed
    if intervention is None or reported is None:
        return []
    elapsed = elapsed_share(intervention, reported.end)
    if elapsed is None or elapsed <= 0:
        return []  # the period rules report a report period outside the intervention
    used = outcome / budget
    deviation = (used / elapsed - 1) * 100
    if abs(deviation) <= threshold:
        return []
    direction = "högre" if deviation > 0 else "lägre"
    return [
        f"Förbrukningskvoten är {format_percent(used * 100)} ({kr(outcome)} av budgeten "
        f"{kr(budget)}), men {format_percent(elapsed * 100)} av insatsperioden "
        f"{format_period(intervention.start, intervention.end)} har gått vid rapportperiodens "
        f"slut {reported.end.isoformat()}. Förbrukningen är "
        f"{_beyond(deviation, threshold)} {direction} än väntat, mer än {limit}."
    ]


def elapsed_share(intervention: Period, until: date) -> Decimal | None:
    """Share (0–1) of the intervention's days from its start up to and including `until`."""
    total = (intervention.end - intervention.start).days + 1
    if total <= 0:
        return None
    elapsed = (min(until, intervention.end) - intervention.start).days + 1
    return Decimal(max(elapsed, 0)) / Decimal(total)


def _beyond(deviation: Decimal, threshold: Decimal) -> str:
    """A deviation with the decimals needed to show it is beyond the threshold: "5,004 %", not
    "5,0 %", which would read as within a 5 % limit."""
    size = abs(deviation)
    decimals = 1
    while decimals < 4 and round_half_up(size, decimals) <= threshold:
        decimals += 1
    return format_percent(size, decimals)


def _decimals(value: Decimal) -> int:
    return 0 if value == value.to_integral_value() else 1


OVERRUN_STEMS = ("överskrid", "överstig", "överskjut", "överförbruk", "mellanskillnad")
"""Words that show a text is about spending beyond the grant (B010); kept apart from the
profile's economy words, which any mention of money satisfies."""


@rule("B010")
def outcome_above_grant(ctx: CheckContext) -> Iterator[Finding]:
    """Outcome above the granted funds in a final report: someone must pay the difference.

    B004 only asks for an explanation beyond the deviation threshold (5 %), so a
    2 % overrun passed without a word; the funder still has to decide who pays it.
    The warning stays until the economy comment or the deviations speak of it.
    """
    granted = ctx.report.intervention.granted
    outcome = column_total(ctx, "utfall")
    if not ctx.is_final or granted is None or outcome is None or outcome <= granted:
        return
    economy = ctx.report.economy
    for text in (economy.comment if economy else None, ctx.report.deviations):
        if text and mentions_any(text, OVERRUN_STEMS):
            return
    over = outcome - granted
    share = over / granted * 100 if granted > 0 else None
    percent = f" ({_overrun_percent(share)})" if share is not None else ""
    comment_place = place_words(ctx.profile, "ekonomi.kommentar")
    yield ctx.finding(
        "B010",
        f"Utfallet {kr(outcome)} är {kr(over)}{percent} mer än beviljat medel {kr(granted)}. "
        f"Förklara överskridandet i kommentaren i {comment_place}: varför det uppstod och "
        "vem som står för mellanskillnaden.",
        "ekonomi.summa.utfall" if stated_total(ctx, "utfall") is not None else "ekonomi.rader",
    )


def _overrun_percent(share: Decimal) -> str:
    """ "2,05 %": two decimals under 10 %, so a small overrun never reads as 0 % or 2 %."""
    return format_percent(share, 2 if share < 10 else 1)


@rule("B006")
def missing_outcome(ctx: CheckContext) -> Iterator[Finding]:
    if not ctx.is_final:
        return
    for index, row in enumerate(_rows(ctx), start=1):
        key = f"ekonomi.rader[{index}].utfall"
        if row.outcome is not None or ctx.already_reported(key):
            continue
        budget = f"har budget {kr(row.budget)} men" if row.budget is not None else "har"
        yield ctx.finding(
            "B006",
            f"Raden {_row_name(row, index)} {budget} inget utfall. En slutrapport ska redovisa "
            "utfallet för varje budgetrad: skriv utfallet (0 om inget har använts).",
            key,
        )


@rule("B007")
def unknown_category(ctx: CheckContext) -> Iterator[Finding]:
    allowed = ", ".join(c.category for c in ctx.profile.economy.categories)
    for index, row in enumerate(_rows(ctx), start=1):
        if ctx.profile.category(row.category) is not None:
            continue
        key = f"ekonomi.rader[{index}].kostnadsslag"
        if is_blank(row.category):
            problem = f"Kostnadsrad {index} saknar kostnadsslag."
        else:
            problem = (
                f'Kostnadsslaget "{(row.category or "").strip()}" (rad {index}) finns inte i '
                "förbundets ekonomitabell."
            )
        yield ctx.finding(
            "B007",
            f"{problem} Välj ett av: {allowed}, och skriv vad kostnaden avser som specifikation.",
            key,
        )


def _row_name(row: CostRow, index: int) -> str:
    if is_blank(row.category):
        return str(index)
    name = f'"{(row.category or "").strip()}"'
    if not is_blank(row.specification):
        name += f" ({(row.specification or '').strip()})"
    return f"{index} {name}"
