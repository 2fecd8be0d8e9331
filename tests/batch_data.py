"""Synthetic interventions for the batch tests and benchmarks/batch.py.

Each generated intervention is realistic in size – every section filled, eight
budget rows, and (for individinsatser) a statistik.xlsx with one row per
participant – and passes every check, unless a named defect is asked for. The
generator is deterministic: the same index gives the same intervention.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import yaml

from reportgen.sources.excel.columns import COLUMNS

YEAR = 2025
PERIOD = (date(YEAR, 1, 1), date(YEAR, 12, 31))
HALF_YEAR = (date(YEAR, 1, 1), date(YEAR, 6, 30))
INTERVENTION = (date(YEAR - 1, 1, 1), date(YEAR, 12, 31))

SENTENCES = (
    "Insatsen vänder sig till personer som står långt från arbetsmarknaden och behöver "
    "samordnat stöd från flera av förbundets parter.",
    "Arbetet bygger på att deltagaren har en sammanhållen kontakt genom hela insatsen och att "
    "myndigheterna planerar tillsammans i stället för var för sig.",
    "Handläggare från Försäkringskassan, Arbetsförmedlingen, kommunen och regionen har träffats "
    "varannan vecka för gemensamma ärendedragningar.",
    "Under året har arbetet med arbetsgivarkontakter utvecklats och fler praktikplatser har "
    "kunnat erbjudas deltagarna.",
    "Uppföljningen har gjorts löpande i styrgruppen, som har följt utfallet mot målen vid fyra "
    "möten under året.",
    "Erfarenheterna visar att en tidig gemensam kartläggning kortar tiden innan deltagaren kan "
    "påbörja en aktivitet.",
    "Samverkan med regionens psykiatriska öppenvård har fungerat sämre på grund av hög "
    "belastning och personalomsättning där.",
    "Parterna har beslutat att föra över arbetssättet till den ordinarie lokala samverkan när "
    "insatsen avslutas.",
)

# (kostnadsslag, specifikation, share of the grant); two Material rows make eight.
BUDGET_ROWS = (
    ("Lönekostnader", None, 0.70),
    ("Lokalkostnader", None, 0.06),
    ("Material", "IT och telefoni", 0.03),
    ("Material", "kontorsmaterial", 0.01),
    ("Resekostnader", "resor till arbetsgivare", 0.03),
    ("Aktiviteter", "seminarier och studiebesök", 0.08),
    ("Externa tjänster", "handledning", 0.06),
    ("Övriga kostnader", "mobil och dator", 0.03),
)

INCOMES = (
    "Försörjningsstöd",
    "A-kassa",
    "Aktivitetsstöd",
    "Sjukpenning/rehabiliteringspenning",
    "Aktivitetsersättning",
    "Ingen offentlig försörjning",
)
REFERRERS = ("AF", "FK", "Kommun", "Region", "Egen anmälan")
EDUCATION = ("Grundskola", "Gymnasium", "Eftergymnasial (<3 år)", "Högskola ≥3 år")
HEADERS = tuple(column.key for column in COLUMNS)  # the workbook reportgen writes


@dataclass(frozen=True)
class Gendered:
    women: int = 0
    men: int = 0


@dataclass(frozen=True)
class Expected:
    """What the generator put in, to compare the compilation with by another route."""

    name: str
    granted: int
    budget: int
    outcome: int
    goals: tuple[str, ...]
    participants: int
    new: Gendered = Gendered()  # counted here, independently of reportgen.stats
    exited: Gendered = Gendered()
    ongoing: Gendered = Gendered()


def text(rng: random.Random, sentences: int) -> str:
    return " ".join(rng.choice(SENTENCES) for _ in range(sentences))


def write_intervention(
    folder: Path,
    index: int,
    *,
    kind: str = "slutrapport",
    orientation: str = "individinriktad",
    participants: int = 40,
    defect: str | None = None,
) -> Expected:
    """Write `folder/insats.yaml` (and statistik.xlsx for individinsatser).

    `defect`: "yaml" (a syntax error), "fel" (Summa budget that does not add up –
    a `fel` that stops a final report), "xlsx" (a corrupt spreadsheet).
    """
    rng = random.Random(index)
    folder.mkdir(parents=True, exist_ok=True)
    name = (
        f"Insats {index:03d} – {rng.choice(('Vägen vidare', 'Steget', 'Samverkan', 'Nytt jobb'))}"
    )
    granted = 400_000 + 10_000 * rng.randrange(0, 150)
    rows = []
    budget_total = outcome_total = 0
    for position, (category, specification, share) in enumerate(BUDGET_ROWS):
        budget = round(granted * share) if position else 0
        rows.append([category, specification, budget])
    rows[0][2] = granted - sum(r[2] for r in rows[1:])  # the salaries take the remainder
    economy_rows = []
    for category, specification, budget in rows:
        outcome = budget - rng.randrange(0, max(1, budget // 50))
        budget_total += budget
        outcome_total += outcome
        row = {"kostnadsslag": category, "budget": budget, "utfall": outcome}
        if specification:
            row["specifikation"] = specification
        economy_rows.append(row)
    stated_budget = budget_total + (1000 if defect == "fel" else 0)
    goals = tuple(rng.choice(("ja", "ja", "delvis", "nej")) for _ in range(rng.randrange(2, 6)))
    period = PERIOD if kind == "slutrapport" else HALF_YEAR
    document = {
        "schema": "reportgen/insats/v1",
        "förbund": "sundsvall",
        "rapport": {"typ": kind, "period": {"från": period[0], "till": period[1]}},
        "insats": {
            "namn": name,
            "inriktning": orientation,
            "tidsperiod": {"från": INTERVENTION[0], "till": INTERVENTION[1]},
            "beviljat_medel": granted,
            "ansvarig": {
                "organisation": "Sundsvalls kommun",
                "kontaktperson": "Helena Björklund",
                "epost": "helena.bjorklund@sundsvall.se",
            },
            "parter": [
                {
                    "organisation": "Försäkringskassan",
                    "kontaktperson": "Mikael Öberg",
                    "epost": "mikael.oberg@forsakringskassan.se",
                },
                {
                    "organisation": "Arbetsförmedlingen",
                    "kontaktperson": "Sofia Lundmark",
                    "epost": "sofia.lundmark@arbetsformedlingen.se",
                },
            ],
        },
        "beskrivning": {
            "bakgrund": text(rng, 8),
            "syfte": text(rng, 5),
            "målgrupp": text(rng, 5),
        },
        "mål": [
            {
                "mål": f"Mål {n + 1}: {rng.choice(SENTENCES)}",
                "uppnått": status,
                "utfall": text(rng, 2),
            }
            for n, status in enumerate(goals)
        ],
        "arbetssätt": text(rng, 12),
        "bemanning": [
            {"roll": "Arbetskonsulent", "arbetsgivare": "Sundsvalls kommun", "omfattning": 1.0},
            {"roll": "Handläggare", "arbetsgivare": "Arbetsförmedlingen", "omfattning": 0.2},
        ],
        "avvikelser": text(rng, 4) + " Ekonomin har följt budgeten med små avvikelser.",
        "uppföljning": text(rng, 5),
        "analys": {
            "effekter": text(rng, 6),
            "samverkan": text(rng, 5),
            "erfarenheter": text(rng, 5),
            "implementering": text(rng, 4),
            "systemfel": text(rng, 3),
        },
        "ekonomi": {
            "kommentar": (
                f"Av beviljade {granted} kr har {outcome_total} kr förbrukats. Det outnyttjade "
                "beloppet beror på lägre kostnader för material och resor än budgeterat; "
                "aktiviteterna genomfördes ändå enligt plan."
            ),
            "rader": economy_rows,
            "summa": {"budget": stated_budget, "utfall": outcome_total},
        },
        "underskrift": {
            "organisation": "Sundsvalls kommun",
            "ort": "Sundsvall",
            "datum": period[1] + timedelta(days=20),
            "namn": "Tomas Wallin",
        },
    }
    counted: dict[str, Gendered] = {}
    if orientation == "individinriktad" and participants:
        document["statistik"] = "statistik.xlsx"
        if defect == "xlsx":
            (folder / "statistik.xlsx").write_bytes(b"PK\x03\x04 detta ar ingen arbetsbok")
        else:
            counted = write_participants(folder / "statistik.xlsx", rng, participants, period)
    source = yaml.safe_dump(document, allow_unicode=True, sort_keys=False, width=100)
    if defect == "yaml":
        source = source.replace("insats:\n", "insats:\n  namn: [obalanserad\n", 1)
    (folder / "insats.yaml").write_text(source, encoding="utf-8")
    return Expected(
        name=name,
        granted=granted,
        budget=budget_total,
        outcome=outcome_total,
        goals=goals,
        participants=participants if orientation == "individinriktad" else 0,
        **counted,
    )


def write_participants(
    path: Path, rng: random.Random, count: int, period: tuple[date, date]
) -> dict[str, Gendered]:
    """The `Deltagare` sheet: one row per episode, no names, no personnummer.

    Returns the period's new, exited and ongoing participants by gender, counted
    here by the definitions of domain.md §6.3.
    """
    tally = {key: {"K": 0, "M": 0} for key in ("new", "exited", "ongoing")}
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Deltagare"
    sheet.append(list(HEADERS))
    first_day = INTERVENTION[0]
    span = (period[1] - first_day).days
    for number in range(1, count + 1):
        start = first_day + timedelta(days=rng.randrange(0, span - 30))
        ended = rng.random() < 0.6
        end = None
        if ended:
            end = start + timedelta(days=rng.randrange(30, 300))
            if end > period[1]:
                end = None
        step_start = rng.randrange(1, 4)
        gender = rng.choice(("K", "K", "M", "M", "M"))
        if start <= period[1] and (end is None or end >= period[0]):
            if period[0] <= start:
                tally["new"][gender] += 1
            if end is not None and end <= period[1]:
                tally["exited"][gender] += 1
            if end is None or end > period[1]:
                tally["ongoing"][gender] += 1
        sheet.append(
            [
                number,
                gender,
                rng.randrange(1965, 2004),
                rng.choice(REFERRERS),
                start,
                end,
                rng.choice(INCOMES),
                rng.choice(INCOMES) if end else None,
                rng.choice(("Ja", "Nej")),
                rng.choice(("Ja", "Nej")) if end else None,
                rng.randrange(1, 8) if end else None,
                step_start,
                min(5, step_start + rng.randrange(0, 3)),
                rng.choice(EDUCATION),
            ]
        )
    for cells in sheet.iter_rows(min_row=2, min_col=5, max_col=6):
        for cell in cells:
            cell.number_format = "yyyy-mm-dd"
    workbook.save(str(path))
    return {key: Gendered(counts["K"], counts["M"]) for key, counts in tally.items()}


def write_association(
    root: Path, count: int, *, participants: int = 40, nested: bool = True
) -> list[Expected]:
    """`count` interventions under `root`: mostly individinsatser, every fifth structural."""
    expected = []
    for index in range(count):
        orientation = "strukturövergripande" if index % 5 == 4 else "individinriktad"
        parent = root / (f"omrade-{index % 3}" if nested else "")
        expected.append(
            write_intervention(
                parent / f"insats-{index:03d}",
                index,
                orientation=orientation,
                participants=participants,
            )
        )
    return expected
