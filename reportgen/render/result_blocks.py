"""The statistics blocks a profile can place in a section, by name (`block:` in profile.yaml).

Each block is a few sentences and at most a table or two, computed from the
participant episodes (`reportgen.stats_results`), with every share's base
stated and exits within the trial period left out of the results (and counted).
The names are the ones profile.yaml uses; a new block is a function here and a
line in `BLOCKS`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import NamedTuple

from reportgen.formatting import format_number, format_percent, format_period, round_half_up
from reportgen.render.stats_model import (
    MIN_BASE_FOR_SHARES,
    SMALL_BASE_NOTE,
    StatRow,
    StatTable,
    count,
    gender_rows,
    persons,
    share,
    signed,
)
from reportgen.stats import INCOME_SOURCES, REFERRERS, ByGender, Statistics
from reportgen.stats_results import ResultFigures, Share


@dataclass
class Block:
    """What a profile's block writes into its section: sentences and tables."""

    sentences: list[str] = field(default_factory=list)
    tables: list[StatTable] = field(default_factory=list)


class Inputs(NamedTuple):  # not a frozen dataclass: ~0.5 ms less at start-up
    """What every result block is computed from: the statistics, the results and the ladder."""

    statistics: Statistics
    results: ResultFigures
    steps: tuple[str, ...]  # the ladder's step names


NO_STATISTICS = (
    "Deltagarstatistik saknas: ange deltagarförteckningen under statistik i insats.yaml, så "
    "räknar reportgen fram siffrorna."
)


def shown_share(part: Share | tuple[int, int]) -> str:
    """ "7 av 11 (63,6 %)"; the share is left out below the smallest base."""
    hits, base = (part.count, part.base) if isinstance(part, Share) else part
    text = f"{count(hits)} av {count(base)}"
    if base >= MIN_BASE_FOR_SHARES:
        text += f" ({share(hits, base)})"
    return text


def _not_recorded(share_: Share, what: str) -> str:
    if not share_.not_recorded:
        return ""
    return f" För {count(share_.not_recorded)} saknas uppgift om {what}; de räknas inte med."


def basis(inputs: Inputs) -> Block:
    r = inputs.results
    period = inputs.statistics.period
    text = [
        "Siffrorna är framräknade ur insatsens deltagarförteckning (statistik.xlsx) för "
        f"perioden {format_period(period.start, period.end)}: {persons(period.unique_persons)} "
        f"med {count(period.participated.total)} inskrivningar."
    ]
    if r.trial_months is not None:
        trial = f"prövotiden på {r.trial_months} månader"
        if r.trial_exits:
            text.append(
                f"Av de {count(r.exits)} avslut som skett under perioden skedde "
                f"{count(r.trial_exits)} inom {trial} och räknas inte till resultaten; "
                f"resultaten bygger på de övriga {count(r.measured)} avsluten."
            )
        else:
            text.append(
                f"Inget av periodens {count(r.exits)} avslut skedde inom {trial}; resultaten "
                f"bygger på alla {count(r.measured)} avslut."
            )
    return Block(text)


def volumes(inputs: Inputs) -> Block:
    period = inputs.statistics.period
    sentence = (
        f"Under perioden har {persons(period.unique_persons)} deltagit i insatsen, varav "
        f"{count(period.exited.total)} har avslutat insatsen och {count(period.new.total)} "
        "nya har börjat."
    )
    columns, rows = gender_rows(
        [
            ("Deltagit (personer)", period.persons, False),
            ("Nya under perioden", period.new, False),
            ("Avslutade under perioden", period.exited, False),
            ("Pågående vid periodens slut", period.ongoing, False),
        ],
        "",
    )
    table = StatTable("Deltagare under perioden", "", columns, rows)
    return Block([sentence], [table])


def referrers(inputs: Inputs) -> Block:
    by_referrer = inputs.results.referrers
    used = [(REFERRERS[key], value) for key, value in by_referrer.items() if value.total]
    total = sum((value for _, value in used), ByGender())
    rows = [StatRow(label, _referrer_values(value)) for label, value in used]
    rows.append(StatRow("Totalt:", _referrer_values(total), bold=True))
    columns = ("Remittent", "Antal", "Varav kvinnor", "Varav män")
    note = (
        f"{count(total.other)} med annat kön eller uppgift saknas ingår i Antal."
        if total.other
        else ""
    )
    lead = "Inskrivningar under perioden efter remitterande part."
    return Block([], [StatTable("Volymer per remittent", lead, columns, tuple(rows), note)])


def _referrer_values(value: ByGender) -> tuple[str, ...]:
    return (count(value.total), count(value.women), count(value.men))


def ladder(inputs: Inputs) -> Block:
    figures = inputs.results.ladder
    if not figures.measured:
        return Block(
            [
                "Ingen av periodens avslutade deltagare har mätts i processtrappan vid både start "
                "och avslut."
            ]
        )
    mean = figures.total_steps / figures.measured
    text = [
        f"{shown_share((figures.moved_up, figures.measured))} avslutade deltagare som mätts "
        "vid start och avslut har gjort stegförflyttningar.",
        f"Totalt har {count(figures.total_steps)} förflyttningar gjorts, ett snitt på "
        f"{format_number(mean, 2)} stegförflyttningar per mätt person.",
    ]
    if figures.moved_down:
        text.append(f"{persons(figures.moved_down)} har gått ner ett eller flera steg.")
    if figures.not_measured:
        text.append(
            f"Bortfall: {count(figures.not_measured)} avslutade har inte mätts både vid start "
            "och avslut."
        )
    rows = [
        StatRow(name, (count(figures.at_start[step]), count(figures.at_end[step])))
        for step, name in enumerate(inputs.steps, start=1)
    ]
    rows.append(StatRow("Totalt", (count(figures.measured), count(figures.measured)), True))
    table = StatTable(
        "Processtrappan vid start och avslut", "", ("Steg", "Vid start", "Vid avslut"), tuple(rows)
    )
    return Block(text, [table])


def work_studies(inputs: Inputs) -> Block:
    r = inputs.results
    part = r.work_studies_seeking
    sentence = (
        f"Av de {count(r.measured)} avslut som räknas till resultaten gick {count(part.count)}"
        f"{_share_suffix(part)} till arbete, studier eller aktivt arbetssökande (avslutskod 1, "
        "Utskrivning - till arbete, studier eller arbetssökande)."
    )
    return Block([sentence + _not_recorded(part, "avslutskod")])


def _share_suffix(part: Share) -> str:
    return f" ({share(part.count, part.base)})" if part.base >= MIN_BASE_FOR_SHARES else ""


def job_seeking(inputs: Inputs) -> Block:
    r = inputs.results
    base = r.overview_base

    def pair(value: int) -> tuple[str, str]:
        return count(value), (share(value, base) if base >= MIN_BASE_FOR_SHARES else "")

    rows = (
        StatRow(
            "Aktivt arbetsökande",
            (*pair(r.overview_seeking_before), *pair(r.overview_seeking_after)),
        ),
        StatRow("Utskrivning-Utan mätning", ("", "", *pair(r.not_measured_code))),
        StatRow("Ej avslutade", ("", "", *pair(r.ongoing))),
    )
    lead = (
        f"Alla {count(base)} som deltagit under perioden"
        + (" (avslut inom prövotiden ej medräknade)" if r.trial_exits else "")
        + ": aktivt arbetssökande före insatsen och vid avslut."
    )
    note = SMALL_BASE_NOTE if base < MIN_BASE_FOR_SHARES else ""
    columns = ("", "Före antal", "Före andel", "Efter antal", "Efter andel")
    return Block([], [StatTable("Andel aktivt arbetsökande", lead, columns, rows, note)])


def enhanced(inputs: Inputs) -> Block:
    part = inputs.results.enhanced_af_fk
    if part is None:
        return Block(
            [
                "Deltagarförteckningen har ingen kolumn Vidare FS AF-FK; andelen kan inte "
                "räknas fram."
            ]
        )
    return Block(
        [
            f"{shown_share(part)} avslut gick vidare till förstärkt samverkan mellan AF och FK."
            + _not_recorded(part, "förstärkt samverkan")
        ]
    )


def activity_compensation(inputs: Inputs) -> Block:
    part = inputs.results.new_activity_compensation
    return Block(
        [
            f"Av periodens {count(inputs.results.new)} nya deltagare hade {count(part.count)}"
            f"{_share_suffix(part)} aktivitetsersättning före insatsen."
            + _not_recorded(part, "försörjning före insatsen")
        ]
    )


def ordinary(inputs: Inputs) -> Block:
    r = inputs.results
    part = r.ordinary_after
    if part is None:
        return Block(
            [
                "Deltagarförteckningen har ingen kolumn Ordinarie insats efter avslut; "
                "andelen kan inte räknas fram."
            ]
        )
    sentence = f"{shown_share(part)} avslut gick vidare till insats inom ordinarie verksamhet."
    if r.ordinary_not_registered:
        sentence += (
            f" För {count(r.ordinary_not_registered)} avslut är det inte registrerat (Ej reg.)."
        )
    missing = part.not_recorded - r.ordinary_not_registered
    if missing:
        sentence += f" För {count(missing)} avslut saknas uppgiften."
    tables = []
    if r.receiving_parties:
        rows = [StatRow(party, (count(n),)) for party, n in r.receiving_parties.items()]
        rows.append(StatRow("Totalt", (count(sum(r.receiving_parties.values())),), True))
        tables.append(
            StatTable(
                "Mottagande part vid avslut",
                "AF = Arbetsförmedlingen, FK = Försäkringskassan, RV = Region Västmanland, "
                "VS = Västerås stad.",
                ("Mottagande part", "Antal"),
                tuple(rows),
            )
        )
    return Block([sentence], tables)


def income(inputs: Inputs) -> Block:
    comparison = inputs.results.income
    base = comparison.base
    rows = []
    for row in comparison.rows:
        if not row.before and not row.after:
            continue
        shown = base >= MIN_BASE_FOR_SHARES
        change = share(row.change, row.before).lstrip("+") if row.before else ""
        rows.append(
            StatRow(
                INCOME_SOURCES[row.key],
                (
                    count(row.before),
                    share(row.before, base) if shown else "",
                    count(row.after),
                    share(row.after, base) if shown else "",
                    signed(row.change),
                    (f"+{change}" if row.change > 0 else change) if row.before else "",
                ),
            )
        )
    before = sum(r.before for r in comparison.rows)
    after = sum(r.after for r in comparison.rows)
    rows.append(
        StatRow("Totalt", (count(before), "", count(after), "", signed(after - before), ""), True)
    )
    columns = (
        "Försörjningskälla",
        "Antal deltagare före insats",
        "Andel före",
        "Antal deltagare efter insats",
        "Andel efter",
        "Förändring",
        "Förändring i %",
    )
    lead = (
        "Totalt antal deltagare i insatsen som avslutat insats under perioden och räknas "
        f"till resultaten: {count(base)}"
    )
    note = (
        "Tänk på att en deltagare kan ha flera försörjningskällor samtidigt. Totalsumman i "
        "tabellen kommer därför vanligtvis vara högre än antalet deltagare."
    )
    if comparison.not_measured:
        note += (
            f" {count(comparison.not_measured)} avslut saknar uppgift om försörjning före "
            "eller efter och räknas inte med."
        )
    if base < MIN_BASE_FOR_SHARES:
        note += " " + SMALL_BASE_NOTE
    return Block([], [StatTable("Försörjningsförändringar", lead, columns, tuple(rows), note)])


def places(inputs: Inputs) -> Block:
    r = inputs.results
    period = inputs.statistics.period
    in_use = format_number(r.places_in_use, 1)
    if r.annual_places is None:
        return Block(
            [
                f"Under perioden var i genomsnitt {in_use} deltagare inskrivna samtidigt. "
                "Antalet årsplatser är inte angivet (insats.årsplatser i insats.yaml)."
            ]
        )
    used = (
        format_percent(round_half_up(r.places_in_use / r.annual_places * 100, 1), 1)
        if r.annual_places
        else ""
    )
    sentence = (
        f"Insatsen har {count(r.annual_places)} årsplatser. Under perioden har "
        f"{persons(period.unique_persons)} deltagit; i genomsnitt var {in_use} deltagare "
        f"inskrivna samtidigt, vilket motsvarar {used} av årsplatserna."
    )
    rows = (
        StatRow("Årsplatser", (count(r.annual_places),)),
        StatRow("Personer som deltagit under perioden", (count(period.unique_persons),)),
        StatRow("Inskrivna i genomsnitt per dag", (in_use,)),
        StatRow("Andel av årsplatserna som används", (used,), True),
    )
    table = StatTable("Fördelning av årsplatser", "", ("", "Antal"), rows)
    return Block([sentence], [table])


BLOCKS: dict[str, Callable[[Inputs], Block]] = {
    "underlag": basis,
    "volymer": volumes,
    "remittenter": referrers,
    "processtrappa": ladder,
    "arbete_studier": work_studies,
    "aktivt_arbetssokande": job_seeking,
    "forstarkt_samverkan": enhanced,
    "aktivitetsersattning": activity_compensation,
    "ordinarie_verksamhet": ordinary,
    "forsorjning": income,
    "arsplatser": places,
}
"""Block name (as profile.yaml writes it) -> what computes it."""
