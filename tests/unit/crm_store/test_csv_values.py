from datetime import date
from decimal import Decimal

import pytest

from crm_store.csv_import.values import parse_amount, parse_currency, parse_date, parse_int


@pytest.mark.parametrize(("text", "amount"), [
    ("1200000", Decimal(1200000)), ("1,200,000", Decimal(1200000)), ("¥1,200,000", Decimal(1200000)),
    ("1200000円", Decimal(1200000)), ("１，２００，０００円", Decimal(1200000)), ("350万", Decimal(3500000)),
    ("350万円", Decimal(3500000)), ("1.2億", Decimal(120000000)), ("1億", Decimal(100000000)),
    ("$45k", Decimal(45000)), ("45000.50", Decimal("45000.50")), ("880万円(税抜)", Decimal(8800000)),
    ("0", Decimal(0)),
])
def test_amounts_as_spreadsheets_write_them(text: str, amount: Decimal) -> None:
    assert parse_amount(text) == amount


@pytest.mark.parametrize("text", ["", "  ", "-"])
def test_empty_amount_is_none(text: str) -> None:
    assert parse_amount(text) is None


@pytest.mark.parametrize("text", ["abc", "12a", "万", "1,2,3,x", "NaN", "Infinity"])
def test_unreadable_amount_is_an_error_not_a_guess(text: str) -> None:
    with pytest.raises(ValueError):
        parse_amount(text)


@pytest.mark.parametrize(("text", "day"), [
    ("2026-11-20", date(2026, 11, 20)), ("2026/11/20", date(2026, 11, 20)), ("2026/1/5", date(2026, 1, 5)),
    ("2026年11月20日", date(2026, 11, 20)), ("２０２６／１１／２０", date(2026, 11, 20)),
    ("2026/11/20 0:00:00", date(2026, 11, 20)), ("2026.11.20", date(2026, 11, 20)),
    ("46346", date(2026, 11, 20)),  # an Excel serial day
])
def test_dates_as_spreadsheets_write_them(text: str, day: date) -> None:
    assert parse_date(text) == day


@pytest.mark.parametrize("text", ["2026-13-01", "2026/02/30", "来週", "11/20", "12345"])
def test_ambiguous_or_impossible_dates_are_errors(text: str) -> None:
    with pytest.raises(ValueError):
        parse_date(text)


def test_currency_codes_and_symbols() -> None:
    assert parse_currency("") == "JPY"
    assert parse_currency("円") == "JPY"
    assert parse_currency("usd") == "USD"
    assert parse_currency("$") == "USD"
    with pytest.raises(ValueError):
        parse_currency("dollars")


def test_probability_integer_with_optional_percent() -> None:
    assert parse_int("60") == 60
    assert parse_int("60%") == 60
    assert parse_int("") is None
