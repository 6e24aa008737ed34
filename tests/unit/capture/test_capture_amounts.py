"""Amounts of money as reps write and say them."""

from __future__ import annotations

from decimal import Decimal

import pytest

from capture.amounts import find_amounts, parse_amount, unify_digit_grouping


@pytest.mark.parametrize(("text", "value", "currency"), [
    ("350万円", "3500000", "JPY"),
    ("1.2億円", "120000000", "JPY"),
    ("1億2,000万円", "120000000", "JPY"),
    ("¥2,400,000", "2400000", "JPY"),
    ("税抜き880万", "8800000", "JPY"),
    ("３５０万円", "3500000", "JPY"),
    ("2,400,000円", "2400000", "JPY"),
    ("1.980 万円", "19800000", "JPY"),  # OCR read the comma as a period
    ("1.5万円", "15000", "JPY"),
    ("$45k", "45000", "USD"),
    ("$1.5 million", "1500000", "USD"),
    ("USD 120,000", "120000", "USD"),
    ("80,000 dollars", "80000", "USD"),
    ("EUR 30k", "30000", "EUR"),
    ("見積 $145,000を提示済み", "145000", "USD"),  # a Latin amount written straight into Japanese
    ("サービス契約EUR24,000で合意", "24000", "EUR"),
])
def test_amounts(text: str, value: str, currency: str) -> None:
    assert parse_amount(text) == (Decimal(value), currency)


def test_spans_and_several_amounts() -> None:
    text = "見積は350万円、競合は1,100万円。"
    found = find_amounts(text)
    assert [(a.text, a.value) for a in found] == [("350万円", Decimal(3_500_000)), ("1,100万円", Decimal(11_000_000))]
    assert all(text[a.start:a.end] == a.text for a in found)


def test_numbers_that_are_not_money() -> None:
    assert parse_amount("タクト12秒、3台、2026年") is None


@pytest.mark.parametrize(("text", "expected"), [
    ("金額は1、890万円", "金額は1,890万円"),  # Whisper's 、 as a thousands separator
    ("$145，000", "$145,000"),  # OCR's full-width comma
    ("1、2台", "1、2台"),  # a list, not digit groups
    ("12、3456", "12、3456"),
])
def test_digit_grouping_written_as_a_comma(text: str, expected: str) -> None:
    assert unify_digit_grouping(text) == expected
