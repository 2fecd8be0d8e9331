"""`Statistics` -> the tables under 4.4 of the report (and `reportgen stats`), in report order.

The funder's template has no statistics section, so the tables go under 4.4
("Beskriv uppföljning och utvärdering av målen"), each with a short lead
sentence that names what is counted and the base n of every share. Tables
hold aggregates only: no row of the sheet, no id, reaches a report.

This module builds the tables of who took part (participants, exits,
referrers, time, age, education, survey); `render/stats_changes.py` builds
those of what changed. Both return neutral `StatTable`s (render/stats_model.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reportgen.formatting import format_number, format_percent, format_period
from reportgen.render.stats_changes import income_table, job_seeking_table, ladder_table
from reportgen.render.stats_model import (
    MAX_VALUE_COLUMNS,
    MEN,
    MIN_BASE_FOR_SHARES,
    OTHER,
    SHARE_DECIMALS,
    SMALL_BASE_NOTE,
    TOTAL,
    WOMEN,
    StatRow,
    StatTable,
    count,
    gender_columns,
    gender_rows,
    gender_values,
    persons,
    share,
)
from reportgen.stats import EXIT_REASONS, REFERRERS, ByGender, PeriodFigures, Statistics

if TYPE_CHECKING:
    from reportgen.model import ParticipantTotals, Period

__all__ = ["build_tables", "counted_participants"]

COUNTED_NOTE = (
    "Antalen är insatsens egna (deltagare i insats.yaml), inte framräknade ur en "
    "deltagarförteckning. Nyinskrivna, avslutade och pågående räknas i inskrivningar."
)

EPISODE_NOTE = (
    "Nyinskrivna, avslutade och pågående räknas i inskrivningar: en person som skrivits in "
    "på nytt räknas en gång per inskrivning. Deltagare räknas som personer."
)


def build_tables(statistics: Statistics) -> list[StatTable]:
    """All tables the statistics support, in report order; absent data gives no table.

    A Deltagare sheet without rows gives no participant table: "0 personer"
    would be read literally (D007 warns instead); the survey table stays.
    """
    tables = [_participants(statistics)] if statistics.episodes else []
    for build in (
        _cumulative,
        _exit_reasons,
        income_table,
        job_seeking_table,
        _referrers,
        ladder_table,
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


def _participation(
    figures: PeriodFigures,
    *,
    title: str,
    lead: str,
    episodes: bool,
    ongoing: bool,
    chart: str | None = None,
) -> StatTable:
    """Persons, then (when they differ) episodes, then new, exited and maybe ongoing."""
    rows: list[tuple[str, ByGender, bool]] = [("Deltagare (personer)", figures.persons, True)]
    if episodes:
        rows.append(("Inskrivningar som pågått under perioden", figures.participated, False))
    rows += [("Nyinskrivna", figures.new, False), ("Avslutade", figures.exited, False)]
    if ongoing:
        rows.append(("Pågående vid periodens slut", figures.ongoing, False))
    columns, table_rows = gender_rows(rows, "")
    return StatTable(
        title=f"{title} {format_period(figures.start, figures.end)}",
        lead=lead,
        columns=columns,
        rows=table_rows,
        note=EPISODE_NOTE,
        chart=chart,
    )


def _participants(statistics: Statistics) -> StatTable:
    figures = statistics.period
    return _participation(
        figures,
        title="Deltagare under rapportperioden",
        lead=(
            f"Under perioden har {persons(figures.persons.total)} deltagit i insatsen. "
            "Tabellen visar deltagare, inskrivningar och avslut uppdelat på kön."
        ),
        episodes=figures.episodes_differ,
        ongoing=True,
        chart="participants",
    )


def counted_participants(
    stated: ParticipantTotals | None, period: Period | None
) -> StatTable | None:
    """The participants an intervention counted itself (`deltagare`), without a workbook.

    Consultations and group activities report counts but keep no person rows
    (volumes go to Uppföljning Finsam), so the figures the owner states are the
    table: persons by gender, then intakes, exits and ongoing as totals.
    """
    if stated is None:
        return None
    split = (stated.women, stated.men, stated.other)
    total = stated.total
    if total is None and stated.women is not None and stated.men is not None:
        total = sum(value or 0 for value in split)
    columns: tuple[str, ...] = (WOMEN, MEN, *((OTHER,) if stated.other else ()), TOTAL)
    blank = ("",) * (len(columns) - 1)

    def shown(value: int | None) -> str:
        return "" if value is None else count(value)

    rows: list[StatRow] = []
    if total is not None or stated.women is not None or stated.men is not None:
        by_gender = [shown(stated.women), shown(stated.men)]
        if stated.other:
            by_gender.append(shown(stated.other))
        rows.append(StatRow("Deltagare (personer)", (*by_gender, shown(total)), bold=True))
    for label, value in (
        ("Nyinskrivna", stated.new),
        ("Avslutade", stated.exited),
        ("Pågående vid periodens slut", stated.ongoing),
    ):
        if value is not None:
            rows.append(StatRow(label, (*blank, count(value))))
    if not rows:
        return None
    when = f" {format_period(period.start, period.end)}" if period else ""
    lead = "Tabellen visar deltagare uppdelat på kön och inskrivningar under perioden."
    if total is not None:
        lead = f"Under perioden har {persons(total)} deltagit i insatsen. {lead}"
    return StatTable(
        title=f"Deltagare under rapportperioden{when}",
        lead=lead,
        columns=("", *columns),
        rows=tuple(rows),
        note=COUNTED_NOTE,
    )


def _cumulative(statistics: Statistics) -> StatTable | None:
    figures = statistics.cumulative
    if figures.start >= statistics.period.start or not statistics.episodes:
        return None
    return _participation(
        figures,
        title="Deltagare sedan insatsens start",
        lead=(
            f"Sedan insatsen startade har {persons(figures.persons.total)} deltagit. "
            "Pågående vid periodens slut är desamma som i föregående tabell."
        ),
        # some started before the intervention period
        episodes=figures.participated != figures.new,
        ongoing=False,
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
    columns = gender_columns([value for _label, value in rows])
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
                    *gender_values(value, columns),
                    *((share(value.total, exits),) if with_shares else ()),
                ),
                label == TOTAL,
            )
            for label, value in rows
        ),
        note="" if with_shares else SMALL_BASE_NOTE,
        chart="exit_reasons",
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
    columns, rows = gender_rows(
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
