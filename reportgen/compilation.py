"""The association's follow-up across all interventions (domain.md §7.1), as data.

At year end the office compiles one document over every intervention: their
periods, goal status, budget against outcome, participants and exit reasons,
and whether each report passed the checks. Those totals are where copy-paste
errors used to creep in, so here every total is *computed* from the
per-intervention figures and nothing is typed.

This module is pure data: `figures_from_loaded` reduces one loaded report to the
few numbers the compilation needs (small and picklable, so a batch worker can
send it back instead of the whole model), and `build_compilation` turns the
figures of all interventions into six tables of typed cells. The renderers
(`render/compilation_docx.py`, `render/compilation_xlsx.py`) only lay the tables
out; a cell's value stays a number until the very end, so the .xlsx gets real
numbers and the .docx gets Swedish formatting of the same values.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Literal

from reportgen.formatting import (
    format_amount,
    format_number,
    format_percent,
    format_period,
    share_percent,
)

if TYPE_CHECKING:
    from reportgen.batch.results import InterventionResult
    from reportgen.loaded import LoadedReport

INDIVIDUAL = "individinriktad"
STRUCTURAL = "strukturövergripande"
GROUP_LABELS = {
    INDIVIDUAL: "Individinsatser",
    STRUCTURAL: "Strukturinsatser",
    None: "Inriktning ej angiven",
}
KIND_LABELS = {"slutrapport": "Slutrapport", "delrapport": "Delrapport"}
NOT_BUILT_MARK = " *"

# ----------------------------------------------------------------- per-intervention figures


@dataclass(frozen=True)
class Counts:
    """Persons by gender. `other` is "annat/uppgift saknas"; S:a includes it."""

    women: int = 0
    men: int = 0
    other: int = 0

    @property
    def total(self) -> int:
        return self.women + self.men + self.other

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.women + other.women, self.men + other.men, self.other + other.other)

    @classmethod
    def of(cls, by_gender: Any) -> Counts:
        """From reportgen.stats.ByGender (or anything with women/men/other)."""
        return cls(
            int(by_gender.women), int(by_gender.men), int(getattr(by_gender, "other", 0) or 0)
        )


@dataclass(frozen=True)
class ParticipantFigures:
    """The report period's participant figures of one intervention (stats.PeriodFigures)."""

    start: date | None
    end: date | None
    new: Counts
    exited: Counts
    ongoing: Counts
    exit_reasons: dict[int, Counts] = field(default_factory=dict)


@dataclass(frozen=True)
class GoalCounts:
    yes: int = 0
    partly: int = 0
    no: int = 0
    missing: int = 0  # a goal whose "uppnått" is not filled in

    @property
    def total(self) -> int:
        return self.yes + self.partly + self.no + self.missing

    def __add__(self, other: GoalCounts) -> GoalCounts:
        return GoalCounts(
            self.yes + other.yes,
            self.partly + other.partly,
            self.no + other.no,
            self.missing + other.missing,
        )


@dataclass(frozen=True)
class InterventionFigures:
    """What the compilation needs from one intervention: a few numbers, never the model."""

    funder: str
    name: str | None
    kind: str
    orientation: str | None
    start: date | None
    end: date | None
    report_start: date | None
    report_end: date | None
    granted: Decimal | None
    budget: Decimal | None  # the sum of the cost rows, as the report's Summa shows it
    outcome: Decimal | None
    goals: GoalCounts
    participants: ParticipantFigures | None


def figures_from_loaded(loaded: LoadedReport) -> InterventionFigures:
    """Reduce a loaded report to its compilation figures.

    Budget and outcome are the totals reportgen computes for the report's own
    `Summa` row (same-category rows added, every row counted once), so the
    compilation and the report can never disagree.
    """
    from reportgen.render.context import economy_lines, economy_totals

    report = loaded.report
    intervention = report.intervention
    budget, outcome = economy_totals(economy_lines(report, loaded.profile))
    goals = report.goals or []
    achieved = Counter(goal.achieved for goal in goals)
    period = intervention.period
    report_period = report.report_period
    return InterventionFigures(
        funder=loaded.profile.id,
        name=intervention.name,
        kind=report.kind,
        orientation=intervention.orientation,
        start=period.start if period else None,
        end=period.end if period else None,
        report_start=report_period.start if report_period else None,
        report_end=report_period.end if report_period else None,
        granted=intervention.granted,
        budget=budget,
        outcome=outcome,
        goals=GoalCounts(
            yes=achieved["ja"],
            partly=achieved["delvis"],
            no=achieved["nej"],
            missing=achieved[None],
        ),
        participants=participant_figures(loaded.statistics),
    )


def participant_figures(statistics: Any | None) -> ParticipantFigures | None:
    """The report period's figures from a `reportgen.stats.Statistics` (None without data)."""
    if statistics is None:
        return None
    period = statistics.period
    return ParticipantFigures(
        start=period.start,
        end=period.end,
        new=Counts.of(period.new),
        exited=Counts.of(period.exited),
        ongoing=Counts.of(period.ongoing),
        exit_reasons={int(code): Counts.of(v) for code, v in period.exit_reasons.items()},
    )


def exit_reason_labels() -> dict[int, str]:
    """SUS exit-code labels (domain.md §6.2), from the statistics module: one source of truth."""
    from reportgen.stats import EXIT_REASONS

    return dict(EXIT_REASONS)


# ----------------------------------------------------------------- tables of typed cells

ValueKind = Literal["text", "date", "amount", "count", "share"]
RowKind = Literal["body", "group", "total", "shares"]


@dataclass(frozen=True)
class Share:
    """part ÷ whole, kept as both numbers so each renderer can round its own way."""

    part: Decimal | int
    whole: Decimal | int

    @property
    def fraction(self) -> float | None:
        return None if not self.whole else float(Decimal(self.part) / Decimal(self.whole))

    def percent_text(self) -> str:
        return format_percent(share_percent(self.part, self.whole))  # type: ignore[arg-type]


CellValue = str | int | Decimal | date | Share | None


@dataclass(frozen=True)
class Cell:
    value: CellValue
    kind: ValueKind = "text"

    def text(self) -> str:
        """The value as the Word document shows it (Swedish formatting, "–" for no data)."""
        value = self.value
        if value is None:
            return "" if self.kind == "text" else "–"
        if self.kind == "amount":
            return format_amount(value)  # type: ignore[arg-type]
        if self.kind == "count":
            return format_number(value)  # type: ignore[arg-type]
        if self.kind == "share":
            assert isinstance(value, Share)
            return value.percent_text() if value.whole else "–"
        if self.kind == "date":
            assert isinstance(value, date)
            return value.isoformat()
        return str(value)


@dataclass(frozen=True)
class Row:
    cells: tuple[Cell, ...]
    kind: RowKind = "body"


@dataclass(frozen=True)
class HeaderCell:
    text: str
    span: int = 1


@dataclass(frozen=True)
class Table:
    """One numbered table: caption, one or two header rows, typed rows and notes."""

    key: str  # "t1" … "t6": the template's placeholder prefix
    number: int
    title: str
    sheet: str  # the .xlsx sheet name (at most 31 characters)
    columns: tuple[str, ...]
    kinds: tuple[ValueKind, ...]  # the kind of each column's body cells
    rows: tuple[Row, ...]
    super_header: tuple[HeaderCell, ...] = ()
    notes: tuple[str, ...] = ()

    @property
    def caption(self) -> str:
        return f"Tabell {self.number}. {self.title}"


@dataclass(frozen=True)
class Layout:
    """A table's fixed shape, shared by the tables built here and the Word template builder.

    `super_spans` are the column spans of the optional header row above the
    column headers; a span-1 cell with no text there is merged with the header
    cell below it.
    """

    kinds: tuple[ValueKind, ...]
    super_spans: tuple[int, ...] = ()


LAYOUTS: dict[str, Layout] = {
    "t1": Layout(("text", "date", "date", "text", "text")),
    "t2": Layout(("text", "count", "count", "count", "count", "count"), (1, 1, 4)),
    "t3": Layout(("text", "amount", "amount", "amount", "share", "amount")),
    "t4": Layout(("text", *("count",) * 9), (1, 3, 3, 3)),  # type: ignore[arg-type]
    "t5": Layout(("text", "text", "count", "count", "count", "share")),
    "t6": Layout(("text", "text", "text", "count", "count")),
}


@dataclass(frozen=True)
class Totals:
    """The association's totals: computed here, shown in the tables and the summary."""

    interventions: int
    individual: int
    structural: int
    built: int
    granted: Decimal
    budget: Decimal
    outcome: Decimal
    goals: GoalCounts
    new: Counts
    exited: Counts
    ongoing: Counts
    exit_reasons: dict[int, Counts]


@dataclass(frozen=True)
class Compilation:
    association: str
    page_header: str
    title: str
    period_start: date | None
    period_end: date | None
    compiled_on: date
    summary: tuple[str, ...]
    tables: tuple[Table, ...]
    totals: Totals
    draft: bool = False

    @property
    def period_text(self) -> str:
        return format_period(self.period_start, self.period_end)

    def table(self, key: str) -> Table:
        for table in self.tables:
            if table.key == key:
                return table
        raise KeyError(key)


# ----------------------------------------------------------------- building the tables


@dataclass(frozen=True)
class _Entry:
    """One intervention as the tables see it: its figures, label and report status."""

    label: str
    figures: InterventionFigures | None
    result: InterventionResult


def build_compilation(
    results: Sequence[InterventionResult],
    *,
    association: str,
    page_header: str,
    compiled_on: date | None = None,
    draft: bool = False,
) -> Compilation:
    """All six tables and the summary from the batch's per-intervention results.

    Interventions whose insats.yaml could be read appear in every per-intervention
    table (domain.md §8 rule 22), also when their report was not built; they are
    marked with an asterisk and Tabell 6 says why. Interventions that could not
    be read at all appear only in Tabell 6.
    """
    entries = [
        _Entry(
            label=_label(result),
            figures=result.figures,
            result=result,
        )
        for result in results
    ]
    readable = [e for e in entries if e.figures is not None]
    any_not_built = any(not e.result.built for e in readable)
    any_interim = any(e.figures is not None and e.figures.kind == "delrapport" for e in readable)

    totals = _totals(readable, results)
    starts = [e.figures.report_start for e in readable if e.figures and e.figures.report_start]
    ends = [e.figures.report_end for e in readable if e.figures and e.figures.report_end]
    marker_note = (
        (
            f"{NOT_BUILT_MARK.strip()} Rapporten byggdes inte (se tabell 6). Siffrorna är "
            "hämtade ur insatsens insats.yaml och kan vara felaktiga."
        ),
    )
    common_notes = marker_note if any_not_built else ()
    tables = (
        _table_interventions(readable, common_notes),
        _table_goals(readable, totals, common_notes),
        _table_budget(readable, totals, common_notes, any_interim),
        _table_participants(readable, totals, common_notes),
        _table_exit_reasons(totals),
        _table_review(entries),
    )
    return Compilation(
        association=association,
        page_header=page_header,
        title="Uppföljning av insatser",
        period_start=min(starts) if starts else None,
        period_end=max(ends) if ends else None,
        compiled_on=compiled_on or date.today(),
        summary=_summary(totals, len(results)),
        tables=tables,
        totals=totals,
        draft=draft,
    )


def _label(result: InterventionResult) -> str:
    figures = result.figures
    name = (figures.name if figures else None) or result.path
    return name + ("" if result.built or figures is None else NOT_BUILT_MARK)


def _grouped(entries: Sequence[_Entry]) -> list[tuple[str | None, list[_Entry]]]:
    """Individinsatser first, then strukturinsatser, then any without an orientation."""
    groups: list[tuple[str | None, list[_Entry]]] = []
    for orientation in (INDIVIDUAL, STRUCTURAL, None):
        members = [e for e in entries if e.figures and e.figures.orientation == orientation]
        if members:
            groups.append((orientation, members))
    return groups


def _grouped_rows(entries: Sequence[_Entry], cells_for: Any) -> tuple[str, list[Row]]:
    """Rows under group rows; the first group's label heads the first column (§7.1)."""
    groups = _grouped(entries)
    first_label = GROUP_LABELS[groups[0][0]] if groups else "Insats"
    rows: list[Row] = []
    for index, (orientation, members) in enumerate(groups):
        if index > 0:
            rows.append(Row((Cell(GROUP_LABELS[orientation]),), kind="group"))
        rows.extend(Row(tuple(cells_for(entry))) for entry in members)
    return first_label, rows


def _table_interventions(entries: Sequence[_Entry], notes: tuple[str, ...]) -> Table:
    def cells(entry: _Entry) -> list[Cell]:
        f = entry.figures
        assert f is not None
        return [
            Cell(entry.label),
            Cell(f.start, "date"),
            Cell(f.end, "date"),
            Cell(KIND_LABELS.get(f.kind, f.kind)),
            Cell(format_period(f.report_start, f.report_end)),
        ]

    first, rows = _grouped_rows(entries, cells)
    return Table(
        key="t1",
        number=1,
        title="Insatser",
        sheet="Tabell 1 Insatser",
        columns=(first, "Start", "Avslut", "Rapport", "Rapportperiod"),
        kinds=LAYOUTS["t1"].kinds,
        rows=tuple(rows),
        notes=notes,
    )


def _table_goals(entries: Sequence[_Entry], totals: Totals, notes: tuple[str, ...]) -> Table:
    def cells(entry: _Entry) -> list[Cell]:
        g = entry.figures.goals if entry.figures else GoalCounts()
        return [
            Cell(entry.label),
            Cell(g.total, "count"),
            Cell(g.yes, "count"),
            Cell(g.partly, "count"),
            Cell(g.no, "count"),
            Cell(g.missing, "count"),
        ]

    first, rows = _grouped_rows(entries, cells)
    g = totals.goals
    rows.append(
        Row(
            (
                Cell("Summa"),
                Cell(g.total, "count"),
                Cell(g.yes, "count"),
                Cell(g.partly, "count"),
                Cell(g.no, "count"),
                Cell(g.missing, "count"),
            ),
            kind="total",
        )
    )
    return Table(
        key="t2",
        number=2,
        title="Resultat av i insatsen angivna mål",
        sheet="Tabell 2 Mål",
        columns=(first, "Antal mål", "Ja", "Delvis", "Nej", "Ej angivet"),
        kinds=LAYOUTS["t2"].kinds,
        super_header=(HeaderCell(""), HeaderCell(""), HeaderCell("Har målet uppnåtts?", 4)),
        rows=tuple(rows),
        notes=(
            "Antal mål per svar i tabell 4.1 i respektive rapport (uppnått: ja, delvis, nej).",
            *notes,
        ),
    )


def _table_budget(
    entries: Sequence[_Entry], totals: Totals, notes: tuple[str, ...], any_interim: bool
) -> Table:
    def cells(entry: _Entry) -> list[Cell]:
        f = entry.figures
        assert f is not None
        return _budget_cells(entry.label, f.granted, f.budget, f.outcome)

    first, rows = _grouped_rows(entries, cells)
    rows.append(
        Row(
            tuple(_budget_cells("Summa", totals.granted, totals.budget, totals.outcome)),
            kind="total",
        )
    )
    explained = [
        "Förbr kvot = utfall ÷ budget. Differens = beviljat − utfall (outnyttjat belopp). "
        "Belopp i kronor; summaraden är beräknad av reportgen."
    ]
    if any_interim:
        explained.append("Utfall i delrapporter avser utfall hittills under rapportperioden.")
    return Table(
        key="t3",
        number=3,
        title="Utfall av beviljad budget",
        sheet="Tabell 3 Budget",
        columns=(first, "Beviljat", "Budget", "Utfall", "Förbr kvot", "Differens"),
        kinds=LAYOUTS["t3"].kinds,
        rows=tuple(rows),
        notes=(*explained, *notes),
    )


def _budget_cells(
    label: str, granted: Decimal | None, budget: Decimal | None, outcome: Decimal | None
) -> list[Cell]:
    burn = Share(outcome, budget) if outcome is not None and budget else None
    difference = granted - outcome if granted is not None and outcome is not None else None
    return [
        Cell(label),
        Cell(granted, "amount"),
        Cell(budget, "amount"),
        Cell(outcome, "amount"),
        Cell(burn, "share"),
        Cell(difference, "amount"),
    ]


def _participant_entries(entries: Sequence[_Entry]) -> list[_Entry]:
    """Individinsatser, plus any other intervention that has participant data."""
    return [
        e
        for e in entries
        if e.figures and (e.figures.orientation == INDIVIDUAL or e.figures.participants is not None)
    ]


def _table_participants(entries: Sequence[_Entry], totals: Totals, notes: tuple[str, ...]) -> Table:
    members = _participant_entries(entries)
    rows: list[Row] = []
    missing_data = False
    for entry in members:
        p = entry.figures.participants if entry.figures else None
        if p is None:
            missing_data = True
            rows.append(Row((Cell(entry.label), *(Cell(None, "count") for _ in range(9)))))
        else:
            rows.append(Row((Cell(entry.label), *_count_cells(p.new, p.exited, p.ongoing))))
    rows.append(
        Row((Cell("Summa:"), *_count_cells(totals.new, totals.exited, totals.ongoing)), "total")
    )
    shares: list[Cell] = [Cell("Fördelning kvinnor/män:")]
    for counts in (totals.new, totals.exited, totals.ongoing):
        gendered = counts.women + counts.men
        shares += [
            Cell(Share(counts.women, gendered), "share"),
            Cell(Share(counts.men, gendered), "share"),
            Cell(None, "text"),
        ]
    rows.append(Row(tuple(shares), kind="shares"))

    extra: list[str] = [
        "Antal deltagare under respektive insats rapportperiod (se tabell 1), räknat från "
        "insatsens statistik.xlsx. K = kvinnor, M = män. Fördelningen kvinnor/män är andel "
        "av dem med angivet kön."
    ]
    others = totals.new.other + totals.exited.other + totals.ongoing.other
    if others:
        extra.append("S: a inkluderar deltagare med annat eller ej angivet kön.")
    if missing_data:
        extra.append("– = uppgift saknas (insatsen har ingen deltagarstatistik).")
    return Table(
        key="t4",
        number=4,
        title="Utfall för deltagare",
        sheet="Tabell 4 Deltagare",
        columns=("Individinsatser", *("K", "M", "S: a") * 3),
        kinds=LAYOUTS["t4"].kinds,
        super_header=(
            HeaderCell(""),
            HeaderCell("Nya under perioden", 3),
            HeaderCell("Avslutade under perioden", 3),
            HeaderCell("Pågående vid periodens slut", 3),
        ),
        rows=tuple(rows),
        notes=(*extra, *notes),
    )


def _count_cells(*blocks: Counts) -> list[Cell]:
    cells: list[Cell] = []
    for counts in blocks:
        cells += [
            Cell(counts.women, "count"),
            Cell(counts.men, "count"),
            Cell(counts.total, "count"),
        ]
    return cells


def _table_exit_reasons(totals: Totals) -> Table:
    labels = exit_reason_labels()
    exited = totals.exited.total
    rows: list[Row] = []
    for code in sorted(set(labels) | set(totals.exit_reasons)):
        counts = totals.exit_reasons.get(code, Counts())
        rows.append(
            Row(
                (
                    Cell(str(code)),
                    Cell(labels.get(code, "Okänd kod")),
                    Cell(counts.women, "count"),
                    Cell(counts.men, "count"),
                    Cell(counts.total, "count"),
                    Cell(Share(counts.total, exited), "share"),
                )
            )
        )
    reason_sum = Counts()
    for counts in totals.exit_reasons.values():
        reason_sum = reason_sum + counts
    rows.append(
        Row(
            (
                Cell(""),
                Cell("Summa"),
                Cell(reason_sum.women, "count"),
                Cell(reason_sum.men, "count"),
                Cell(reason_sum.total, "count"),
                Cell(Share(reason_sum.total, exited), "share"),
            ),
            kind="total",
        )
    )
    notes = [
        f"Avslutade under perioden i samtliga insatser (n = {exited}). Andel = andel av de "
        "avslutade."
    ]
    if reason_sum.total != exited:
        notes.append(
            f"{exited - reason_sum.total} avslutade saknar avslutskod och ingår inte i raderna."
        )
    return Table(
        key="t5",
        number=5,
        title="Avslutningsanledningar",
        sheet="Tabell 5 Avslut",
        columns=("Kod", "Avslutningsanledningar", "K", "M", "S: a", "Andel"),
        kinds=LAYOUTS["t5"].kinds,
        rows=tuple(rows),
        notes=tuple(notes),
    )


def _table_review(entries: Sequence[_Entry]) -> Table:
    rows: list[Row] = []
    for entry in entries:
        result = entry.result
        if result.built:
            status = (
                "Byggd (utkast)" if result.draft else "Byggd med fel" if result.errors else "Byggd"
            )
            detail = result.report_relative or result.report or ""
        else:
            status = "Inte byggd"
            detail = result.reason or ""
        rows.append(
            Row(
                (
                    Cell(entry.label.removesuffix(NOT_BUILT_MARK)),
                    Cell(status),
                    Cell(detail),
                    Cell(result.errors, "count"),
                    Cell(result.warnings, "count"),
                )
            )
        )
    built = sum(1 for e in entries if e.result.built)
    rows.append(
        Row(
            (
                Cell("Summa"),
                Cell(""),
                Cell(f"{built} av {len(entries)} rapporter byggdes"),
                Cell(sum(e.result.errors for e in entries), "count"),
                Cell(sum(e.result.warnings for e in entries), "count"),
            ),
            kind="total",
        )
    )
    return Table(
        key="t6",
        number=6,
        title="Granskning av rapporterna",
        sheet="Tabell 6 Granskning",
        columns=("Insats", "Status", "Rapport eller skäl", "Fel", "Varningar"),
        kinds=LAYOUTS["t6"].kinds,
        rows=tuple(rows),
        notes=(
            "Resultatet av reportgen check för varje insats. En slutrapport med fel byggs "
            "inte; fel och varningar per insats finns i granskning.json.",
        ),
    )


def _totals(entries: Sequence[_Entry], results: Sequence[InterventionResult]) -> Totals:
    figures = [e.figures for e in entries if e.figures is not None]
    goals = GoalCounts()
    new = exited = ongoing = Counts()
    reasons: dict[int, Counts] = {}
    for f in figures:
        goals = goals + f.goals
        p = f.participants
        if p is not None:
            new, exited, ongoing = new + p.new, exited + p.exited, ongoing + p.ongoing
            for code, counts in p.exit_reasons.items():
                reasons[code] = reasons.get(code, Counts()) + counts
    return Totals(
        interventions=len(figures),
        individual=sum(1 for f in figures if f.orientation == INDIVIDUAL),
        structural=sum(1 for f in figures if f.orientation == STRUCTURAL),
        built=sum(1 for r in results if r.built),
        granted=_sum(f.granted for f in figures),
        budget=_sum(f.budget for f in figures),
        outcome=_sum(f.outcome for f in figures),
        goals=goals,
        new=new,
        exited=exited,
        ongoing=ongoing,
        exit_reasons=dict(sorted(reasons.items())),
    )


def _sum(values: Any) -> Decimal:
    return sum((v for v in values if v is not None), Decimal(0))


def _summary(totals: Totals, found: int) -> tuple[str, ...]:
    """The Sammanfattning paragraph: the key totals in words, from the same numbers."""
    sentences = [
        f"Sammanställningen omfattar {totals.interventions} insatser "
        f"({totals.individual} individinriktade och {totals.structural} "
        f"strukturövergripande). {totals.built} av {found} rapporter byggdes utan "
        "hinder; tabell 6 visar granskningen av varje rapport."
    ]
    burn = Share(totals.outcome, totals.budget)
    sentences.append(
        f"Totalt beviljades {format_amount(totals.granted, unit='kr')}. Budgeten var "
        f"{format_amount(totals.budget, unit='kr')} och utfallet "
        f"{format_amount(totals.outcome, unit='kr')}"
        + (f", en förbrukningskvot på {burn.percent_text()}." if totals.budget else ".")
    )
    if totals.new.total or totals.exited.total or totals.ongoing.total:
        sentences.append(
            f"Under perioden skrevs {totals.new.total} deltagare in ({totals.new.women} kvinnor "
            f"och {totals.new.men} män) och {totals.exited.total} avslutades "
            f"({totals.exited.women} kvinnor och {totals.exited.men} män). "
            f"{totals.ongoing.total} deltagare var pågående vid periodens slut."
        )
    g = totals.goals
    if g.total:
        sentences.append(
            f"Av insatsernas {g.total} mål har {g.yes} uppnåtts, {g.partly} delvis uppnåtts "
            f"och {g.no} inte uppnåtts."
            + (f" För {g.missing} mål saknas uppgift." if g.missing else "")
        )
    return tuple(sentences)


def result_label(result: InterventionResult) -> str:
    """How an intervention is named in summaries: its name, else its path."""
    return (result.figures.name if result.figures else None) or result.path
