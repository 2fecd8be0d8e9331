"""The statistics tables of what changed: income and job seeking before and after, the ladder.

Before/after tables count the participants who left during the period and
have a value both before and after; that n is stated in the lead, and both
columns are shares of the same n. Count and share share one cell ("20
(58,8 %)") so a table keeps to five columns on the page.
"""

from __future__ import annotations

from reportgen.formatting import format_number
from reportgen.render.stats_model import (
    MIN_BASE_FOR_SHARES,
    SMALL_BASE_NOTE,
    TOTAL,
    StatRow,
    StatTable,
    count,
    notes,
    signed,
    signed_share,
    with_share,
)
from reportgen.stats import INCOME_SOURCES, BeforeAfter, Statistics


def _before_after(
    comparison: BeforeAfter, labels: dict[str, str], first_column: str, keep_zero: bool
) -> tuple[tuple[str, ...], tuple[StatRow, ...]]:
    """Count (share of n) before and after, the change and the change in % of before."""
    base = comparison.base
    small = base < MIN_BASE_FOR_SHARES
    rows = []
    for row in comparison.rows:
        if not keep_zero and row.before == 0 and row.after == 0:
            continue
        values: tuple[str, ...] = (
            with_share(row.before, base),
            with_share(row.after, base),
            signed(row.change),
        )
        if not small:
            values += (signed_share(row.change, row.before),)
        rows.append(StatRow(labels.get(row.key, row.key), values))
    columns: tuple[str, ...] = (first_column, "Före", "Efter", "Förändring")
    if not small:
        columns += ("Förändring i %",)
    return columns, tuple(rows)


def _not_measured(comparison: BeforeAfter, what: str) -> str:
    missing = comparison.not_measured
    if not missing:
        return ""
    return (
        f"{count(missing)} {'avslutad' if missing == 1 else 'avslutade'} saknar uppgift om "
        f"{what} före eller efter och ingår inte."
    )


def _counted_as(n: int) -> str:
    """How a before/after table counts, for its lead: with shares only when n allows them."""
    if n < MIN_BASE_FOR_SHARES:
        return f"antal (n = {count(n)})"
    return f"antal och andel av n = {count(n)}, samma n före och efter"


def income_table(statistics: Statistics) -> StatTable | None:
    comparison = statistics.income
    if not {"försörjning_före", "försörjning_efter"} <= statistics.columns or not comparison.base:
        return None
    columns, rows = _before_after(comparison, INCOME_SOURCES, "Försörjningskälla", False)
    small = comparison.base < MIN_BASE_FOR_SHARES
    return StatTable(
        title="Försörjning före och efter insatsen",
        lead=(
            "Offentlig försörjning direkt före och direkt efter insatsen för de "
            f"{count(comparison.base)} deltagare som avslutades under perioden och har uppgift "
            f"om båda: {_counted_as(comparison.base)}. En deltagare kan ha flera "
            "försörjningskällor, så kolumnerna kan summera till mer än n."
        ),
        columns=columns,
        rows=rows,
        note=notes(
            _not_measured(comparison, "försörjning"),
            SMALL_BASE_NOTE
            if small
            else "Förändring i % är förändringen i förhållande till antalet före.",
        ),
        chart="income",
    )


def job_seeking_table(statistics: Statistics) -> StatTable | None:
    comparison = statistics.job_seeking
    wanted = {"aktivt_arbetssökande_före", "aktivt_arbetssökande_efter"}
    if not wanted <= statistics.columns or not comparison.base:
        return None
    columns, rows = _before_after(
        comparison, {"aktivt arbetssökande": "Aktivt arbetssökande"}, "", True
    )
    return StatTable(
        title="Aktivt arbetssökande före och efter insatsen",
        lead=(
            "Inskrivna som aktivt arbetssökande på Arbetsförmedlingen direkt före och direkt "
            f"efter insatsen, bland de {count(comparison.base)} deltagare som avslutades under "
            f"perioden och har uppgift om båda: {_counted_as(comparison.base)}."
        ),
        columns=columns,
        rows=rows,
        note=notes(
            _not_measured(comparison, "arbetssökande"),
            SMALL_BASE_NOTE if comparison.base < MIN_BASE_FOR_SHARES else "",
        ),
    )


def ladder_table(statistics: Statistics) -> StatTable | None:
    ladder = statistics.ladder
    if not {"steg_start", "steg_slut"} <= statistics.columns or not ladder.measured:
        return None
    n = ladder.measured
    rows = [
        StatRow(f"Steg {step}", (count(ladder.at_start[step]), count(ladder.at_end[step])))
        for step in range(1, 6)
    ]
    rows.append(StatRow(TOTAL, (count(n), count(n)), bold=True))
    mean = format_number(ladder.mean_steps, 1) if ladder.mean_steps is not None else ""
    note = ""
    if ladder.not_measured:
        note = (
            f"{count(ladder.not_measured)} av periodens inskrivningar saknar start- eller "
            "slutsteg och ingår inte."
        )
    return StatTable(
        title="Steg i processtrappan",
        lead=(
            f"Av de {count(n)} deltagare under perioden som har både start- och slutsteg (n = "
            f"{count(n)}) har {with_share(ladder.moved_up, n)} flyttat minst ett steg uppåt, "
            f"{with_share(ladder.unchanged, n)} står kvar på samma steg och "
            f"{with_share(ladder.moved_down, n)} har flyttat nedåt. I genomsnitt har de flyttat "
            f"{mean} steg per mätt deltagare."
        ),
        columns=("Steg", "Vid start", "Vid avslut eller senaste bedömning"),
        rows=tuple(rows),
        note=note,
    )
