"""Dates, periods and goal answers as owners type them, turned into the model's values.

The report model (model.py) holds dates and the closed ja/nej/delvis/pågår
answer; owners write what real reports write: `20230101`, `2023.01.01`,
`tidsperiod: 20230101–20231231`, `uppnått: Ja.` or `Delvis uppnått`. These
validators accept every such form that has one meaning, and refuse the rest
with a Swedish message that quotes the value.

A refusal is a *content* finding, not a broken file: each raises a
`PydanticCustomError` whose type names the finding (`VALUE_ERRORS`), and the
YAML source reports it at its line and leaves the value out (as it does for an
amount that is no number, B005), so every other rule still runs.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any, Final

from pydantic_core import PydanticCustomError

from reportgen.dates import DateParseError, parse_written_date, parse_written_period
from reportgen.formatting import printable

__all__ = [
    "ACHIEVEMENT_VALUES",
    "VALUE_ERRORS",
    "achievement",
    "written_date",
    "written_period",
]

DATE_ERROR: Final = "date_value"
ACHIEVEMENT_ERROR: Final = "achievement_value"
VALUE_ERRORS: Final = {DATE_ERROR: "T005", ACHIEVEMENT_ERROR: "G003"}
"""Pydantic error type -> the finding code the YAML source reports it under."""

ACHIEVEMENT_VALUES: Final = ("ja", "nej", "delvis", "pågår")

# Folded answer (lower case, no punctuation, single spaces) -> the model's answer.
_ANSWERS: Final = {
    **dict.fromkeys(("ja", "uppnått", "ja uppnått", "helt uppnått", "ja helt uppnått"), "ja"),
    **dict.fromkeys(
        ("nej", "ej uppnått", "inte uppnått", "nej ej uppnått", "nej inte uppnått"), "nej"
    ),
    **dict.fromkeys(
        ("delvis", "delvis uppnått", "ja delvis", "ja delvis uppnått", "delvis ja"), "delvis"
    ),
    **dict.fromkeys(("pågår", "pågående", "pågår fortfarande", "pågår än"), "pågår"),
}
_PUNCTUATION = re.compile(r"[\s.,;:!?()\-\u2013\u2014\"'*_]+")


def achievement(raw: Any) -> Any:
    """`Ja.`, `JA`, `Delvis uppnått`, `pågår`, and YAML's yes/no, as ja/nej/delvis/pågår.

    Case and punctuation do not matter; an empty answer is no answer (None). A
    longer text ("Ja, 44 deltagare fick arbete") is refused rather than cut to
    its first word: the rest belongs under `utfall`, where it is printed.
    """
    if raw is True:
        return "ja"
    if raw is False:
        return "nej"
    if raw is None:
        return None
    if not isinstance(raw, str):
        raise _achievement_error(str(raw))
    folded = _PUNCTUATION.sub(" ", raw.casefold()).strip()
    if not folded:
        return None
    found = _ANSWERS.get(folded)
    if found is None:
        raise _achievement_error(raw)
    return found


def _achievement_error(raw: str) -> PydanticCustomError:
    return PydanticCustomError(
        ACHIEVEMENT_ERROR,
        "{message}",
        {
            "message": f'Svaret "{printable(raw)}" på om målet har uppnåtts kan inte läsas. '
            "Skriv ja, nej eller delvis (i en delrapport också pågår) och beskriv resultatet "
            "under 'utfall'."
        },
    )


def written_date(raw: Any) -> Any:
    """A date as YAML gives it (a date, or text/a number such as 20230101) -> a `date`."""
    if isinstance(raw, datetime):
        if raw.time() != datetime.min.time():
            raise _date_error(
                f'Värdet "{printable(str(raw))}" är ett datum med klockslag. Skriv bara datumet, '
                f"ÅÅÅÅ-MM-DD, t.ex. {raw.date().isoformat()}."
            )
        return raw.date()
    if raw is None or isinstance(raw, date):
        return raw
    if isinstance(raw, bool) or not isinstance(raw, str | int):
        raise _date_error(
            f'Värdet "{printable(str(raw))}" är inget datum. Skriv datum som ÅÅÅÅ-MM-DD, t.ex. '
            "2025-12-31."
        )
    try:
        return parse_written_date(str(raw))
    except DateParseError as exc:
        raise _date_error(str(exc)) from None


def written_period(raw: Any) -> Any:
    """A period written on one line (`20230101–20231231`) -> `{från, till}`; a mapping passes."""
    if isinstance(raw, str | int | float | date) and not isinstance(raw, bool):
        try:
            start, end = parse_written_period(str(raw))
        except DateParseError as exc:
            raise _date_error(str(exc)) from None
        return {"från": start, "till": end}
    return raw


def _date_error(message: str) -> PydanticCustomError:
    return PydanticCustomError(DATE_ERROR, "{message}", {"message": message})
