"""Swedish output formatting for generated reports (numbers, amounts, shares, dates).

Everything reportgen writes goes through here, so a report shows `660 000 kr`,
`0,75` and `39 %` the same way everywhere and a reader can parse it back with
`reportgen.amounts`. Grouping and the decimal comma come from babel's `sv_SE`
data; rounding is done here first, half-up, because that is how people check a
share by hand (12,5 % is shown as 13 %, never as babel's banker's 12 %).

Two characters are normalised, whatever the installed CLDR version says:

* the group separator is always NBSP (U+00A0), so Word never breaks a number
  across lines and the amount parser reads it back;
* the minus sign is always ASCII "-", as in the submitted reports ("-100%"),
  so that copied values stay searchable and parseable.

babel is imported lazily: importing it and loading the Swedish locale costs
about 40 ms, which every CLI start would otherwise pay even for `--help`.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, localcontext
from functools import lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from babel import Locale
    from babel.numbers import NumberPattern

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

# What babel or CLDR may emit, and what we write instead.
_GROUP_LOOKALIKES = (" ", "\u202f", "\u2009", "\u2007")
_MINUS_LOOKALIKES = ("\u2212", "\u2012", "\u2013")


def round_half_up(value: Decimal | float | int, decimals: int = 0) -> Decimal:
    """Round the way a reader checks by hand; Python's round() and babel round half-even.

    Floats go through str() so that 2.675 (stored as 2.67499...) rounds to 2.68,
    as the writer of "2.675" intended.
    """
    number = _to_decimal(value)
    with localcontext() as context:
        context.prec = max(28, number.adjusted() + decimals + 2)
        rounded = number.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    return rounded if rounded else abs(rounded)  # never "-0"


def format_number(value: Decimal | float | int | None, decimals: int = 0) -> str:
    """A number with decimal comma and NBSP grouping, exactly `decimals` decimals."""
    if value is None:
        return ""
    return _babel_format(round_half_up(value, decimals), decimals)


def format_amount(value: Decimal | float | int | None, *, unit: str | None = None) -> str:
    """Kronor as in the funder's template: whole kronor without decimals, öre only when present.

    `unit` is joined with NBSP so that "kr" never ends up alone on the next line.
    """
    if value is None:
        return ""
    rounded = round_half_up(value, 2)
    decimals = 0 if rounded == rounded.to_integral_value() else 2
    text = _babel_format(round_half_up(rounded, decimals), decimals)
    return f"{text}{NBSP}{unit}" if unit else text


def format_fte(value: Decimal | float | int) -> str:
    """Staffing as reports write it: "1,0", "0,5", "0,75" – one decimal, two when needed."""
    rounded = round_half_up(value, 2)
    decimals = 1 if rounded == round_half_up(rounded, 1) else 2
    return _babel_format(round_half_up(rounded, decimals), decimals)


def format_percent(value: Decimal | float | int | None, decimals: int = 0) -> str:
    """A value already in percent (38.5 → "39 %"), with NBSP before the sign as in Swedish."""
    if value is None:
        return ""
    return f"{format_number(value, decimals)}{NBSP}%"


def share_percent(count: int, base: int, decimals: int = 0) -> Decimal | None:
    """count/base × 100, rounded half-up; None for a zero base, which has no share to show.

    The division is done in Decimal: a share is exactly .5 only when base has
    no prime factors other than 2 and 5, and then the Decimal quotient is exact,
    so half-up rounding is never defeated by a float's 12.4999....
    """
    if base == 0:
        return None
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
_NONCHARACTERS = "".join(
    f"{chr(plane << 16 | 0xFFFE)}{chr(plane << 16 | 0xFFFF)}" for plane in range(1, 17)
)
_FORBIDDEN = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff"
    + _NONCHARACTERS
    + "]"
)
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
    found = _FORBIDDEN.search(text)
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
    if isinstance(value, bool) or not isinstance(value, Decimal | int | float):
        raise TypeError(f"expected a number, got {type(value).__name__}: {value!r}")
    number = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
    if not number.is_finite():
        raise ValueError(f"cannot format a non-finite number: {value!r}")
    return number


def _babel_format(value: Decimal, decimals: int) -> str:
    """Group and localise an already rounded value; babel only lays it out."""
    text = _pattern(decimals).apply(value, _locale())
    for lookalike in _GROUP_LOOKALIKES:
        text = text.replace(lookalike, NBSP)
    for lookalike in _MINUS_LOOKALIKES:
        text = text.replace(lookalike, "-")
    return text


@lru_cache(maxsize=8)
def _pattern(decimals: int) -> NumberPattern:
    from babel.numbers import parse_pattern

    return parse_pattern("#,##0" + ("." + "0" * decimals if decimals > 0 else ""))


@lru_cache(maxsize=1)
def _locale() -> Locale:
    from babel import Locale

    return Locale.parse(LOCALE)
