"""Swedish output formatting for generated reports (numbers, amounts, shares, dates).

Everything reportgen writes goes through here, so a report shows `660 000 kr`,
`0,75` and `39 %` the same way everywhere and a reader can parse it back with
`reportgen.amounts`. Grouping and the decimal comma are babel's `sv_SE` layout;
rounding is done here first, half-up, because that is how people check a
share by hand (12,5 % is shown as 13 %, never as babel's banker's 12 %).

Two characters are normalised, whatever the installed CLDR version says:

* the group separator is always NBSP (U+00A0), so Word never breaks a number
  across lines and the amount parser reads it back;
* the minus sign is always ASCII "-", as in the submitted reports ("-100%"),
  so that copied values stay searchable and parseable.

Numbers are laid out here (`_layout`) exactly as babel laid them out once the
two characters above were normalised – tests/test_formatting_fast.py compares
the two over many values – rather than through babel: importing it and loading
the Swedish locale cost about 40 ms, and each number ~8 µs, some 200 a report.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Context, Decimal, localcontext
from functools import cache
from typing import Any

__all__ = [
    "EN_DASH",
    "LOCALE",
    "NBSP",
    "describe_character",
    "forbidden_character",
    "format_amount",
    "format_date",
    "format_fte",
    "format_number",
    "format_percent",
    "format_period",
    "printable",
    "round_half_up",
    "share_percent",
]

NBSP = "\u00a0"
EN_DASH = "\u2013"
LOCALE = "sv_SE"

_SWEDISH = str.maketrans({",": NBSP, ".": ","})
_FAST = Context(prec=28, rounding=ROUND_HALF_UP)
"""round_half_up's context when 28 digits hold the result, as they do every report figure."""
_STEPS = tuple(Decimal(1).scaleb(-decimals) for decimals in range(7))
_ZEROS = tuple(Decimal(0).scaleb(-decimals) for decimals in range(7))
_FAST_SHARE = 10**15
"""Counts and bases below this are divided as whole numbers in share_percent."""


def round_half_up(value: Decimal | float | int, decimals: int = 0) -> Decimal:
    """Round the way a reader checks by hand; Python's round() and babel round half-even.

    Floats go through str() so that 2.675 (stored as 2.67499...) rounds to 2.68,
    as the writer of "2.675" intended.
    """
    number = _to_decimal(value)
    precision = number.adjusted() + decimals + 2
    if precision <= _FAST.prec and 0 <= decimals < len(_STEPS):  # every report's figures
        rounded = number.quantize(_STEPS[decimals], rounding=ROUND_HALF_UP, context=_FAST)
    else:
        with localcontext() as context:
            context.prec = max(28, precision)
            rounded = number.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    return rounded if rounded else abs(rounded)  # never "-0"


def format_number(value: Decimal | float | int | None, decimals: int = 0) -> str:
    """A number with decimal comma and NBSP grouping, exactly `decimals` decimals."""
    if value is None:
        return ""
    if value.__class__ is int and not decimals:  # counts: most numbers in a report
        return f"{value:,}".replace(",", NBSP)
    return _layout(round_half_up(value, decimals), decimals)


def format_amount(value: Decimal | float | int | None, *, unit: str | None = None) -> str:
    """Kronor as in the funder's template: whole kronor without decimals, öre only when present.

    `unit` is joined with NBSP so that "kr" never ends up alone on the next line.
    """
    if value is None:
        return ""
    rounded = round_half_up(value, 2)
    decimals = 0 if rounded == rounded.to_integral_value() else 2
    text = _layout(round_half_up(rounded, decimals), decimals)
    return f"{text}{NBSP}{unit}" if unit else text


def format_fte(value: Decimal | float | int) -> str:
    """Staffing as reports write it: "1,0", "0,5", "0,75" – one decimal, two when needed."""
    rounded = round_half_up(value, 2)
    decimals = 1 if rounded == round_half_up(rounded, 1) else 2
    return _layout(round_half_up(rounded, decimals), decimals)


def format_percent(value: Decimal | float | int | None, decimals: int = 0) -> str:
    """A value already in percent (38.5 → "39 %"), with NBSP before the sign as in Swedish."""
    if value is None:
        return ""
    return f"{format_number(value, decimals)}{NBSP}%"


def share_percent(count: int, base: int, decimals: int = 0) -> Decimal | None:
    """count/base × 100, rounded half-up; None for a zero base, which has no share to show.

    The division is done in Decimal: a share is exactly .5 only when base has
    no prime factors other than 2 and 5, and then the Decimal quotient is exact,
    so half-up rounding is never defeated by a float's 12.4999.... A report's
    counts are divided in whole numbers instead, which is exact, and gives the same
    Decimal (tests/test_formatting_fast.py).
    """
    if base == 0:
        return None
    if (
        count.__class__ is int
        and base.__class__ is int
        and 0 <= decimals < len(_STEPS)
        and abs(count) < _FAST_SHARE
        and abs(base) < _FAST_SHARE
    ):
        quotient, remainder = divmod(abs(count) * 100 * 10**decimals, abs(base))
        if 2 * remainder >= abs(base):
            quotient += 1  # half-up: away from zero
        if (count < 0) != (base < 0):
            quotient = -quotient
        return Decimal(quotient).scaleb(-decimals, _FAST) if quotient else _ZEROS[decimals]
    with localcontext() as context:
        context.prec = 50
        share = Decimal(count) * 100 / Decimal(base)
    return round_half_up(share, decimals)


def format_date(value: date | None) -> str:
    """ISO 8601, the only date form generated reports use (domain.md §4.3)."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.date()
    return value.isoformat()


def format_period(start: date | None, end: date | None) -> str:
    """ "2025-01-01 – 2025-12-31": en dash with ordinary spaces, as the template asks.

    With one end missing the dash stays, so an open period reads as one
    ("2025-01-01 –" is ongoing) and not as a single day.
    """
    if start is None and end is None:
        return ""
    if end is None:
        return f"{format_date(start)} {EN_DASH}"
    if start is None:
        return f"{EN_DASH} {format_date(end)}"
    return f"{format_date(start)} {EN_DASH} {format_date(end)}"


# ---------------------------------------------------------------- text from users

# Characters that cannot stand in a report. XML 1.0 (Word, Excel) forbids the C0
# controls except tab, LF and CR, lone surrogates and U+FFFE/U+FFFF; the C1 controls
# and the other noncharacters are legal XML but never text – and a terminal obeys
# U+009B (CSI) as it obeys ESC [, so they are refused too.
NOT_XML_CHARACTER = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
"""What XML 1.0 does not allow in a document, and lone surrogates, which UTF-8 cannot hold
(a chart's alt text drops them; a rendered body holding one is parsed and repaired)."""
_NONCHARACTERS = "".join(
    f"{chr(plane << 16 | 0xFFFE)}{chr(plane << 16 | 0xFFFF)}" for plane in range(1, 17)
)
_FORBIDDEN = (
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff"
    + _NONCHARACTERS
    + "]"
)


@cache
def _forbidden() -> re.Pattern[str]:
    """_FORBIDDEN compiled on first use (~0.5 ms): checking a Word report never asks."""
    return re.compile(_FORBIDDEN)


# Shown escaped when a value is quoted in a message: the above, line breaks and tabs
# (a finding is one line) and the bidirectional controls that reorder what is shown.
_UNPRINTABLE = re.compile(
    "[\x00-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff"
    "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069" + _NONCHARACTERS + "]"
)
_SHORT_ESCAPES = {"\n": "\\n", "\t": "\\t", "\r": "\\r"}
_CONTROL_NAMES = {0x00: "NUL", 0x07: "BEL", 0x08: "BS", 0x1B: "ESC", 0x7F: "DEL", 0x9B: "CSI"}


def forbidden_character(text: str) -> int | None:
    """Where the first character that cannot stand in a report is, or None.

    Sources refuse such text with a finding at its place: written into Word or
    Excel it would make the file unreadable, echoed to a terminal it could
    rewrite the screen.
    """
    found = _forbidden().search(text)
    return found.start() if found else None


def describe_character(char: str) -> str:
    """`U+001B (ESC)`: a character named so that the user can find it, never the character."""
    code = ord(char)
    name = _CONTROL_NAMES.get(code)
    if name is None and 0xD800 <= code <= 0xDFFF:
        name = "en ensam halva av ett teckenpar"
    elif name is None and (0xFDD0 <= code <= 0xFDEF or code & 0xFFFE == 0xFFFE):
        name = "inget tecken"
    elif name is None:
        name = "ett osynligt styrtecken"
    return f"U+{code:04X} ({name})"


def printable(value: Any, limit: int = 60) -> str:
    """A user's value as it may be quoted in a message: escaped and at most `limit` long.

    Control characters, line breaks and bidirectional controls become `\\x1b`-style
    escapes, so a value typed into a file can never move the cursor, ring the
    bell or reorder a line of `reportgen check` output.
    """
    text = value if isinstance(value, str) else str(value)
    pieces: list[str] = []
    length = 0
    for char in text[:limit]:
        piece = _escaped(char) if _UNPRINTABLE.match(char) else char
        if length + len(piece) > limit:
            break
        pieces.append(piece)
        length += len(piece)
    shown = "".join(pieces)
    return shown if len(pieces) == len(text) else shown + "…"


def _escaped(char: str) -> str:
    code = ord(char)
    if char in _SHORT_ESCAPES:
        return _SHORT_ESCAPES[char]
    if code <= 0xFF:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def _to_decimal(value: Any) -> Decimal:
    kind = value.__class__
    if kind is Decimal:
        number = value
    elif kind is int:
        return Decimal(value)
    elif isinstance(value, bool) or not isinstance(value, Decimal | int | float):
        raise TypeError(f"expected a number, got {type(value).__name__}: {value!r}")
    else:
        number = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
    if not number.is_finite():
        raise ValueError(f"cannot format a non-finite number: {value!r}")
    return number


def _layout(value: Decimal, decimals: int) -> str:
    """An already rounded value grouped in threes by NBSP, with a decimal comma and "-".

    What babel's sv_SE pattern `#,##0.00` gave once its group separator and minus
    sign were normalised (see the module docstring), byte for byte – compared with
    babel itself over many values in tests/test_formatting_fast.py – without
    importing babel and loading its locale data (~40 ms) or laying out each number
    through it (~8 µs).
    """
    return f"{value:,.{decimals}f}".translate(_SWEDISH)
