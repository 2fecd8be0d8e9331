"""`Statistics` -> the tables under 4.4 of the report (and `reportgen stats`).

The funder's template has no statistics section, so the tables go under 4.4
("Beskriv uppföljning och utvärdering av målen"), each with a short lead
sentence that names what is counted and the base n of every share. Columns
use the funder's wording: Kvinnor, Män, Totalt (plus "Annat/uppgift saknas"
only when someone is in it), "Andel före", "Förändring i %".

Every number goes through reportgen.formatting, and every share is shown with
one decimal, rounded half-up, as the owners' own texts write them ("26,5 %"),
so a share quoted in a goal and the same share in a table never differ.
Tables hold aggregates only: no row of the sheet, no id, reaches a report.

`build_tables` returns neutral `StatTable`s; `tables_for` turns them into the
dicts the Word template's generic table block reads, and `tables_text` /
`tables_json` print them for the terminal.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from reportgen.formatting import format_number, format_percent, format_period, share_percent
from reportgen.stats import (
    EXIT_REASONS,
    INCOME_SOURCES,
    REFERRERS,
    BeforeAfter,
    ByGender,
    Statistics,
)

if TYPE_CHECKING:
    from reportgen.loaded import LoadedReport

__all__ = ["MAX_VALUE_COLUMNS", "StatRow", "StatTable", "build_tables", "tables_for"]

MAX_VALUE_COLUMNS = 6
"""The template's table block lays out at most six value columns on 16 cm."""

WOMEN, MEN, OTHER, TOTAL = "Kvinnor", "Män", "Annat/uppgift saknas", "Totalt"
SHARE_DECIMALS = 1
MIN_BASE_FOR_SHARES = 5
"""Below this n a share says nothing (one person is 33,3 % of three) and comes close to
pointing at individuals, so only the counts are shown, with a note saying why."""
SMALL_BASE_NOTE = f"Andelar visas inte när n är mindre än {MIN_BASE_FOR_SHARES}."


@dataclass(frozen=True)
class StatRow:
    label: str
    values: tuple[str, ...]
    bold: bool = False


@dataclass(frozen=True)
class StatTable:
    title: str  # without "Tabell N."
    lead: str
    columns: tuple[str, ...]  # first = the label column's heading
    rows: tuple[StatRow, ...]
    note: str = ""
    chart: str | None = None  # which chart illustrates the table (see `_chart_for`)


# ----------------------------------------------------------------- formatting helpers


def count(value: int) -> str:
    return format_number(value)


def share(part: int, base: int) -> str:
    """`part` of `base` in percent with one decimal; empty for a zero base."""
    return format_percent(share_percent(part, base, SHARE_DECIMALS), SHARE_DECIMALS)


def signed(value: int) -> str:
    return f"+{format_number(value)}" if value > 0 else format_number(value)


def signed_share(part: int, base: int) -> str:
    value = share_percent(part, base, SHARE_DECIMALS)
    if value is None:
        return ""
    text = format_percent(value, SHARE_DECIMALS)
    return f"+{text}" if value > 0 else text


def _persons(n: int) -> str:
    return f"{count(n)} {'person' if n == 1 else 'personer'}"


# ----------------------------------------------------------------- tables


def build_tables(statistics: Statistics) -> list[StatTable]:
    """All tables the statistics support, in report order; absent data gives no table."""
    tables = [_participants(statistics)]
    cumulative = _cumulative(statistics)
    if cumulative is not None:
        tables.append(cumulative)
    for build in (
        _exit_reasons,
        _income,
        _job_seeking,
        _referrers,
        _ladder,
        _durations,
        _age_bands,
        _education,
        _survey,
    ):
        table = build(statistics)
        if table is not None:
            tables.append(table)
    for table in tables:
        assert len(table.columns) - 1 <= MAX_VALUE_COLUMNS, table.title
    return tables


def _gender_columns(counts: Sequence[ByGender]) -> tuple[str, ...]:
    if any(c.other for c in counts):
        return (WOMEN, MEN, OTHER, TOTAL)
    return (WOMEN, MEN, TOTAL)


def _gender_values(value: ByGender, columns: Sequence[str]) -> tuple[str, ...]:
    by_column = {WOMEN: value.women, MEN: value.men, OTHER: value.other, TOTAL: value.total}
    return tuple(count(by_column[c]) for c in columns)


def _gender_rows(
    rows: Sequence[tuple[str, ByGender, bool]], first_column: str
) -> tuple[tuple[str, ...], tuple[StatRow, ...]]:
    columns = _gender_columns([value for _label, value, _bold in rows])
    return (
        (first_column, *columns),
        tuple(StatRow(label, _gender_values(value, columns), bold) for label, value, bold in rows),
    )


EPISODE_NOTE = (
    "Nyinskrivna, avslutade och pågående räknas i inskrivningar: en person som skrivits in "
    "på nytt räknas en gång per inskrivning. Deltagare räknas som personer."
)


def _participants(statistics: Statistics) -> StatTable:
    figures = statistics.period
    rows: list[tuple[str, ByGender, bool]] = [("Deltagare (personer)", figures.persons, True)]
    if figures.episodes_differ:
        rows.append(("Inskrivningar som pågått under perioden", figures.participated, False))
    rows += [
        ("Nyinskrivna", figures.new, False),
        ("Avslutade", figures.exited, False),
        ("Pågående vid periodens slut", figures.ongoing, False),
    ]
    columns, table_rows = _gender_rows(rows, "")
    period = format_period(figures.start, figures.end)
    return StatTable(
        title=f"Deltagare under rapportperioden {period}",
        lead=(
            f"Under perioden har {_persons(figures.persons.total)} deltagit i insatsen. "
            "Tabellen visar deltagare, inskrivningar och avslut uppdelat på kön."
        ),
        columns=columns,
        rows=table_rows,
        note=EPISODE_NOTE,
        chart="participants",
    )


def _cumulative(statistics: Statistics) -> StatTable | None:
    figures = statistics.cumulative
    if figures.start >= statistics.period.start:
        return None
    rows: list[tuple[str, ByGender, bool]] = [("Deltagare (personer)", figures.persons, True)]
    if figures.participated != figures.new:  # some started before the intervention period
        rows.append(("Inskrivningar som pågått under perioden", figures.participated, False))
    rows += [
        ("Nyinskrivna", figures.new, False),
        ("Avslutade", figures.exited, False),
    ]
    columns, table_rows = _gender_rows(rows, "")
    period = format_period(figures.start, figures.end)
    return StatTable(
        title=f"Deltagare sedan insatsens start {period}",
        lead=(
            f"Sedan insatsen startade har {_persons(figures.persons.total)} deltagit. "
            "Pågående vid periodens slut är desamma som i föregående tabell."
        ),
        columns=columns,
        rows=table_rows,
        note=EPISODE_NOTE,
    )


def _exit_reasons(statistics: Statistics) -> StatTable | None:
    figures = statistics.period
    exits = figures.exited.total
    if not exits:
        return None
    rows: list[tuple[str, ByGender]] = [
        (f"{code} {label}", figures.exit_reasons[code]) for code, label in EXIT_REASONS.items()
    ]
    if figures.exits_without_code.total:
        rows.append(("Avslutskod saknas", figures.exits_without_code))
    rows.append((TOTAL, figures.exited))
    columns = _gender_columns([value for _label, value in rows])
    with_shares = exits >= MIN_BASE_FOR_SHARES
    return StatTable(
        title="Avslutningsanledningar",
        lead=(
            f"Periodens {count(exits)} avslut efter SUS-avslutskod. Andelen är av alla avslut "
            f"under perioden (n = {count(exits)})."
            if with_shares
            else f"Periodens {count(exits)} avslut efter SUS-avslutskod."
        ),
        columns=(
            "Avslutsanledning (SUS-kod)",
            *columns,
            *(("Andel av avslut",) if with_shares else ()),
        ),
        rows=tuple(
            StatRow(
                label,
                (
                    *_gender_values(value, columns),
                    *((share(value.total, exits),) if with_shares else ()),
                ),
                label == TOTAL,
            )
            for label, value in rows
        ),
        note="" if with_shares else SMALL_BASE_NOTE,
        chart="exit_reasons",
    )


def with_share(part: int, base: int) -> str:
    """ "20 (58,8 %)": a count and its share of `base`, as the funder's tables write them."""
    if base < MIN_BASE_FOR_SHARES:
        return count(part)
    return f"{count(part)} ({share(part, base)})"


def _before_after(
    comparison: BeforeAfter, labels: dict[str, str], first_column: str, keep_zero: bool
) -> tuple[tuple[str, ...], tuple[StatRow, ...]]:
    """Count (share of n) before and after, the change and the change in % of before.

    Count and share share one cell so the table keeps to five columns on the
    page; both columns are shares of the same n, stated in the lead.
    """
    base = comparison.base
    small = base < MIN_BASE_FOR_SHARES
    rows = []
    for row in comparison.rows:
        if not keep_zero and row.before == 0 and row.after == 0:
            continue
        values = (with_share(row.before, base), with_share(row.after, base), signed(row.change))
        if not small:
            values += (signed_share(row.change, row.before),)
        rows.append(StatRow(labels.get(row.key, row.key), values))
    columns = (first_column, "Före", "Efter", "Förändring")
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


def _notes(*parts: str) -> str:
    return " ".join(part for part in parts if part)


def _counted_as(n: int) -> str:
    """How a before/after table counts, for its lead: with shares only when n allows them."""
    if n < MIN_BASE_FOR_SHARES:
        return f"antal (n = {count(n)})"
    return f"antal och andel av n = {count(n)}, samma n före och efter"


def _income(statistics: Statistics) -> StatTable | None:
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
        note=_notes(
            _not_measured(comparison, "försörjning"),
            SMALL_BASE_NOTE
            if small
            else "Förändring i % är förändringen i förhållande till antalet före.",
        ),
        chart="income",
    )


def _job_seeking(statistics: Statistics) -> StatTable | None:
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
        note=_notes(
            _not_measured(comparison, "arbetssökande"),
            SMALL_BASE_NOTE if comparison.base < MIN_BASE_FOR_SHARES else "",
        ),
    )


def _referrers(statistics: Statistics) -> StatTable | None:
    if "remittent" not in statistics.columns:
        return None
    figures = statistics.referrers
    total_new = sum(figures.new.values())
    total_in = sum(figures.participated.values())
    if not total_in:
        return None
    rows = [
        StatRow(label, (count(figures.new[key]), count(figures.participated[key])))
        for key, label in REFERRERS.items()
        if figures.new[key] or figures.participated[key]
    ]
    rows.append(StatRow(TOTAL, (count(total_new), count(total_in)), bold=True))
    return StatTable(
        title="Remitterande part",
        lead="Inskrivningar per remitterande part: nya under perioden och alla som deltagit.",
        columns=("Remittent", "Nyinskrivna", "Deltagit under perioden"),
        rows=tuple(rows),
        note="Räknat i inskrivningar. Saknad uppgift ingår i Övrig/uppgift saknas.",
    )


def _ladder(statistics: Statistics) -> StatTable | None:
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


def _durations(statistics: Statistics) -> StatTable | None:
    days = statistics.days
    rows = []
    if days.exited:
        rows.append(
            StatRow(
                "Avslutade under perioden",
                (
                    count(days.exited),
                    format_number(days.exited_mean_days),
                    format_number(days.exited_median_days),
                ),
            )
        )
    if days.ongoing:
        rows.append(
            StatRow(
                "Pågående vid periodens slut (hittills)",
                (
                    count(days.ongoing),
                    format_number(days.ongoing_mean_days),
                    format_number(days.ongoing_median_days),
                ),
            )
        )
    if not rows:
        return None
    return StatTable(
        title="Tid i insatsen",
        lead=(
            "Antal dagar från inskrivning till avslut för dem som avslutades under perioden, och "
            "från inskrivning till periodens slut för dem som är kvar."
        ),
        columns=("", "Antal", "Medelvärde (dagar)", "Median (dagar)"),
        rows=tuple(rows),
    )


def _grouped(
    groups: dict[str, ByGender], first_column: str, title: str, lead: str
) -> StatTable | None:
    present = [(label, value) for label, value in groups.items() if value.total]
    if not present:
        return None
    total = ByGender()
    for _label, value in present:
        total = total + value
    columns, rows = _gender_rows(
        [*((label, value, False) for label, value in present), (TOTAL, total, True)],
        first_column,
    )
    return StatTable(title=title, lead=lead, columns=columns, rows=rows)


def _age_bands(statistics: Statistics) -> StatTable | None:
    if "födelseår" not in statistics.columns:
        return None
    return _grouped(
        statistics.age_bands,
        "Åldersgrupp",
        "Ålder vid inskrivning",
        "Deltagare (personer) under perioden efter ålder vid inskrivningen, räknat som "
        "inskrivningsår minus födelseår.",
    )


def _education(statistics: Statistics) -> StatTable | None:
    if "utbildning" not in statistics.columns:
        return None
    return _grouped(
        statistics.education,
        "Utbildning",
        "Högsta slutförda utbildning",
        "Deltagare (personer) under perioden efter högsta slutförda utbildning.",
    )


def _survey(statistics: Statistics) -> StatTable | None:
    if not statistics.survey:
        return None
    rows = tuple(
        StatRow(
            item.question,
            (
                count(item.answers),
                format_percent(item.share_positive, _decimals(item.share_positive)),
            ),
        )
        for item in statistics.survey
    )
    return StatTable(
        title="Enkätresultat",
        lead=(
            "Resultat från deltagarenkäten. Andelen positiva är av dem som besvarat respektive "
            "fråga (n = antal svar)."
        ),
        columns=("Fråga", "Antal svar", "Andel positiva"),
        rows=rows,
    )


def _decimals(value: float) -> int:
    """A survey share keeps the precision the team gave (85 % stays 85 %), at most one decimal."""
    return 0 if float(value).is_integer() else SHARE_DECIMALS


# ----------------------------------------------------------------- outputs


def numbered(tables: Sequence[StatTable]) -> list[tuple[str, StatTable]]:
    return [(f"Tabell {index}. {table.title}", table) for index, table in enumerate(tables, 1)]


def _chart_for(table: StatTable, statistics: Statistics) -> Any:
    """The chart under a table: participants by gender, exit reasons, income before/after."""
    if table.chart is None:
        return None
    from reportgen.render import charts

    if table.chart == "participants":
        return charts.gender_chart(statistics.period)
    if table.chart == "exit_reasons":
        return charts.exit_reasons_chart(statistics.period.exit_reasons, EXIT_REASONS)
    if table.chart == "income":
        return charts.income_chart(statistics.income, INCOME_SOURCES)
    raise ValueError(f"unknown chart {table.chart!r}")


def tables_for(loaded: LoadedReport, *, charts: bool) -> list[dict[str, Any]]:
    """The 4.4 table blocks for the Word template (`tabeller`); empty without statistics.

    With `charts`, the participant, exit-reason and income tables carry a chart
    (`bild`, a ChartImage that the renderer embeds).
    """
    from docxtpl import RichText

    if loaded.statistics is None:
        return []
    statistics = loaded.statistics
    blocks = []
    for caption, table in numbered(build_tables(statistics)):
        blocks.append(
            {
                "rubrik": caption,
                "ingress": table.lead,
                "kolumner": list(table.columns),
                "rader": [
                    {
                        "etikett": RichText(row.label, bold=row.bold),
                        "varden": [RichText(value, bold=row.bold) for value in row.values],
                    }
                    for row in table.rows
                ],
                "not": table.note,
                "bild": _chart_for(table, statistics) if charts else None,
            }
        )
    return blocks


def tables_text(tables: Sequence[StatTable]) -> str:
    """Plain-text tables for the terminal: labels left, numbers right-aligned."""
    out: list[str] = []
    for caption, table in numbered(tables):
        out.append(caption)
        out.append("=" * len(caption))
        if table.lead:
            out.extend(_wrap(table.lead))
        grid = [table.columns, *((row.label, *row.values) for row in table.rows)]
        widths = [max(len(line[i]) for line in grid) for i in range(len(table.columns))]
        for line in grid:
            cells = [line[0].ljust(widths[0])]
            cells += [cell.rjust(widths[i]) for i, cell in enumerate(line[1:], start=1)]
            out.append("  ".join(cells).rstrip())
        if table.note:
            out.extend(_wrap(table.note))
        out.append("")
    return "\n".join(out)


def tables_json(tables: Sequence[StatTable]) -> list[dict[str, Any]]:
    return [
        {
            "rubrik": caption,
            "ingress": table.lead,
            "kolumner": list(table.columns),
            "rader": [{"etikett": row.label, "varden": list(row.values)} for row in table.rows],
            "not": table.note,
        }
        for caption, table in numbered(tables)
    ]


def _wrap(text: str, width: int = 96) -> list[str]:
    import textwrap

    return textwrap.wrap(text, width) or [""]


def statistics_json(statistics: Statistics) -> dict[str, Any]:
    """The computed figures as JSON-ready data (dates ISO, sets sorted, codes as keys)."""
    import dataclasses
    from datetime import date

    def plain(value: Any) -> Any:
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            data = {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
            if isinstance(value, ByGender):
                data["total"] = value.total
            return data
        if isinstance(value, dict):
            return {str(key): plain(item) for key, item in value.items()}
        if isinstance(value, list | tuple):
            return [plain(item) for item in value]
        if isinstance(value, frozenset | set):
            return sorted(plain(item) for item in value)
        if isinstance(value, date):
            return value.isoformat()
        return value

    data = plain(statistics)
    for item in data.get("survey", []):
        item.pop("row", None)
    return data
