"""G: the goals table of section 4.1 – goals stated, answered and followed up.

G001 says once that a report states no goals at all (the list is absent, empty
or every row is blank) in a report kind whose profile requires the goals
section; the section rules leave the goals list to this family. Every goal needs its text; a final
report also needs the answer to "Har målet uppnåtts? Ja eller nej" and the
outcome for each goal (domain.md §8 rule 17).
"""

from __future__ import annotations

from collections.abc import Iterator

from reportgen.checks.common import is_blank, kind_words, section_name
from reportgen.checks.registry import CheckContext, rule
from reportgen.findings import Finding
from reportgen.model import Goal
from reportgen.profile import Role

_SHORT = 50


@rule("G001")
def no_goals(ctx: CheckContext) -> Iterator[Finding]:
    section = ctx.profile.section_for(Role.GOALS)
    if section is None or ctx.kind not in section.required_for:
        return
    goals = ctx.report.goals
    if not goals:
        yield ctx.finding(
            "G001",
            f"Inga mål är angivna, men {section_name(section)} krävs i {kind_words(ctx.kind)}. "
            "Skriv insatsens uppsatta mål med uppnått och utfall, ett per rad under 'mål:'.",
            "mål",
        )
        return
    if all(is_blank(goal.goal) for goal in goals):
        yield ctx.finding(
            "G001",
            f"Inga mål är angivna: {_rows_without_text(len(goals))}. Skriv insatsens "
            "uppsatta mål, ett per rad.",
            "mål",
        )


@rule("G002")
def incomplete_goal(ctx: CheckContext) -> Iterator[Finding]:
    goals = ctx.report.goals or []
    if all(is_blank(goal.goal) for goal in goals):
        return  # G001 says it once for the whole list
    achieved_label = ctx.profile.labels.get("mal_uppnatt", "Har målet uppnåtts?")
    outcome_label = ctx.profile.labels.get("mal_utfall", "Utfall/resultat")
    for index, goal in enumerate(goals, start=1):
        key = f"mål[{index}]"
        if is_blank(goal.goal):
            yield ctx.finding(
                "G002",
                f"Mål {index} saknar måltext. Skriv målet eller ta bort raden.",
                f"{key}.mål",
            )
        if not ctx.is_final:
            continue
        name = _goal_name(goal, index)
        if goal.achieved is None and not ctx.already_reported(f"{key}.uppnått"):  # G003
            yield ctx.finding(
                "G002",
                f'{name} saknar svar på "{achieved_label}". Svara ja, nej eller delvis.',
                f"{key}.uppnått",
            )
        elif goal.achieved == "pågår":  # an answer for a delrapport only
            yield ctx.finding(
                "G002",
                f'{name} har svaret "pågår" på "{achieved_label}". En slutrapport ska svara ja, '
                f'nej eller delvis; beskriv det som återstår under "{outcome_label}".',
                f"{key}.uppnått",
            )
        if is_blank(goal.outcome):
            yield ctx.finding(
                "G002",
                f'{name} saknar "{outcome_label}". En slutrapport ska redovisa utfallet för '
                "varje mål: beskriv vad som har uppnåtts.",
                f"{key}.utfall",
            )


def _rows_without_text(count: int) -> str:
    if count == 1:
        return "målraden saknar måltext"
    return f"ingen av de {count} målraderna har någon måltext"


def _goal_name(goal: Goal, index: int) -> str:
    """`Mål 2 ("Minst 30 % av de avslutade …")` – enough to find the row."""
    text = " ".join((goal.goal or "").split())
    if not text:
        return f"Mål {index}"
    if len(text) > _SHORT:
        text = text[: _SHORT - 1].rstrip() + "…"
    return f'Mål {index} ("{text}")'
