"""What a cell's XML says its value is, as openpyxl's reader (data_only) converted it.

The sheet reader (`xlsx`) reads the common cells – numbers without a date
style, shared and inline strings – in line, for speed; everything else comes
here: numbers in a date style (the date, a time of day, or a duration), the
booleans, ISO dates and texts of the rarer cell types, and the damage no
program writes (a number that is none, a string index past the table), which
refuses the workbook with the reason in Swedish.
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from reportgen.sources.excel.package import Damaged
from reportgen.sources.excel.serials import from_excel

__all__ = ["Styles", "dated", "iso_value", "missing_string", "number", "other_value"]


class Styles:
    """Which cell styles show dates (and durations), by the `s` attribute as written."""

    def __init__(self, dates: frozenset[int], durations: frozenset[int]) -> None:
        self.dates = dates
        self.durations = durations
        self._known: dict[str, tuple[bool, bool]] = {}

    def of(self, style: str | None) -> tuple[bool, bool]:
        """(shows a date, shows a duration) for a cell's `s` attribute."""
        if style is None or not self.dates:
            return False, False
        found = self._known.get(style)
        if found is None:
            if not style.isdecimal():
                raise Damaged(f"en cell har formatet '{style[:20]}', som inte finns")
            index = int(style)
            found = (index in self.dates, index in self.durations)
            self._known[style] = found
        return found


def dated(number: int | float, style: str, styles: Styles, epoch: datetime) -> Any:
    """A number in a cell whose style shows a date: the date (or time, or duration)."""
    is_date, is_duration = styles.of(style)
    if not is_date:
        return number
    try:
        return from_excel(number, epoch, duration=is_duration)
    except (OverflowError, ValueError):
        return "#VALUE!"  # marked as a date, but no date has this serial (as openpyxl read it)


def other_value(kind: str, text: str) -> Any:
    """The value of a cell of another type than number or string, as openpyxl read it."""
    if kind == "b":
        if text.strip() not in ("0", "1"):
            raise Damaged(f"en cell har värdet '{text[:20]}', som inte är sant eller falskt")
        return text.strip() == "1"
    if kind == "d":
        return iso_value(text)
    return text  # str (a formula's text), e (an error such as #N/A)


def number(text: str) -> int | float:
    """A number cell's text as openpyxl read it: a float if it has a point or an exponent."""
    try:
        return float(text) if "." in text or "e" in text or "E" in text else int(text)
    except ValueError:
        raise Damaged(f"en talcell har värdet '{text[:20]}', som inte är ett tal") from None


def missing_string(index: str) -> str:
    """Raise for a shared-string index past the table (or no index at all)."""
    raise Damaged(f"en cell pekar på text nummer {index[:20]}, som inte finns")


def iso_value(text: str) -> date | datetime | time:
    """A `t="d"` cell's ISO 8601 value (Strict OOXML writes dates so)."""
    text = text.strip().removesuffix("Z")
    try:
        if "T" in text:
            return datetime.fromisoformat(text)
        if ":" in text:
            return time.fromisoformat(text)
        return date.fromisoformat(text)
    except ValueError:
        raise Damaged(f"en datumcell har värdet '{text[:30]}', som inte är ett datum") from None
