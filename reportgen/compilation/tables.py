"""The compilation's six tables (domain.md §7.1), each built from the interventions' figures.

Tables 1–4 list every intervention whose insats.yaml could be read, grouped
individinsatser first, then strukturinsatser; table 5 counts exit reasons over
all of them, and table 6 is the review of every report, readable or not.
Every Summa row is computed from the rows above it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal

from reportgen.compilation.cells import Cell, HeaderCell, Row, Share, Table, laid_out
from reportgen.compilation.totals import INDIVIDUAL, NOT_BUILT_MARK, STRUCTURAL, Entry, Totals
from reportgen.figures import GoalCounts
from reportgen.formatting import format_period
from reportgen.stats import EXIT_REASONS, ByGender

GROUP_LABELS = {
    INDIVIDUAL: "Individinsatser",
    STRUCTURAL: "Strukturinsatser",
    None: "Inriktning ej angiven",
}
KIND_LABELS = {"slutrapport": "Slutrapport", "delrapport": "Delrapport"}
NOT_BUILT_NOTE = (
    f"{NOT_BUILT_MARK.strip()} Rapporten byggdes inte (se tabell 6). Siffrorna är "
    "hämtade ur insatsens insats.yaml och kan vara felaktiga."
)


def _grouped(entries: Sequence[Entry]) -> list[tuple[str | None, list[Entry]]]:
    """Individinsatser first, then strukturinsatser, then any without an orientation."""
    groups: list[tuple[str | None, list[Entry]]] = []
    for orientation in (INDIVIDUAL, STRUCTURAL, None):
        members = [e for e in entries if e.figures and e.figures.orientation == orientation]
        if members:
            groups.append((orientation, members))
    return groups


def _grouped_rows(
    entries: Sequence[Entry], cells_for: Callable[[Entry], list[Cell]]
) -> tuple[str, list[Row]]:
    """Rows under group rows; the first group's label heads the first column (§7.1)."""
    groups = _grouped(entries)
    first_label = GROUP_LABELS[groups[0][0]] if groups else "Insats"
    rows: list[Row] = []
    for index, (orientation, members) in enumerate(groups):
        if index > 0:
            rows.append(Row((Cell(GROUP_LABELS[orientation]),), kind="group"))
        rows.extend(Row(tuple(cells_for(entry))) for entry in members)
    return first_label, rows


def interventions_table(entries: Sequence[Entry], notes: tuple[str, ...]) -> Table:
    def cells(entry: Entry) -> list[Cell]:
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
    return laid_out("t1", (first, "Start", "Avslut", "Rapport", "Rapportperiod"), rows, notes=notes)


def goals_table(entries: Sequence[Entry], totals: Totals, notes: tuple[str, ...]) -> Table:
    first, rows = _grouped_rows(
        entries, lambda e: _goal_cells(e.label, e.figures.goals if e.figures else GoalCounts())
    )
    rows.append(Row(tuple(_goal_cells("Summa", totals.goals)), kind="total"))
    return laid_out(
        "t2",
        (first, "Antal mål", "Ja", "Delvis", "Nej", "Ej angivet"),
        rows,
        super_header=(HeaderCell(""), HeaderCell(""), HeaderCell("Har målet uppnåtts?", 4)),
        notes=(
            "Antal mål per svar i måltabellen i respektive rapport (uppnått: ja, delvis, nej).",
            *notes,
        ),
    )


def _goal_cells(label: str, goals: GoalCounts) -> list[Cell]:
    counts = (goals.total, goals.yes, goals.partly, goals.no, goals.missing)
    return [Cell(label), *(Cell(n, "count") for n in counts)]


def budget_table(
    entries: Sequence[Entry], totals: Totals, notes: tuple[str, ...], any_interim: bool
) -> Table:
    def cells(entry: Entry) -> list[Cell]:
        f = entry.figures
        assert f is not None
        return _budget_cells(entry.label, f.granted, f.budget, f.outcome)

    first, rows = _grouped_rows(entries, cells)
    # no report with an economy table (a funder whose form has none): no sums to show
    reported = any(e.figures is not None and e.figures.budget is not None for e in entries)
    budget, outcome = (totals.budget, totals.outcome) if reported else (None, None)
    rows.append(Row(tuple(_budget_cells("Summa", totals.granted, budget, outcome)), kind="total"))
    explained = [
        "Förbr kvot = utfall ÷ budget. Differens = beviljat − utfall (outnyttjat belopp). "
        "Belopp i kronor; summaraden är beräknad av reportgen."
    ]
    if any_interim:
        explained.append("Utfall i delrapporter avser utfall hittills under rapportperioden.")
    return laid_out(
        "t3",
        (first, "Beviljat", "Budget", "Utfall", "Förbr kvot", "Differens"),
        rows,
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


def _participant_entries(entries: Sequence[Entry]) -> list[Entry]:
    """Individinsatser, plus any other intervention that has participant data."""
    return [
        e
        for e in entries
        if e.figures and (e.figures.orientation == INDIVIDUAL or e.figures.participants is not None)
    ]


def participants_table(entries: Sequence[Entry], totals: Totals, notes: tuple[str, ...]) -> Table:
    rows: list[Row] = []
    missing_data = False
    for entry in _participant_entries(entries):
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
    return laid_out(
        "t4",
        ("Individinsatser", *("K", "M", "S: a") * 3),
        rows,
        super_header=(
            HeaderCell(""),
            HeaderCell("Nya under perioden", 3),
            HeaderCell("Avslutade under perioden", 3),
            HeaderCell("Pågående vid periodens slut", 3),
        ),
        notes=(*extra, *notes),
    )


def _count_cells(*blocks: ByGender) -> list[Cell]:
    cells: list[Cell] = []
    for counts in blocks:
        cells += [
            Cell(counts.women, "count"),
            Cell(counts.men, "count"),
            Cell(counts.total, "count"),
        ]
    return cells


def exit_reasons_table(totals: Totals) -> Table:
    exited = totals.exited.total
    rows = [
        Row(
            tuple(
                _reason_cells(
                    str(code),
                    EXIT_REASONS.get(code, "Okänd kod"),
                    totals.exit_reasons.get(code, ByGender()),
                    exited,
                )
            )
        )
        for code in sorted(set(EXIT_REASONS) | set(totals.exit_reasons))
    ]
    reason_sum = ByGender()
    for counts in totals.exit_reasons.values():
        reason_sum = reason_sum + counts
    rows.append(Row(tuple(_reason_cells("", "Summa", reason_sum, exited)), kind="total"))
    notes = [
        f"Avslutade under perioden i samtliga insatser (n = {exited}). Andel = andel av de "
        "avslutade."
    ]
    if reason_sum.total != exited:
        notes.append(
            f"{exited - reason_sum.total} avslutade saknar avslutskod och ingår inte i raderna."
        )
    return laid_out(
        "t5",
        ("Kod", "Avslutningsanledningar", "K", "M", "S: a", "Andel"),
        rows,
        notes=tuple(notes),
    )


def _reason_cells(code: str, label: str, counts: ByGender, exited: int) -> list[Cell]:
    return [
        Cell(code),
        Cell(label),
        *_count_cells(counts),
        Cell(Share(counts.total, exited), "share"),
    ]


def review_table(entries: Sequence[Entry]) -> Table:
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
    return laid_out(
        "t6",
        ("Insats", "Status", "Rapport eller skäl", "Fel", "Varningar"),
        rows,
        notes=(
            "Resultatet av reportgen check för varje insats. En slutrapport med fel byggs "
            "inte; fel och varningar per insats finns i granskning.json.",
        ),
    )
