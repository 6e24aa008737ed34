"""Amounts formatted the way people read them: ¥3,500,000 / 3,500,000円 / 350万円 / $45,000."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from core.i18n import Language

_SYMBOLS = {"JPY": "¥", "USD": "$", "EUR": "€"}


def _digits(amount: Decimal, places: int) -> str:
    quantum = Decimal(1).scaleb(-places)
    return f"{amount.quantize(quantum, rounding=ROUND_HALF_UP):,.{places}f}"


def format_amount(amount: Decimal | int | float | None, currency: str = "JPY", language: Language = "en") -> str:
    """The exact amount with thousands separators: "3,500,000円" (ja) or "¥3,500,000" (en)."""
    if amount is None:
        return "—"
    value = Decimal(str(amount))
    places = 0 if currency == "JPY" or value == value.to_integral_value() else 2
    digits = _digits(value, places)
    if currency == "JPY" and language == "ja":
        return f"{digits}円"
    symbol = _SYMBOLS.get(currency)
    return f"{symbol}{digits}" if symbol else f"{digits} {currency}"


def format_amount_short(amount: Decimal | int | float | None, currency: str = "JPY", language: Language = "en") -> str:
    """A headline figure: "1億2,000万円" / "350万円" in Japanese yen, else the exact amount.

    Japanese readers count yen in 万 (10^4) and 億 (10^8); anything not a whole number of 万 keeps
    its exact digits so rounding never hides money.
    """
    if amount is None or currency != "JPY" or language != "ja":
        return format_amount(amount, currency, language)
    value = Decimal(str(amount))
    if value == 0 or value % 10_000 != 0:
        return format_amount(value, currency, language)
    man = int(value // 10_000)
    oku, rest = divmod(man, 10_000)
    if oku and rest:
        return f"{oku:,}億{rest:,}万円"
    if oku:
        return f"{oku:,}億円"
    return f"{rest:,}万円"
