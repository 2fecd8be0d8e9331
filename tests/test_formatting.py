"""Swedish output formatting: NBSP grouping, decimal comma, half-up rounding, ISO dates."""

from __future__ import annotations

import subprocess
import sys
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from reportgen.amounts import parse_amount
from reportgen.formatting import (
    EN_DASH,
    NBSP,
    format_amount,
    format_date,
    format_fte,
    format_number,
    format_percent,
    format_period,
    round_half_up,
    share_percent,
)


def test_constants() -> None:
    assert NBSP == "\u00a0"
    assert EN_DASH == "\u2013"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (660000, "660\u00a0000"),
        (Decimal("660000"), "660\u00a0000"),
        (8054364, "8\u00a0054\u00a0364"),
        (999, "999"),
        (1000, "1\u00a0000"),
        (0, "0"),
        (-5000, "-5\u00a0000"),
        (Decimal("1234.5"), "1\u00a0234,50"),
        (Decimal("1234.50"), "1\u00a0234,50"),
        (Decimal("0.05"), "0,05"),
        (Decimal("1234.00"), "1\u00a0234"),
        (Decimal("1234.999"), "1\u00a0235"),
        (Decimal("1234.005"), "1\u00a0234,01"),
        (1.1, "1,10"),
        (709000.0, "709\u00a0000"),
        (Decimal("-0.001"), "0"),
        (None, ""),
    ],
)
def test_format_amount(value: Decimal | int | float | None, expected: str) -> None:
    assert format_amount(value) == expected


@pytest.mark.parametrize(
    ("value", "unit", "expected"),
    [
        (660000, "kr", "660\u00a0000\u00a0kr"),
        (1250, "tkr", "1\u00a0250\u00a0tkr"),
        (Decimal("99.5"), "kr", "99,50\u00a0kr"),
        (None, "kr", ""),
        (660000, None, "660\u00a0000"),
        (660000, "", "660\u00a0000"),
    ],
)
def test_format_amount_with_unit(
    value: Decimal | int | None, unit: str | None, expected: str
) -> None:
    assert format_amount(value, unit=unit) == expected


@pytest.mark.parametrize(
    "value",
    [Decimal("660000"), Decimal("8054364"), Decimal("1234.50"), Decimal("-12500"), Decimal("0")],
)
def test_formatted_amounts_parse_back(value: Decimal) -> None:
    """What reportgen writes, reportgen must read: the generated report is checked too."""
    assert parse_amount(format_amount(value)).value == value
    assert parse_amount(format_amount(value, unit="kr")).value == value


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (1234, 0, "1\u00a0234"),
        (1234.5, 0, "1\u00a0235"),
        (2.5, 0, "3"),
        (3.5, 0, "4"),
        (-2.5, 0, "-3"),
        (-0.4, 0, "0"),
        (Decimal("1234.567"), 2, "1\u00a0234,57"),
        (Decimal("1234.565"), 2, "1\u00a0234,57"),
        (2.675, 2, "2,68"),
        (0.4, 1, "0,4"),
        (7, 1, "7,0"),
        (1_000_000, 1, "1\u00a0000\u00a0000,0"),
        (Decimal("-1234.5"), 1, "-1\u00a0234,5"),
        (None, 0, ""),
    ],
)
def test_format_number(value: Decimal | float | int | None, decimals: int, expected: str) -> None:
    assert format_number(value, decimals) == expected


@pytest.mark.parametrize("bad", ["12", True, float("nan"), float("inf")])
def test_format_number_refuses_non_numbers(bad: object) -> None:
    with pytest.raises((TypeError, ValueError)):
        format_number(bad)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (1.0, "1,0"),
        (1, "1,0"),
        (0.5, "0,5"),
        (0.75, "0,75"),
        (Decimal("0.4"), "0,4"),
        (Decimal("0.60"), "0,6"),
        (0.333, "0,33"),
        (0.125, "0,13"),
        (0.999, "1,0"),
        (12.5, "12,5"),
        (0, "0,0"),
    ],
)
def test_format_fte(value: float | Decimal, expected: str) -> None:
    assert format_fte(value) == expected


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (38.5, 0, "39\u00a0%"),
        (12.5, 0, "13\u00a0%"),
        (Decimal("12.5"), 0, "13\u00a0%"),
        (Decimal("0.5"), 0, "1\u00a0%"),
        (98, 0, "98\u00a0%"),
        (100, 1, "100,0\u00a0%"),
        (38.5, 1, "38,5\u00a0%"),
        (-100, 0, "-100\u00a0%"),
        (Decimal("21.428571"), 0, "21\u00a0%"),
        (0, 0, "0\u00a0%"),
        (None, 0, ""),
    ],
)
def test_format_percent(value: Decimal | float | None, decimals: int, expected: str) -> None:
    assert format_percent(value, decimals) == expected


@pytest.mark.parametrize(
    ("count", "base", "decimals", "expected"),
    [
        (1, 8, 0, Decimal("13")),  # 12.5 -> 13, not banker's 12
        (5, 40, 0, Decimal("13")),
        (3, 8, 0, Decimal("38")),  # 37.5 -> 38
        (3, 14, 0, Decimal("21")),
        (110, 262, 0, Decimal("42")),
        (1, 3, 1, Decimal("33.3")),
        (2, 3, 0, Decimal("67")),
        (1, 16, 1, Decimal("6.3")),  # 6.25 -> 6.3
        (0, 5, 0, Decimal("0")),
        (5, 5, 1, Decimal("100.0")),
        (7, 5, 0, Decimal("140")),
        (0, 0, 0, None),
        (3, 0, 1, None),
    ],
)
def test_share_percent(count: int, base: int, decimals: int, expected: Decimal | None) -> None:
    result = share_percent(count, base, decimals)
    assert result == expected
    if expected is not None:
        assert str(result) == str(expected)  # the precision asked for, no more


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (Decimal("12.5"), 0, Decimal("13")),
        (Decimal("13.5"), 0, Decimal("14")),
        (Decimal("-12.5"), 0, Decimal("-13")),
        (12.5, 0, Decimal("13")),
        (2.675, 2, Decimal("2.68")),
        (Decimal("2.665"), 2, Decimal("2.67")),
        (Decimal("0.049"), 1, Decimal("0.0")),
        (Decimal("-0.4"), 0, Decimal("0")),
        (7, 1, Decimal("7.0")),
    ],
)
def test_round_half_up(value: Decimal | float, decimals: int, expected: Decimal) -> None:
    result = round_half_up(value, decimals)
    assert result == expected
    assert str(result) == str(expected)


def test_round_half_up_never_gives_negative_zero() -> None:
    assert not round_half_up(Decimal("-0.4")).is_signed()


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (date(2025, 1, 16), "2025-01-16"),
        (datetime(2025, 1, 16, 10, 45), "2025-01-16"),
        (None, ""),
    ],
)
def test_format_date(value: date | None, expected: str) -> None:
    assert format_date(value) == expected


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (date(2025, 1, 1), date(2025, 12, 31), "2025-01-01 \u2013 2025-12-31"),
        (date(2025, 1, 1), None, "2025-01-01 \u2013"),
        (None, date(2025, 12, 31), "\u2013 2025-12-31"),
        (None, None, ""),
    ],
)
def test_format_period(start: date | None, end: date | None, expected: str) -> None:
    assert format_period(start, end) == expected


def test_format_period_uses_ordinary_spaces() -> None:
    """The template's Tidsperiod is `YYYY-MM-DD – YYYY-MM-DD` with plain spaces."""
    text = format_period(date(2025, 1, 1), date(2025, 12, 31))
    assert text.count(" ") == 2
    assert NBSP not in text


def test_importing_formatting_does_not_import_babel() -> None:
    """babel costs ~40 ms to import and load; a CLI start must not pay it up front."""
    code = "import sys, reportgen.formatting; print('babel' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parents[1],
    )
    assert result.stdout.strip() == "False"
