"""Recognise Swedish personnummer, so that a participant sheet holding one is refused.

Participant data must stay pseudonymous (GDPR; domain.md §6.1): the team's
sheet may carry a running number or code, never a personnummer. Anything of
the form YYMMDD-XXXX or YYYYMMDDXXXX (dash, plus or space optional) whose date
part is a real month and day counts – also samordningsnummer (day + 60) and
numbers, since Excel stores 8501011234 typed into a cell as a number. No
checksum is required: a mistyped personnummer is still one.
"""

from __future__ import annotations

import re
from typing import Any

__all__ = ["looks_like_personnummer"]

_PERSONNUMMER = re.compile(r"(?<!\d)(\d{6}|\d{8})[-+ ]?(\d{4})(?!\d)")


def looks_like_personnummer(value: Any) -> bool:
    """True for YYMMDD-XXXX, YYYYMMDDXXXX and the like, with a real month and day.

    Samordningsnummer (day + 60) count too. Numbers count as well as text,
    because Excel stores 8501011234 typed into a cell as a number.
    """
    if isinstance(value, bool) or value is None:
        return False
    if isinstance(value, float):
        if not value.is_integer():
            return False
        value = int(value)
    if isinstance(value, int):
        text = str(abs(value))
        return len(text) in (10, 12) and _date_part_valid(text[:-4])
    if isinstance(value, str):
        if len(value) < 10:  # ten digits at least; most cells ("K", "Ja") stop here
            return False
        return any(_date_part_valid(m.group(1)) for m in _PERSONNUMMER.finditer(value))
    return False


def _date_part_valid(digits: str) -> bool:
    if len(digits) == 8:
        if not 1900 <= int(digits[:4]) <= 2099:
            return False
        digits = digits[2:]
    month, day = int(digits[2:4]), int(digits[4:6])
    return 1 <= month <= 12 and (1 <= day <= 31 or 61 <= day <= 91)
