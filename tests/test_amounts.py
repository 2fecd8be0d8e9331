"""Amounts as Swedish reports write them (domain.md §4.1): every accepted and refused form."""

from __future__ import annotations

import pickle
from decimal import Decimal

import pytest

from reportgen.amounts import (
    AmountError,
    ParsedAmount,
    amount_value,
    is_blank_amount,
    parse_amount,
)

NBSP = "\u00a0"
NNBSP = "\u202f"
THIN = "\u2009"
MINUS = "\u2212"

ACCEPTED: list[tuple[str, Decimal, str | None]] = [
    # plain and grouped
    ("709000", Decimal("709000"), None),
    ("709 000", Decimal("709000"), None),
    ("1 000 000", Decimal("1000000"), None),
    (f"709{NBSP}000", Decimal("709000"), None),
    (f"709{NNBSP}000 kr", Decimal("709000"), None),
    (f"709{THIN}000", Decimal("709000"), None),
    (f"8{NBSP}054{NBSP}364{NBSP}kr", Decimal("8054364"), None),
    ("709  000", Decimal("709000"), None),
    ("  709 000  ", Decimal("709000"), None),
    # irregular grouping
    ("1000 000", Decimal("1000000"), None),
    ("1000 000 kr", Decimal("1000000"), None),
    # units
    ("709 000 kr", Decimal("709000"), None),
    ("709 000kr", Decimal("709000"), None),
    ("709 000 kr.", Decimal("709000"), None),
    ("709 000 Kr", Decimal("709000"), None),
    ("8 054 364 kr", Decimal("8054364"), None),
    ("163 549 kronor", Decimal("163549"), None),
    ("709 000 SEK", Decimal("709000"), None),
    ("709000 sek", Decimal("709000"), None),
    ("709 000.", Decimal("709000"), None),
    # "kronor jämnt"
    ("912 000: -", Decimal("912000"), None),
    ("912 000:-", Decimal("912000"), None),
    ("912000:-", Decimal("912000"), None),
    ("912 000 kr:-", Decimal("912000"), None),
    ("500,-", Decimal("500"), None),
    # thousands and millions of kronor
    ("1 250 tkr", Decimal("1250000"), None),
    ("110 tkr", Decimal("110000"), None),
    ("0 tkr", Decimal("0"), None),
    ("1,5 tkr", Decimal("1500"), None),
    ("915 TSEK", Decimal("915000"), None),
    ("2,5 mkr", Decimal("2500000"), None),
    # remarks
    ("709 000 kr för 2023", Decimal("709000"), "för 2023"),
    (
        "613 000 kr (lön, kostnader för IT- och telefoni samt lokalkostnad)",
        Decimal("613000"),
        "lön, kostnader för IT- och telefoni samt lokalkostnad",
    ),
    ("15 000 kr (it och telefoni)", Decimal("15000"), "it och telefoni"),
    ("15 000 kr(it och telefoni)", Decimal("15000"), "it och telefoni"),
    ("15 000 (it och telefoni)", Decimal("15000"), "it och telefoni"),
    ("15 000 kr (it (mobil) och dator)", Decimal("15000"), "it (mobil) och dator"),
    ("15 000 kr (it) för 2023", Decimal("15000"), "(it) för 2023"),
    ("15 000 kr ()", Decimal("15000"), None),
    ("709 000 kr – för 2023", Decimal("709000"), "för 2023"),
    ("709 000 kr, avser lön", Decimal("709000"), "avser lön"),
    ("709 000 kr plus moms", Decimal("709000"), "plus moms"),
    ("709 000 kr varav 50 000 kr lön", Decimal("709000"), "varav 50 000 kr lön"),
    ("1 250 tkr för 2024", Decimal("1250000"), "för 2024"),
    # signs and decimals
    ("-3", Decimal("-3"), None),
    (f"{MINUS}3", Decimal("-3"), None),
    (f"{MINUS}12 500 kr", Decimal("-12500"), None),
    ("- 3", Decimal("-3"), None),
    ("+5", Decimal("5"), None),
    ("-0", Decimal("0"), None),
    ("7,5", Decimal("7.5"), None),
    ("0,4", Decimal("0.4"), None),
    ("1 234,50", Decimal("1234.50"), None),
    ("1,250 tkr", Decimal("1250"), None),
    # dots: decimal point unless followed by exactly three digits
    ("7.5", Decimal("7.5"), None),
    ("7.25", Decimal("7.25"), None),
    ("1 234.5", Decimal("1234.5"), None),
    ("709.000", Decimal("709000"), None),
    ("709.000 kr", Decimal("709000"), None),
    ("1.250.000", Decimal("1250000"), None),
    ("1.234,50", Decimal("1234.50"), None),
]


@pytest.mark.parametrize(("raw", "value", "remark"), ACCEPTED)
def test_accepted_forms(raw: str, value: Decimal, remark: str | None) -> None:
    parsed = parse_amount(raw)
    assert parsed == ParsedAmount(value, remark)
    assert parsed.value == value
    assert parsed.remark == remark


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1,5 tkr", "1500"),
        ("110 tkr", "110000"),
        ("7,50", "7.50"),
        ("-0", "0"),
        ("709 000", "709000"),
    ],
)
def test_whole_amounts_have_no_decimal_places(raw: str, expected: str) -> None:
    """`1,5 tkr` must print as 1500, not 1500.0, wherever the value is shown unformatted."""
    assert str(parse_amount(raw).value) == expected


@pytest.mark.parametrize(
    ("raw", "multiplier", "expected"),
    [
        ("915", 1000, Decimal("915000")),
        ("1 010", 1000, Decimal("1010000")),
        ("0", 1000, Decimal("0")),
        ("-3", 1000, Decimal("-3000")),
        ("7,5", 1000, Decimal("7500")),
        (915, 1000, Decimal("915000")),
        (1.5, 1000, Decimal("1500")),
        (Decimal("2.25"), 1000, Decimal("2250")),
        # A unit in the cell wins over the column header.
        ("110 tkr", 1000, Decimal("110000")),
        ("915 kr", 1000, Decimal("915")),
        ("709 000 kr för 2023", 1000, Decimal("709000")),
        ("915", 1, Decimal("915")),
    ],
)
def test_multiplier_for_tsek_columns(
    raw: str | int | float | Decimal, multiplier: int, expected: Decimal
) -> None:
    assert amount_value(raw, multiplier=multiplier) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (709000, Decimal("709000")),
        (0, Decimal("0")),
        (-3, Decimal("-3")),
        (7.5, Decimal("7.5")),
        (0.1, Decimal("0.1")),
        (709000.0, Decimal("709000")),
        (Decimal("709000"), Decimal("709000")),
        (Decimal("1234.50"), Decimal("1234.50")),
    ],
)
def test_numbers_pass_through(raw: int | float | Decimal, expected: Decimal) -> None:
    parsed = parse_amount(raw)
    assert parsed.value == expected
    assert parsed.remark is None
    assert str(parsed.value) == str(expected)


def test_float_goes_through_str() -> None:
    """0.1 must not become 0.1000000000000000055511151231257827..."""
    assert parse_amount(0.1).value.as_tuple() == Decimal("0.1").as_tuple()


REFUSED: list[tuple[object, str, str]] = [
    # (raw, quoted value, a word the message must contain)
    ("Se separat redovisning", "Se separat redovisning", "inte ett tal"),
    ("?", "?", "inte ett tal"),
    ("ca 700 000", "ca 700 000", "ungefärligt"),
    ("Ca 700 000 kr", "Ca 700 000 kr", "ungefärligt"),
    ("cirka 700 000", "cirka 700 000", "ungefärligt"),
    ("c:a 700 000", "c:a 700 000", "ungefärligt"),
    ("drygt 700 000", "drygt 700 000", "ungefärligt"),
    ("700 000 / 650 000", "700 000 / 650 000", "mer än ett belopp"),
    ("700 000/650 000", "700 000/650 000", "mer än ett belopp"),
    ("700 000 - 650 000", "700 000 - 650 000", "mer än ett belopp"),
    ("700 000 eller 650 000", "700 000 eller 650 000", "mer än ett belopp"),
    ("700 000 kr, 650 000 kr", "700 000 kr, 650 000 kr", "mer än ett belopp"),
    ("500 000 + 200 000", "500 000 + 200 000", "mer än ett belopp"),
    ("12 34 56", "12 34 56", "felaktig siffergruppering"),
    ("1 0000", "1 0000", "felaktig siffergruppering"),
    ("709 000 2023", "709 000 2023", "felaktig siffergruppering"),
    ("1 234.567", "1 234.567", "felaktig siffergruppering"),
    ("1.2.3", "1.2.3", "felaktig siffergruppering"),
    ("7.5,5", "7.5,5", "felaktig siffergruppering"),
    ("", "", "tomt"),
    ("   ", "   ", "tomt"),
    ("kr", "kr", "inte ett tal"),
    ("tkr", "tkr", "inte ett tal"),
    ("1,2,3", "1,2,3", "mer än ett belopp"),
    ("abc", "abc", "inte ett tal"),
    ("12abc", "12abc", "inte ett tal"),
    ("-", "-", "inte ett tal"),
    ("–", "–", "inte ett tal"),
    ("+", "+", "inte ett tal"),
    ("SEK 700 000", "SEK 700 000", "inte ett tal"),
    ("709 000 kr/år", "709 000 kr/år", "mer än ett belopp"),
    (True, "True", "inte ett tal"),
    (False, "False", "inte ett tal"),
    (None, "", "tomt"),
    (float("nan"), "nan", "inte ett tal"),
    (float("inf"), "inf", "inte ett tal"),
    (Decimal("NaN"), "NaN", "inte ett tal"),
    ([709000], "[709000]", "inte ett tal"),
]


@pytest.mark.parametrize(("raw", "quoted", "reason"), REFUSED)
def test_refused_forms_quote_the_value(raw: object, quoted: str, reason: str) -> None:
    with pytest.raises(AmountError) as caught:
        parse_amount(raw)  # type: ignore[arg-type]
    message = str(caught.value)
    assert f'"{quoted}"' in message
    assert reason in message
    assert caught.value.value == quoted
    # Every message says how to write it instead.
    assert "t.ex. " in message
    assert "709 000" in message or "1 250 000" in message


def test_refusal_message_is_complete_swedish() -> None:
    with pytest.raises(AmountError) as caught:
        parse_amount("Se separat redovisning")
    assert str(caught.value) == (
        'Beloppet "Se separat redovisning" är inte ett tal. '
        "Skriv beloppet i kronor, t.ex. 709 000 eller 709 000 kr."
    )


def test_message_quotes_the_raw_text_verbatim() -> None:
    raw = f"  ca 700{NBSP}000 "
    with pytest.raises(AmountError) as caught:
        parse_amount(raw)
    assert f'"{raw}"' in str(caught.value)
    assert caught.value.value == raw


def test_amount_error_is_a_value_error() -> None:
    with pytest.raises(ValueError):
        amount_value("?")


def test_amount_error_survives_pickling() -> None:
    """Batch runs in worker processes; the error must cross the process boundary intact."""
    with pytest.raises(AmountError) as caught:
        parse_amount("?")
    copy = pickle.loads(pickle.dumps(caught.value))
    assert isinstance(copy, AmountError)
    assert str(copy) == str(caught.value)
    assert copy.value == "?"


def test_amount_value_is_the_value() -> None:
    assert amount_value("709 000 kr för 2023") == Decimal("709000")
    assert amount_value("1 250 tkr") == Decimal("1250000")


def test_parsed_amount_is_frozen() -> None:
    parsed = parse_amount("709 000")
    with pytest.raises(AttributeError):
        parsed.value = Decimal(1)  # type: ignore[misc]


@pytest.mark.parametrize(
    ("raw", "blank"),
    [
        (None, True),
        ("", True),
        ("   ", True),
        (f"{NBSP}\t\n", True),
        (f"{NNBSP}", True),
        ("0", False),
        (0, False),
        (Decimal(0), False),
        ("-", False),
        ("?", False),
        ("709 000", False),
    ],
)
def test_is_blank_amount(raw: object, blank: bool) -> None:
    assert is_blank_amount(raw) is blank
