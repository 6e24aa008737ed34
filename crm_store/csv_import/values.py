"""Parsing cell values as Japanese and English spreadsheets write them.

Each parser returns None for an empty cell and raises `ValueError` for a value it cannot read,
so the importer can report the row instead of guessing.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation

_AMOUNT_NOISE = re.compile(r"[,\s¥￥$円]|jpy|usd|税込|税抜|\(税込\)|\(税抜\)", re.IGNORECASE)
_UNIT_SUFFIX = {"万": Decimal(10_000), "億": Decimal(100_000_000), "千": Decimal(1_000), "k": Decimal(1_000)}
_DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日", "%Y%m%d")
# Excel counts days from 1899-12-30 (its 1900 leap-year bug included); serials 20000-80000
# cover 1954-2119, so a plain small number is never mistaken for a date.
_EXCEL_EPOCH = date(1899, 12, 30)


def _nfkc(value: str) -> str:
    return unicodedata.normalize("NFKC", value).strip()


def parse_amount(value: str) -> Decimal | None:
    """"1,200,000", "¥1,200,000", "1200000円", "350万", "1.2億", "$45k", "１２０万円" → Decimal."""
    text = _nfkc(value)
    if not text or text in {"-", "ー"}:
        return None
    text = _AMOUNT_NOISE.sub("", text.casefold())
    multiplier = Decimal(1)
    while text and text[-1] in _UNIT_SUFFIX:
        multiplier *= _UNIT_SUFFIX[text[-1]]
        text = text[:-1]
    try:
        amount = Decimal(text) * multiplier
    except InvalidOperation:
        raise ValueError(value) from None
    if not amount.is_finite():
        raise ValueError(value)
    amount = amount.quantize(Decimal("0.01"))
    return amount.quantize(Decimal(1)) if amount == amount.to_integral_value() else amount


def parse_date(value: str) -> date | None:
    text = _nfkc(value)
    if not text:
        return None
    text = text.split(" ")[0].split("T")[0]  # "2026/11/20 0:00:00" from Excel
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    if text.isdigit() and 20_000 <= int(text) <= 80_000:
        return _EXCEL_EPOCH + timedelta(days=int(text))
    raise ValueError(value)


_CURRENCY_ALIASES = {"円": "JPY", "¥": "JPY", "YEN": "JPY", "$": "USD", "ドル": "USD", "US$": "USD", "€": "EUR", "ユーロ": "EUR"}


def parse_currency(value: str, default: str = "JPY") -> str:
    text = _nfkc(value).upper()
    if not text:
        return default
    text = _CURRENCY_ALIASES.get(text, text)
    if not re.fullmatch(r"[A-Z]{3}", text):
        raise ValueError(value)
    return text


def parse_int(value: str) -> int | None:
    text = _nfkc(value).rstrip("%").strip()
    if not text:
        return None
    return int(Decimal(text))
