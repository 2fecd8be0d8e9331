"""Numbers laid out without babel are byte for byte what babel's sv_SE layout gave.

`reference_*` below is reportgen.formatting as it was when every number went through
babel (localcontext rounding, babel's `#,##0.00` pattern for sv_SE, the group
separator and the minus sign normalised); the module's own layout and rounding must
give the same text – and the same Decimal, to its exponent – for every value here.
"""

from __future__ import annotations

import random
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation, localcontext
from functools import lru_cache
from typing import Any

import pytest
from babel import Locale
from babel.numbers import NumberPattern, parse_pattern

from reportgen import formatting
from reportgen.formatting import NBSP

_GROUP_LOOKALIKES = (" ", "\u202f", "\u2009", "\u2007")
_MINUS_LOOKALIKES = ("\u2212", "\u2012", "\u2013")


@lru_cache(maxsize=8)
def _pattern(decimals: int) -> NumberPattern:
    return parse_pattern("#,##0" + ("." + "0" * decimals if decimals > 0 else ""))


def reference_layout(value: Decimal, decimals: int) -> str:
    text = _pattern(decimals).apply(value, Locale.parse("sv_SE"))
    for lookalike in _GROUP_LOOKALIKES:
        text = text.replace(lookalike, NBSP)
    for lookalike in _MINUS_LOOKALIKES:
        text = text.replace(lookalike, "-")
    return text


def reference_round(value: Any, decimals: int = 0) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, Decimal | int | float):
        raise TypeError(value)
    number = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
    if not number.is_finite():
        raise ValueError(value)
    with localcontext() as context:
        context.prec = max(28, number.adjusted() + decimals + 2)
        rounded = number.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    return rounded if rounded else abs(rounded)


def reference_number(value: Any, decimals: int = 0) -> str:
    return reference_layout(reference_round(value, decimals), decimals)


def reference_amount(value: Any) -> str:
    rounded = reference_round(value, 2)
    decimals = 0 if rounded == rounded.to_integral_value() else 2
    return reference_layout(reference_round(rounded, decimals), decimals)


def reference_fte(value: Any) -> str:
    rounded = reference_round(value, 2)
    decimals = 1 if rounded == reference_round(rounded, 1) else 2
    return reference_layout(reference_round(rounded, decimals), decimals)


def reference_share(count: int, base: int, decimals: int = 0) -> Decimal | None:
    if base == 0:
        return None
    with localcontext() as context:
        context.prec = 50
        share = Decimal(count) * 100 / Decimal(base)
    return reference_round(share, decimals)


def values() -> list[Any]:
    """Zero, signs, every length up to 31 digits, halves, floats, Decimals of every exponent."""
    rng = random.Random(17)
    found: list[Any] = [0, 1, -1, 5, -5, 999, 1000, -1000, 10**27, -(10**30), 2**64]
    found += [10**n + k for n in range(1, 31) for k in (-1, 0, 1)]
    found += [-(10**n) for n in range(1, 31)]
    found += [rng.randint(-(10**12), 10**12) for _ in range(300)]
    texts = ["0.5", "-0.5", "1.5", "2.5", "-2.5", "0.05", "0.005", "-0.005", "0.0049", "12.345"]
    texts += ["1234.5", "1234.005", "-1234.995", "0.00", "-0.00", "1E+3", "1.23E+5", "5E-7"]
    texts += ["9999999.995", "-0.4", "123456789012345678901234567.5", "1E+40", "-7.5E+2"]
    found += [Decimal(t) for t in texts]
    found += [Decimal(rng.randint(-(10**9), 10**9)).scaleb(-rng.randint(0, 6)) for _ in range(300)]
    found += [0.1, 1.1, 2.675, -2.675, 709000.0, 1e15, 1.5e-7, -0.0, 0.125, 12.5, 1 / 3]
    found += [rng.uniform(-1e6, 1e6) for _ in range(200)]
    return found


VALUES = values()


def beyond_babel(value: Any, decimals: int) -> bool:
    """babel quantized in the default 28 digits: longer numbers raised InvalidOperation."""
    return reference_round(value, decimals).adjusted() + decimals + 1 > 28


@pytest.mark.parametrize("decimals", [0, 1, 2, 3, 4])
def test_numbers_and_percentages_are_laid_out_as_by_babel(decimals: int) -> None:
    for value in VALUES:
        if beyond_babel(value, decimals):
            with pytest.raises(InvalidOperation):
                reference_number(value, decimals)
            text = formatting.format_number(value, decimals)  # laid out all the same
            assert Decimal(text.replace(NBSP, "").replace(",", ".")) == reference_round(
                value, decimals
            )
            continue
        expected = reference_number(value, decimals)
        assert formatting.format_number(value, decimals) == expected, (value, decimals)
        assert formatting.format_percent(value, decimals) == f"{expected}{NBSP}%"
        rounded = formatting.round_half_up(value, decimals)
        assert str(rounded) == str(reference_round(value, decimals)), (value, decimals)


def test_amounts_and_staffing_are_laid_out_as_by_babel() -> None:
    for value in VALUES:
        if beyond_babel(value, 2):
            continue
        assert formatting.format_amount(value) == reference_amount(value), value
        assert formatting.format_amount(value, unit="kr") == f"{reference_amount(value)}{NBSP}kr"
        assert formatting.format_fte(value) == reference_fte(value), value


def test_shares_are_the_same_decimals_as_divided_in_decimal() -> None:
    rng = random.Random(3)
    pairs = [(count, base) for base in range(-12, 130) for count in range(-3, 131)]
    pairs += [(rng.randint(0, 10**14), rng.randint(1, 10**14)) for _ in range(2000)]
    pairs += [(10**16, 3), (7, 10**16), (1, 8), (1, 16), (5, 40), (1, 200), (1, 2000)]
    for decimals in (0, 1, 2, 3):
        for count, base in pairs:
            found = formatting.share_percent(count, base, decimals)
            expected = reference_share(count, base, decimals)
            assert str(found) == str(expected), (count, base, decimals)


def test_what_is_no_number_is_still_refused() -> None:
    for bad in (True, "12", None, float("nan"), float("inf"), Decimal("NaN")):
        if bad is None:
            assert formatting.format_number(bad) == ""
            continue
        with pytest.raises((TypeError, ValueError)):
            formatting.format_number(bad)
