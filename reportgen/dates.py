"""Read the date and period forms that Swedish reports use (domain.md §4.3).

reportgen writes ISO dates only, but it must read what people type into the
funder's template: `20240126`, `26/1-2024 Sundsvall`, `221101–231031`,
`Januari till och med december 2023`, `den sista jan 2024`. A date that is read
wrongly makes the period checks (signature before period end, rows outside the
period) report nonsense, so anything unclear is refused with a Swedish message
that quotes the text and shows the form to use.

Decisions beyond the letter of the specification:

* Six digits are YYMMDD in this century (`210719` = 2021-07-19): the reports
  are from 2019 onwards and Swedish forms write dates year first.
* `d/m` and `d.m.yyyy` are day first, as in Swedish handwriting.
* A period is returned as written, even when the end is before the start:
  that is a finding for the checks, not a reading problem.
* A month range without a year on its first month that runs backwards
  (`november till och med oktober 2023`) starts in the year before.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime
from functools import cache
from typing import NamedTuple

__all__ = [
    "MONTHS",
    "DateParseError",
    "find_signature_date",
    "parse_date",
    "parse_period",
    "parse_written_date",
    "parse_written_period",
]

_DATE_FORM = "Skriv datumet som ÅÅÅÅ-MM-DD, t.ex. 2024-01-16."
_PERIOD_FORM = "Skriv perioden som ÅÅÅÅ-MM-DD – ÅÅÅÅ-MM-DD, t.ex. 2023-01-01 – 2023-12-31."


class DateParseError(ValueError):
    """A date or period that cannot be read; the message quotes it and shows ÅÅÅÅ-MM-DD.

    Keeps the text in `value` and survives pickling, like `AmountError`.
    """

    def __init__(self, message: str, value: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.value = value

    def __reduce__(self) -> tuple[type[DateParseError], tuple[str, str]]:
        return (type(self), (self.message, self.value))


MONTHS: dict[str, int] = {
    "januari": 1,
    "jan": 1,
    "februari": 2,
    "febr": 2,
    "feb": 2,
    "mars": 3,
    "mar": 3,
    "april": 4,
    "apr": 4,
    "maj": 5,
    "juni": 6,
    "jun": 6,
    "juli": 7,
    "jul": 7,
    "augusti": 8,
    "aug": 8,
    "september": 9,
    "sept": 9,
    "sep": 9,
    "oktober": 10,
    "okt": 10,
    "november": 11,
    "nov": 11,
    "december": 12,
    "dec": 12,
}
"""Swedish month names and the abbreviations seen in reports, lower case."""

_MONTH = "(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")(?![a-zåäö])\.?"

# One alternation, tried left to right at each position, so that the longer and
# less ambiguous forms win (an ISO date is never re-read as YYMMDD pieces).
# The four patterns with month names cost ~4 ms to compile; insats.yaml's dates never
# need them, so they are compiled on first use (`_pattern`), not when reportgen starts;
# so are the written-date patterns below, which a YAML date that parses as one skips.
_DATE = (
    rf"""
    (?<!\d)
    (?:
        (?P<iso_y>\d{{4}})(?P<iso_sep>[-./])(?P<iso_m>\d{{1,2}})(?P=iso_sep)(?P<iso_d>\d{{1,2}})
      | (?P<c_y>(?:19|20)\d{{2}})(?P<c_m>\d{{2}})(?P<c_d>\d{{2}})
      | (?P<dm_d>\d{{1,2}})[/.](?P<dm_m>\d{{1,2}})
        (?:\s*[-/.]\s*(?P<dm_y>\d{{4}}|\d{{2}})|\s+(?P<dm_y4>\d{{4}}))
      | (?P<s_y>\d{{2}})(?P<s_m>\d{{2}})(?P<s_d>\d{{2}})
      | (?:(?P<t_d>\d{{1,2}})(?::[ae])?\.?|\b(?P<t_last>sista))
        \s+(?P<t_mon>{_MONTH})(?:\s+(?P<t_y>\d{{4}}))?
    )
    (?!\d)
    """,
    re.VERBOSE | re.IGNORECASE,
)

_MONTH_RANGE = (
    rf"""
    (?<![a-zåäö])(?P<m1>{_MONTH})(?:\s+(?P<y1>\d{{4}}))?
    \s*(?:[-\u2013\u2014]|till\s+och\s+med|t\.?\s?o\.?\s?m\.?|till)\s*
    (?P<m2>{_MONTH})\s+(?P<y2>\d{{4}})(?!\d)
    """,
    re.VERBOSE | re.IGNORECASE,
)
_SINGLE_MONTH = (rf"(?<![a-zåäö])(?P<m>{_MONTH})\s+(?P<y>\d{{4}})(?!\d)", re.IGNORECASE)
_BARE_YEAR = (r"(?:19|20)\d{2}", 0)
_ANY_MONTH = (rf"(?<![a-zåäö]){_MONTH}", re.IGNORECASE)


@cache
def _pattern(source: tuple[str, int]) -> re.Pattern[str]:
    """`source` (pattern, flags) compiled, once per process."""
    return re.compile(*source)


# Markdown/Word emphasis and odd spaces around a signature are not part of the date.
_NOISE = re.compile(r"[*_]+")
_SPACES = re.compile(r"[\s\u00a0\u2007\u2009\u202f]+")


class _Found(NamedTuple):  # not a frozen dataclass: ~0.5 ms less at start-up
    """One date-like piece of text; `day` is None when it does not name a real date."""

    text: str
    day: date | None
    # For "1 januari" without a year: the parts, so a period can borrow its end's year.
    month: int | None = None
    day_of_month: int | None = None
    last_of_month: bool = False


def parse_date(text: str | date | datetime) -> date:
    """Read exactly one date, ignoring a place name or emphasis around it.

    A text with two different dates is refused: it is a period, and guessing
    which half the caller meant would hide a mistake.
    """
    if isinstance(text, datetime):
        return text.date()
    if isinstance(text, date):
        return text
    if not isinstance(text, str):
        raise DateParseError(f'Datumet "{text}" kunde inte tolkas. {_DATE_FORM}', str(text))

    if not text.strip():
        raise DateParseError(f'Datumet "{text}" är tomt. {_DATE_FORM}', text)
    found = _scan(text)
    invalid = [f for f in found if f.day is None and f.month is None]
    complete = list(dict.fromkeys(f.day for f in found if f.day is not None))
    if invalid and not complete:
        raise DateParseError(
            f'Datumet "{text}" finns inte i kalendern ("{invalid[0].text}"). {_DATE_FORM}', text
        )
    if not complete:
        raise DateParseError(f'Datumet "{text}" kunde inte tolkas. {_DATE_FORM}', text)
    if len(complete) > 1:
        raise DateParseError(
            f'Datumet "{text}" innehåller mer än ett datum. Ange ett enda datum. {_DATE_FORM}',
            text,
        )
    return complete[0]


# One written date, its groups prefixed so that a period can hold two: ISO with -, . or /
# between the parts, or the eight digits of the real reports' compact form.
_WRITTEN = (
    r"(?:(?P<{p}y>\d{{4}})(?P<{p}s>[-./])(?P<{p}m>\d{{1,2}})(?P={p}s)(?P<{p}d>\d{{1,2}})"
    r"|(?P<{p}cy>(?:19|20)\d{{2}})(?P<{p}cm>\d{{2}})(?P<{p}cd>\d{{2}}))"
)
_WRITTEN_DATE = (rf"\s*{_WRITTEN.format(p='a')}\s*", 0)
_WRITTEN_PERIOD = (
    rf"\s*{_WRITTEN.format(p='a')}\s*(?:[-\u2013\u2014]|till|t\.?\s?o\.?\s?m\.?)\s*"
    rf"{_WRITTEN.format(p='b')}\s*",
    re.IGNORECASE,
)
_WRITTEN_FORMS = "ÅÅÅÅ-MM-DD, t.ex. 2025-12-31 (20251231 och 2025.12.31 går också)"


def parse_written_date(text: str) -> date:
    """A date as an owner types one into insats.yaml: 2023-01-01, 2023.01.01 or 20230101.

    Stricter than `parse_date` on purpose: a YAML value holds the date and nothing
    else, so a place name or a second date beside it is refused, never dropped.
    """
    match = _pattern(_WRITTEN_DATE).fullmatch(text)
    if match is None:
        raise DateParseError(
            f'Värdet "{_short(text)}" är inget datum. Skriv datum som {_WRITTEN_FORMS}.', text
        )
    found = _written(match, "a")
    if found is None:
        raise DateParseError(
            f'Datumet "{_short(text)}" finns inte i kalendern. Skriv datum som {_WRITTEN_FORMS}.',
            text,
        )
    return found


def parse_written_period(text: str) -> tuple[date, date]:
    """Two written dates joined by a dash or `till`: `20230101–20231231`, `2023.01.01 till …`."""
    match = _pattern(_WRITTEN_PERIOD).fullmatch(text)
    start = _written(match, "a") if match else None
    end = _written(match, "b") if match else None
    if start is None or end is None:
        raise DateParseError(
            f'Perioden "{_short(text)}" kan inte läsas. Skriv den som '
            "{från: 2025-01-01, till: 2025-12-31} (eller som 2025-01-01 – 2025-12-31).",
            text,
        )
    return start, end


def _written(match: re.Match[str], prefix: str) -> date | None:
    if match[f"{prefix}y"]:
        return _safe_date(match[f"{prefix}y"], match[f"{prefix}m"], match[f"{prefix}d"])
    return _safe_date(match[f"{prefix}cy"], match[f"{prefix}cm"], match[f"{prefix}cd"])


def _short(text: str) -> str:
    from reportgen.formatting import printable

    return printable(text, 60)


def find_signature_date(text: str | None) -> date | None:
    """The first real date in a signature line, or None: a missing date is a finding, not a crash.

    Dates that do not exist in the calendar are skipped, so a telephone or
    organisation number next to the place name cannot pass for a date.
    """
    if not text:
        return None
    for found in _scan(text):
        if found.day is not None:
            return found.day
    return None


def parse_period(text: str) -> tuple[date, date]:
    """Read a start and an end date from one of the period forms of §4.3.

    Month-only forms cover whole months (`jan-december 2023` is 2023-01-01 to
    2023-12-31) and a bare year covers the calendar year, because that is what
    a writer of "Tidsperiod: 2023" means.
    """
    if not isinstance(text, str):
        raise DateParseError(f'Perioden "{text}" kunde inte tolkas. {_PERIOD_FORM}', str(text))

    if not text.strip():
        raise DateParseError(f'Perioden "{text}" är tom. {_PERIOD_FORM}', text)
    scanned = _scan(text)
    found = [f for f in scanned if f.day is not None or f.month is not None]
    invalid = [f for f in scanned if f.day is None and f.month is None]
    if len(found) == 2:
        return _pair(text, found[0], found[1])
    if len(found) > 2:
        raise DateParseError(
            f'Perioden "{text}" innehåller fler än två datum. {_PERIOD_FORM}', text
        )
    if invalid:
        raise DateParseError(
            f'Perioden "{text}" innehåller ett datum som inte finns i kalendern '
            f'("{invalid[0].text}"). {_PERIOD_FORM}',
            text,
        )
    if found:
        raise DateParseError(
            f'Perioden "{text}" har bara ett datum; både start och slut behövs. {_PERIOD_FORM}',
            text,
        )

    clean = _clean(text)
    if match := _pattern(_MONTH_RANGE).search(clean):
        _refuse_other_months(text, clean, match)
        end_year = int(match["y2"])
        first = _month_number(match["m1"])
        last = _month_number(match["m2"])
        if match["y1"]:
            start_year = int(match["y1"])
        else:
            start_year = end_year if first <= last else end_year - 1
        return _first_day(start_year, first), _last_day(end_year, last)
    if match := _pattern(_SINGLE_MONTH).search(clean):
        _refuse_other_months(text, clean, match)
        year, month = int(match["y"]), _month_number(match["m"])
        return _first_day(year, month), _last_day(year, month)
    if _pattern(_BARE_YEAR).fullmatch(clean.strip()):
        year = int(clean.strip())
        return date(year, 1, 1), date(year, 12, 31)
    raise DateParseError(f'Perioden "{text}" kunde inte tolkas. {_PERIOD_FORM}', text)


def _pair(text: str, start: _Found, end: _Found) -> tuple[date, date]:
    """Two dates; a start without a year ("1 januari – 31 december 2023") takes the end's."""
    if end.day is None:
        raise DateParseError(f'Perioden "{text}" saknar år för slutdatumet. {_PERIOD_FORM}', text)
    if start.day is not None:
        return start.day, end.day
    assert start.month is not None  # a yearless "d month" always has its month
    for year in (end.day.year, end.day.year - 1):
        candidate = _make_text_date(year, start.month, start.day_of_month, start.last_of_month)
        if candidate is not None and candidate <= end.day:
            return candidate, end.day
    raise DateParseError(
        f'Perioden "{text}" innehåller ett datum som inte finns i kalendern. {_PERIOD_FORM}', text
    )


def _refuse_other_months(text: str, clean: str, match: re.Match[str]) -> None:
    """ "maj-juni samt nov-dec 2021" is two periods; reading only the second would hide one."""
    outside = clean[: match.start()] + " " + clean[match.end() :]
    if _pattern(_ANY_MONTH).search(outside):
        raise DateParseError(
            f'Perioden "{text}" innehåller mer än en period. Ange en sammanhängande period. '
            f"{_PERIOD_FORM}",
            text,
        )


def _clean(text: str) -> str:
    return _SPACES.sub(" ", _NOISE.sub(" ", text))


def _scan(text: str) -> list[_Found]:
    """Every date-like piece of the text, in order, valid or not."""
    return [_interpret(match) for match in _pattern(_DATE).finditer(_clean(text))]


def _interpret(match: re.Match[str]) -> _Found:
    piece = match.group(0)
    if match["iso_y"]:
        return _Found(piece, _safe_date(match["iso_y"], match["iso_m"], match["iso_d"]))
    if match["c_y"]:
        return _Found(piece, _safe_date(match["c_y"], match["c_m"], match["c_d"]))
    if match["dm_d"]:
        year = match["dm_y"] or match["dm_y4"]
        full_year = year if len(year) == 4 else f"20{year}"
        return _Found(piece, _safe_date(full_year, match["dm_m"], match["dm_d"]))
    if match["s_y"]:
        return _Found(piece, _safe_date(f"20{match['s_y']}", match["s_m"], match["s_d"]))

    month = _month_number(match["t_mon"])
    last = bool(match["t_last"])
    day_of_month = None if last else int(match["t_d"])
    if match["t_y"] is None:
        # Not a date by itself, but half of "1 januari – 31 december 2023".
        return _Found(piece, None, month, day_of_month, last)
    day = _make_text_date(int(match["t_y"]), month, day_of_month, last)
    return _Found(piece, day)


def _make_text_date(year: int, month: int, day: int | None, last: bool) -> date | None:
    if last:
        return _last_day(year, month)
    return _safe_date(str(year), str(month), str(day))


def _safe_date(year: str, month: str, day: str) -> date | None:
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        return None


def _month_number(word: str) -> int:
    return MONTHS[word.rstrip(".").lower()]


def _first_day(year: int, month: int) -> date:
    return date(year, month, 1)


def _last_day(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])
