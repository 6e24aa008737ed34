"""Amount conditions as people write them: 2000万円以上, 1億円未満, 1000〜3000万円, over $50k, between ¥1M and ¥5M.

An amount needs a currency (円, 万, 億, ¥, $, yen, dollars…): "over 50k" names no currency, so it is
not read — and the coverage check then refuses the number instead of guessing one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

from crm_store.pipeline.query import AmountFilter

if TYPE_CHECKING:
    from crm_store.pipeline.parser import Mention

_UNIT = r"億|万|千|k(?![a-z])|mn(?![a-z])|m(?![a-z])|million|thousand"
_CURRENCY = r"円|ドル|ユーロ|yen(?![a-z])|jpy(?![a-z])|usd(?![a-z])|dollars?(?![a-z])|eur(?![a-z])"
_NUMBER = r"\d[\d,]*(?:\.\d+)?"
_AMOUNT = re.compile(
    rf"(?P<pre>us\$|[$¥€])?\s*(?P<num>{_NUMBER})\s*(?P<unit>{_UNIT})?\s*(?P<cur>{_CURRENCY})?"
)
_RANGE = re.compile(
    rf"(?:between\s+)?(?P<a>(?:us\$|[$¥€])?\s*{_NUMBER}\s*(?:{_UNIT})?\s*(?:{_CURRENCY})?)"
    rf"\s*(?:から|〜|~|–|-|\bto\b|\band\b)\s*"
    rf"(?P<b>(?:us\$|[$¥€])?\s*{_NUMBER}\s*(?:{_UNIT})?\s*(?:{_CURRENCY})?)"
    rf"(?:\s*(?:の間|まで|以内))?"
)
_MULTIPLIER = {"億": 100_000_000, "万": 10_000, "千": 1_000, "k": 1_000, "m": 1_000_000, "mn": 1_000_000,
               "million": 1_000_000, "thousand": 1_000}
# (bound, exclusive): words after the amount (Japanese, "or more") and before it (English).
_AFTER = (
    ("min", False, re.compile(r"\s*(?:以上|or more|or above|and (?:up|above)|plus\b|\+)")),
    ("min", True, re.compile(r"\s*(?:超|を?超え|を?上回|より(?:大きい|上|多い|高い))")),
    ("max", False, re.compile(r"\s*(?:以下|まで|以内|or less|or below|and below)")),
    ("max", True, re.compile(r"\s*(?:未満|を?下回|より(?:小さい|少ない|下|低い))")),
)
_BEFORE = (
    ("min", False, re.compile(r"(?:at least|no less than|minimum(?: of)?|>=|≥)\s*$")),
    ("min", True, re.compile(r"(?:over|above|(?:more|greater|bigger|larger) than|exceeding|>)\s*$")),
    ("max", False, re.compile(r"(?:at most|up to|no more than|maximum(?: of)?|<=|≤)\s*$")),
    ("max", True, re.compile(r"(?:under|below|less than|smaller than|<)\s*$")),
)


@dataclass(frozen=True)
class Bound:
    side: str  # "min" | "max"
    currency: str
    value: Decimal
    exclusive: bool = False


def _amount(match: re.Match[str], inherit: re.Match[str] | None = None) -> tuple[str, Decimal] | None:
    pre, unit, cur = match["pre"], match["unit"], match["cur"]
    if inherit is not None:  # "1000〜3000万円": the first number takes the second's unit and currency
        pre, unit, cur = pre or inherit["pre"], unit or inherit["unit"], cur or inherit["cur"]
    marker = f"{pre or ''}{cur or ''}"
    if any(m in marker for m in ("$", "ドル", "usd", "dollar")):
        currency = "USD"
    elif any(m in marker for m in ("€", "eur", "ユーロ")):
        currency = "EUR"
    elif marker or unit in ("億", "万", "千"):
        currency = "JPY"
    else:
        return None  # a bare number is no amount
    try:
        value = Decimal(match["num"].replace(",", "")) * _MULTIPLIER.get(unit or "", 1)
    except InvalidOperation:
        return None
    return currency, value


def mentions(folded: str) -> list[Mention]:
    """Every amount bound in the text, as "amount" mentions whose value is a `Bound`."""
    from crm_store.pipeline.parser import Mention

    found: list[Mention] = []
    taken: list[tuple[int, int]] = []
    for match in _RANGE.finditer(folded):
        first = _AMOUNT.fullmatch(match["a"].strip())
        second = _AMOUNT.fullmatch(match["b"].strip())
        if not first or not second:
            continue
        low, high = _amount(first, second), _amount(second)
        if low is None or high is None or low[0] != high[0]:
            continue
        start = match.start()
        found += [
            Mention("amount", Bound("min", low[0], low[1]), start, match.end()),
            Mention("amount", Bound("max", high[0], high[1]), start, match.end()),
        ]
        taken.append((start, match.end()))
    for match in _AMOUNT.finditer(folded):
        if any(s <= match.start() < e for s, e in taken) or not match["num"]:
            continue
        amount = _amount(match)
        if amount is None:
            continue
        after, before = folded[match.end() :], folded[: match.start()]
        for side, exclusive, pattern in _AFTER:
            word = pattern.match(after)
            if word:
                bound = Bound(side, *amount, exclusive)
                found.append(Mention("amount", bound, match.start(), match.end() + word.end()))
                break
        else:
            for side, exclusive, pattern in _BEFORE:
                word = pattern.search(before)
                if word:
                    bound = Bound(side, *amount, exclusive)
                    found.append(Mention("amount", bound, word.start(), match.end()))
                    break
    return found


def combine(found: list[Mention]) -> AmountFilter | None:
    """One filter from the bounds read; bounds in another currency than the first are left unused."""
    bounds = [m.value for m in found if isinstance(m.value, Bound)]
    if not bounds:
        return None
    currency = bounds[0].currency
    values: dict[str, object] = {"currency": currency}
    for bound in bounds:
        if bound.currency != currency or f"{bound.side}imum" in values:
            continue
        values[f"{bound.side}imum"] = bound.value
        values[f"{bound.side}_exclusive"] = bound.exclusive
    return AmountFilter.model_validate(values)


def bound_used(bound: Bound, amount: AmountFilter | None) -> bool:
    """Whether a query's amount filter carries this bound (coverage)."""
    if amount is None or amount.currency != bound.currency:
        return False
    value = amount.minimum if bound.side == "min" else amount.maximum
    return value is not None and Decimal(value) == bound.value
