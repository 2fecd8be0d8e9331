"""Section 4.1 of a submitted report: the goals table.

The header may be the canonical one, fused with the template's instruction,
or merged into the first goal row (S006); `fill_goals` puts what was read into
the report's data, None when the section is missing (G001).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from reportgen.codes import HEADING_MERGED
from reportgen.model import Goal
from reportgen.profile import Role
from reportgen.sources.docx.blocks import Cell, Para, Table
from reportgen.sources.docx.headings import Tokens, clean_value, strip_phrases, words
from reportgen.sources.docx.layout import Part
from reportgen.sources.docx.places import GOALS_KEY, Anchor, Reading


@dataclass
class Goals:
    """The goals table's rows, and whether its header was typed into the first goal."""

    goals: list[Goal]
    merged_header: bool


_ANSWER_WORDS = {"ja": "ja", "nej": "nej", "ej": "nej", "delvis": "delvis"}
_ACHIEVED_WORDS = ("uppfyllt", "uppfyllda", "uppnått", "uppnåtts")


def read_goals(table: Table, reading: Reading) -> Goals:
    """The goals table: goal, "Har målet uppnåtts? Ja eller nej", outcome.

    The header may be the canonical one, fused with the instruction "Ange
    uppsatta mål för insatsen", or merged into the first goal row; the
    instruction row may be left empty. Header and instruction text is removed,
    and a row that still holds something is a goal.
    """
    profile = reading.profile
    section = profile.section_for(Role.GOALS) or profile.sections[0]
    heading = [tuple(words(section.full_heading)), tuple(words(section.heading))]
    instruction = tuple(words(profile.labels.get("mal_instruktion", "")))
    labels = (
        tuple(words(profile.labels.get("mal_uppnatt", ""))),
        tuple(words(profile.labels.get("mal_utfall", ""))),
    )
    columns, header_rows = _goal_columns(table, labels)

    goals: list[Goal] = []
    merged = False
    for row_index, row in enumerate(table.rows):
        cells = [c.text for c in row]
        goal_text = cells[columns[0]] if cells else ""
        had_heading = False
        for spelled in heading:
            rest, count = strip_phrases(goal_text, [spelled], min_ratio=0.8)
            if count:
                goal_text, had_heading = rest, True
                break
        goal_text = clean_value(strip_phrases(goal_text, [instruction], min_ratio=0.8)[0])
        achieved_text = _cell(cells, columns[1])
        outcome_text = _cell(cells, columns[2])
        if row_index in header_rows:  # a goal may share the row, under the labels in their cells
            achieved_text = _after(achieved_text, labels[0])
            outcome_text = _after(outcome_text, labels[1])
            if not had_heading and not (achieved_text or outcome_text):
                continue  # "Mål | Har målet uppnåtts? … | Utfall/resultat …"
        if not (goal_text or achieved_text or outcome_text):
            continue  # the header row, or the instruction row left empty
        merged = merged or had_heading
        achieved, remark = _answer(achieved_text)
        if remark and not outcome_text:
            outcome_text = remark
        index = len(goals) + 1
        goals.append(
            Goal(
                goal=goal_text,
                achieved=achieved,  # type: ignore[arg-type]
                outcome=outcome_text if columns[2] is not None else None,
            )
        )
        name = f"mål {index}"
        for key, column, position in (
            ("", None, columns[0]),
            (".mål", "Mål", columns[0]),
            (".uppnått", "Uppnått", columns[1]),
            (".utfall", "Utfall", columns[2]),
        ):
            detail = f"{name}, kolumn {column}" if column else name
            at = Anchor(_first_para(row, position), name, column)
            reading.locate(f"mål[{index}]{key}", section.id, detail, at=at)
    if merged:
        reading.report(
            HEADING_MERGED,
            f'Rubriken "{section.full_heading}" står i samma cell som första målet. '
            "Målet lästes ändå; ge rubriken en egen rad så som i förbundets mall.",
            key="mål",
            section_id=section.id,
            at=Anchor(_first_para(table.rows[0], 0)),
        )
    return Goals(goals, merged)


def _goal_columns(
    table: Table, labels: tuple[tuple[str, ...], tuple[str, ...]]
) -> tuple[tuple[int, int | None, int | None], set[int]]:
    """(goal, achieved, outcome) column positions, and which rows are header rows."""
    width = max((len(row) for row in table.rows), default=0)
    found: list[int | None] = [None, None]
    header_rows: set[int] = set()
    for row_index, row in enumerate(table.rows[:2]):
        for index, cell in enumerate(row[1:], start=1):
            for which, label in enumerate(labels):
                if found[which] is None and strip_phrases(cell.text, [label], min_ratio=0.5)[1]:
                    found[which] = index
                    header_rows.add(row_index)
    if found == [None, None]:
        if width >= 3:
            return (0, 1, 2), header_rows
        return (0, None, 1 if width == 2 else None), header_rows
    return (0, found[0], found[1]), header_rows


def _first_para(row: list[Cell], position: int | None) -> Para | None:
    cell = row[position] if position is not None and position < len(row) else None
    cell = cell or (row[0] if row else None)
    return cell.paras[0] if cell is not None and cell.paras else None


def _after(text: str, label: tuple[str, ...]) -> str:
    """A header cell's text after its label: the value typed under it, if any."""
    rest, found = strip_phrases(text, [label], min_ratio=0.5)
    return clean_value(rest) if found else text


def _cell(cells: list[str], column: int | None) -> str:
    if column is None or column >= len(cells):
        return ""
    return clean_value(cells[column])


def _answer(text: str) -> tuple[str | None, str]:
    """ "Ja", "Nej", "Ja, delvis", "Målet är ej uppfyllt" -> the model's answer, and any rest.

    A rest ("Ja. 44 deltagare …") is kept: it is the outcome when that cell is empty.
    """
    tokens = Tokens.of(text, 8)
    head = list(tokens.words)
    if not head:
        return None, ""
    answers = [_ANSWER_WORDS[w] for w in head[:5] if w in _ANSWER_WORDS]
    answer: str | None = None
    if "delvis" in answers:
        answer = "delvis"
    elif "nej" in answers:
        answer = "nej"
    elif head[0] == "ja" or any(w in _ACHIEVED_WORDS for w in head[:5]):
        answer = "ja"
    position = 0
    while position < len(head) and head[position] in _ANSWER_WORDS:
        position += 1
    return answer, (tokens.rest(position) if position else "")


def fill_goals(part: Part | None, reading: Reading, data: dict[str, Any]) -> None:
    if part is None:
        data[GOALS_KEY] = None
        return
    table = next((b for b in part.blocks if isinstance(b, Table)), None)
    data[GOALS_KEY] = read_goals(table, reading).goals if table is not None else []
