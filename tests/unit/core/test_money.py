from decimal import Decimal

import pytest

from core.money import format_amount, format_amount_short


@pytest.mark.parametrize(("amount", "currency", "language", "text"), [
    (Decimal(3500000), "JPY", "ja", "3,500,000円"),
    (Decimal(3500000), "JPY", "en", "¥3,500,000"),
    (Decimal("45000.5"), "USD", "en", "$45,000.50"),
    (Decimal(45000), "USD", "ja", "$45,000"),
    (Decimal(1000), "CHF", "en", "1,000 CHF"),
    (None, "JPY", "ja", "—"),
])
def test_exact_amounts(amount, currency, language, text) -> None:
    assert format_amount(amount, currency, language) == text


@pytest.mark.parametrize(("amount", "text"), [
    (3_500_000, "350万円"), (120_000_000, "1億2,000万円"), (100_000_000, "1億円"),
    (1_234_560_000, "12億3,456万円"),
    (123_456_789, "123,456,789円"),  # not a whole number of 万: exact digits, never rounded
    (0, "0円"),
])
def test_japanese_headline_amounts_use_man_and_oku(amount, text) -> None:
    assert format_amount_short(Decimal(amount), "JPY", "ja") == text


def test_short_form_is_exact_outside_japanese_yen() -> None:
    assert format_amount_short(Decimal(3_500_000), "JPY", "en") == "¥3,500,000"
    assert format_amount_short(Decimal(45_000), "USD", "ja") == "$45,000"
