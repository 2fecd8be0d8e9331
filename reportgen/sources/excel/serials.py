"""Excel's numbers for places and days: column letters, cell references, serial dates.

Small and exact replacements for the three openpyxl helpers the reader used
(`get_column_letter`, `coordinate_to_tuple`, `from_excel`), so that reading a
workbook never imports openpyxl (and numpy with it): a one-off `reportgen
build` spent more time importing them than reading the file.

Serial dates follow Excel: in the 1900 date system day 1 is 1900-01-01 and
Excel counts a 29 February 1900 that never was (Lotus 1-2-3's leap-year bug),
so serials below 61 are one day off from a plain count from 1899-12-31; in the
1904 system (old Mac workbooks, `date1904` in workbook.xml) day 0 is
1904-01-01. Serial 60, the day that never was, is read as 1900-02-28, as
openpyxl read it.
"""

from __future__ import annotations

import re
from datetime import datetime, time, timedelta
from functools import lru_cache

__all__ = [
    "KNOWN_COLUMNS",
    "MAC_EPOCH",
    "WINDOWS_EPOCH",
    "column_index",
    "column_letter",
    "from_excel",
    "parse_reference",
]

WINDOWS_EPOCH = datetime(1899, 12, 30)
"""Day 0 of the 1900 date system, counted so that serials from 61 on need no correction."""
MAC_EPOCH = datetime(1904, 1, 1)
"""Day 0 of the 1904 date system."""

_MS_PER_DAY = 86_400_000
_REFERENCE = re.compile(r"\$?([A-Za-z]{1,3})\$?(\d+)")
_DIGITS = "0123456789"
KNOWN_COLUMNS: dict[str, int] = {}
"""`AB` -> 28 for the columns met so far (capitals only): a cell's column in one look-up."""


class BadReference(ValueError):
    """A cell reference that is no cell (`A0`, `1A`, `ABCD1`); the workbook is damaged."""


@lru_cache(maxsize=1024)
def column_letter(index: int) -> str:
    """1 -> A, 27 -> AA, 16384 -> XFD (bijective base 26)."""
    if index < 1:
        raise ValueError(f"Kolumn {index} finns inte")
    letters = ""
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


@lru_cache(maxsize=1024)
def column_index(letters: str) -> int:
    """A -> 1, aa -> 27, XFD -> 16384 (case-insensitive, letters only)."""
    index = 0
    for char in letters.upper():
        if not "A" <= char <= "Z":
            raise BadReference(f"'{letters}' är ingen kolumn")
        index = index * 26 + ord(char) - 64
    if index == 0:
        raise BadReference("tom kolumnbeteckning")
    return index


def parse_reference(reference: str) -> tuple[int, int]:
    """`B17` (or `$B$17`, `b17`) -> (row 17, column 2); BadReference if it names no cell.

    Called for every cell with a value, so the usual form (capitals, then digits)
    is read from a cache of the columns seen; anything else is checked in full.
    """
    letters = reference.rstrip(_DIGITS)
    column = KNOWN_COLUMNS.get(letters)
    if column is not None:
        row = int(reference[len(letters) :] or 0)
        if row:
            return row, column
    match = _REFERENCE.fullmatch(reference)
    if match is None or not int(match.group(2)):
        raise BadReference(f"cellreferensen '{reference[:20]}' är ogiltig")
    letters = match.group(1)
    column = column_index(letters)
    if letters.isupper() and len(KNOWN_COLUMNS) < 20_000:
        KNOWN_COLUMNS[letters] = column
    return int(match.group(2)), column


def from_excel(
    serial: float, epoch: datetime = WINDOWS_EPOCH, *, duration: bool = False
) -> datetime | time | timedelta:
    """An Excel serial day number as openpyxl read it: a datetime, a time of day
    (0 ≤ serial < 1), or a timedelta for a duration format (`[h]:mm`).

    Raises OverflowError or ValueError for a serial no date can have.
    """
    if serial.__class__ is int and not duration:
        return _whole_day(serial, epoch)
    return _converted(serial, epoch, duration)


@lru_cache(maxsize=8192)
def _whole_day(serial: int, epoch: datetime) -> datetime | time | timedelta:
    """A date without a time of day: the common serial, and one that repeats – a column of
    start dates, and a batch of a year's workbooks, uses a few hundred days. Kept by
    serial and epoch (the results are immutable); a serial no date has still raises."""
    return _converted(serial, epoch, False)


def _converted(serial: float, epoch: datetime, duration: bool) -> datetime | time | timedelta:
    if duration:
        span = timedelta(days=serial)
        if span.microseconds:  # to the millisecond, as Excel shows it
            span = timedelta(
                seconds=span.total_seconds() // 1, microseconds=round(span.microseconds, -3)
            )
        return span
    day, fraction = divmod(serial, 1)
    clock = timedelta(milliseconds=round(fraction * _MS_PER_DAY))
    if 0 <= serial < 1 and clock.days == 0:
        minutes, seconds = divmod(clock.seconds, 60)
        hours, minutes = divmod(minutes, 60)
        return time(hours, minutes, seconds, clock.microseconds)
    if 0 < serial < 60 and epoch == WINDOWS_EPOCH:
        day += 1  # before the 29 February 1900 Excel counts but that never was
    return epoch + timedelta(days=day) + clock
