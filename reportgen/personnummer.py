"""One detector for Swedish personnummer, used on every text reportgen reads.

Participant data must stay pseudonymous (GDPR; domain.md §6.1) and a report
must carry none: a workbook holding a personnummer is refused (D004), and a
free text in insats.yaml or a submitted Word report that holds one is a `fel`
at its place. Findings never repeat the number.

What counts, in text: six or eight digits of a real date (YYMMDD or
YYYYMMDD, year 1900–2099; a samordningsnummer has day + 60), then four digits,
with or without a separator between them – hyphen, plus, en or em dash, minus
sign, spaces of every kind, even " - ". Numbers count too, since Excel stores
8501011234 typed into a cell as a number; in a column of ids a number may also
have lost its leading zeros (000101-1234 → 1011234).

`checksum=True` also requires the Luhn check digit (the last digit). Free text
is scanned that way, to keep false alarms down: a phone number or an order
number there rarely passes both the date and the checksum. A participant sheet
is scanned without it: anything of the form in a row of participant data is one
too many, mistyped or not.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

__all__ = [
    "PERSONNUMMER_HEADER_WORDS",
    "find_personnummer",
    "looks_like_personnummer",
    "may_hold_personnummer",
]

_SPACE = "[ \\t\\u00a0\\u2007\\u2009\\u202f]"
_SEPARATOR = "[-+\\u2010\\u2011\\u2012\\u2013\\u2014\\u2212]"
_PATTERN = re.compile(
    rf"(?<![\d])(?P<date>(?:19|20)?\d{{6}}){_SPACE}*(?:{_SEPARATOR}{_SPACE}*)?(?P<last>\d{{4}})(?!\d)"
)

_CANDIDATE = re.compile(rf"\d{{6}}{_SPACE}*(?:{_SEPARATOR}{_SPACE}*)?\d{{4}}")
"""What every match of _PATTERN contains (its date's last six digits onward), without the
look-behind that keeps the regex engine from skipping to the digits: five times faster on
text, and most texts have no candidate at all."""

PERSONNUMMER_HEADER_WORDS = ("personnummer", "samordningsnummer", "personnr", "persnr", "pnr")
"""Folded column headers (letters only) that announce personnummer: `Person-nummer`."""


def find_personnummer(text: str, *, checksum: bool = True) -> Iterator[int]:
    """Start offsets of everything in `text` that looks like a personnummer."""
    if len(text) < 10:  # ten digits at least; most cells ("K", "Ja") stop here
        return
    if not may_hold_personnummer(text):
        return
    for match in _PATTERN.finditer(text):
        digits = match.group("date") + match.group("last")
        if _plausible(digits, checksum=checksum):
            yield match.start()


def may_hold_personnummer(text: str) -> bool:
    """False when no part of `text` can be a personnummer: a quick look before
    `find_personnummer`, also over many texts joined by newlines (no match spans one)."""
    return _CANDIDATE.search(text) is not None


def looks_like_personnummer(value: Any, *, checksum: bool = False, id_column: bool = False) -> bool:
    """True for a cell value of the form YYMMDD-XXXX, YYYYMMDDXXXX and the like.

    Numbers count as well as text. In an id column (`id_column`), a number of
    seven to nine digits is read as one that lost its leading zeros, and then
    must pass the checksum too: running numbers are common there.
    """
    if isinstance(value, bool) or value is None:
        return False
    if isinstance(value, float):
        if not value.is_integer() or abs(value) >= 1e13:
            return False
        value = int(value)
    if isinstance(value, int):
        text = str(abs(value))
        if len(text) in (10, 12):
            return _plausible(text, checksum=checksum)
        if id_column and 7 <= len(text) <= 9:
            return _plausible(text.zfill(10), checksum=True)
        return False
    if isinstance(value, str):
        return next(find_personnummer(value, checksum=checksum), None) is not None
    return False


def _plausible(digits: str, *, checksum: bool) -> bool:
    """A real date part (day + 60 for samordningsnummer) and, if asked, the Luhn digit."""
    if len(digits) == 12:
        if not 1900 <= int(digits[:4]) <= 2099:
            return False
        digits = digits[2:]
    month, day = int(digits[2:4]), int(digits[4:6])
    if not (1 <= month <= 12 and (1 <= day <= 31 or 61 <= day <= 91)):
        return False
    return not checksum or _luhn_valid(digits)


def _luhn_valid(digits: str) -> bool:
    """The check digit of YYMMDDNNNC: weights 2,1,2,1… over the ten digits, sum ≡ 0 mod 10."""
    total = 0
    for position, char in enumerate(digits):
        product = int(char) * (2 if position % 2 == 0 else 1)
        total += product - 9 if product > 9 else product
    return total % 10 == 0
