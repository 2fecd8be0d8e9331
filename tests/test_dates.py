"""Dates and periods as Swedish reports write them (domain.md §4.3)."""

from __future__ import annotations

import pickle
from datetime import date, datetime

import pytest

from reportgen.dates import (
    MONTHS,
    DateParseError,
    find_signature_date,
    parse_date,
    parse_period,
)

NBSP = "\u00a0"

DATES: list[tuple[str, date]] = [
    # ISO and its relatives
    ("2024-01-16", date(2024, 1, 16)),
    ("  2024-01-16  ", date(2024, 1, 16)),
    ("2024-1-5", date(2024, 1, 5)),
    ("2024/01/16", date(2024, 1, 16)),
    ("2021.01.01", date(2021, 1, 1)),
    ("20240126", date(2024, 1, 26)),
    ("210719", date(2021, 7, 19)),
    ("221101", date(2022, 11, 1)),
    # day first
    ("26/1-2024", date(2024, 1, 26)),
    ("26/1 -2024", date(2024, 1, 26)),
    ("31/1 2024", date(2024, 1, 31)),
    ("26/1/2024", date(2024, 1, 26)),
    ("26/1-24", date(2024, 1, 26)),
    ("16.1.2024", date(2024, 1, 16)),
    ("01.02.2024", date(2024, 2, 1)),
    # with a place name, emphasis or a label around it
    ("*20240126 SUNDSVALL*", date(2024, 1, 26)),
    ("_Sundsvall 2024-01-16_", date(2024, 1, 16)),
    ("**Sundsvall 2024-01-16**", date(2024, 1, 16)),
    ("Sundsvall 2024-01-16", date(2024, 1, 16)),
    (f"Sundsvall{NBSP}2024-01-16", date(2024, 1, 16)),
    ("26/1-2024 Sundsvall", date(2024, 1, 26)),
    ("Sundsvall, 2024-01-16", date(2024, 1, 16)),
    ("Ort och datum: Timrå 2024-01-16", date(2024, 1, 16)),
    ("Exekvering: 2021-08-06 10:45:31", date(2021, 8, 6)),
    ("2021-08-06T10:45:31", date(2021, 8, 6)),
    # Swedish month names
    ("den sista jan 2024", date(2024, 1, 31)),
    ("sista februari 2024", date(2024, 2, 29)),
    ("sista februari 2023", date(2023, 2, 28)),
    ("16 januari 2024", date(2024, 1, 16)),
    ("Sundsvall den 16 januari 2024", date(2024, 1, 16)),
    ("den 1:a februari 2024", date(2024, 2, 1)),
    ("den 31:e mars 2023", date(2023, 3, 31)),
    ("16 JAN 2024", date(2024, 1, 16)),
    ("16 jan. 2024", date(2024, 1, 16)),
    ("3 sept 2023", date(2023, 9, 3)),
    ("3 sep 2023", date(2023, 9, 3)),
    ("30 okt 2023", date(2023, 10, 30)),
    ("1 maj 2023", date(2023, 5, 1)),
    ("1 mar 2023", date(2023, 3, 1)),
    ("1 mars 2023", date(2023, 3, 1)),
    ("5 febr 2023", date(2023, 2, 5)),
    # the same date twice is still one date
    ("2024-01-16 (2024-01-16)", date(2024, 1, 16)),
]


@pytest.mark.parametrize(("text", "expected"), DATES)
def test_parse_date(text: str, expected: date) -> None:
    assert parse_date(text) == expected


def test_parse_date_passes_dates_through() -> None:
    assert parse_date(date(2024, 1, 16)) == date(2024, 1, 16)
    result = parse_date(datetime(2024, 1, 16, 10, 45))
    assert result == date(2024, 1, 16)
    assert type(result) is date


BAD_DATES: list[tuple[str, str]] = [
    # (text, a phrase the message must contain)
    ("", "är tomt"),
    ("   ", "är tomt"),
    ("abc", "kunde inte tolkas"),
    ("Sundsvall", "kunde inte tolkas"),
    ("jan 2024", "kunde inte tolkas"),
    ("2024", "kunde inte tolkas"),
    ("16 januari", "kunde inte tolkas"),
    ("2024-02-30", "finns inte i kalendern"),
    ("2023-13-01", "finns inte i kalendern"),
    ("20231301", "finns inte i kalendern"),
    ("709000", "finns inte i kalendern"),
    ("30 februari 2024", "finns inte i kalendern"),
    ("2023-01-01 – 2023-12-31", "mer än ett datum"),
    ("26/1-2024 och 27/1-2024", "mer än ett datum"),
]


@pytest.mark.parametrize(("text", "reason"), BAD_DATES)
def test_parse_date_refuses(text: str, reason: str) -> None:
    with pytest.raises(DateParseError) as caught:
        parse_date(text)
    message = str(caught.value)
    assert f'"{text}"' in message
    assert reason in message
    assert "ÅÅÅÅ-MM-DD" in message
    assert caught.value.value == text


def test_parse_date_message_is_complete_swedish() -> None:
    with pytest.raises(DateParseError) as caught:
        parse_date("snart")
    assert str(caught.value) == (
        'Datumet "snart" kunde inte tolkas. Skriv datumet som ÅÅÅÅ-MM-DD, t.ex. 2024-01-16.'
    )


def test_parse_date_refuses_other_types() -> None:
    with pytest.raises(DateParseError, match='"20240116"'):
        parse_date(20240116)  # type: ignore[arg-type]


def test_date_parse_error_is_a_value_error_and_pickles() -> None:
    with pytest.raises(ValueError):
        parse_date("?")
    try:
        parse_date("?")
    except DateParseError as exc:
        copy = pickle.loads(pickle.dumps(exc))
        assert str(copy) == str(exc)
        assert copy.value == "?"


PERIODS: list[tuple[str, date, date]] = [
    ("2023-01-01 – 2023-12-31", date(2023, 1, 1), date(2023, 12, 31)),
    ("2023-01-01 — 2023-12-31", date(2023, 1, 1), date(2023, 12, 31)),
    ("2023-01-01–2023-12-31", date(2023, 1, 1), date(2023, 12, 31)),
    ("2021-01-01 - 2021-06-30", date(2021, 1, 1), date(2021, 6, 30)),
    ("2018-09-01 2021-06-30", date(2018, 9, 1), date(2021, 6, 30)),
    ("2018-09-01-2021-06-30", date(2018, 9, 1), date(2021, 6, 30)),
    ("2023-01-01 till 2023-12-31", date(2023, 1, 1), date(2023, 12, 31)),
    ("20230101-20231231", date(2023, 1, 1), date(2023, 12, 31)),
    ("20230101–20231231", date(2023, 1, 1), date(2023, 12, 31)),
    ("2021.01.01–2021.06.30", date(2021, 1, 1), date(2021, 6, 30)),
    ("221101–231031", date(2022, 11, 1), date(2023, 10, 31)),
    ("221101-231031", date(2022, 11, 1), date(2023, 10, 31)),
    (
        "ÄrendeStart fr.o.m: 2021-01-01 ÄrendeSlut t.o.m: 2021-06-30",
        date(2021, 1, 1),
        date(2021, 6, 30),
    ),
    ("Tidsperiod: 2025-01-01 – 2025-12-31", date(2025, 1, 1), date(2025, 12, 31)),
    ("*2025-01-01 – 2025-12-31*", date(2025, 1, 1), date(2025, 12, 31)),
    # month names
    ("Januari till och med december 2023", date(2023, 1, 1), date(2023, 12, 31)),
    ("januari t.o.m. december 2023", date(2023, 1, 1), date(2023, 12, 31)),
    ("januari tom december 2023", date(2023, 1, 1), date(2023, 12, 31)),
    ("januari till juni 2023", date(2023, 1, 1), date(2023, 6, 30)),
    ("jan-december 2023", date(2023, 1, 1), date(2023, 12, 31)),
    ("jan–dec 2023", date(2023, 1, 1), date(2023, 12, 31)),
    ("Juni - November 2021", date(2021, 6, 1), date(2021, 11, 30)),
    ("Januari - Maj 2022", date(2022, 1, 1), date(2022, 5, 31)),
    ("aug – dec 2021", date(2021, 8, 1), date(2021, 12, 31)),
    ("jan-feb 2024", date(2024, 1, 1), date(2024, 2, 29)),
    ("nov 2022 - okt 2023", date(2022, 11, 1), date(2023, 10, 31)),
    ("november till och med oktober 2023", date(2022, 11, 1), date(2023, 10, 31)),
    ("Period: sept-dec 2023", date(2023, 9, 1), date(2023, 12, 31)),
    ("1 januari – 31 december 2023", date(2023, 1, 1), date(2023, 12, 31)),
    ("1 november - 31 oktober 2023", date(2022, 11, 1), date(2023, 10, 31)),
    ("16 januari 2023 – sista juni 2023", date(2023, 1, 16), date(2023, 6, 30)),
    # a single month, a bare year
    ("mars 2023", date(2023, 3, 1), date(2023, 3, 31)),
    ("feb 2024", date(2024, 2, 1), date(2024, 2, 29)),
    ("2023", date(2023, 1, 1), date(2023, 12, 31)),
    # returned as written, even backwards: ordering is a finding for the checks
    ("2023-12-31 – 2023-01-01", date(2023, 12, 31), date(2023, 1, 1)),
]


@pytest.mark.parametrize(("text", "start", "end"), PERIODS)
def test_parse_period(text: str, start: date, end: date) -> None:
    assert parse_period(text) == (start, end)


BAD_PERIODS: list[tuple[str, str]] = [
    ("", "är tom"),
    ("2023-01-01", "bara ett datum"),
    ("2023-01-01 –", "bara ett datum"),
    ("t.o.m. sista december 2023", "bara ett datum"),
    ("2023-02-30 – 2023-12-31", 'inte finns i kalendern ("2023-02-30")'),
    ("2023-01-01 – 2023-06-30 – 2023-12-31", "fler än två datum"),
    ("maj-juni samt nov-dec 2021", "mer än en period"),
    ("mars 2023 och maj 2023", "mer än en period"),
    ("1 jan – 31 dec", "saknar år"),
    ("jan-december", "kunde inte tolkas"),
    ("Halvårsrapport 2021", "kunde inte tolkas"),
    ("Q3 - Q4 2021", "kunde inte tolkas"),
    ("löpande", "kunde inte tolkas"),
]


@pytest.mark.parametrize(("text", "reason"), BAD_PERIODS)
def test_parse_period_refuses(text: str, reason: str) -> None:
    with pytest.raises(DateParseError) as caught:
        parse_period(text)
    message = str(caught.value)
    assert f'Perioden "{text}"' in message
    assert reason in message
    assert "ÅÅÅÅ-MM-DD – ÅÅÅÅ-MM-DD" in message


def test_parse_period_message_is_complete_swedish() -> None:
    with pytest.raises(DateParseError) as caught:
        parse_period("löpande")
    assert str(caught.value) == (
        'Perioden "löpande" kunde inte tolkas. Skriv perioden som ÅÅÅÅ-MM-DD – ÅÅÅÅ-MM-DD, '
        "t.ex. 2023-01-01 – 2023-12-31."
    )


SIGNATURES: list[tuple[str | None, date | None]] = [
    ("Sundsvall 2024-01-16", date(2024, 1, 16)),
    ("26/1-2024 Sundsvall", date(2024, 1, 26)),
    ("*20240126 SUNDSVALL*", date(2024, 1, 26)),
    ("Sundsvall den sista jan 2024", date(2024, 1, 31)),
    ("Härnösand 31/1 2024", date(2024, 1, 31)),
    ("Ort och datum: Sundsvall 2024-01-16", date(2024, 1, 16)),
    # a telephone number that looks like YYMMDD is skipped: 2012-34-56 does not exist
    ("tel 060-123456, Sundsvall 2024-01-16", date(2024, 1, 16)),
    ("Sundsvall 2024-02-30, rättat 2024-03-01", date(2024, 3, 1)),
    ("Sundsvall", None),
    ("Underskrift .....", None),
    ("[Signature]", None),
    ("", None),
    (None, None),
]


@pytest.mark.parametrize(("text", "expected"), SIGNATURES)
def test_find_signature_date(text: str | None, expected: date | None) -> None:
    assert find_signature_date(text) == expected


@pytest.mark.parametrize(
    ("word", "month"),
    [
        ("januari", 1),
        ("jan", 1),
        ("feb", 2),
        ("mar", 3),
        ("apr", 4),
        ("maj", 5),
        ("jun", 6),
        ("jul", 7),
        ("aug", 8),
        ("sep", 9),
        ("sept", 9),
        ("okt", 10),
        ("nov", 11),
        ("dec", 12),
        ("december", 12),
    ],
)
def test_month_words(word: str, month: int) -> None:
    assert MONTHS[word] == month
    assert parse_date(f"2 {word} 2023") == date(2023, month, 2)
    assert parse_date(f"2 {word.upper()} 2023") == date(2023, month, 2)
    assert parse_period(f"{word.capitalize()} 2023")[0] == date(2023, month, 1)


def test_month_word_inside_another_word_is_not_a_month() -> None:
    """ "marknad" starts with "mar"; it must not be read as March."""
    with pytest.raises(DateParseError):
        parse_period("marknadsdagar 2023 och decimaler")
