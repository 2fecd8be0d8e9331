"""Read amounts of money the way Swedish reports actually write them (domain.md §4.1).

Hand-filled reports write the same sum as `709000`, `709 000 kr`, `912 000:-`,
`709 000 kr för 2023` or `1 250 tkr`, and the YAML author copies whatever the
report says. Every such form must give the same number, and anything that is not
clearly one amount must be refused with a message that quotes it: a value read
wrongly (or as a silent zero) would make the budget checks lie.

Decisions beyond the letter of the specification:

* The decimal mark is a comma. A dot followed by exactly three digits is a
  thousands separator (`709.000` = 709 000, `1.250.000` = 1 250 000), because
  Swedish writers use it that way. Any other single dot is a decimal point
  (`7.5`, `7.25`), since nobody groups thousands in twos or fours.
* Space groups after the first must have exactly three digits; the first group
  may be longer (`1000 000`, the "irregular grouping" of §4.1).
* A unit in the cell (`kr`, `tkr`, `SEK`, ...) wins over the column multiplier:
  `110 tkr` under a TSEK header is still 110 000, and `915 kr` is 915.
* A remark must be words (`709 000 kr för 2023`) or a parenthesis. A remark
  that offers another figure (`/ 650 000`, `eller 650 000`, `- 650 000` ...) is
  refused, since the cell then holds two amounts and only a person can say
  which one counts. `ca`, `cirka`, `drygt` ... before the number are refused
  for the same reason: the report needs the exact figure.
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import cache
from typing import Any, NamedTuple

from reportgen.formatting import printable

__all__ = [
    "AmountError",
    "ParsedAmount",
    "amount_value",
    "is_blank_amount",
    "parse_amount",
]

_HOW_TO_WRITE = "Skriv beloppet i kronor, t.ex. 709 000 eller 709 000 kr."

MAX_AMOUNT = Decimal(10) ** 12
"""No intervention has a trillion kronor: a larger figure is a typo (or a hostile file)."""
MAX_AMOUNT_TEXT = 1_000
"""Characters of a cell read as an amount, remark included."""


class AmountError(ValueError):
    """An amount that cannot be read; the message is complete Swedish and quotes the value.

    The raw text is kept in `value` so that a check can point at the very cell,
    and the exception survives pickling because batch runs use worker processes.
    """

    def __init__(self, message: str, value: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.value = value

    def __reduce__(self) -> tuple[type[AmountError], tuple[str, str]]:
        return (type(self), (self.message, self.value))


class ParsedAmount(NamedTuple):  # not a frozen dataclass: ~0.5 ms less at start-up
    """An amount in kronor together with whatever the writer added after it.

    The remark is kept because it often *is* the specification the funder asks
    for ("lön, kostnader för IT- och telefoni samt lokalkostnad").
    """

    value: Decimal
    remark: str | None = None


# Every kind of space a word processor puts between digit groups becomes ASCII.
_SPACES = (r"[\s\u00a0\u2007\u2009\u202f]+", 0)
_MINUS_SIGNS = "-\u2212"

# Unit words, lower case, and how many kronor one unit is.
_UNITS: dict[str, int] = {
    "kr": 1,
    "kr.": 1,
    "kronor": 1,
    "sek": 1,
    "tkr": 1000,
    "tkr.": 1000,
    "tsek": 1000,
    "ksek": 1000,
    "mkr": 1_000_000,
    "mnkr": 1_000_000,
    "msek": 1_000_000,
}
_UNIT_PATTERN = "|".join(re.escape(u) for u in sorted(_UNITS, key=len, reverse=True))

_AMOUNT = (
    rf"""
    (?P<sign>[+\-\u2212]?)\s?
    (?P<int>\d+(?:[ .]\d+)*)
    (?:,(?P<frac>\d+))?
    (?:\s?(?P<unit>{_UNIT_PATTERN})(?![\w.]))?
    (?P<jamnt>\s?[:,]\s?[-\u2013])?      # "912 000:-", "912 000: -", "500,-"
    (?P<rest>.*)
    """,
    re.VERBOSE | re.IGNORECASE | re.DOTALL,
)

# Words that introduce a second amount rather than a comment on the first one.
_ALTERNATIVE_WORDS = (
    r"^(?:eller|el\.?|alt\.?|alternativt|till|à|resp\.?|respektive|och|plus|minus)(?!\w)",
    re.IGNORECASE,
)
_APPROXIMATE = (
    r"^(?:ca\.?|cirka|c:a|ungefär|ungef\.?|runt|omkring|drygt|knappt|max\.?|min\.?|~|≈)(?:\s|\d|$)",
    re.IGNORECASE,
)
_EXPONENT = (r"[+\-\u2212]?\d+(?:[.,]\d*)?[eE][+\-]?\d+", 0)
_SEPARATOR_BEFORE_REMARK = (r"^[,;:\u2013-]\s+", 0)


@cache
def _pattern(source: tuple[str, int]) -> re.Pattern[str]:
    """`source` (pattern, flags) compiled on first use: the six patterns cost ~1.5 ms
    to compile, and most commands read no amount written as text."""
    return re.compile(*source)


def is_blank_amount(raw: Any) -> bool:
    """An empty cell is not an error by itself: only the caller knows if a value is required."""
    if raw is None:
        return True
    return isinstance(raw, str) and not _pattern(_SPACES).sub("", raw)


def amount_value(raw: Any, *, multiplier: int = 1) -> Decimal:
    """Most callers want the number only; the remark matters to the cost table alone."""
    return parse_amount(raw, multiplier=multiplier).value


def parse_amount(raw: Any, *, multiplier: int = 1) -> ParsedAmount:
    """Read one amount, or raise `AmountError` with a Swedish message that quotes it.

    `multiplier` is the unit a column header states once for all its cells
    ("Utfall TSEK" → 1000); a unit written in the cell itself takes precedence.
    """
    if isinstance(raw, bool):
        # YAML turns `ja`/`yes` into True; a truth value is never an amount.
        raise AmountError(f'Beloppet "{_quoted(raw)}" är inte ett tal. {_HOW_TO_WRITE}', str(raw))
    if isinstance(raw, int):
        parsed = ParsedAmount(_tidy(Decimal(raw) * multiplier))
    elif isinstance(raw, float | Decimal):
        parsed = ParsedAmount(_parse_number(raw, multiplier))
    elif raw is None:
        raise AmountError(f'Beloppet "" är tomt. {_HOW_TO_WRITE}', "")
    elif not isinstance(raw, str):
        raise AmountError(f'Beloppet "{_quoted(raw)}" är inte ett tal. {_HOW_TO_WRITE}', str(raw))
    elif len(raw) > MAX_AMOUNT_TEXT:
        raise AmountError(
            f'Beloppet "{_quoted(raw)}" är {len(raw)} tecken långt och inget belopp. '
            f"{_HOW_TO_WRITE}",
            raw[:MAX_AMOUNT_TEXT],
        )
    else:
        parsed = _parse_text(raw, multiplier)
    if abs(parsed.value) >= MAX_AMOUNT:
        raise AmountError(
            f'Beloppet "{_quoted(raw)}" är orimligt stort (minst 1 000 000 000 000 kr). '
            "Kontrollera att det är rätt skrivet, i kronor.",
            str(raw)[:MAX_AMOUNT_TEXT],
        )
    return parsed


def _quoted(raw: Any) -> str:
    """The value as a message may quote it: escaped, and short even if it is not."""
    return printable(raw if isinstance(raw, str) else str(raw), 60)


def _parse_number(raw: float | Decimal, multiplier: int) -> Decimal:
    """Floats go through str() so that 0.1 stays 0.1 instead of its binary approximation."""
    number = Decimal(str(raw)) if isinstance(raw, float) else raw
    if not number.is_finite():
        raise AmountError(f'Beloppet "{_quoted(raw)}" är inte ett tal. {_HOW_TO_WRITE}', str(raw))
    return _tidy(number * multiplier)


def _parse_text(raw: str, multiplier: int) -> ParsedAmount:
    text = _pattern(_SPACES).sub(" ", raw).strip()
    if not text:
        raise AmountError(f'Beloppet "{_quoted(raw)}" är tomt. {_HOW_TO_WRITE}', raw)
    if _pattern(_EXPONENT).fullmatch(text):
        raise AmountError(
            f'Beloppet "{_quoted(raw)}" är skrivet med exponent (e). {_HOW_TO_WRITE}', raw
        )
    if _pattern(_APPROXIMATE).match(text):
        raise AmountError(
            f'Beloppet "{_quoted(raw)}" är ungefärligt. Skriv det exakta beloppet i kronor, '
            "t.ex. 709 000 eller 709 000 kr.",
            raw,
        )

    match = _pattern(_AMOUNT).fullmatch(text)
    if match is None:
        raise AmountError(f'Beloppet "{_quoted(raw)}" är inte ett tal. {_HOW_TO_WRITE}', raw)

    number = _join_digits(raw, match.group("int"), match.group("frac"))
    remark = _remark(raw, match.group("rest"), attached=match.group("unit") is None)
    sign = match.group("sign")
    if sign and sign in _MINUS_SIGNS:
        number = -number
    unit = match.group("unit")
    factor = _UNITS[unit.lower()] if unit else multiplier
    return ParsedAmount(_tidy(number * factor), remark)


def _join_digits(raw: str, integer: str, fraction: str | None) -> Decimal:
    """Turn the digit groups into a number, refusing groupings a person would not write."""
    groups = re.split(r"[ .]", integer)
    separators = re.findall(r"[ .]", integer)
    bad_grouping = AmountError(
        f'Beloppet "{_quoted(raw)}" har en felaktig siffergruppering. Skriv tusental i '
        "grupper om tre siffror, t.ex. 1 250 000 eller 1 250 000 kr.",
        raw,
    )

    decimal_dot: str | None = None
    if "." in separators:
        dots_are_thousands = all(
            len(g) == 3 for g, s in zip(groups[1:], separators, strict=True) if s == "."
        )
        if not dots_are_thousands:
            # One dot, last, not followed by three digits, no comma: a decimal point (7.5).
            if separators.count(".") != 1 or separators[-1] != "." or fraction is not None:
                raise bad_grouping
            decimal_dot = groups.pop()
            separators.pop()
        elif " " in separators:
            # "1 234.567": is the dot a decimal point or a second kind of thousands separator?
            raise bad_grouping

    if any(len(g) != 3 for g in groups[1:]):
        raise bad_grouping
    digits = "".join(groups)
    decimals = fraction if fraction is not None else decimal_dot
    return Decimal(f"{digits}.{decimals}" if decimals else digits)


def _remark(raw: str, rest: str, *, attached: bool) -> str | None:
    """Keep a comment after the amount, but refuse anything that could be a second amount."""
    stripped = rest.strip()
    if stripped in ("", "."):
        return None  # nothing, or the full stop of a sentence
    glued = attached and not rest[0].isspace() and not stripped.startswith("(")
    if glued and not re.search(r"\d", rest):
        # "12abc": the text is glued to the digits, so it is not a remark.
        raise AmountError(f'Beloppet "{_quoted(raw)}" är inte ett tal. {_HOW_TO_WRITE}', raw)
    if stripped.startswith("("):
        if stripped.endswith(")") and enclosed_in_brackets(stripped):
            return stripped[1:-1].strip() or None
        return stripped  # "(it) för 2023": the whole text is the remark
    stripped = _pattern(_SEPARATOR_BEFORE_REMARK).sub("", stripped)
    offers_alternative = _pattern(_ALTERNATIVE_WORDS).match(stripped) and re.search(r"\d", stripped)
    if glued or not stripped[:1].isalpha() or offers_alternative:
        raise AmountError(
            f'Beloppet "{_quoted(raw)}" innehåller mer än ett belopp eller tecken som inte hör '
            "till ett belopp. Skriv ett belopp per cell, t.ex. 709 000 kr, och en kommentar efter "
            "beloppet, t.ex. 709 000 kr för 2023.",
            raw,
        )
    return stripped


def enclosed_in_brackets(text: str) -> bool:
    """True when the first bracket closes at the very end: "(a (b) c)", not "(a) och (b)"."""
    depth = 0
    for position, char in enumerate(text):
        depth += char == "("
        depth -= char == ")"
        if depth == 0 and position < len(text) - 1:
            return False
    return depth == 0


def _tidy(value: Decimal) -> Decimal:
    """Whole amounts get exponent 0, so `1,5 tkr` compares and prints as 1500, not 1500.0."""
    if value == 0:
        return Decimal(0)  # no "-0" from "-0" or "−0 kr"
    integral = value.to_integral_value()
    return integral if value == integral else value
