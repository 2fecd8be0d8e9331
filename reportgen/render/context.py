"""Report model + funder profile -> the plain dict the Word template is filled from.

All formatting decisions (Swedish numbers, periods, Ja/Nej, padding of the
contact slots) are made here, in Python, so the template stays a document
people can read and the logic stays testable without opening Word. The
economy lines and their `Summa` come from reportgen.economy, which the
year-end compilation reads too.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from reportgen.economy import EconomyLine, economy_lines, economy_totals
from reportgen.formatting import format_amount, format_date, format_fte, format_period
from reportgen.model import Party, Report
from reportgen.profile import Profile, Role
from reportgen.render.richtext import RichText
from reportgen.render.text import cell_text, paragraphs
from reportgen.render.typography import minus

ACHIEVEMENT_LABELS = {"ja": "Ja", "nej": "Nej", "delvis": "Delvis", "pågår": "Pågår"}
DRAFT_TEXT = "innehåller fel enligt reportgen check och får inte skickas in"
LABEL_DEFAULTS = {"rapportperiod": "Rapportperiod:", "bemanning_rubrik": "Bemanning"}
"""Labels reportgen adds to a funder's form; a profile may word them, older ones need not."""


def build_context(
    report: Report,
    profile: Profile,
    *,
    draft: bool = False,
    tables: Sequence[dict[str, Any]] = (),
    charts: bool = False,
    folder: Path | None = None,
) -> dict[str, Any]:
    """The complete template context. `tables` are the statistics (and chart) blocks for 4.4;
    without any, the participants the owner counted (`deltagare`) are shown. `folder` is the
    intervention's folder, where the appendices' Word files are (none are read without it).

    Charts are `ChartImage`s here; `render_docx` turns them into Word images.
    """
    from reportgen.checks.title import title_for_kind
    from reportgen.render.appendix import appendix_blocks
    from reportgen.render.stats_blocks import statistics_blocks

    kind = report.kind
    title = title_for_kind(profile, kind, report.report.title)
    intervention = report.intervention
    period = intervention.period
    if not tables:
        tables = statistics_blocks(report, None, charts=charts)

    headings = {s.id: s.full_heading for s in profile.sections}
    own_line_questions = {
        s.id: (s.sub_question if s.sub_question and s.sub_question_own_line else "")
        for s in profile.sections
    }
    texts: dict[str, Any] = {}
    for section in profile.sections:
        if len(section.fields) == 1:
            value = report.value_at(section.fields[0])
            if value is None or isinstance(value, str):
                texts[section.id] = paragraphs(value)
    economy_section = profile.section_for(Role.ECONOMY)
    if economy_section is not None:  # the comment under the cost table
        texts[economy_section.id] = paragraphs(report.economy.comment if report.economy else None)

    lines = economy_lines(report, profile)
    total_budget, total_outcome = economy_totals(lines)
    report_period = report.report_period
    economy_note = ""
    if kind == "delrapport" and report_period is not None:
        economy_note = (
            "Utfall avser utfall hittills under perioden "
            f"{format_period(report_period.start, report_period.end)}."
        )

    signature = report.signature
    place_and_date = ""
    if signature is not None:
        place_and_date = " ".join(
            part for part in (signature.place or "", format_date(signature.signed_on)) if part
        )

    return {
        "titel": title,
        "sidhuvud": profile.page_header,
        "ingress": profile.intro,
        "utkast": draft,
        "utkast_text": DRAFT_TEXT,
        "rubrik": headings,
        "underfraga": own_line_questions,
        "etikett": {**LABEL_DEFAULTS, **profile.labels},
        "text": texts,
        "insats": {
            "namn": intervention.name or "",
            "tidsperiod": format_period(period.start, period.end) if period else "",
            "rapportperiod": _stated_report_period(report),
            "beviljat": minus(format_amount(intervention.granted, unit="kr")),
        },
        "kontakter": _contacts(
            intervention.responsible, intervention.partners, profile.contact_slots
        ),
        "mal": _goals(report),
        "bemanning": [
            {
                "roll": s.role or "",
                "arbetsgivare": s.employer or "",
                "omfattning": format_fte(s.fte) if s.fte is not None else "",
            }
            for s in report.staffing
        ],
        "tabeller": list(tables),
        "ekonomi": {
            "kolumnrubrik": profile.economy.column_heading,
            "summa_etikett": profile.economy.total_label,
            "rader": [
                {
                    "etikett": line.label,
                    "specifikation": cell_text(line.specification, italic=True, prefix="\n")
                    if line.specification
                    else RichText(""),
                    "budget": minus(format_amount(line.budget)),
                    "utfall": minus(format_amount(line.outcome)),
                }
                for line in lines
            ],
            "summa": {
                "budget": minus(format_amount(total_budget)),
                "utfall": minus(format_amount(total_outcome)),
            },
            "not": economy_note,
            "diagram": _economy_chart(lines, kind) if charts else None,
        },
        "underskrift": {
            "organisation": (signature.organisation if signature else None) or "",
            "ort_och_datum": place_and_date,
            "namn": (signature.name if signature else None) or "",
        },
        "bilagor": appendix_blocks(report, folder),
    }


def _stated_report_period(report: Report) -> str:
    """The period a delrapport covers, for section 1 ("Rapportperiod: …"); also a final
    report's when it covers less than the intervention (one grant year of several)."""
    covered = report.report_period
    if covered is None:
        return ""
    whole = report.intervention.period
    if report.kind != "delrapport" and (report.report.period is None or covered == whole):
        return ""
    return format_period(covered.start, covered.end)


def _economy_chart(lines: Sequence[EconomyLine], kind: str) -> Any:
    """Budget against outcome for the cost categories that have any figure at all."""
    used = [line for line in lines if line.budget is not None or line.outcome is not None]
    if not used:
        return None
    from reportgen.render.charts import budget_chart

    return budget_chart(
        [line.label.split(" (")[0] for line in used],
        [line.budget for line in used],
        [line.outcome for line in used],
        outcome_label="Utfall hittills" if kind == "delrapport" else "Utfall",
    )


def _contacts(
    responsible: Party | None, partners: Sequence[Party], slots_in_template: int | None
) -> list[dict[str, str]]:
    """The profile's contact slots (`kontaktplatser`); unused slots stay blank as in the
    template. Without slots in the template, the parties the report names."""
    parties: list[Party | None] = [responsible, *partners]
    slots = []
    for index in range(slots_in_template or len(parties)):
        party = parties[index] if index < len(parties) else None
        slots.append(
            {
                "organisation": (party.organisation if party else None) or "",
                "namn": (party.contact if party else None) or "",
                "epost": (party.email if party else None) or "",
            }
        )
    return slots


def _goals(report: Report) -> list[dict[str, Any]]:
    goals = report.goals or []
    if not goals:
        # keep the table's shape: one empty body row, as in the blank template
        return [{"mal": RichText(""), "uppnatt": "", "utfall": RichText("")}]
    return [
        {
            "mal": cell_text(goal.goal),
            "uppnatt": ACHIEVEMENT_LABELS.get(goal.achieved or "", ""),
            "utfall": cell_text(goal.outcome),
        }
        for goal in goals
    ]
